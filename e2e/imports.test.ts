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
    page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') console.log(`[console] ${message.text()}`);
    });
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

  // With the embedded PGlite the e2e server runs on, a run holds the database until it ends (12,000 rows
  // take ~5 s and GET /api/v1/jobs/:id answers only afterwards), so no progress can be seen mid-run and
  // stop always comes too late. This step therefore answers the run's requests in the browser: a real
  // import, with the run, its job stream, stop and resume played by page.route.
  it('shows a run live (rows, rows per second, time left) with stop and resume — server answers played', async () => {
    await page.goto(`${server.url}/customers/import?type=contact`);
    await upload();
    await page.getByTestId('mapping').waitFor();
    const id = new URL(page.url()).searchParams.get('id') ?? '';
    const real = (await (await context.request.get(`${server.url}/api/v1/imports/${id}`)).json()) as Record<
      string,
      unknown
    >;
    const counts = { created: 0, updated: 0, skipped: 0, rejected: 0, blank: 0, accountsCreated: 0 };
    let current: Record<string, unknown> = real;
    const job = (jobId: string, status: string, progress: number) => ({
      id: jobId,
      queue: 'imports.run',
      status,
      progress,
      total: 12_000,
      message: null,
      result: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: new Date().toISOString(),
      finishedAt: null,
      updatedAt: new Date().toISOString(),
      ratePerSecond: 2_450.4,
      etaSeconds: status === 'running' ? 75 : null,
    });
    const json = (body: unknown, status = 200) => ({
      status,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    const running = (jobId: string) => {
      current = {
        ...real,
        status: 'running',
        jobId,
        rowsTotal: 12_000,
        counts: { ...counts, created: 3_000 },
      };
      return json({ import: current, jobId }, 202);
    };
    const first = '00000000-0000-4000-8000-000000000001';
    const second = '00000000-0000-4000-8000-000000000002';
    await page.route(new RegExp(`/api/v1/imports/${id}(\\?.*)?$`), (route) => route.fulfill(json(current)));
    await page.route(`**/api/v1/imports/${id}/run`, (route) => route.fulfill(running(first)));
    await page.route(`**/api/v1/imports/${id}/stop`, (route) => {
      current = { ...current, status: 'stopped', lastRow: 3_001 };
      return route.fulfill(json(current));
    });
    await page.route(`**/api/v1/imports/${id}/resume`, (route) => route.fulfill(running(second)));
    // The first job streams one progress event and stays running; the second ends at once.
    await page.route(`**/api/v1/jobs/${first}/events`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `event: progress\ndata: ${JSON.stringify(job(first, 'running', 3_000))}\n\n`,
      }),
    );
    await page.route(`**/api/v1/jobs/${first}`, (route) => route.fulfill(json(job(first, 'running', 3_000))));
    await page.route(`**/api/v1/jobs/${second}/events`, (route) => {
      current = {
        ...current,
        status: 'completed',
        lastRow: 12_001,
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        counts: { ...counts, created: 12_000 },
      };
      return route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `event: done\ndata: ${JSON.stringify(job(second, 'succeeded', 9_000))}\n\n`,
      });
    });

    await page.getByRole('button', { name: 'درون‌ریزی بدون آزمایش' }).click();
    const live = page.getByTestId('job-progress');
    await expect.poll(() => live.textContent()).toContain('۳٬۰۰۰ از ۱۲٬۰۰۰ ردیف');
    const text = (await live.textContent()) ?? '';
    expect(text).toContain('۲٬۴۵۰ ردیف در ثانیه');
    expect(text).toContain('۱ دقیقه و ۱۵ ثانیه مانده');
    expect(text).not.toMatch(ASCII_DIGIT);
    expect(await page.getByRole('progressbar', { name: 'درون‌ریزی' }).getAttribute('aria-valuenow')).toBe(
      '25',
    );
    await captureScreen(page, 'run', 'imports');
    await checkAccessibility(page, 'import running (fa)');

    await page.getByRole('button', { name: 'توقف' }).click();
    const state = page.getByTestId('run-state');
    await state.waitFor();
    expect(await state.textContent()).toBe('درون‌ریزی پس از ردیف ۳٬۰۰۱ متوقف شد.');
    await captureScreen(page, 'stopped', 'imports');
    await checkAccessibility(page, 'import stopped (fa)');

    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByTestId('report-summary').waitFor();
    expect(await count('report', 'created')).toBe('۱۲٬۰۰۰');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
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
    // This time the file is dropped on the page rather than picked.
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'مشتریان.csv', { type: 'text/csv' }));
      return transfer;
    }, CSV);
    await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    const mapping = page.getByTestId('mapping');
    await mapping.waitFor();
    expect(await mapping.getByRole('combobox', { name: 'موبایل' }).textContent()).toBe('Phones');
    expect(await mapping.textContent()).toContain('09121234567');
    await captureScreen(page, 'mapping', 'imports');
    await checkAccessibility(page, 'import mapping (en)');

    // With no column for a name the server refuses; the mapping is changed back and kept.
    const pick = async (column: string, option: string) => {
      await mapping.getByRole('combobox', { name: column, exact: true }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
      await page.getByRole('listbox').waitFor({ state: 'detached' });
    };
    await pick('نام', 'Do not import');
    await pick('نام خانوادگی', 'Do not import');
    await page.getByRole('button', { name: 'Save and dry run' }).click();
    await page.getByRole('alert').filter({ hasText: 'Map at least one column to a name.' }).waitFor();
    await pick('نام', 'First name');
    await pick('نام خانوادگی', 'Last name');

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

  it('exports only what the list is searched for, with English column titles', async () => {
    await page.getByRole('link', { name: 'Show contacts' }).click();
    await page.waitForURL(/\/customers\?type=contact$/);
    await page.getByRole('textbox', { name: 'Search' }).fill('احمدی');
    await page.getByRole('gridcell', { name: 'علی احمدی' }).waitFor();
    await expect.poll(() => page.getByRole('gridcell', { name: 'زهرا محمدی' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('The rows matching').waitFor();
    await dialog.getByRole('radio', { name: /^XLSX/ }).waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    const link = dialog.getByRole('link', { name: 'Download the CSV file' });
    await link.waitFor();
    expect(await dialog.getByTestId('export-done').textContent()).toBe('Rows exported: 1.');
    await captureScreen(page, 'export-done', 'imports');
    await checkAccessibility(page, 'export done (en)');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = (await downloadText(download))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/[A-Za-z]/);
    expect(lines[0]).not.toMatch(/[\u0600-\u06FF]/);
    expect(lines[1]).toContain('احمدی');
  });
});
