// Browser journey through the product catalogue: a product with options made in the form (a bad option
// shown where it is), its price in Toman in the grid, opened again from the grid and from search, in
// Persian and in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;

describe('product catalogue', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'فروشگاه رایانه',
      name: 'مینا سلیمانی',
      email: `mina.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    const service = await api('post', '/api/v1/products', {
      kind: 'service',
      sku: 'SUP-YEAR',
      nameFa: 'پشتیبانی یک ساله',
      nameEn: 'One-year support',
      unit: 'سال',
      basePrice: '12000000',
    });
    expect(service.status, JSON.stringify(service.body)).toBe(201);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('makes a product with options in the form; a bad option is shown where it is', async () => {
    await page.goto(`${server.url}/products`);
    await page.getByRole('gridcell', { name: 'پشتیبانی یک ساله' }).waitFor();
    await page.getByRole('gridcell', { name: '۱٬۲۰۰٬۰۰۰ تومان' }).waitFor();

    await page.getByRole('button', { name: 'کالای تازه' }).click();
    const form = page.getByRole('dialog');
    await form.locator('input[name="sku"]').fill('kara-14');
    await form.locator('input[name="nameFa"]').fill('لپ‌تاپ کارا ۱۴');
    await form.locator('input[name="unit"]').fill('عدد');
    await form.locator('input[name="basePrice"]').fill('250000000');
    await form.getByText('۲۵٬۰۰۰٬۰۰۰ تومان · با مالیات ۲۷٬۵۰۰٬۰۰۰ تومان').waitFor();
    await form.getByRole('button', { name: 'افزودن گزینه' }).click();
    const group = form.getByTestId('option-group');
    await group.getByLabel('کد').first().fill('ram');
    await group.getByLabel('نام فارسی').first().fill('حافظه');
    await group.getByLabel('کد').nth(1).fill('16');
    await group.getByLabel('نام فارسی').nth(1).fill('۱۶ گیگ');
    await group.getByLabel('پسوند کد کالا').fill('16-G');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    // A '-' would make the variant SKU ambiguous: the server refuses it at its field.
    await group.getByLabel('پسوند کد کالا').and(page.locator('[aria-invalid="true"]')).waitFor();
    await group.getByLabel('پسوند کد کالا').fill('16G');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('gridcell', { name: 'KARA-14' }).waitFor();
    const found = await api('get', '/api/v1/products?q=KARA-14');
    expect(
      (found.body.items as { options: { choices: { skuSuffix: string }[] }[] }[])[0]?.options,
    ).toMatchObject([{ code: 'ram', choices: [{ skuSuffix: '16G' }] }]);
    await captureScreen(page, 'list', 'products');
    await checkAccessibility(page, 'products (fa)');
  });

  it('opens a product from the grid and from search', async () => {
    await page.getByRole('gridcell', { name: 'KARA-14' }).click();
    const form = page.getByRole('dialog');
    await expect.poll(() => form.locator('input[name="nameFa"]').inputValue()).toBe('لپ‌تاپ کارا ۱۴');
    await captureScreen(page, 'form', 'products');
    await form.getByRole('button', { name: 'انصراف' }).click();
    await form.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox').fill('sup-year');
    await page.getByRole('option', { name: /پشتیبانی یک ساله/ }).click();
    await page.waitForURL(/\/products\/[0-9a-f-]+$/);
    await expect
      .poll(() => page.getByRole('dialog').locator('input[name="sku"]').inputValue())
      .toBe('SUP-YEAR');
  });

  it('shows the catalogue in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/products`);
    await page.getByRole('gridcell', { name: 'One-year support' }).waitFor();
    await page.getByRole('gridcell', { name: '1,200,000 Toman' }).waitFor();
    await captureScreen(page, 'list', 'products');
    await checkAccessibility(page, 'products (en)');
  });
});
