// Browser journey through the tasks list's own list tools, shared with the customer lists: a filter built on
// the tasks' fields, saved as a view and applied again; rows chosen and completed or given to a colleague
// by the server all at once, and exported; the same in English. Screenshots fa/en, desktop/phone; axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let page: Page;
let api: Api;
let journey: Journey;
const ids: Record<string, string> = {};
let colleagueId = '';
/** The list asks the server after each change; give it time on a busy machine. */
const soon = { timeout: 15_000 };

/** The titles in the grid's rows, in order (the first cell past the selection checkbox and the tick). */
async function rowTitles(): Promise<string[]> {
  const cells = page.locator('[role="row"] [role="gridcell"][data-field="title"]');
  return (await cells.allTextContents()).map((text) => text.trim());
}

async function choose(scope: ReturnType<Page['getByRole']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const task = async (key: string) =>
  (await api('get', `/api/v1/tasks/${ids[key]}`)).body as { status: string; assigneeId: string };

describe('tasks list: filter, saved views, bulk actions', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'پخش زاگرس',
      name: 'لیلا نوری',
      email: `leila.${Date.now()}@example.com`,
    });
    ({ server, browser, page, api } = journey);
    const invitation = await api('post', '/api/v1/invitations', {
      email: `kaveh.${Date.now()}@example.com`,
      role: 'agent',
    });
    expect(invitation.status).toBe(201);
    const other = await browser.newContext();
    const accepted = await other.request.post(
      `${server.url}/api/v1/invitations/${String(invitation.body.token)}/accept`,
      { data: { name: 'کاوه سلامی', password: 'گذرواژه-امن-1405' }, headers: { origin: server.url } },
    );
    expect(accepted.status()).toBe(200);
    colleagueId = String(((await accepted.json()) as { user: { id: string } }).user.id);
    await other.close();
    const day = 86_400_000;
    for (const [key, title, priority, days] of [
      ['quote', 'ارسال پیش‌فاکتور', 'high', 1],
      ['visit', 'بازدید از انبار', 'high', 2],
      ['report', 'گزارش هفتگی', 'low', 3],
    ] as const) {
      const created = await api('post', '/api/v1/tasks', {
        title,
        priority,
        dueAt: new Date(Date.now() + days * day).toISOString(),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = String(created.body.id);
    }
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('filters by priority, saves the filter as a view and applies it again', async () => {
    await page.goto(`${server.url}/tasks`);
    await expect.poll(rowTitles, soon).toEqual(['ارسال پیش‌فاکتور', 'بازدید از انبار', 'گزارش هفتگی']);
    await page.getByRole('button', { name: 'فیلتر' }).click();
    const dialog = page.getByRole('dialog', { name: 'فیلتر فهرست' });
    await dialog.getByRole('button', { name: 'افزودن شرط', exact: true }).click();
    const condition = dialog.getByTestId('filter-condition').first();
    await choose(condition, 'ویژگی', 'اولویت');
    await choose(condition, 'مقدار', 'زیاد');
    await captureScreen(page, 'builder', 'tasks');
    await dialog.getByRole('button', { name: 'اعمال' }).click();
    await expect.poll(rowTitles, soon).toEqual(['ارسال پیش‌فاکتور', 'بازدید از انبار']);
    await page.getByTestId('filter-chip').filter({ hasText: 'اولویت برابر با زیاد' }).waitFor();

    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'ذخیره به‌عنوان نمای تازه…' }).click();
    const save = page.getByRole('dialog', { name: 'ذخیرهٔ نما' });
    await save.getByLabel('نام نما').fill('فوری‌های من');
    await save.getByRole('radio', { name: 'همهٔ سازمان' }).check();
    await save.getByRole('button', { name: 'ذخیره' }).click();
    await save.waitFor({ state: 'detached' });
    await page.waitForURL(/savedView=/);
    await page.getByTestId('views-button').filter({ hasText: 'فوری‌های من' }).waitFor();
    await captureScreen(page, 'filtered', 'tasks');
    await checkAccessibility(page, 'tasks list filtered (fa)');

    // A fresh list, then the view again: its filter comes back.
    await page.goto(`${server.url}/tasks`);
    await expect.poll(rowTitles, soon).toHaveLength(3);
    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'فوری‌های من' }).click();
    await expect.poll(rowTitles, soon).toEqual(['ارسال پیش‌فاکتور', 'بازدید از انبار']);
    expect(new URL(page.url()).searchParams.get('filter')).toContain('priority');
  });

  it('completes two chosen tasks and gives one to a colleague, each by the server for all of them', async () => {
    const rowOf = (title: string) => page.getByRole('row', { name: new RegExp(title) });
    const check = (title: string) => rowOf(title).locator('[data-field="__check__"] input').check();
    await check('ارسال پیش‌فاکتور');
    await check('بازدید از انبار');
    const bar = page.getByRole('toolbar', { name: 'کارهای رکوردهای انتخاب‌شده' });
    await bar.getByText('انتخاب‌شده: ۲').waitFor();
    await captureScreen(page, 'selected', 'tasks');
    await checkAccessibility(page, 'tasks bulk actions (fa)');

    // Only one stays chosen; it goes to the colleague.
    await rowOf('ارسال پیش‌فاکتور').locator('[data-field="__check__"] input').uncheck();
    await bar.getByText('انتخاب‌شده: ۱').waitFor();
    await bar.getByRole('button', { name: 'سپردن به…' }).click();
    await page.getByRole('menuitem', { name: 'کاوه سلامی' }).click();
    await page.getByText('انجام شد: ۱ رکورد تغییر کرد.').waitFor();
    await expect.poll(async () => (await task('visit')).assigneeId, soon).toBe(colleagueId);
    // Given away: no longer among "mine".
    await expect.poll(rowTitles, soon).toEqual(['ارسال پیش‌فاکتور']);

    await page.getByRole('button', { name: 'همه', exact: true }).click();
    await expect.poll(rowTitles, soon).toEqual(['ارسال پیش‌فاکتور', 'بازدید از انبار']);
    await check('ارسال پیش‌فاکتور');
    await check('بازدید از انبار');
    await bar.getByRole('button', { name: 'انجام شد', exact: true }).click();
    await page.getByText('انجام شد: ۲ رکورد تغییر کرد.').waitFor();
    expect((await task('quote')).status).toBe('done');
    expect((await task('visit')).status).toBe('done');
    expect((await task('report')).status).toBe('open');
    await expect.poll(rowTitles, soon).toEqual([]);
    await page.getByRole('button', { name: 'انجام‌شده' }).click();
    await expect.poll(rowTitles, soon).toEqual(['ارسال پیش‌فاکتور', 'بازدید از انبار']);

    // The chosen task exported through the tasks list's own query: one row.
    await check('بازدید از انبار');
    await bar.getByRole('button', { name: 'برون‌بری' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'برون‌بری کارها' });
    await exportDialog.getByRole('button', { name: 'برون‌بری' }).click();
    await exportDialog.getByTestId('export-done').filter({ hasText: '۱ ردیف برون‌بری شد.' }).waitFor(soon);
    await captureScreen(page, 'export', 'tasks');
    await exportDialog.getByRole('button', { name: 'بستن' }).click();
  });

  it('shows the list tools in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/tasks?whose=all&state=done`);
    await expect.poll(rowTitles, soon).toHaveLength(2);
    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'فوری‌های من' }).click();
    await page.getByTestId('filter-chip').filter({ hasText: 'Priority is High' }).waitFor();
    await page
      .getByRole('row', { name: /ارسال پیش‌فاکتور/ })
      .locator('[data-field="__check__"] input')
      .check();
    await page
      .getByRole('toolbar', { name: 'Actions on the chosen records' })
      .getByText('Chosen: 1')
      .waitFor();
    await captureScreen(page, 'selected', 'tasks');
    await checkAccessibility(page, 'tasks bulk actions (en)');
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Priority' }).click();
    await page.keyboard.press('Escape');
    await page.locator('[role="columnheader"][data-field="priority"]').waitFor();
    await captureScreen(page, 'filtered', 'tasks');
    // A search by title narrows the filtered list, and stays in the URL.
    await page.getByRole('textbox', { name: 'Search' }).fill('انبار');
    await expect.poll(rowTitles, soon).toEqual(['بازدید از انبار']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('انبار');
  });
});
