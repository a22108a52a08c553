// Browser journey through the deals: a deal created from the dialog (its amount error shown in place); the board: the default pipeline's stages as columns with their totals,
// one deal dragged to another stage with the mouse, one moved to the lost stage with the keyboard
// (which asks for the reason); both saved on the server. A deal edited to carry a custom field's value
// and two product lines, its amount following the lines. Then the deals list: filtered by status, a
// row opens the deal's page, which shows its stage history and marks it won. fa and en.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
const ids: Record<string, string> = {};
const stages: Record<string, string> = {};
/** The list asks the server after each change; give it time on a busy machine. */
const soon = { timeout: 15_000 };

/** The titles in the deals grid's rows, in order. */
async function rowTitles(): Promise<string[]> {
  const cells = page.locator('[role="row"] [role="gridcell"][data-field="title"]');
  return (await cells.allTextContents()).map((text) => text.trim()).sort();
}

async function choose(scope: ReturnType<Page['getByRole']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('deals board', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'بازرگانی نمونه',
      name: 'سارا احمدی',
      email: `sara.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    const pipelines = await api('get', '/api/v1/pipelines');
    const pipeline = (pipelines.body.items as { stages: { id: string; name: string }[] }[])[0];
    for (const s of pipeline?.stages ?? []) stages[s.name] = s.id;
    const contact = await api('post', '/api/v1/contacts', { firstName: 'مریم', lastName: 'کریمی' });
    expect(contact.status).toBe(201);
    ids.contact = String(contact.body.id);
    for (const [key, body] of [
      ['server', { title: 'فروش سرور', amount: '1200000000', expectedCloseDate: '2027-01-20' }],
      ['license', { title: 'مجوز نرم‌افزار', amount: '300000000' }],
      ['training', { title: 'دورهٔ آموزشی', amount: '50000000', stageId: stages['ارائه پیشنهاد'] }],
    ] as const) {
      const created = await api('post', '/api/v1/deals', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = String(created.body.id);
    }
  });
  afterAll(async () => {
    await journey?.close();
  });

  const column = (stage: string) => page.getByTestId(`column-${stages[stage]}`);
  const deal = async (key: string) => (await api('get', `/api/v1/deals/${ids[key]}`)).body;

  it('drags a deal to another stage and marks one lost with the keyboard, giving the reason', async () => {
    await page.goto(`${server.url}/sales`);
    const first = column('شناسایی نیاز');
    await first.getByText('فروش سرور').waitFor();
    await first.getByText('مجوز نرم‌افزار').waitFor();
    // 1,500,000,000 Rial in the column, 10% of it weighted.
    await first.getByTestId('column-totals').getByText('۱٬۵۰۰٬۰۰۰٬۰۰۰ ریال', { exact: false }).waitFor();
    await first.getByTestId('column-totals').getByText('۱۵۰٬۰۰۰٬۰۰۰ ریال', { exact: false }).waitFor();
    await captureScreen(page, 'board', 'deals');
    await checkAccessibility(page, 'deals board (fa)');

    const card = first.getByTestId('deal-card').filter({ hasText: 'فروش سرور' });
    const from = await card.boundingBox();
    const to = await column('مذاکره').boundingBox();
    if (!from || !to) throw new Error('board not laid out');
    const x = from.x + from.width / 2;
    const y = from.y + from.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 20, y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    await column('مذاکره').getByText('فروش سرور').waitFor();
    await expect.poll(async () => (await deal('server')).stageId).toBe(stages['مذاکره']);

    const menu = first.getByRole('button', { name: 'جابه‌جایی مجوز نرم‌افزار' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'انتقال به «بازنده»' }).click();
    const dialog = page.getByRole('dialog', { name: /از دست رفتن «.?مجوز نرم‌افزار.?»/ });
    await dialog.getByRole('button', { name: 'ثبت از دست رفتن' }).click();
    await dialog.getByText('این بخش را پر کنید.').waitFor();
    await dialog.getByRole('combobox', { name: 'دلیل از دست رفتن' }).click();
    await page.getByRole('option', { name: 'رقیب' }).click();
    await captureScreen(page, 'lost', 'deals');
    await checkAccessibility(page, 'lost deal (fa)');
    await dialog.getByRole('button', { name: 'ثبت از دست رفتن' }).click();
    await column('بازنده').getByText('مجوز نرم‌افزار').waitFor();
    const lost = await deal('license');
    expect(lost.status).toBe('lost');
    expect(lost.closedAt).not.toBeNull();
  });

  it('creates a deal from the dialog, the amount error shown under its field', async () => {
    await page.goto(`${server.url}/sales`);
    await page.getByRole('button', { name: 'فرصت تازه' }).click();
    const dialog = page.getByRole('dialog', { name: 'فرصت فروش تازه' });
    await dialog.getByLabel('عنوان').fill('قرارداد پشتیبانی');
    await dialog.getByLabel('مبلغ').fill('۱۲٫۳۴۵۶۷');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await dialog.getByText('مبلغ را با رقم بنویسید، با حداکثر چهار رقم اعشار.').waitFor(soon);
    await captureScreen(page, 'create-error', 'deals');
    await checkAccessibility(page, 'new deal (fa)');
    // Persian digits are the user's own: the server reads them.
    await dialog.getByLabel('مبلغ').fill('۲۵۰۰۰۰۰۰۰');
    await dialog.getByRole('combobox', { name: 'مخاطبان' }).fill('کریمی');
    await page.getByRole('option', { name: 'مریم کریمی' }).click();
    await choose(dialog, 'نقش مریم کریمی', 'تصمیم‌گیرنده');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('heading', { name: 'قرارداد پشتیبانی', level: 1 }).waitFor(soon);
    await page.getByTestId('deal-facts').getByText('۲۵۰٬۰۰۰٬۰۰۰ ریال', { exact: false }).waitFor();
    // The contact with their role, linked to their 360.
    const contactLink = page.getByRole('link', { name: 'مریم کریمی' });
    await contactLink.waitFor();
    expect(await contactLink.getAttribute('href')).toBe(`/customers/contacts/${ids.contact}`);
    await page.getByText('تصمیم‌گیرنده').waitFor();
    ids.support = page.url().split('/').pop() ?? '';
    const created = await deal('support');
    expect(created.amount).toBe('250000000');
    expect(created.contacts).toEqual([
      { contactId: ids.contact, name: 'مریم کریمی', role: 'decision_maker' },
    ]);
    expect(created.stageId).toBe(stages['شناسایی نیاز']);
  });

  it('gives a deal a custom field value and two product lines; its amount follows the lines', async () => {
    // The deal field is defined where every custom field is: the Fields tab, under deals.
    await page.goto(`${server.url}/admin/fields`);
    await page.getByRole('tab', { name: 'فرصت‌های فروش', exact: true }).click();
    await page.getByRole('button', { name: 'فیلد تازه' }).click();
    const fieldDialog = page.getByRole('dialog');
    await fieldDialog.getByRole('heading', { name: 'فیلد تازهٔ فرصت‌های فروش' }).waitFor();
    await fieldDialog.locator('input[name="labelFa"]').fill('شماره قرارداد');
    await fieldDialog.locator('input[name="labelEn"]').fill('Contract number');
    await fieldDialog.locator('input[name="key"]').fill('contractNo');
    await fieldDialog.getByRole('button', { name: 'ذخیره' }).click();
    await fieldDialog.waitFor({ state: 'detached', ...soon });
    await page.getByTestId('custom-field').filter({ hasText: 'شماره قرارداد' }).waitFor();
    const fields = (await api('get', '/api/v1/custom-fields?entity=deal')).body.items;
    expect(fields).toEqual([expect.objectContaining({ entity: 'deal', key: 'contractNo', type: 'text' })]);
    await captureScreen(page, 'fields', 'deals');
    await checkAccessibility(page, 'deal custom fields (fa)');

    for (const [sku, nameFa, nameEn, basePrice] of [
      ['ACC-1', 'نرم‌افزار حسابداری', 'Accounting software', '100000000'],
      ['SRV-1', 'نصب و آموزش', 'Setup and training', '20000000'],
    ])
      expect(
        (await api('post', '/api/v1/products', { sku, nameFa, nameEn, unit: 'عدد', basePrice })).status,
      ).toBe(201);
    await page.goto(`${server.url}/sales/deals/${ids.license}`);
    await page.getByText('این فرصت فروش قلمی ندارد؛ مبلغ آن دستی وارد شده است.').waitFor(soon);
    await page.getByRole('button', { name: 'ویرایش' }).click();
    const dialog = page.getByRole('dialog', { name: 'ویرایش فرصت فروش' });
    await dialog.getByLabel('شماره قرارداد').fill('ق-۱۴۰۵-۷');
    for (const [n, product, quantity] of [
      ['۱', 'ACC-1 · نرم‌افزار حسابداری', '۲'],
      ['۲', 'SRV-1 · نصب و آموزش', '۱'],
    ] as const) {
      await dialog.getByRole('button', { name: 'افزودن ردیف' }).click();
      const line = dialog.getByRole('group', { name: `ردیف ${n}` });
      await line.getByRole('combobox', { name: 'کالا یا خدمت' }).fill(product.split(' · ')[1] ?? '');
      await page.getByRole('option', { name: product }).click();
      await line.getByLabel('تعداد').fill(quantity);
    }
    // (2 × 100,000,000 + 20,000,000) + 10% VAT, by packages/billing in the browser as on the server.
    await expect
      .poll(() => dialog.getByTestId('deal-amount').locator('input').inputValue(), soon)
      .toBe('۲۴۲۰۰۰۰۰۰');
    await captureScreen(page, 'lines-edit', 'deals');
    await checkAccessibility(page, 'deal lines editor (fa)');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await dialog.waitFor({ state: 'detached', ...soon });
    const facts = page.getByTestId('deal-facts');
    await facts.getByText('۲۴۲٬۰۰۰٬۰۰۰ ریال', { exact: false }).waitFor(soon);
    await facts.getByText('ق-۱۴۰۵-۷').waitFor();
    await page.getByRole('table', { name: 'اقلام' }).getByText('نصب و آموزش').waitFor();
    const saved = await deal('license');
    expect(saved).toMatchObject({ amount: '242000000', custom: { contractNo: 'ق-۱۴۰۵-۷' } });
    const lines = saved.lines as { description: string; quantity: string }[];
    expect(lines.map((l) => [l.description, l.quantity])).toEqual([
      ['نرم‌افزار حسابداری', '2'],
      ['نصب و آموزش', '1'],
    ]);
    await captureScreen(page, 'lines', 'deals');
    await checkAccessibility(page, 'deal with lines (fa)');
  });

  it('filters the deals list by status, opens a deal and marks it won', async () => {
    await page.goto(`${server.url}/sales`);
    await page.getByRole('button', { name: 'فهرست' }).click();
    await expect
      .poll(rowTitles, soon)
      .toEqual(['دورهٔ آموزشی', 'فروش سرور', 'قرارداد پشتیبانی', 'مجوز نرم‌افزار'].sort());
    await page.getByRole('button', { name: 'فیلتر' }).click();
    const dialog = page.getByRole('dialog', { name: 'فیلتر فهرست' });
    await dialog.getByRole('button', { name: 'افزودن شرط', exact: true }).click();
    const condition = dialog.getByTestId('filter-condition').first();
    await choose(condition, 'ویژگی', 'وضعیت');
    await choose(condition, 'مقدار', 'باز');
    await dialog.getByRole('button', { name: 'اعمال' }).click();
    await expect.poll(rowTitles, soon).toEqual(['دورهٔ آموزشی', 'فروش سرور', 'قرارداد پشتیبانی'].sort());
    const serverRow = page.locator('[role="row"]').filter({ hasText: 'فروش سرور' });
    // The amount exactly, with its currency; the stage by name.
    await serverRow.getByText('۱٬۲۰۰٬۰۰۰٬۰۰۰ ریال', { exact: false }).waitFor();
    await serverRow.getByText('مذاکره').waitFor();
    await captureScreen(page, 'list', 'deals');
    await checkAccessibility(page, 'deals list (fa)');

    await page.locator('[role="row"]').filter({ hasText: 'دورهٔ آموزشی' }).getByText('دورهٔ آموزشی').click();
    await page.getByRole('heading', { name: 'دورهٔ آموزشی', level: 1 }).waitFor();
    const history = page.getByTestId('deal-history');
    await history.getByText('ارائه پیشنهاد').waitFor();
    await page.getByRole('button', { name: 'ثبت برنده شدن' }).click();
    await page.getByTestId('deal-status').filter({ hasText: 'برنده' }).waitFor(soon);
    await history.getByText('برنده').waitFor();
    const won = await deal('training');
    expect(won.status).toBe('won');
    expect(won.closedAt).not.toBeNull();
    await captureScreen(page, 'deal', 'deals');
    await checkAccessibility(page, 'deal page (fa)');
  });

  it('shows the forecast by month, weighted and won', async () => {
    await page.goto(`${server.url}/sales`);
    await page.getByRole('button', { name: 'پیش‌بینی' }).click();
    const forecast = page.getByTestId('forecast');
    // January 2027 is a Gregorian month: in the Jalali calendar, the span it covers.
    const january = forecast.getByRole('row').filter({ hasText: '۱۱ دی تا ۱۱ بهمن ۱۴۰۵' });
    // 75% (negotiation) of 1,200,000,000 Rial.
    await january.getByText('۹۰۰٬۰۰۰٬۰۰۰ ریال', { exact: false }).waitFor(soon);
    // The won training course, this month (not the 250,000,000 of the deal created above).
    await forecast.getByText(/(^|[^۰-۹٬])۵۰٬۰۰۰٬۰۰۰ ریال/).waitFor();
    await forecast
      .getByRole('row')
      .filter({ hasText: 'بدون تاریخ بستن' })
      .getByText('۲۵۰٬۰۰۰٬۰۰۰ ریال', { exact: false })
      .first()
      .waitFor();
    await captureScreen(page, 'forecast', 'deals');
    await checkAccessibility(page, 'forecast (fa)');
  });

  it('shows the board in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/sales`);
    await page.getByRole('heading', { name: 'Deals', level: 1 }).waitFor();
    await column('مذاکره').getByText('فروش سرور').waitFor();
    await column('مذاکره')
      .getByTestId('column-totals')
      .getByText('1,200,000,000 IRR', { exact: false })
      .waitFor();
    await captureScreen(page, 'board', 'deals');
    await checkAccessibility(page, 'deals board (en)');
  });

  it('shows the deals list and a deal in English', async () => {
    await page.goto(`${server.url}/sales?view=list`);
    const serverRow = page.locator('[role="row"]').filter({ hasText: 'فروش سرور' });
    await serverRow.getByText('1,200,000,000 IRR', { exact: false }).waitFor(soon);
    await captureScreen(page, 'list', 'deals');
    await checkAccessibility(page, 'deals list (en)');
    await page.locator('[role="row"]').filter({ hasText: 'دورهٔ آموزشی' }).getByText('دورهٔ آموزشی').click();
    await page.getByRole('heading', { name: 'Stage history' }).waitFor();
    await page.getByTestId('deal-status').filter({ hasText: 'Won' }).waitFor();
    await captureScreen(page, 'deal', 'deals');
    await checkAccessibility(page, 'deal page (en)');

    // An edit over someone else's change is refused (If-Match) and offers the deal as it is now.
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit deal' });
    await dialog.getByLabel('Source').fill('Exhibition');
    const other = await api('patch', `/api/v1/deals/${ids.training}`, { description: 'changed elsewhere' });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const alert = dialog.getByRole('alert');
    await alert
      .getByText('Someone changed this deal after this form was opened', { exact: false })
      .waitFor(soon);
    await captureScreen(page, 'edit-conflict', 'deals');
    await checkAccessibility(page, 'deal edit conflict (en)');
    await alert.getByRole('button', { name: 'Load theirs' }).click();
    // Their version replaces the form once it has loaded; the change is made again on it.
    await alert.waitFor({ state: 'detached' });
    await dialog.getByLabel('Source').fill('Exhibition');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('deal-facts').getByText('Exhibition').waitFor();
    const edited = await deal('training');
    expect(edited).toMatchObject({ source: 'Exhibition', description: 'changed elsewhere', status: 'won' });

    // The deal created from the dialog goes to the recycle bin, and the list no longer shows it.
    await page.goto(`${server.url}/sales/deals/${ids.support}`);
    await page.getByRole('button', { name: 'Move to recycle bin' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this deal?' })
      .getByRole('button', { name: 'Move to recycle bin' })
      .click();
    await expect.poll(rowTitles, soon).toEqual(['دورهٔ آموزشی', 'فروش سرور', 'مجوز نرم‌افزار'].sort());
    expect((await api('get', `/api/v1/deals/${ids.support}`)).status).toBe(404);
    await page.goto(`${server.url}/sales?view=forecast`);
    await page
      .getByTestId('forecast')
      .getByRole('row')
      .filter({ hasText: 'January 2027' })
      .getByText('900,000,000 IRR', { exact: false })
      .waitFor(soon);
    await captureScreen(page, 'forecast', 'deals');
    await checkAccessibility(page, 'forecast (en)');
  });

  it("shows a deal's custom field and lines in English", async () => {
    await page.goto(`${server.url}/sales/deals/${ids.license}`);
    await page.getByRole('heading', { name: 'Products and services' }).waitFor(soon);
    await page.getByTestId('deal-facts').getByText('Contract number').waitFor();
    await page.getByTestId('deal-facts').getByText('242,000,000 IRR', { exact: false }).waitFor();
    await captureScreen(page, 'lines', 'deals');
    await checkAccessibility(page, 'deal with lines (en)');
  });
});
