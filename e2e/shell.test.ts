// Browser journeys through the web shell against the real server: sign up in Persian, settings to English,
// log out and in (wrong password first), switch organisation, and screenshots + axe checks in both languages.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, settle, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

const PERSIAN_DIGIT = /[۰-۹]/;
const ASCII_DIGIT = /[0-9]/;

const owner = {
  organization: 'بازرگانی پیوند نمونه',
  name: 'سارا احمدی',
  email: `sara.${Date.now()}@example.com`,
  password: 'گذرواژه-امن-1405',
};

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function htmlAttrs() {
  return page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
}

async function openUserMenu() {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menu').waitFor();
}

/** Picks an option in an MUI select identified by its label. */
async function choose(label: RegExp, option: RegExp | string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

describe('web shell', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      colorScheme: 'light',
      locale: 'fa-IR',
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('first visit shows login in Persian (rtl) with a link to sign-up, and the same in English', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    expect(await htmlAttrs()).toEqual({ dir: 'rtl', lang: 'fa' });
    await page.getByRole('heading', { name: 'ورود' }).waitFor();
    await page.getByRole('link', { name: 'ثبت‌نام' }).waitFor();
    expect(await page.title()).toBe('پیوند');
    await captureScreen(page, 'login');
    await checkAccessibility(page, 'login (fa)');

    await page.getByRole('link', { name: 'ثبت‌نام' }).click();
    await page.waitForURL(/\/signup$/);
    await page.getByRole('heading', { name: 'ثبت‌نام' }).waitFor();
    await captureScreen(page, 'signup');
    await checkAccessibility(page, 'sign-up (fa)');

    // The language switch re-renders in place: no reload, left-to-right.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign up' }).waitFor();
    expect(await htmlAttrs()).toEqual({ dir: 'ltr', lang: 'en' });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await captureScreen(page, 'signup');
    await checkAccessibility(page, 'sign-up (en)');

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await captureScreen(page, 'login');
    await checkAccessibility(page, 'login (en)');

    await page.getByRole('button', { name: 'فارسی' }).click();
    await page.getByRole('heading', { name: 'ورود' }).waitFor();
    expect(await htmlAttrs()).toEqual({ dir: 'rtl', lang: 'fa' });
  });

  it('signs up in Persian and lands on the home page with a Jalali date in Persian digits', async () => {
    await page.getByRole('link', { name: 'ثبت‌نام' }).click();
    await page.waitForURL(/\/signup$/);
    // Client-side checks first: an empty form shows errors in place and sends nothing.
    await page.getByRole('button', { name: 'ساخت سازمان و ثبت‌نام' }).click();
    await page.getByText('این بخش را پر کنید.').first().waitFor();

    await page.locator('input[name="organization"]').fill(owner.organization);
    await page.locator('input[name="name"]').fill(owner.name);
    await page.locator('input[name="email"]').fill(owner.email);
    await page.locator('input[name="password"]').fill(owner.password);
    await page.getByRole('button', { name: 'ساخت سازمان و ثبت‌نام' }).click();

    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: /خوش آمدید/ }).waitFor();
    expect(await htmlAttrs()).toEqual({ dir: 'rtl', lang: 'fa' });
    await page.getByText(new RegExp(`^سازمان: .${owner.organization}.$`)).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(owner.name);
    const today = (await page.getByTestId('today').textContent()) ?? '';
    expect(today).toMatch(/^امروز: /);
    expect(today).toMatch(PERSIAN_DIGIT);
    expect(today).not.toMatch(ASCII_DIGIT);
    const jalaliYear = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
      year: 'numeric',
      timeZone: 'Asia/Tehran',
    }).format(new Date());
    expect(today).toContain(jalaliYear.replace(/\s*ه\.ش\.?/, ''));
    for (const module of ['مشتریان', 'فروش', 'پشتیبانی', 'بازاریابی', 'تحلیل']) {
      await page.getByRole('heading', { name: module }).waitFor();
    }
    expect(await page.getByText('به‌زودی').count()).toBe(3);
    await captureScreen(page, 'home');
    await checkAccessibility(page, 'home (fa)');
    await openUserMenu();
    await captureScreen(page, 'user-menu');
    await checkAccessibility(page, 'user menu (fa)');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });

    // The menu button opens the navigation by module; the current page is marked.
    await page.getByRole('button', { name: 'باز کردن منو' }).click();
    const nav = page.getByRole('navigation', { name: 'بخش‌ها' });
    await nav.getByRole('link', { name: 'خانه' }).and(nav.locator('[aria-current="page"]')).waitFor();
    await captureScreen(page, 'nav');
    await checkAccessibility(page, 'navigation (fa)');
    await nav.getByRole('link', { name: /^مشتریان/ }).click();
    await page.waitForURL(/\/customers$/);
    await nav.waitFor({ state: 'detached' });
    await page.goBack();

    await page.locator('a[href="/service"]').click();
    await page.getByText('این بخش هنوز ساخته نشده است', { exact: false }).waitFor();
    await captureScreen(page, 'coming-soon');
    await page.getByRole('link', { name: 'بازگشت به صفحهٔ اصلی' }).click();
    await page.waitForURL(`${server.url}/`);
  });

  it('settings: switching to English, Gregorian and Latin digits applies at once', async () => {
    await openUserMenu();
    await page.getByRole('menuitem', { name: 'تنظیمات' }).click();
    await page.waitForURL(/\/settings$/);
    await page.getByRole('heading', { name: 'تنظیمات', level: 1 }).waitFor();
    expect(await page.locator('select[name="timeZone"]').inputValue()).toBe('Asia/Tehran');
    expect(await page.locator('select[name="timeZone"] option').count()).toBeGreaterThan(100);
    await captureScreen(page, 'settings');
    await checkAccessibility(page, 'settings (fa)');

    await choose(/زبان/, 'English');
    await choose(/تقویم/, 'میلادی');
    await choose(/ارقام/, /لاتین/);
    await page.getByRole('button', { name: 'ذخیره' }).click();

    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await htmlAttrs()).toEqual({ dir: 'ltr', lang: 'en' });
    await page.getByText('Settings saved.').waitFor();
    const sample = (await page.getByTestId('settings-sample').textContent()) ?? '';
    expect(sample).toContain(String(new Date().getFullYear()));
    expect(sample).not.toMatch(PERSIAN_DIGIT);
    await captureScreen(page, 'settings');
    await checkAccessibility(page, 'settings (en)');

    await page.goto(`${server.url}/service`);
    await page.getByText('This module is not built yet', { exact: false }).waitFor();
    await captureScreen(page, 'coming-soon');
    await page.getByRole('link', { name: 'Peyvand' }).click();
    await page.getByRole('button', { name: 'Open the menu' }).click();
    await page.getByRole('navigation', { name: 'Modules' }).getByRole('link', { name: 'Calendar' }).waitFor();
    await captureScreen(page, 'nav');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    const today = (await page.getByTestId('today').textContent()) ?? '';
    expect(today).toMatch(/^Today: /);
    expect(today).toContain(String(new Date().getFullYear()));
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await captureScreen(page, 'home');
    await checkAccessibility(page, 'home (en)');
    await openUserMenu();
    await captureScreen(page, 'user-menu');
    await checkAccessibility(page, 'user menu (en)');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });

    // Theme toggle from the user menu.
    await openUserMenu();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await page.getByRole('menu').waitFor({ state: 'detached' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(246, 247, 249)');
    await captureScreen(page, 'home-dark');
    await checkAccessibility(page, 'home dark (en)');
    await openUserMenu();
    await page.getByRole('menuitemradio', { name: 'Light' }).click();
    await page.getByRole('menu').waitFor({ state: 'detached' });
  });

  it('accepts an invitation at /invite/:token and signs the new person in', async () => {
    const invitation = await page.evaluate(async () => {
      const response = await fetch('/api/v1/invitations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ email: `reza.${Date.now()}@example.com` }),
      });
      return { status: response.status, body: (await response.json()) as { token?: string } };
    });
    expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
    const guest = await browser.newContext({ viewport: VIEWPORTS.desktop, colorScheme: 'light' });
    try {
      const invitee = await guest.newPage();
      await invitee.goto(`${server.url}/invite/${invitation.body.token}`);
      await invitee.getByRole('heading', { name: 'پذیرش دعوت' }).waitFor();
      await invitee.getByText(owner.organization, { exact: false }).waitFor();
      await captureScreen(invitee, 'invite');
      await checkAccessibility(invitee, 'invitation (fa)');
      await invitee.getByRole('button', { name: 'English' }).click();
      await invitee.getByRole('heading', { name: 'Accept invitation' }).waitFor();
      await captureScreen(invitee, 'invite');
      await checkAccessibility(invitee, 'invitation (en)');

      await invitee.locator('input[name="name"]').fill('رضا کریمی');
      await invitee.locator('input[name="password"]').fill('another-good-password');
      await invitee.getByRole('button', { name: 'Accept and log in' }).click();
      await invitee.waitForURL(`${server.url}/`);
      await invitee.getByRole('heading', { level: 1 }).filter({ hasText: 'رضا کریمی' }).waitFor();
      await invitee.getByText(owner.organization, { exact: false }).first().waitFor();
    } finally {
      await guest.close();
    }
  });

  it('logs out, shows a wrong password in place, then logs in again', async () => {
    await openUserMenu();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    await page.locator('input[name="email"]').fill(owner.email);
    await page.locator('input[name="password"]').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('The email or password is not correct.').waitFor();
    expect(await page.locator('input[name="password"]').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/login$/);
    await captureScreen(page, 'login-error');
    // The same error, re-rendered in Persian by the language switch.
    await page.getByRole('button', { name: 'فارسی' }).click();
    await page.getByRole('alert').getByText('ایمیل یا گذرواژه درست نیست.').waitFor();
    await captureScreen(page, 'login-error');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    await page.locator('input[name="password"]').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/`);
    // The user's saved language comes back with the session.
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    expect(await htmlAttrs()).toEqual({ dir: 'ltr', lang: 'en' });
  });

  it('switches organisation when the API can create a second one', async (ctx) => {
    const created = await page.evaluate(async () => {
      const response = await fetch('/api/v1/tenants', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ name: 'Second Org' }),
      });
      return response.status;
    });
    if (created !== 201) {
      ctx.skip(`POST /api/v1/tenants answered ${created}, not 201: no second organisation to switch to`);
      return;
    }
    await page.reload();
    await page.getByTestId('tenant-switcher').click();
    await page.getByRole('menuitemradio', { name: 'Second Org' }).waitFor();
    await captureScreen(page, 'switcher');
    await page.getByRole('menuitemradio', { name: 'Second Org' }).click();
    await page.getByText(/Organization: .*Second Org/).waitFor();
    await expect(page.getByTestId('tenant-switcher').textContent()).resolves.toContain('Second Org');
  });

  it('works at phone width: home and settings fit in 390 px, in Persian too', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await choose(/Language/, 'فارسی');
    await choose(/Digits/, /Persian/);
    await choose(/Calendar/, /Jalali/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'تنظیمات', level: 1 }).waitFor();
    await settle(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await page.getByRole('link', { name: 'پیوند' }).click();
    await page.getByText('خوش آمدید', { exact: false }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      VIEWPORTS.phone.width,
    );
    const today = (await page.getByTestId('today').textContent()) ?? '';
    expect(today).toMatch(PERSIAN_DIGIT);
    expect(today).not.toMatch(ASCII_DIGIT);
    await page.setViewportSize(VIEWPORTS.desktop);

    // The remaining Persian pictures: organisation menu and dark theme.
    await page.getByTestId('tenant-switcher').click();
    await page.getByRole('menu').waitFor();
    await captureScreen(page, 'switcher');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await openUserMenu();
    await page.getByRole('menuitemradio', { name: 'تیره' }).click();
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await captureScreen(page, 'home-dark');
    await checkAccessibility(page, 'home dark (fa)');
    await openUserMenu();
    await page.getByRole('menuitemradio', { name: 'روشن' }).click();
    await page.getByRole('menu').waitFor({ state: 'detached' });
  });

  it('shows the throttling message after too many failed logins (429)', async () => {
    const guest = await browser.newContext({ viewport: VIEWPORTS.desktop, colorScheme: 'light' });
    try {
      const visitor = await guest.newPage();
      await visitor.goto(`${server.url}/login`);
      await visitor.getByRole('heading', { name: 'ورود' }).waitFor();
      await visitor.locator('input[name="email"]').fill(`nobody.${Date.now()}@example.com`);
      await visitor.locator('input[name="password"]').fill('wrong-password');
      let status = 0;
      for (let attempt = 0; attempt < 10 && status !== 429; attempt += 1) {
        const [response] = await Promise.all([
          visitor.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
          visitor.getByRole('button', { name: 'ورود' }).click(),
        ]);
        status = response.status();
      }
      expect(status).toBe(429);
      const alert = visitor.getByRole('alert');
      await alert.getByText('تلاش‌های ناموفق زیادی', { exact: false }).waitFor();
      const text = (await alert.textContent()) ?? '';
      expect(text).toMatch(PERSIAN_DIGIT);
      expect(text).not.toMatch(ASCII_DIGIT);
      await captureScreen(visitor, 'login-throttled');
      await visitor.getByRole('button', { name: 'English' }).click();
      await visitor.getByRole('alert').getByText('Too many failed attempts', { exact: false }).waitFor();
      await captureScreen(visitor, 'login-throttled');
    } finally {
      await guest.close();
    }
  });
});
