// Browser journey through the record form drawn from the API's schema: custom fields, lists of phones
// and tags as chips, choices, the owner; a server error on a custom field shown in place. fa and en.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
let contactId = '';

describe('record form', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'بازرگانی نمونه',
      name: 'سمانه رحیمی',
      email: `samaneh.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    for (const field of [
      {
        entity: 'contact',
        key: 'tier',
        labelFa: 'سطح مشتری',
        labelEn: 'Customer tier',
        type: 'select',
        options: [
          { value: 'gold', labelFa: 'طلایی', labelEn: 'Gold' },
          { value: 'silver', labelFa: 'نقره‌ای', labelEn: 'Silver' },
        ],
      },
      { entity: 'contact', key: 'budget', labelFa: 'بودجهٔ سالانه', labelEn: 'Yearly budget', type: 'number' },
      { entity: 'contact', key: 'site', labelFa: 'نشانی فروشگاه', labelEn: 'Shop address', type: 'url' },
    ]) {
      const created = await api('post', '/api/v1/custom-fields', field);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const contact = await api('post', '/api/v1/contacts', {
      firstName: 'حمید',
      lastName: 'فرهادی',
      phone: '09121234567',
    });
    expect(contact.status).toBe(201);
    contactId = String(contact.body.id);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('edits built-in and custom fields, lists as chips, with a server error in place', async () => {
    await page.goto(`${server.url}/customers/contacts/${contactId}`);
    await page.getByRole('button', { name: 'ویرایش' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('سطح مشتری').waitFor();
    // A second phone and two tags, each a chip.
    const phones = dialog.getByRole('combobox', { name: 'تلفن‌ها' });
    await phones.fill('02188776655');
    await phones.press('Enter');
    const tags = dialog.getByRole('combobox', { name: 'برچسب‌ها' });
    await tags.fill('نمایشگاه');
    await tags.press('Enter');
    await tags.fill('عمده');
    await tags.press('Enter');
    await dialog.getByLabel('سطح مشتری').click();
    await page.getByRole('option', { name: 'طلایی' }).click();
    await dialog.getByLabel('بودجهٔ سالانه').fill('2500000000');
    await dialog.getByLabel('جنسیت').click();
    await page.getByRole('option', { name: 'مرد' }).click();
    await dialog.getByLabel('نشانی فروشگاه').fill('not a url');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    // The server names custom.site; the message sits under that field and nothing is saved.
    await dialog.locator('input[aria-invalid="true"]').first().waitFor();
    expect(await dialog.getByLabel('نشانی فروشگاه').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('نشانی وب معتبر نیست.').waitFor();
    expect(((await api('get', `/api/v1/contacts/${contactId}`)).body.tags as string[]).length).toBe(0);
    await captureScreen(page, 'edit-error', 'record-form');
    await checkAccessibility(page, 'record form with an error (fa)');

    await dialog.getByLabel('نشانی فروشگاه').fill('https://shop.example.com');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = (await api('get', `/api/v1/contacts/${contactId}`)).body as {
      tags: string[];
      gender: string;
      phones: { value: string }[];
      custom: Record<string, unknown>;
    };
    expect(saved.tags.sort()).toEqual(['عمده', 'نمایشگاه'].sort());
    expect(saved.gender).toBe('male');
    expect(saved.phones.map((p) => p.value)).toEqual(['09121234567', '02188776655']);
    expect(saved.custom).toEqual({ tier: 'gold', budget: 2500000000, site: 'https://shop.example.com' });
  });

  it('quick create opens the whole form, with the custom fields, on request', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: 'شخص تازه' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="lastName"]').fill('کاظمی');
    await dialog.locator('input[name="phone"]').fill('09351112233');
    await dialog.getByRole('button', { name: 'همهٔ فیلدها' }).click();
    // The phone typed in quick create is now the first chip of the list.
    await dialog.getByRole('button', { name: '09351112233' }).waitFor();
    await dialog.getByLabel('سطح مشتری').click();
    await page.getByRole('option', { name: 'نقره‌ای' }).click();
    await captureScreen(page, 'create-all', 'record-form');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('heading', { name: 'کاظمی', level: 1 }).waitFor();
    const id = page.url().split('/').pop();
    const created = (await api('get', `/api/v1/contacts/${id}`)).body as {
      custom: Record<string, unknown>;
      phones: { value: string }[];
    };
    expect(created.custom).toEqual({ tier: 'silver' });
    expect(created.phones.map((p) => p.value)).toEqual(['09351112233']);
  });

  it('shows the form in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers/contacts/${contactId}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Customer tier').waitFor();
    await dialog.getByRole('button', { name: 'نمایشگاه' }).waitFor();
    await captureScreen(page, 'edit', 'record-form');
    await checkAccessibility(page, 'record form (en)');
  });
});
