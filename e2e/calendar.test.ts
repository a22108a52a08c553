// Browser journey through the calendar and the tasks list: a Jalali month in Persian with a task dragged to
// another day and one moved from the keyboard (both saved with the version shown), week and day views, the
// agenda list (with a touchpoint held with a customer, which opens the customer's page), a move refused
// because someone saved first, the tasks list; then the same month in Gregorian in English.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const ids: Record<string, string> = {};

async function api(method: 'get' | 'post' | 'patch', path: string, data?: unknown) {
  const res = await context.request[method](`${server.url}${path}`, {
    data,
    headers: { origin: server.url },
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

// 19 Azar 1405 = 10 December 2026: the month shown is Azar 1405 (22 Nov – 21 Dec) in Persian and
// December 2026 in English; every task below falls in both. Times are Tehran's (UTC+3:30).
const MONTH = '/calendar?view=month&date=2026-12-10';
const taskOf = async (key: string) => (await api('get', `/api/v1/tasks/${ids[key]}`)).body;

describe('calendar and tasks', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      colorScheme: 'light',
      locale: 'fa-IR',
    });
    page = await context.newPage();
    const signup = await api('post', '/api/v1/auth/signup', {
      organization: 'بازرگانی سپهر',
      name: 'مهسا رضایی',
      email: `mahsa.${Date.now()}@example.com`,
      password: 'گذرواژه-امن-1405',
      locale: 'fa',
    });
    expect(signup.status).toBe(201);
    const contact = await api('post', '/api/v1/contacts', { firstName: 'بهرام', lastName: 'کاظمی' });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    for (const [key, body] of [
      ['quote', { title: 'ارسال پیش‌فاکتور', dueAt: '2026-12-08T06:30:00Z' }],
      [
        'call',
        { kind: 'call', title: 'تماس با بهرام', dueAt: '2026-12-09T11:00:00Z', contactId: contact.body.id },
      ],
      ['meeting', { kind: 'meeting', title: 'جلسهٔ قرارداد', dueAt: '2026-12-10T07:30:00Z' }],
      ['report', { title: 'گزارش ماهانه', dueAt: '2026-12-16T05:30:00Z' }],
    ] as const) {
      const created = await api('post', '/api/v1/tasks', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = String(created.body.id);
    }
    const held = await api('post', '/api/v1/interactions', {
      channel: 'in_person',
      direction: 'out',
      subject: 'دیدار با بهرام',
      occurredAt: '2026-12-09T06:00:00Z',
      contactId: contact.body.id,
    });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    ids.contact = String(contact.body.id);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const day = (iso: string) => page.getByTestId(`day-${iso}`);

  it('shows the Jalali month and saves a task dragged to another day', async () => {
    await page.goto(`${server.url}${MONTH}`);
    await page.getByTestId('period').filter({ hasText: 'آذر ۱۴۰۵' }).waitFor();
    await day('2026-12-08').getByText('ارسال پیش‌فاکتور').waitFor();
    // The week starts on Saturday: 1 Azar 1405 is Sunday 22 November, so the grid opens on 30 Aban.
    expect(
      await page.getByTestId('month').locator('[data-testid^="day-"]').first().getAttribute('data-testid'),
    ).toBe('day-2026-11-21');
    await captureScreen(page, 'month', 'calendar');
    await checkAccessibility(page, 'calendar month (fa)');

    const item = day('2026-12-08').getByTestId('calendar-item');
    const from = await item.boundingBox();
    const to = await day('2026-12-15').boundingBox();
    if (!from || !to) throw new Error('month not laid out');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    await day('2026-12-15').getByText('ارسال پیش‌فاکتور').waitFor();
    // Same time on the new day, saved as version 2.
    await expect.poll(async () => (await taskOf('quote')).dueAt).toBe('2026-12-15T06:30:00.000Z');
    expect((await taskOf('quote')).version).toBe(2);

    // A touchpoint held with a customer opens the customer's page.
    await day('2026-12-09')
      .getByRole('button', { name: /دیدار حضوری .*دیدار با بهرام/ })
      .click();
    await page.waitForURL(new RegExp(`/customers/contacts/${ids.contact}$`));
    await page.goBack();
    await day('2026-12-15').getByText('ارسال پیش‌فاکتور').waitFor();
  });

  /** Drags a calendar item from the middle of `item` onto the middle of `target`, past the click threshold. */
  async function drag(item: ReturnType<Page['getByTestId']>, target: ReturnType<Page['getByTestId']>) {
    const from = await item.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('calendar not laid out');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
  }

  it('moves a task from the keyboard through its dialog', async () => {
    await day('2026-12-09')
      .getByRole('button', { name: /تماس با بهرام/ })
      .focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'کار' });
    await dialog.getByRole('link', { name: 'صفحهٔ مشتری' }).waitFor();
    await dialog.getByRole('button', { name: 'یک روز دیرتر' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByTestId('task-due').filter({ hasText: 'پنجشنبه' }).waitFor();
    await captureScreen(page, 'task', 'calendar');
    await checkAccessibility(page, 'task dialog (fa)');
    await dialog.getByRole('button', { name: 'ذخیره' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await day('2026-12-10').getByText('تماس با بهرام').waitFor();
    await expect.poll(async () => (await taskOf('call')).dueAt).toBe('2026-12-10T11:00:00.000Z');
  });

  it('drags a meeting to another hour in the week view; shows the day and the list', async () => {
    await page.getByRole('button', { name: 'هفته' }).click();
    await page.getByTestId('period').filter({ hasText: '۱۴ تا ۲۰ آذر ۱۴۰۵' }).waitFor();
    const meeting = page.getByTestId('slot-2026-12-10-11').getByTestId('calendar-item');
    await meeting.waitFor();
    await captureScreen(page, 'week', 'calendar');
    await checkAccessibility(page, 'calendar week (fa)');
    await page.getByTestId('slot-2026-12-10-14').scrollIntoViewIfNeeded();
    await drag(meeting, page.getByTestId('slot-2026-12-10-14'));
    await page.getByTestId('slot-2026-12-10-14').getByText('جلسهٔ قرارداد').waitFor();
    // 14:00 in Tehran, the minutes past the hour kept.
    await expect.poll(async () => (await taskOf('meeting')).dueAt).toBe('2026-12-10T10:30:00.000Z');

    await page.getByRole('button', { name: 'روز', exact: true }).click();
    await page.getByTestId('period').filter({ hasText: 'پنجشنبه ۱۹ آذر ۱۴۰۵' }).waitFor();
    await page.getByTestId('slot-2026-12-10-14').getByText('جلسهٔ قرارداد').waitFor();
    await captureScreen(page, 'day', 'calendar');

    await page.getByRole('button', { name: 'فهرست' }).click();
    await page.getByRole('heading', { name: 'چهارشنبه ۲۵ آذر ۱۴۰۵' }).waitFor();
    await page.getByRole('button', { name: /گزارش ماهانه/ }).waitFor();
    await captureScreen(page, 'agenda', 'calendar');
    await checkAccessibility(page, 'calendar agenda (fa)');
  });

  it('says so when someone else moved the task first, and shows their version', async () => {
    await page.goto(`${server.url}${MONTH}`);
    await day('2026-12-16').getByText('گزارش ماهانه').waitFor();
    // Someone else reschedules it after the page was shown.
    expect((await api('patch', `/api/v1/tasks/${ids.report}`, { title: 'گزارش ماهانهٔ آذر' })).status).toBe(
      200,
    );
    await drag(day('2026-12-16').getByTestId('calendar-item'), day('2026-12-17'));
    await page.getByRole('alert').filter({ hasText: 'کس دیگری پس از نمایش این کار' }).waitFor();
    await day('2026-12-16').getByText('گزارش ماهانهٔ آذر').waitFor();
    await captureScreen(page, 'conflict', 'calendar');
    expect((await taskOf('report')).dueAt).toBe('2026-12-16T05:30:00.000Z');
  });

  it('lists tasks: adds one, filters the overdue ones, ticks one done', async () => {
    const late = await api('post', '/api/v1/tasks', {
      title: 'تمدید قرارداد',
      dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    expect(late.status).toBe(201);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /^کارها/ }).click();
    await page.waitForURL(/\/tasks$/);
    const grid = page.getByRole('grid', { name: 'کارها' });
    await grid.getByText('تمدید قرارداد').waitFor();
    // Sorted by due date: the overdue one first, marked so.
    await grid.getByRole('row').nth(1).getByText('(عقب‌افتاده)').waitFor();
    await page.getByRole('textbox', { name: 'کار تازه' }).fill('پیگیری فاکتور');
    await page.getByRole('combobox', { name: 'موعد' }).click();
    await page.getByRole('option', { name: 'فردا' }).click();
    await page.getByRole('button', { name: 'افزودن' }).click();
    await grid.getByText('پیگیری فاکتور').waitFor();
    await page.getByText('۱ تا ۶ از ۶').waitFor();
    await captureScreen(page, 'tasks', 'calendar');
    await checkAccessibility(page, 'tasks list (fa)');

    // The switch reads the URL, which the router updates a moment after the click.
    await page.getByRole('switch', { name: 'فقط عقب‌افتاده‌ها' }).click();
    await page.getByText('۱ تا ۱ از ۱').waitFor();
    await grid.getByRole('checkbox', { name: '«تمدید قرارداد» انجام شد' }).click();
    await expect
      .poll(async () => (await api('get', `/api/v1/tasks/${late.body.id}`)).body.status)
      .toBe('done');
    await grid.getByText('تمدید قرارداد').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'انجام‌شده' }).click();
    await grid.getByText('تمدید قرارداد').waitFor();
    await captureScreen(page, 'tasks-done', 'calendar');
  });

  it('shows the Gregorian month in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}${MONTH}`);
    await page.getByTestId('period').filter({ hasText: 'December 2026' }).waitFor();
    await day('2026-12-15').getByText('ارسال پیش‌فاکتور').waitFor();
    // An English week starts on Sunday: 1 December 2026 is a Tuesday, so the grid opens on 29 November.
    expect(
      await page.getByTestId('month').locator('[data-testid^="day-"]').first().getAttribute('data-testid'),
    ).toBe('day-2026-11-29');
    await captureScreen(page, 'month', 'calendar');
    await checkAccessibility(page, 'calendar month (en)');
    await page.getByRole('button', { name: 'Week' }).click();
    await page.getByTestId('slot-2026-12-10-14').getByText('جلسهٔ قرارداد').waitFor();
    await captureScreen(page, 'week', 'calendar');
    await page.getByRole('button', { name: 'List' }).click();
    await page.getByRole('heading', { name: 'Tuesday, December 15, 2026' }).waitFor();
    await captureScreen(page, 'agenda', 'calendar');
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('grid', { name: 'Tasks' }).getByText('پیگیری فاکتور').waitFor();
    await captureScreen(page, 'tasks', 'calendar');
    await checkAccessibility(page, 'tasks list (en)');
  });
});
