// Browser journey through inventory: a second warehouse made in its tab, a stock-tracked product bought on
// a purchase order from a vendor made in the order form, received in part (an over-receipt refused at its
// line; stock rises by what arrived), moved to the second warehouse (an over-transfer refused at its
// quantity), counted in a stocktake with a reason, a low-stock threshold marking its rows, and every
// movement in the ledger with its reason — in Persian and in English.
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
let orderUrl = '';

const WAIT = { timeout: 30_000 };
/** The product's stock in each warehouse, by warehouse name, as the API has it. */
const levels = async () => {
  const [stock, warehouses] = await Promise.all([
    api('get', `/api/v1/stock?productId=${productId}`),
    api('get', '/api/v1/warehouses'),
  ]);
  const names = new Map(
    (warehouses.body.items as { id: string; name: string }[]).map((w) => [w.id, w.name] as const),
  );
  return Object.fromEntries(
    (stock.body.items as { warehouseId: string; quantity: string }[]).map((l) => [
      names.get(l.warehouseId),
      l.quantity,
    ]),
  );
};
const stockRow = (warehouse: string) => page.getByRole('row', { name: new RegExp(warehouse) });

describe('inventory', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'فروشگاه نمایشگر',
      name: 'رضا کریمی',
      email: `reza.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    const product = await api('post', '/api/v1/products', {
      kind: 'good',
      sku: 'MON-27',
      nameFa: 'مانیتور ۲۷ اینچ',
      nameEn: '27-inch monitor',
      unit: 'عدد',
      basePrice: '90000000',
      stockTracked: true,
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    productId = product.body.id as string;
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('makes a second warehouse in the warehouses tab', async () => {
    await page.goto(`${server.url}/inventory?tab=warehouses`);
    await page.getByRole('cell', { name: /انبار اصلی/ }).waitFor(WAIT);
    await page.getByRole('button', { name: 'انبار تازه' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('نام').fill('انبار شعبه');
    await dialog.getByLabel('نشانی').fill('تهران، خیابان ولیعصر');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await page.getByRole('cell', { name: 'انبار شعبه' }).waitFor(WAIT);
    // The owner may allow negative stock; it is turned back off, so short stock stays refused below.
    const negative = page.getByLabel('اجازهٔ موجودی منفی');
    const allowed = async () =>
      (await api('get', '/api/v1/inventory-settings')).body.allowNegativeStock as boolean;
    await negative.check();
    await expect.poll(allowed, WAIT).toBe(true);
    // The switch is disabled while its save (and the settings' refetch) is in flight, as a user sees it.
    await expect
      .poll(async () => (await negative.isEnabled()) && (await negative.isChecked()), WAIT)
      .toBe(true);
    await negative.uncheck();
    await expect.poll(allowed, WAIT).toBe(false);
    await captureScreen(page, 'warehouses', 'inventory');
    await checkAccessibility(page, 'warehouses (fa)');
  });

  it('orders from a vendor made in the form and receives part of it; an over-receipt is refused at its line', async () => {
    await page.goto(`${server.url}/inventory/purchase-orders`);
    await page.getByRole('button', { name: 'سفارش خرید تازه' }).click();
    const form = page.getByRole('dialog', { name: 'سفارش خرید تازه' });
    await form.getByRole('button', { name: 'تأمین‌کنندهٔ تازه' }).click();
    const vendor = page.getByRole('dialog', { name: 'تأمین‌کنندهٔ تازه' });
    await vendor.getByLabel('نام').fill('پخش البرز');
    await vendor.getByLabel('تلفن').fill('۰۲۱۸۸۷۷۶۶۵۵');
    await vendor.getByRole('button', { name: 'ذخیره' }).click();
    await vendor.waitFor({ state: 'detached', ...WAIT });
    await expect
      .poll(() => form.getByRole('combobox', { name: 'تأمین‌کننده' }).textContent(), WAIT)
      .toBe('پخش البرز');
    const line = form.getByRole('group', { name: 'ردیف ۱' });
    await line.getByRole('combobox', { name: 'کالا' }).fill('MON');
    await page.getByRole('option', { name: /مانیتور ۲۷ اینچ/ }).click();
    await line.getByLabel('مقدار').fill('۱۰');
    await line.getByLabel('بهای واحد').fill('۳۰۰۰۰۰۰۰');
    await captureScreen(page, 'order-form', 'inventory');
    await form.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
    await page.waitForURL(/\/inventory\/purchase-orders\/[0-9a-f-]+$/, WAIT);
    orderUrl = page.url();
    await page.getByText('پیش‌نویس', { exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: 'ثبت سفارش' }).click();
    await page.getByText('سفارش‌داده‌شده', { exact: true }).waitFor(WAIT);
    await page.getByRole('cell', { name: /مانیتور ۲۷ اینچ/ }).waitFor(WAIT);

    await page.getByRole('button', { name: 'دریافت کالا' }).click();
    const receipt = page.getByRole('dialog');
    const arrived = receipt.getByLabel(/مانیتور ۲۷ اینچ/);
    await expect.poll(() => arrived.inputValue(), WAIT).toBe('۱۰');
    await arrived.fill('۱۲');
    await receipt.getByRole('button', { name: 'دریافت', exact: true }).click();
    await receipt.getByText('بیشتر از ماندهٔ این ردیف است.').waitFor(WAIT);
    expect(await arrived.getAttribute('aria-invalid')).toBe('true');
    expect(await levels()).toEqual({});
    await arrived.fill('۶');
    await receipt.getByRole('button', { name: 'دریافت', exact: true }).click();
    await receipt.waitFor({ state: 'detached', ...WAIT });
    await page.getByText('بخشی رسیده', { exact: true }).waitFor(WAIT);
    await page.getByRole('row', { name: /مانیتور ۲۷ اینچ.*۱۰.*۶.*۴/ }).waitFor(WAIT);
    expect(await levels()).toEqual({ 'انبار اصلی': '6' });
    await captureScreen(page, 'order', 'inventory');
    await checkAccessibility(page, 'purchase order (fa)');
  });

  it('moves stock to the second warehouse; an over-transfer is refused at its quantity', async () => {
    await page.goto(`${server.url}/inventory`);
    await stockRow('انبار اصلی').getByRole('gridcell', { name: '۶ عدد' }).waitFor(WAIT);
    await stockRow('انبار اصلی').getByRole('button', { name: 'انتقال به انبار دیگر' }).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.getByRole('combobox', { name: 'به انبار' }).textContent(), WAIT)
      .toBe('انبار شعبه');
    await dialog.getByLabel('مقدار').fill('۹');
    await dialog.getByRole('button', { name: 'انتقال', exact: true }).click();
    await dialog.getByText('موجودی کافی نیست.').waitFor(WAIT);
    expect(await dialog.getByLabel('مقدار').getAttribute('aria-invalid')).toBe('true');
    await captureScreen(page, 'transfer-refused', 'inventory');
    expect(await levels()).toEqual({ 'انبار اصلی': '6' });
    await dialog.getByLabel('مقدار').fill('۲');
    await dialog.getByRole('button', { name: 'انتقال', exact: true }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await stockRow('انبار شعبه').getByRole('gridcell', { name: '۲ عدد' }).waitFor(WAIT);
    await stockRow('انبار اصلی').getByRole('gridcell', { name: '۴ عدد' }).waitFor(WAIT);
  });

  it('counts stock with a reason and marks the product low against its threshold', async () => {
    await stockRow('انبار اصلی').getByRole('button', { name: 'شمارش (انبارگردانی)' }).click();
    const count = page.getByRole('dialog');
    await count.getByLabel('شمارش‌شده در قفسه').fill('۳');
    await count.getByRole('button', { name: 'ثبت شمارش' }).click();
    // No reason: the server names the field.
    await expect.poll(() => count.getByLabel('علت').getAttribute('aria-invalid'), WAIT).toBe('true');
    await count.getByLabel('علت').fill('یک دستگاه در جابه‌جایی شکست');
    await count.getByRole('button', { name: 'ثبت شمارش' }).click();
    await count.waitFor({ state: 'detached', ...WAIT });
    await stockRow('انبار اصلی').getByRole('gridcell', { name: '۳ عدد' }).waitFor(WAIT);
    expect(await levels()).toEqual({ 'انبار اصلی': '3', 'انبار شعبه': '2' });

    await stockRow('انبار اصلی').getByRole('button', { name: 'هشدار کمبود موجودی' }).click();
    const alert = page.getByRole('dialog');
    await alert.getByLabel('حد کمبود موجودی').fill('۸');
    await alert.getByRole('button', { name: 'ذخیره' }).click();
    await alert.waitFor({ state: 'detached', ...WAIT });
    // Judged on the total of both warehouses (5), so both rows are marked.
    await expect.poll(() => page.getByText('کمبود: ۵ در همهٔ انبارها').count(), WAIT).toBe(2);
    await captureScreen(page, 'stock', 'inventory');
    await checkAccessibility(page, 'stock (fa)');
  });

  it('shows an agent the stock without the actions only those who keep stock may take', async () => {
    const invitation = await api('post', '/api/v1/invitations', {
      email: `sara.${Date.now()}@example.com`,
      role: 'agent',
    });
    expect(invitation.status).toBe(201);
    const agent = await journey.browser.newContext({ locale: 'fa-IR' });
    try {
      const accepted = await agent.request.post(
        `${server.url}/api/v1/invitations/${String(invitation.body.token)}/accept`,
        { data: { name: 'سارا نوری', password: 'گذرواژه-امن-1405' }, headers: { origin: server.url } },
      );
      expect(accepted.status()).toBe(200);
      const agentPage = await agent.newPage();
      await agentPage.goto(`${server.url}/inventory`);
      await agentPage.getByRole('gridcell', { name: '۳ عدد' }).waitFor(WAIT);
      expect(await agentPage.getByRole('link', { name: 'گردش همین ردیف' }).count()).toBe(2);
      expect(await agentPage.getByRole('button', { name: 'انتقال به انبار دیگر' }).count()).toBe(0);
      expect(await agentPage.getByRole('button', { name: 'شمارش (انبارگردانی)' }).count()).toBe(0);
      await agentPage.goto(`${server.url}/inventory/purchase-orders`);
      await agentPage.getByRole('heading', { name: 'سفارش‌های خرید' }).waitFor(WAIT);
      expect(await agentPage.getByRole('button', { name: 'سفارش خرید تازه' }).count()).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it('shows every movement in the ledger with its reason, filtered by row and by reason', async () => {
    // A stock row opens its own movements: the second warehouse has only the transfer in.
    await page.goto(`${server.url}/inventory`);
    await stockRow('انبار شعبه').getByRole('link', { name: 'گردش همین ردیف' }).click();
    await page.waitForURL(/\/inventory\/movements\?productId=[0-9a-f-]+&warehouseId=[0-9a-f-]+$/, WAIT);
    await page.getByRole('row', { name: /انتقال ورودی/ }).waitFor(WAIT);
    await expect.poll(() => page.getByRole('row').count(), WAIT).toBe(2);
    await expect
      .poll(() => page.getByRole('combobox', { name: 'کالا' }).inputValue(), WAIT)
      .toBe('MON-27 · مانیتور ۲۷ اینچ');

    await page.goto(`${server.url}/inventory/movements`);
    // Signed quantities: what came in with +, what went out with the minus sign.
    for (const [reason, quantity] of [
      ['رسید کالا', '\\+۶'],
      ['انتقال خروجی', '\u2212۲'],
      ['انتقال ورودی', '\\+۲'],
      ['اصلاح انبارگردانی', '\u2212۱'],
    ])
      await page.getByRole('row', { name: new RegExp(`${quantity}.*${reason}`) }).waitFor(WAIT);
    await page.getByRole('row', { name: /یک دستگاه در جابه‌جایی شکست/ }).waitFor(WAIT);
    await captureScreen(page, 'movements', 'inventory');
    await checkAccessibility(page, 'movements (fa)');
    await page.getByRole('combobox', { name: 'علت' }).click();
    await page.getByRole('option', { name: 'اصلاح انبارگردانی' }).click();
    await expect.poll(() => page.getByRole('row').count(), WAIT).toBe(2);
    await page.getByRole('row', { name: /اصلاح انبارگردانی.*رضا کریمی/ }).waitFor(WAIT);
    // A goods receipt's movement opens the purchase order it was received against.
    await page.getByRole('combobox', { name: 'علت' }).click();
    await page.getByRole('option', { name: 'رسید کالا' }).click();
    await page.getByRole('link', { name: 'رسید کالا' }).click();
    await page.waitForURL(orderUrl, WAIT);
    await page.getByText('بخشی رسیده', { exact: true }).waitFor(WAIT);
  });

  it('shows stock, the ledger and the order in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/inventory`);
    await expect.poll(() => page.getByText('Low: 5 in all').count(), WAIT).toBe(2);
    await page.getByRole('gridcell', { name: '27-inch monitor' }).first().waitFor(WAIT);
    await captureScreen(page, 'stock', 'inventory');
    await checkAccessibility(page, 'stock (en)');
    await page.goto(`${server.url}/inventory/movements`);
    await page.getByRole('row', { name: /-1.*Stocktake adjustment/ }).waitFor(WAIT);
    await page.getByRole('row', { name: /\+6.*Goods received.*Goods receipt/ }).waitFor(WAIT);
    await captureScreen(page, 'movements', 'inventory');
    await checkAccessibility(page, 'movements (en)');
    await page.goto(orderUrl);
    await page.getByText('Partly received', { exact: true }).waitFor(WAIT);
    await page.getByRole('cell', { name: '3,000,000 Toman' }).waitFor(WAIT);
    await captureScreen(page, 'order', 'inventory');
    await checkAccessibility(page, 'purchase order (en)');
  });
});
