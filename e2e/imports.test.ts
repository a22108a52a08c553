// Browser journey through import and export: upload a Persian CSV with two bad rows, check the guessed
// mapping, dry run (the rows that would fail, with their field), run, the report's exact counts, the
// rejects file, the contacts in the grid; export the list to CSV. Then the mapping and report in English.
// Screenshots at desktop and phone width, and axe on every step.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

const PERSIAN_DIGIT = /[۰-۹]/;
const ASCII_DIGIT = /[0-9]/;

// Row 1 is the header: row 4 has a phone that is no phone, row 5 an e-mail that is no e-mail.
const CSV = [
  'نام,نام خانوادگی,موبایل,ایمیل',
  'علی,احمدی,09121234567,ali.ahmadi@example.com',
  'زهرا,محمدی,۰۹۱۲۷۶۵۴۳۲۱,zahra.mohammadi@example.com',
  'رضا,کریمی,12345,reza.karimi@example.com',
  'سارا,رضایی,09351112233,sara@@bad',
  'مهدی,نوری,09197654321,',
].join('\n');

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function downloadText(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

/** The number shown for one count of the report or the dry run, e.g. created → '۳'. */
async function count(prefix: 'report' | 'dryRun', key: string): Promise<string> {
  return (await page.getByTestId(`counts-${prefix}`).locator(`[data-count="${key}"] dd`).textContent()) ?? '';
}

async function upload() {
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'مشتریان.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
}

describe('imports', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      colorScheme: 'light',
      locale: 'fa-IR',
      acceptDownloads: true,
    });
    page = await context.newPage();
    const signup = await context.request.post(`${server.url}/api/v1/auth/signup`, {
      data: {
        organization: 'پخش نمونه',
        name: 'نرگس امینی',
        email: `narges.${Date.now()}@example.com`,
        password: 'گذرواژه-امن-1405',
        locale: 'fa',
      },
      headers: { origin: server.url },
    });
    expect(signup.status(), await signup.text()).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads a Persian CSV and shows the guessed mapping', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByRole('heading', { name: 'مشتریان', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'درون‌ریزی' }).click();
    await page.waitForURL(/\/customers\/import\?type=contact$/);
    await page.getByRole('heading', { name: 'درون‌ریزی اشخاص', level: 1 }).waitFor();
    await captureScreen(page, 'upload', 'imports');
    await checkAccessibility(page, 'import upload (fa)');

    await upload();
    await page.waitForURL(/\/customers\/import\?type=contact&id=[0-9a-f-]+$/);
    const mapping = page.getByTestId('mapping');
    await mapping.waitFor();
    const guessed: [string, string][] = [
      ['نام', 'نام'],
      ['نام خانوادگی', 'نام خانوادگی'],
      ['موبایل', 'تلفن‌ها'],
      ['ایمیل', 'ایمیل‌ها'],
    ];
    for (const [column, field] of guessed)
      expect(await mapping.getByRole('combobox', { name: column, exact: true }).textContent()).toBe(field);
    // Samples show with Persian digits.
    expect(await mapping.textContent()).toContain('۰۹۱۲۱۲۳۴۵۶۷');
    expect(await page.getByRole('main').textContent()).not.toMatch(ASCII_DIGIT);
    await captureScreen(page, 'mapping', 'imports');
    await checkAccessibility(page, 'import mapping (fa)');
  });

  it('dry runs: the two bad rows with their field and why, nothing written', async () => {
    await page.getByRole('button', { name: 'ذخیره و اجرای آزمایشی' }).click();
    const table = page.getByTestId('rejected-rows-dry_run');
    await table.waitFor();
    expect(await count('dryRun', 'created')).toBe('۳');
    expect(await count('dryRun', 'rejected')).toBe('۲');
    const phone = table.locator('tr[data-row="4"]');
    expect(await phone.locator('td').first().textContent()).toBe('۴');
    expect(await phone.locator('[data-field="phones.0"]').textContent()).toContain('تلفن‌ها');
    expect(await phone.textContent()).toContain('شمارهٔ تلفن معتبر نیست.');
    const email = table.locator('tr[data-row="5"]');
    expect(await email.locator('td').first().textContent()).toBe('۵');
    expect(await email.locator('[data-field="emails.0"]').textContent()).toContain('ایمیل‌ها');
    expect(await email.textContent()).toContain('نشانی ایمیل معتبر نیست.');
    await captureScreen(page, 'dry-run', 'imports');
    await checkAccessibility(page, 'import dry run (fa)');

    const list = await context.request.get(`${server.url}/api/v1/contacts?total=true`);
    expect(((await list.json()) as { total: number }).total).toBe(0);
  });

  it('runs, reports exact counts and gives the rejects as a CSV', async () => {
    await page.getByRole('button', { name: 'درون‌ریزی', exact: true }).click();
    const summary = page.getByTestId('report-summary');
    await summary.waitFor();
    expect(await count('report', 'created')).toBe('۳');
    expect(await count('report', 'updated')).toBe('۰');
    expect(await count('report', 'skipped')).toBe('۰');
    expect(await count('report', 'rejected')).toBe('۲');
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(PERSIAN_DIGIT);
    expect(text).not.toMatch(ASCII_DIGIT);
    // Jalali: the year is 14xx.
    expect(text).toContain('۱۴۰');
    await page.getByTestId('rejected-rows-run').locator('tr[data-row="5"]').waitFor();
    await captureScreen(page, 'report', 'imports');
    await checkAccessibility(page, 'import report (fa)');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'دریافت ردیف‌های ردشده' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/rejects\.csv$/);
    const rejects = (await downloadText(download))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(rejects).toHaveLength(3);
    expect(rejects[1]).toMatch(/^4,/);
    expect(rejects[1]).toContain('12345');
    expect(rejects[2]).toMatch(/^5,/);
    expect(rejects[2]).toContain('sara@@bad');
  });

  it('shows the imported contacts in the grid and exports them to CSV', async () => {
    await page.getByRole('link', { name: 'دیدن اشخاص' }).click();
    await page.waitForURL(/\/customers\?type=contact$/);
    for (const name of ['علی احمدی', 'زهرا محمدی', 'مهدی نوری'])
      await page.getByRole('gridcell', { name }).waitFor();
    expect(await page.getByRole('gridcell', { name: 'رضا کریمی' }).count()).toBe(0);

    await page.getByRole('button', { name: 'برون‌بری' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /^CSV/ }).check();
    await captureScreen(page, 'export', 'imports');
    await checkAccessibility(page, 'export dialog (fa)');
    await dialog.getByRole('button', { name: 'برون‌بری' }).click();
    const link = dialog.getByRole('link', { name: 'دریافت پروندهٔ CSV' });
    await link.waitFor();
    expect(await dialog.getByTestId('export-done').textContent()).toBe('۳ ردیف برون‌بری شد.');
    await captureScreen(page, 'export-done', 'imports');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = (await downloadText(download))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(4);
    const body = lines.slice(1).join('\n');
    for (const name of ['احمدی', 'محمدی', 'نوری']) expect(body).toContain(name);
    expect(body).toContain('ali.ahmadi@example.com');
    await dialog.getByRole('button', { name: 'بستن' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the mapping and the report in English, left to right', async () => {
    const patch = await context.request.patch(`${server.url}/api/v1/me/settings`, {
      data: { locale: 'en', calendar: 'gregorian', digits: 'latn' },
      headers: { origin: server.url },
    });
    expect(patch.status(), await patch.text()).toBe(200);
    await page.goto(`${server.url}/customers/import?type=contact`);
    await page.getByRole('heading', { name: 'Import contacts', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await upload();
    const mapping = page.getByTestId('mapping');
    await mapping.waitFor();
    expect(await mapping.getByRole('combobox', { name: 'موبایل' }).textContent()).toBe('Phones');
    expect(await mapping.textContent()).toContain('09121234567');
    await captureScreen(page, 'mapping', 'imports');
    await checkAccessibility(page, 'import mapping (en)');

    // The same rows again, straight to the run: the three good ones are now duplicates, skipped.
    await page.getByRole('button', { name: 'Import without a dry run' }).click();
    await page.getByTestId('report-summary').waitFor();
    expect(await count('report', 'created')).toBe('0');
    expect(await count('report', 'skipped')).toBe('3');
    expect(await count('report', 'rejected')).toBe('2');
    await page.getByTestId('rejected-rows-run').locator('tr[data-row="4"]').waitFor();
    expect(await page.getByTestId('rejected-rows-run').textContent()).toContain('Not a valid phone number');
    await captureScreen(page, 'report', 'imports');
    await checkAccessibility(page, 'import report (en)');
  });
});
