// Browser journey through duplicates: two spellings of one person (Arabic letters, Persian digits),
// found by the scan, compared side by side, merged keeping a field from the other record, then undone.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
const ids: string[] = [];

describe('duplicates', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'پخش نمونه',
      name: 'رضا احمدی',
      email: `reza.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    for (const body of [
      { firstName: 'سارا', lastName: 'کریمی', phone: '09121112233' },
      { firstName: 'سارا', lastName: 'كريمي', phone: '۰۹۱۲ ۱۱۱ ۲۲۳۳', jobTitle: 'مدیر فروش' },
      // Nobody can reach him: the data-quality report lists him.
      { firstName: 'بهرام', lastName: 'نیکو' },
    ]) {
      const created = await api('post', '/api/v1/contacts', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(String(created.body.id));
    }
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('scans, compares side by side, merges keeping the other record’s job title, and undoes it', async () => {
    await page.goto(`${server.url}/customers/duplicates`);
    await page.getByRole('heading', { name: 'تکراری‌های احتمالی', level: 1 }).waitFor();
    await page.getByText('تکراری احتمالی‌ای نیست', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'جست‌وجوی تکراری‌ها' }).click();
    const pair = page.getByTestId('pairs').getByRole('listitem').first();
    await pair.waitFor({ timeout: 60_000 });
    await pair.getByText(/^تلفن یکسان /).waitFor();
    await captureScreen(page, 'queue', 'cleaning');
    await checkAccessibility(page, 'duplicates queue (fa)');

    await pair.getByRole('button', { name: 'مقایسه و ادغام' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('table').waitFor();
    // Keep the first record; its job title is empty, the other's is taken.
    await dialog
      .getByRole('radio', { name: /^ماندن سارا کریمی/ })
      .first()
      .check();
    const row = dialog.getByRole('row', { name: /سمت/ });
    await row.getByRole('radio', { name: 'مدیر فروش' }).check();
    await captureScreen(page, 'compare', 'cleaning');
    await checkAccessibility(page, 'merge dialog (fa)');
    const survivorId = ids[0] as string;
    const mergedId = ids[1] as string;
    const keep = (await dialog
      .getByRole('radio', { name: /^ماندن/ })
      .first()
      .isChecked())
      ? 0
      : 1;
    await dialog.getByRole('button', { name: 'ادغام' }).click();
    await page.getByText('ادغام شد.').waitFor();
    const [stays, goes] = keep === 0 ? [survivorId, mergedId] : [mergedId, survivorId];
    const after = await api('get', `/api/v1/contacts/${stays}`);
    expect(after.body.jobTitle).toBe('مدیر فروش');
    expect((await api('get', `/api/v1/contacts/${goes}`)).status).toBe(404);

    await page.getByRole('button', { name: 'بازگردانی' }).click();
    await page.getByText('ادغام بازگردانده شد', { exact: false }).waitFor();
    expect((await api('get', `/api/v1/contacts/${goes}`)).status).toBe(200);
    expect((await api('get', `/api/v1/contacts/${stays}`)).body.jobTitle).toBe(
      keep === 0 ? null : 'مدیر فروش',
    );
  });

  it('reports data quality by check and lists the records behind one, from the customers screen', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: 'پاک‌سازی داده‌ها' }).click();
    await page.getByRole('menuitem', { name: 'کیفیت داده‌ها' }).click();
    await page.getByRole('heading', { name: 'کیفیت داده‌ها', level: 1 }).waitFor();
    const checks = page.getByTestId('quality-checks');
    await page.getByText('۳ رکورد بررسی شد').waitFor();
    const unreachable = checks.getByRole('button', { name: /بدون تلفن و ایمیل/ });
    await expect(unreachable.textContent()).resolves.toContain('۱');
    // Nothing here is fixable by the safe fixes (the API stores names and phones normalised already).
    await expect(page.getByRole('button', { name: /اعمال اصلاح/ }).isDisabled()).resolves.toBe(true);
    await unreachable.click();
    const issues = page.getByTestId('quality-issues');
    await issues.getByRole('link', { name: 'بهرام نیکو' }).waitFor();
    expect(await issues.getByRole('row').count()).toBe(2);
    await captureScreen(page, 'quality', 'cleaning');
    await checkAccessibility(page, 'data quality (fa)');
    await issues.getByRole('link', { name: 'بهرام نیکو' }).click();
    await page.getByRole('heading', { name: 'بهرام نیکو', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/contacts/${ids[2]}`);
  });

  it('shows the queue and the comparison in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers/duplicates`);
    await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Look for duplicates' }).click();
    const pair = page.getByTestId('pairs').getByRole('listitem').first();
    await pair.getByText(/^Same phone /).waitFor({ timeout: 60_000 });
    await captureScreen(page, 'queue', 'cleaning');
    await pair.getByRole('button', { name: 'Compare and merge' }).click();
    await page.getByRole('dialog').getByRole('table').waitFor();
    await captureScreen(page, 'compare', 'cleaning');
    await checkAccessibility(page, 'merge dialog (en)');
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/customers/quality?type=contact&check=no_phone_or_email`);
    await page.getByText('Records checked: 3').waitFor();
    await page.getByTestId('quality-issues').getByRole('link', { name: 'بهرام نیکو' }).waitFor();
    await captureScreen(page, 'quality', 'cleaning');
    await checkAccessibility(page, 'data quality (en)');
  });
});
