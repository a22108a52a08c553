// Browser journey through bulk actions on the customers grid: choose rows, tag them, give them to a
// colleague, export the selection, move them to the recycle bin — each done by the server for all or none.
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

describe('bulk actions', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'پخش البرز',
      name: 'فرهاد توکلی',
      email: `farhad.${Date.now()}@example.com`,
    });
    ({ server, browser, page, api } = journey);
    const invitation = await api('post', '/api/v1/invitations', {
      email: `nazanin.${Date.now()}@example.com`,
      role: 'agent',
    });
    expect(invitation.status).toBe(201);
    const other = await browser.newContext();
    const accepted = await other.request.post(
      `${server.url}/api/v1/invitations/${String(invitation.body.token)}/accept`,
      { data: { name: 'نازنین اکبری', password: 'گذرواژه-امن-1405' }, headers: { origin: server.url } },
    );
    expect(accepted.status()).toBe(200);
    colleagueId = String(((await accepted.json()) as { user: { id: string } }).user.id);
    await other.close();
    for (const [key, lastName] of [
      ['a', 'صالحی'],
      ['b', 'مرادی'],
      ['c', 'یزدانی'],
    ] as const) {
      const created = await api('post', '/api/v1/contacts', { firstName: 'مشتری', lastName });
      expect(created.status).toBe(201);
      ids[key] = String(created.body.id);
    }
  });
  afterAll(async () => {
    await journey?.close();
  });

  const rowOf = (name: string) => page.getByRole('row', { name: new RegExp(name) });
  const contact = async (key: string) =>
    (await api('get', `/api/v1/contacts/${ids[key]}`)).body as { tags: string[]; ownerId: string };

  it('tags two chosen contacts, gives them to a colleague, exports them and moves them to the bin', async () => {
    await page.goto(`${server.url}/customers`);
    await rowOf('صالحی').getByRole('checkbox').check();
    await rowOf('مرادی').getByRole('checkbox').check();
    const bar = page.getByRole('toolbar', { name: 'کارهای رکوردهای انتخاب‌شده' });
    await bar.getByText('انتخاب‌شده: ۲').waitFor();
    await captureScreen(page, 'selected', 'bulk');
    await checkAccessibility(page, 'bulk actions (fa)');

    await bar.getByRole('button', { name: 'افزودن برچسب' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('برچسب').fill('نمایشگاه پاییز');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByText('انجام شد: ۲ رکورد تغییر کرد.').waitFor();
    expect((await contact('a')).tags).toEqual(['نمایشگاه پاییز']);
    expect((await contact('b')).tags).toEqual(['نمایشگاه پاییز']);
    expect((await contact('c')).tags).toEqual([]);

    await rowOf('صالحی').getByRole('checkbox').check();
    await rowOf('یزدانی').getByRole('checkbox').check();
    await bar.getByRole('button', { name: 'سپردن به…' }).click();
    await page.getByRole('menuitem', { name: 'نازنین اکبری' }).click();
    await page.getByText('انجام شد: ۲ رکورد تغییر کرد.').waitFor();
    await expect.poll(async () => (await contact('c')).ownerId).toBe(colleagueId);
    expect((await contact('a')).ownerId).toBe(colleagueId);
    expect((await contact('b')).ownerId).not.toBe(colleagueId);

    await rowOf('مرادی').getByRole('checkbox').check();
    await bar.getByRole('button', { name: 'برون‌بری' }).click();
    const exportDialog = page.getByRole('dialog');
    await exportDialog.waitFor();
    await captureScreen(page, 'export', 'bulk');
    await exportDialog.getByRole('button', { name: /انصراف|بستن/ }).click();

    // Two at once into exploration, with one reason kept in each one's history.
    await rowOf('صالحی').getByRole('checkbox').check();
    await bar.getByRole('button', { name: 'تغییر مرحله' }).click();
    const phaseDialog = page.getByRole('dialog');
    await phaseDialog.getByLabel('مرحله', { exact: true }).click();
    await page.getByRole('option', { name: 'کشف' }).click();
    await phaseDialog.getByLabel('دلیل').fill('در نمایشگاه پاییز آشنا شدیم');
    await phaseDialog.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByText('انجام شد: ۲ رکورد انتخاب‌شده اکنون در این مرحله‌اند.').waitFor();
    for (const key of ['a', 'b']) {
      const state = (await api('get', `/api/v1/contacts/${ids[key]}/phase`)).body;
      expect(state.phase).toBe('exploration');
    }
    expect((await api('get', `/api/v1/contacts/${ids.c}/phase`)).body.phase).toBeNull();

    await rowOf('مرادی').getByRole('checkbox').check();
    await bar.getByRole('button', { name: 'انتقال به سطل بازیافت' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'انتقال به سطل بازیافت' }).click();
    await rowOf('مرادی').waitFor({ state: 'detached' });
    expect((await api('get', `/api/v1/contacts/${ids.b}`)).status).toBe(404);
    await rowOf('صالحی').waitFor();
  });

  it('shows the bar in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers`);
    await rowOf('صالحی').getByRole('checkbox').check();
    await page
      .getByRole('toolbar', { name: 'Actions on the chosen records' })
      .getByText('Chosen: 1')
      .waitFor();
    await captureScreen(page, 'selected', 'bulk');
    await checkAccessibility(page, 'bulk actions (en)');
  });

  it('pages forward by cursor and counts the list once, with its first page', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ firstName: 'Page', lastName: `Reader ${i + 10}` }));
    expect((await api('post', '/api/v1/contacts/batch', { items })).status).toBe(201);
    const listRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/contacts?')) listRequests.push(request.url());
    });
    await page.goto(`${server.url}/customers?sort=name`);
    // The pager's text carries direction marks around its numbers: compare without them.
    const pager = async () =>
      ((await page.locator('.MuiTablePagination-displayedRows').textContent()) ?? '').replace(
        /[\u200e\u200f\u2066-\u2069]/g,
        '',
      );
    await expect.poll(pager, { timeout: 20_000 }).toBe('1–25 of 32');
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await expect.poll(pager, { timeout: 20_000 }).toBe('26–32 of 32');
    await rowOf('Reader 39').waitFor();
    const first = listRequests.filter((url) => !url.includes('cursor='));
    const later = listRequests.filter((url) => url.includes('cursor='));
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((url) => url.includes('total=true'))).toBe(true);
    expect(later.length).toBeGreaterThan(0);
    expect(later.some((url) => url.includes('total='))).toBe(false);
  });
});
