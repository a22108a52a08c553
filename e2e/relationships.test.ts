// Browser journey through relationships: contacts as a board by phase — one dragged to the next phase,
// one moved to dissolution from the keyboard with the side that ended it and why, a move that lost a race
// to someone else's (409, said in the form) — then a contact's 360 page: episodes started, edited and
// closed, the record's change history, the timeline narrowed by kind and channel and paged by
// scrolling. In Persian, then in English. Screenshots + axe.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const ids: Record<string, string> = {};

async function api(method: 'get' | 'post' | 'patch', path: string, data?: unknown, ifMatch?: number) {
  const res = await context.request[method](`${server.url}${path}`, {
    data,
    headers: { origin: server.url, ...(ifMatch !== undefined ? { 'if-match': `"${ifMatch}"` } : {}) },
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

const column = (phase: string) => page.getByTestId(`column-${phase}`);
const phaseOf = async (key: string) => (await api('get', `/api/v1/contacts/${ids[key]}/phase`)).body.phase;

/** Picks an option in an MUI select identified by its label. */
async function choose(label: RegExp | string, option: RegExp | string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

describe('relationships', () => {
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
      organization: 'پخش پارسیان',
      name: 'شیرین احمدی',
      email: `shirin.${Date.now()}@example.com`,
      password: 'گذرواژه-امن-1405',
      locale: 'fa',
    });
    expect(signup.status).toBe(201);
    for (const [key, firstName, lastName, phase] of [
      ['arash', 'آرش', 'رضایی', 'awareness'],
      ['bita', 'بیتا', 'سلامی', 'exploration'],
      ['kamran', 'کامران', 'نادری', 'expansion'],
      ['donya', 'دنیا', 'شریفی', null],
    ] as const) {
      const created = await api('post', '/api/v1/contacts', { firstName, lastName });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = String(created.body.id);
      if (phase) {
        const moved = await api('post', `/api/v1/contacts/${ids[key]}/phase`, { phase, reason: 'نمایشگاه' });
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      }
    }
    // Arash's record is edited once (for the change history) and has a call, an e-mail and many notes.
    const contact = await api('get', `/api/v1/contacts/${ids.arash}`);
    expect(
      (
        await api(
          'patch',
          `/api/v1/contacts/${ids.arash}`,
          { jobTitle: 'مدیر خرید' },
          Number(contact.body.version),
        )
      ).status,
    ).toBe(200);
    const episode = await api('post', '/api/v1/episodes', {
      name: 'مذاکرهٔ قرارداد ۱۴۰۵',
      contactId: ids.arash,
    });
    expect(episode.status).toBe(201);
    for (const [channel, subject] of [
      ['call', 'پیگیری پیش‌فاکتور'],
      ['email', 'ارسال کاتالوگ'],
    ] as const) {
      const logged = await api('post', '/api/v1/interactions', {
        channel,
        direction: 'out',
        subject,
        contactId: ids.arash,
        episodeId: episode.body.id,
      });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    }
    for (let n = 1; n <= 35; n++)
      expect(
        (
          await api('post', '/api/v1/notes', {
            body: `یادداشت شمارهٔ ${n.toLocaleString('fa-IR')}`,
            contactId: ids.arash,
          })
        ).status,
      ).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('moves contacts between phases on the board: a drag, a dissolution from the keyboard, a conflict', async () => {
    await page.goto(`${server.url}/customers?type=contact&view=board`);
    await column('awareness').getByText('آرش رضایی').waitFor();
    await column('none').getByText('دنیا شریفی').waitFor();
    await column('expansion').getByText('کامران نادری').waitFor();
    await captureScreen(page, 'board', 'relationships');
    await checkAccessibility(page, 'phase board (fa)');

    // Mouse: Arash from awareness to exploration; the form opens on exploration and asks why.
    const card = column('awareness').getByTestId('phase-card').filter({ hasText: 'آرش رضایی' });
    const from = await card.boundingBox();
    const to = await column('exploration').boundingBox();
    if (!from || !to) throw new Error('board not laid out');
    const x = from.x + from.width / 2;
    // Below the name, which is a link.
    const y = from.y + from.height - 8;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 20, y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    const move = page.getByRole('dialog', { name: /تغییر مرحلهٔ .آرش رضایی./ });
    await move.getByRole('combobox', { name: 'مرحله' }).filter({ hasText: 'کشف' }).waitFor();
    await move.getByRole('button', { name: 'ذخیره' }).click();
    await move.getByText('این بخش را پر کنید.').waitFor();
    await move.getByRole('textbox', { name: 'دلیل' }).fill('درخواست نمونهٔ کالا');
    await move.getByRole('button', { name: 'ذخیره' }).click();
    await move.waitFor({ state: 'detached' });
    await column('exploration').getByText('آرش رضایی').waitFor();
    expect(await phaseOf('arash')).toBe('exploration');

    // Keyboard: Kamran's menu, "move to dissolution"; the form asks who ended it and why.
    await column('expansion').getByRole('button', { name: 'جابه‌جایی کامران نادری' }).focus();
    await page.keyboard.press('Enter');
    const toDissolution = page.getByRole('menuitem', { name: 'انتقال به «انحلال»' });
    await toDissolution.waitFor();
    await toDissolution.focus();
    await page.keyboard.press('Enter');
    const dissolve = page.getByRole('dialog', { name: /تغییر مرحلهٔ .کامران نادری./ });
    await choose('پایان‌دهنده', 'ما');
    await dissolve.getByRole('textbox', { name: 'چرا پایان یافت؟' }).fill('نبود موجودی کافی');
    await captureScreen(page, 'dissolution', 'relationships');
    await checkAccessibility(page, 'dissolution form (fa)');
    await dissolve.getByRole('button', { name: 'ذخیره' }).click();
    await dissolve.waitFor({ state: 'detached' });
    await column('dissolution').getByText('کامران نادری').waitFor();
    const history = await api('get', `/api/v1/contacts/${ids.kamran}/phase-history`);
    expect((history.body.items as { toPhase: string; endedBy: string; reason: string }[])[0]).toMatchObject({
      toPhase: 'dissolution',
      endedBy: 'us',
      reason: 'نبود موجودی کافی',
    });
    // A dissolved relationship starts again at awareness or exploration only.
    await column('dissolution').getByRole('button', { name: 'جابه‌جایی کامران نادری' }).click();
    await page.getByRole('menuitem', { name: 'انتقال به «آگاهی»' }).waitFor();
    expect(await page.getByRole('menuitem').count()).toBe(2);
    await page.keyboard.press('Escape');

    // Someone else moves Bita while the form is open: the save is refused and the form says by whom.
    await column('exploration').getByRole('button', { name: 'جابه‌جایی بیتا سلامی' }).click();
    await page.getByRole('menuitem', { name: 'انتقال به «گسترش»' }).click();
    const race = page.getByRole('dialog', { name: /تغییر مرحلهٔ .بیتا سلامی./ });
    await race.getByRole('textbox', { name: 'دلیل' }).fill('سفارش دوم');
    const bita = await api('get', `/api/v1/contacts/${ids.bita}/phase`);
    expect(
      (
        await api(
          'post',
          `/api/v1/contacts/${ids.bita}/phase`,
          { phase: 'commitment', reason: 'قرارداد سالانه' },
          Number(bita.body.version),
        )
      ).status,
    ).toBe(200);
    await race.getByRole('button', { name: 'ذخیره' }).click();
    await race.getByRole('alert').filter({ hasText: 'شیرین احمدی' }).filter({ hasText: 'تعهد' }).waitFor();
    await captureScreen(page, 'conflict', 'relationships');
    expect(await phaseOf('bita')).toBe('commitment');
    await race.getByRole('button', { name: 'انصراف' }).click();
    await column('commitment').getByText('بیتا سلامی').waitFor();
  });

  it('keeps episodes, the change history and a filtered, scrolling timeline on the 360 page', async () => {
    await column('exploration').getByRole('link', { name: 'آرش رضایی' }).click();
    await page.waitForURL(/\/customers\/contacts\/[0-9a-f-]+$/);
    const episodes = page.getByRole('region', { name: 'اپیزودهای تعامل' });
    await episodes.getByText('مذاکرهٔ قرارداد ۱۴۰۵').waitFor();
    await episodes.getByText('تعامل‌ها: ۲').waitFor();
    // Start one, give it an outcome, close it.
    await episodes.getByRole('textbox', { name: 'اپیزود تازه' }).fill('جلسهٔ معرفی محصول');
    await episodes.getByRole('button', { name: 'آغاز' }).click();
    await episodes.getByText('جلسهٔ معرفی محصول').waitFor();
    await episodes.getByRole('button', { name: 'ویرایش «جلسهٔ معرفی محصول»' }).click();
    const edit = page.getByRole('dialog', { name: 'ویرایش اپیزود' });
    await edit.getByRole('textbox', { name: 'نتیجه' }).fill('قرار شد نمونه بفرستیم');
    await edit.getByRole('button', { name: 'ذخیره' }).click();
    await edit.waitFor({ state: 'detached' });
    await episodes.getByText('قرار شد نمونه بفرستیم').waitFor();
    await episodes.getByRole('button', { name: 'بستن «جلسهٔ معرفی محصول»' }).click();
    await episodes.getByRole('button', { name: 'بازگشایی «جلسهٔ معرفی محصول»' }).waitFor();
    const stored = await api('get', `/api/v1/episodes?contactId=${ids.arash}&open=false`);
    expect(
      (stored.body.items as { name: string; description: string }[]).map((e) => [e.name, e.description]),
    ).toEqual([['جلسهٔ معرفی محصول', 'قرار شد نمونه بفرستیم']]);

    // The change history: who changed the job title, from nothing to what, in Jalali.
    const history = page.getByRole('region', { name: 'تاریخچهٔ تغییرات' });
    await history.getByText(/سمت: — ← .مدیر خرید./).waitFor();
    expect(await history.textContent()).toMatch(/۱۴۰[۰-۹]/);

    // Timeline: interactions only, then e-mails only.
    const timeline = page.getByTestId('timeline');
    await timeline.getByText(/پیگیری پیش‌فاکتور/).waitFor();
    await page.getByRole('button', { name: 'تعامل‌ها', exact: true }).click();
    await page.getByRole('button', { name: 'ایمیل', exact: true }).click();
    await timeline.getByText(/ارسال کاتالوگ/).waitFor();
    await expect.poll(() => timeline.getByRole('listitem').count()).toBe(1);
    await captureScreen(page, '360', 'relationships');
    await checkAccessibility(page, '360 with episodes, history and a filtered timeline (fa)');
    // Notes only: 35 of them, 30 a page; scrolling to the end brings the rest.
    await page.getByRole('button', { name: 'تعامل‌ها', exact: true }).click();
    await page.getByRole('button', { name: 'یادداشت‌ها', exact: true }).click();
    await expect.poll(() => timeline.getByRole('listitem').count()).toBeGreaterThanOrEqual(30);
    await timeline.getByRole('listitem').last().scrollIntoViewIfNeeded();
    await expect.poll(() => timeline.getByRole('listitem').count()).toBe(35);
    // Newest first: the last is the first note written.
    expect(await timeline.getByRole('listitem').last().textContent()).toMatch(/شمارهٔ ۱(?![۰-۹])/);
  });

  it('shows the board, the dissolution form and the 360 page in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers?type=contact&view=board`);
    await column('dissolution').getByRole('heading', { name: 'Dissolution' }).waitFor();
    await column('exploration').getByText('آرش رضایی').waitFor();
    await captureScreen(page, 'board', 'relationships');
    await checkAccessibility(page, 'phase board (en)');
    await column('exploration').getByRole('button', { name: 'Move آرش رضایی' }).click();
    await page.getByRole('menuitem', { name: 'Move to Dissolution' }).click();
    const dissolve = page.getByRole('dialog', { name: /Move .آرش رضایی./ });
    await dissolve.getByRole('combobox', { name: 'Ended by' }).waitFor();
    await captureScreen(page, 'dissolution', 'relationships');
    await dissolve.getByRole('button', { name: 'Cancel' }).click();
    await page.goto(`${server.url}/customers/contacts/${ids.arash}`);
    await page.getByRole('region', { name: 'Episodes' }).getByText('Closed').waitFor();
    await page
      .getByRole('region', { name: 'Change history' })
      .getByText(/Job title: — → .مدیر خرید./)
      .waitFor();
    await page.getByRole('button', { name: 'Interactions', exact: true }).click();
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page
      .getByTestId('timeline')
      .getByText(/پیگیری پیش‌فاکتور/)
      .waitFor();
    await captureScreen(page, '360', 'relationships');
    await checkAccessibility(page, '360 (en)');
  });
});
