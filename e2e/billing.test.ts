// Browser journey from a lead to cash: a lead converted, a deal made for its organisation and won, a quote
// made from the deal (its lines filled in; a bad quantity shown at its line; a line's tax class changed),
// the draft edited — a change made meanwhile by someone else is named, with who and when —, sent,
// accepted, converted to a sales order and an invoice, issued from the default warehouse (its stock drops),
// a payment over the balance refused in place and a partial one recorded, the balance and aging; then the
// invoice cancelled into a credit note that returns the stock — in Persian and in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
let productId = '';
let warehouseId = '';
let invoiceUrl = '';
let accountId = '';
let leadId = '';
let dealUrl = '';
let quoteUrl = '';

const stockLevel = async () => {
  const levels = await api('get', `/api/v1/stock?productId=${productId}&warehouseId=${warehouseId}`);
  return (levels.body.items as { quantity: string }[])[0]?.quantity;
};

describe('billing', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'فروشگاه چاپ',
      name: 'نرگس احمدی',
      email: `narges.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    const lead = await api('post', '/api/v1/leads', {
      firstName: 'کاوه',
      lastName: 'آرمان',
      companyName: 'شرکت آرمان',
      phone: '09121112233',
      source: 'وب‌سایت',
    });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    leadId = lead.body.id as string;
    const exempt = await api('post', '/api/v1/tax-classes', { name: 'معاف از مالیات', rate: '0' });
    expect(exempt.status, JSON.stringify(exempt.body)).toBe(201);
    const product = await api('post', '/api/v1/products', {
      kind: 'good',
      sku: 'PRN-1',
      nameFa: 'چاپگر لیزری',
      nameEn: 'Laser printer',
      unit: 'عدد',
      basePrice: '50000000',
      stockTracked: true,
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    productId = product.body.id as string;
    // The organisation's default warehouse comes first; ten printers are counted into it.
    const warehouses = await api('get', '/api/v1/warehouses');
    warehouseId = (warehouses.body.items as { id: string }[])[0]?.id as string;
    const counted = await api('post', '/api/v1/stock/adjustments', {
      warehouseId,
      reason: 'موجودی اول دوره',
      lines: [{ productId, countedQuantity: '10' }],
    });
    expect(counted.status, JSON.stringify(counted.body)).toBe(201);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('converts the lead, makes a deal for its organisation and marks it won', async () => {
    await page.goto(`${server.url}/customers/leads/${leadId}`);
    await page.getByRole('button', { name: 'تبدیل…' }).click();
    const convert = page.getByRole('dialog', { name: 'تبدیل کاوه آرمان' });
    await convert.getByRole('button', { name: 'تبدیل', exact: true }).click();
    await page.waitForURL(/\/customers\/contacts\//);
    const converted = (await api('get', `/api/v1/leads/${leadId}`)).body;
    expect(converted.status).toBe('converted');
    accountId = converted.convertedAccountId as string;
    expect(accountId).toBeTruthy();

    await page.goto(`${server.url}/sales`);
    await page.getByRole('button', { name: 'فرصت تازه' }).click();
    const dialog = page.getByRole('dialog', { name: 'فرصت فروش تازه' });
    await dialog.getByLabel('عنوان').fill('تجهیز دفتر آرمان');
    await dialog.getByRole('combobox', { name: 'سازمان' }).fill('آرمان');
    await page.getByRole('option', { name: 'شرکت آرمان' }).click();
    await dialog.getByRole('combobox', { name: 'مخاطبان' }).fill('کاوه');
    await page.getByRole('option', { name: 'کاوه آرمان' }).click();
    await dialog.getByLabel('مبلغ').fill('۱۵۰۰۰۰۰۰۰');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('heading', { name: 'تجهیز دفتر آرمان', level: 1 }).waitFor();
    dealUrl = page.url();
    await page.getByRole('button', { name: 'ثبت برنده شدن' }).click();
    await expect.poll(() => page.getByTestId('deal-status').textContent(), { timeout: 15_000 }).toBe('برنده');
    await page.getByText('هنوز سندی برای این فرصت صادر نشده است.').waitFor();
  });

  it('makes a quote from the deal: its lines filled in, a bad quantity shown at its line, a tax class changed', async () => {
    await page.getByRole('button', { name: 'صدور پیش‌فاکتور' }).click();
    const form = page.getByRole('dialog', { name: 'پیش‌فاکتور تازه' });
    // The deal's organisation and contact, and the deal as one line at its amount.
    await expect.poll(() => form.getByRole('combobox', { name: 'حساب' }).inputValue()).toBe('شرکت آرمان');
    await expect.poll(() => form.getByRole('combobox', { name: 'مخاطب' }).inputValue()).toBe('کاوه آرمان');
    const line = form.getByRole('group', { name: 'ردیف ۱' });
    expect(await line.getByLabel('شرح').inputValue()).toBe('تجهیز دفتر آرمان');
    expect(await line.getByLabel('قیمت واحد').inputValue()).toBe('۱۵۰۰۰۰۰۰۰');
    // The line becomes the catalogue's printer, priced by the server for this customer.
    await line.getByRole('combobox', { name: 'کالا یا خدمت' }).fill('PRN');
    await page.getByRole('option', { name: /چاپگر لیزری/ }).click();
    await expect.poll(() => line.getByLabel('قیمت واحد').inputValue()).toBe('۵۰۰۰۰۰۰۰');
    await line.getByLabel('تعداد').fill('0');
    await form.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
    await line.getByLabel('تعداد').and(page.locator('[aria-invalid="true"]')).waitFor();
    await line.getByLabel('تعداد').fill('۳');
    // Changed since the server named it: its message goes.
    await expect.poll(() => line.getByLabel('تعداد').getAttribute('aria-invalid')).toBe('false');
    // A second line, of a service exempt from VAT: its tax class chosen on the line.
    await form.getByRole('button', { name: 'افزودن ردیف' }).click();
    const service = form.getByRole('group', { name: 'ردیف ۲' });
    await service.getByLabel('شرح').fill('نصب و راه‌اندازی');
    await service.getByLabel('قیمت واحد').fill('5000000');
    await service.getByRole('combobox', { name: 'گروه مالیاتی' }).click();
    await page.getByRole('option', { name: /معاف از مالیات/ }).click();
    // 3 × 5,000,000 Toman + 10% VAT, and 500,000 Toman without VAT: computed on screen by packages/billing.
    await form.getByText('۱۷٬۰۰۰٬۰۰۰ تومان').waitFor();
    await captureScreen(page, 'form', 'billing');
    await checkAccessibility(page, 'quote form (fa)');
    await form.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
    await page.waitForURL(/\/billing\/quotes\/[0-9a-f-]+$/);
    quoteUrl = page.url();
    await page.getByRole('heading', { name: /پیش‌فاکتور/ }).waitFor();
    await page.getByText('پیش‌نویس', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'باز کردن فرصت فروش' }).waitFor();
    const quote = (await api('get', `/api/v1/quotes/${quoteUrl.split('/').pop()}`)).body;
    expect(quote.total).toBe('170000000');
    expect(quote.dealId).toBe(dealUrl.split('/').pop());
    expect((quote.lines as { taxRate: string }[]).map((l) => l.taxRate)).toEqual(['10', '0']);
  });

  it('edits the draft; a change someone made meanwhile is named with who and when', async () => {
    await page.getByRole('button', { name: 'ویرایش پیش‌نویس' }).click();
    const form = page.getByRole('dialog', { name: 'ویرایش پیش‌فاکتور' });
    const line = form.getByRole('group', { name: 'ردیف ۱' });
    await expect.poll(() => line.getByLabel('تعداد').inputValue()).toBe('۳');
    // Meanwhile the quote changes elsewhere (another tab, a colleague): its version moves on.
    const id = quoteUrl.split('/').pop() as string;
    const current = (await api('get', `/api/v1/quotes/${id}`)).body;
    const elsewhere = await api(
      'patch',
      `/api/v1/quotes/${id}`,
      { notes: 'تحویل در محل مشتری' },
      {
        'if-match': `"${current.version as number}"`,
      },
    );
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    await line.getByLabel('تعداد').fill('۲');
    await form.getByRole('button', { name: 'ذخیره', exact: true }).click();
    await form
      .getByText(/کس دیگری این سند را تغییر داده است.*نرگس احمدی.*آن را در .+ تغییر داده است/)
      .waitFor();
    await captureScreen(page, 'conflict', 'billing');
    // Saving again replaces their change with this one.
    await form.getByRole('button', { name: 'ذخیره', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    // 2 × 5,000,000 Toman + 10% VAT + 500,000 Toman.
    await page.getByText('۱۱٬۵۰۰٬۰۰۰ تومان').first().waitFor();
  });

  it('sends, accepts and converts the quote to an order and an invoice, and issues it', async () => {
    await page.getByRole('button', { name: 'ارسال' }).click();
    await page.getByText('ارسال‌شده', { exact: true }).waitFor();
    await page.getByRole('heading', { name: /QUO-/ }).waitFor();
    await page.getByRole('button', { name: 'پذیرش' }).click();
    await page.getByText('پذیرفته', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'ساخت سفارش فروش' }).click();
    await page.waitForURL(/\/billing\/sales-orders\/[0-9a-f-]+$/);
    await page.getByRole('button', { name: 'ساخت فاکتور' }).click();
    await page.waitForURL(/\/billing\/invoices\/[0-9a-f-]+$/);
    invoiceUrl = page.url();
    await page.getByRole('link', { name: 'باز کردن فرصت فروش' }).waitFor();
    await page.getByRole('button', { name: 'صدور' }).click();
    const issue = page.getByRole('dialog');
    await issue.getByRole('combobox', { name: 'انبار' }).waitFor();
    await issue.getByRole('button', { name: 'صدور' }).click();
    await issue.waitFor({ state: 'detached' });
    await page.getByText('صادرشده', { exact: true }).waitFor();
    await page.getByRole('heading', { name: /INV-/ }).waitFor();
    await expect.poll(stockLevel).toBe('8');
    // The invoice as the customer receives it: the server's PDF, in Persian (pdf.test.ts checks its text).
    const href = await page.getByRole('link', { name: 'پی‌دی‌اف فارسی' }).getAttribute('href');
    const pdf = await page.request.get(`${server.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
  });

  it('refuses a payment over the balance in place and records a partial one', async () => {
    await page.getByRole('button', { name: 'ثبت دریافت' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('مبلغ').fill('200000000');
    await dialog.getByRole('button', { name: 'ثبت', exact: true }).click();
    await dialog.getByText('بیشتر از ماندهٔ باز فاکتور است.').waitFor();
    await dialog.getByLabel('مبلغ').fill('60000000');
    await dialog.getByLabel('شماره پیگیری').fill('TR-1');
    await dialog.getByRole('button', { name: 'ثبت', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('بخشی پرداخت‌شده', { exact: true }).waitFor();
    await page.getByRole('cell', { name: '۶٬۰۰۰٬۰۰۰ تومان' }).waitFor();
    await page.getByText('۵٬۵۰۰٬۰۰۰ تومان').first().waitFor();
    await captureScreen(page, 'invoice', 'billing');
    await checkAccessibility(page, 'invoice (fa)');
  });

  it('shows the documents, the balance and the aging', async () => {
    await page.goto(`${server.url}/billing?tab=invoice`);
    await page.getByRole('gridcell', { name: /INV-/ }).waitFor();
    await page.getByRole('gridcell', { name: 'بخشی پرداخت‌شده' }).waitFor();
    // The invoices for the accounting system, as the server streams them.
    const csvHref = await page.getByRole('link', { name: 'فایل سی‌اس‌وی' }).getAttribute('href');
    const csv = await page.request.get(`${server.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toMatch(/INV-\d{4}-000001/);
    await captureScreen(page, 'list', 'billing');
    await checkAccessibility(page, 'billing list (fa)');

    await page.goto(`${server.url}/billing/aging`);
    await page.getByRole('combobox', { name: 'یک حساب' }).fill('آرمان');
    await page.getByRole('option', { name: 'شرکت آرمان' }).click();
    await page.getByTestId('balance').getByText('۵٬۵۰۰٬۰۰۰ تومان').waitFor();
    await page.getByRole('row', { name: /۰ تا ۳۰ روز.*۵٬۵۰۰٬۰۰۰ تومان/ }).waitFor();
    await captureScreen(page, 'aging', 'billing');
    await checkAccessibility(page, 'aging (fa)');
  });

  it('shows the balance on the account page and opens the invoice from search', async () => {
    await page.goto(`${server.url}/customers/accounts/${accountId}`);
    await page.getByTestId('balance').getByText('۵٬۵۰۰٬۰۰۰ تومان').waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox').fill('000001');
    await page.getByRole('option', { name: /INV-/ }).click();
    await page.waitForURL(/\/billing\/invoices\/[0-9a-f-]+$/);
    await page.getByText('بخشی پرداخت‌شده', { exact: true }).waitFor();
  });

  it('shows a shortage on issuing at its line, and takes nothing', async () => {
    const draft = await api('post', '/api/v1/invoices', {
      accountId,
      lines: [{ productId, quantity: '20' }],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    await page.goto(`${server.url}/billing/invoices/${draft.body.id as string}`);
    await page.getByRole('button', { name: 'صدور' }).click();
    const issue = page.getByRole('dialog');
    await issue.getByRole('button', { name: 'صدور' }).click();
    await page.getByText('موجودی برای صدور این فاکتور کافی نیست', { exact: false }).waitFor();
    await page
      .getByRole('row', { name: /چاپگر لیزری/ })
      .getByText('موجودی کافی نیست.')
      .waitFor();
    await page.getByText('پیش‌نویس', { exact: true }).waitFor();
    expect(await stockLevel()).toBe('8');
  });

  it('shows the invoice and the aging in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(invoiceUrl);
    await page.getByText('Partly paid', { exact: true }).waitFor();
    await page.getByRole('cell', { name: '6,000,000 Toman' }).waitFor();
    await captureScreen(page, 'invoice', 'billing');
    await checkAccessibility(page, 'invoice (en)');
    await page.goto(`${server.url}/billing/aging`);
    await page.getByRole('row', { name: /0–30 days.*5,500,000 Toman/ }).waitFor();
    await captureScreen(page, 'aging', 'billing');
  });

  it('cancels the invoice into a credit note that returns its stock, and shows the deal with its documents', async () => {
    await page.goto(invoiceUrl);
    await page.getByRole('button', { name: 'Cancel the invoice' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('button', { name: 'Cancel the invoice' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('Cancelled', { exact: true }).waitFor();
    await expect.poll(stockLevel).toBe('10');
    // The credit note made from it, one click away.
    await page
      .getByTestId('documents-by-sourceId')
      .getByRole('link', { name: /Credit note/ })
      .click();
    await page.waitForURL(/\/billing\/credit-notes\/[0-9a-f-]+$/);
    await page.getByRole('heading', { name: /Credit note CN-/ }).waitFor();
    await page.getByRole('link', { name: 'Invoice' }).waitFor();
    await captureScreen(page, 'credit-note', 'billing');
    await checkAccessibility(page, 'credit note (en)');

    await page.goto(dealUrl);
    const documents = page.getByTestId('documents-by-dealId');
    for (const name of [/^Quote QUO-/, /^Sales order /, /^Invoice INV-/])
      await documents.getByRole('link', { name }).waitFor();
    await captureScreen(page, 'deal-documents', 'billing');
    await checkAccessibility(page, 'deal with documents (en)');
  });
});
