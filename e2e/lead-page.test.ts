// Browser journey through a lead's own page: opened from the leads list, its facts (custom ones too),
// status changed, a call logged, a task added, edited through the schema-drawn form, then converted.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
let leadId = '';

describe('lead page', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'صنایع نمونه',
      name: 'آرش کامرانی',
      email: `arash.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    const field = await api('post', '/api/v1/custom-fields', {
      entity: 'lead',
      key: 'fair',
      labelFa: 'نمایشگاه',
      labelEn: 'Trade fair',
      type: 'text',
    });
    expect(field.status).toBe(201);
    const lead = await api('post', '/api/v1/leads', {
      firstName: 'پریسا',
      lastName: 'نادری',
      companyName: 'نوآوران پارس',
      phone: '09127654321',
      source: 'نمایشگاه',
      custom: { fair: 'الکامپ ۱۴۰۵' },
    });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    leadId = String(lead.body.id);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('opens a lead from the list, changes its status, logs a call and adds a task', async () => {
    await page.goto(`${server.url}/customers?type=lead`);
    await page.getByRole('gridcell', { name: 'پریسا نادری' }).click();
    await page.getByRole('heading', { name: 'پریسا نادری', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/leads/${leadId}`);
    const facts = page.getByRole('region', { name: 'مشخصات' });
    await facts.getByText('نوآوران پارس').waitFor();
    await facts.getByText('الکامپ ۱۴۰۵').waitFor();
    await facts.getByText('۰۹۱۲۷۶۵۴۳۲۱').waitFor();

    await page.getByLabel('وضعیت').click();
    await page.getByRole('option', { name: 'تماس گرفته‌شده' }).click();
    await expect
      .poll(async () => (await api('get', `/api/v1/leads/${leadId}`)).body.status)
      .toBe('contacted');

    await page.getByRole('button', { name: 'ثبت تعامل' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('موضوع').fill('معرفی محصول');
    await dialog.getByRole('button', { name: 'ثبت', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByTestId('lead-touches')
      .getByText(/معرفی محصول/)
      .waitFor();

    await page.getByLabel('کار تازه').fill('ارسال کاتالوگ');
    await page.getByRole('button', { name: 'افزودن', exact: true }).click();
    await page.getByText('ارسال کاتالوگ').waitFor();
    const tasks = await api('get', `/api/v1/tasks?leadId=${leadId}`);
    expect((tasks.body.items as { title: string }[]).map((t) => t.title)).toEqual(['ارسال کاتالوگ']);
    await captureScreen(page, 'lead', 'lead-page');
    await checkAccessibility(page, 'lead page (fa)');
  });

  it('edits the lead through the form, then converts it and opens the new contact', async () => {
    await page.getByRole('button', { name: 'ویرایش' }).click();
    const form = page.getByRole('dialog');
    await form.locator('input[name="jobTitle"]').fill('مدیر خرید');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'مشخصات' }).getByText('مدیر خرید').waitFor();

    await page.getByRole('button', { name: 'تبدیل…' }).click();
    const convert = page.getByRole('dialog', { name: 'تبدیل پریسا نادری' });
    await convert.getByRole('button', { name: 'تبدیل', exact: true }).click();
    await page.waitForURL(/\/customers\/contacts\//);
    await page.getByRole('heading', { name: 'پریسا نادری', level: 1 }).waitFor();
    expect((await api('get', `/api/v1/leads/${leadId}`)).body.status).toBe('converted');
    await page.goto(`${server.url}/customers/leads/${leadId}`);
    await page.getByRole('link', { name: 'باز کردن شخص' }).waitFor();
    await captureScreen(page, 'converted', 'lead-page');
  });

  it('shows the lead page in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers/leads/${leadId}`);
    await page.getByRole('link', { name: 'Open the contact' }).waitFor();
    await page.getByRole('region', { name: 'Details' }).getByText('09127654321').waitFor();
    await captureScreen(page, 'converted', 'lead-page');
    await checkAccessibility(page, 'lead page (en)');
  });
});
