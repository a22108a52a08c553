// Browser journey through customers: create a contact (a field error first), open its 360 page, log a
// call, change the phase, attach an image and preview it, find the contact from the list by a Persian
// search typed with other letters — in Persian, then the same screens in English. Screenshots + axe.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

const PERSIAN_DIGIT = /[۰-۹]/;
const ASCII_DIGIT = /[0-9]/;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let contactUrl = '';

/** Picks an option in an MUI select identified by its label. */
async function choose(label: RegExp | string, option: RegExp | string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

describe('customers', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      colorScheme: 'light',
      locale: 'fa-IR',
    });
    page = await context.newPage();
    // Sign-up itself is the shell journey's; here it is done through the API in the same cookie jar.
    const signup = await context.request.post(`${server.url}/api/v1/auth/signup`, {
      data: {
        organization: 'بازرگانی نمونه',
        name: 'مریم کریمی',
        email: `maryam.${Date.now()}@example.com`,
        password: 'گذرواژه-امن-1405',
        locale: 'fa',
      },
      headers: { origin: server.url },
    });
    expect(signup.status(), await signup.text()).toBe(201);
    // A task whose reminder is already due: the server's sweep turns it into a notification meanwhile.
    const task = await context.request.post(`${server.url}/api/v1/tasks`, {
      data: { title: 'تماس با علی', remindAt: new Date(Date.now() - 60_000).toISOString() },
      headers: { origin: server.url },
    });
    expect(task.status(), await task.text()).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a contact (the server’s field error shown in place first) and opens its 360 page', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('a[href="/customers"]').click();
    await page.waitForURL(/\/customers$/);
    await page.getByRole('heading', { name: 'مشتریان', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'اشخاص', selected: true }).waitFor();
    await page.getByText('هنوز چیزی ثبت نشده است.').waitFor();
    await checkAccessibility(page, 'customers list, empty (fa)');

    await page.getByRole('button', { name: 'شخص تازه' }).click();
    const dialog = page.getByRole('dialog');
    // Typed with Arabic letters and Persian digits, as people do.
    await dialog.locator('input[name="firstName"]').fill('علي');
    await dialog.locator('input[name="lastName"]').fill('رضايي');
    await dialog.locator('input[name="phone"]').fill('۰۹۱۲ ۳۴۵ ۶۷۸۹');
    await dialog.locator('input[name="email"]').fill('ali@');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await dialog.locator('input[name="email"][aria-invalid="true"]').waitFor();
    const help = (await dialog.locator('.MuiFormHelperText-root').first().textContent()) ?? '';
    expect(help).toMatch(/[\u0600-\u06FF]/);
    await captureScreen(page, 'create-error', 'customers');

    await dialog.locator('input[name="email"]').fill('ali.rezaei@example.com');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await page.waitForURL(/\/customers\/contacts\/[0-9a-f-]+$/);
    contactUrl = page.url();
    // Stored with Persian letters (ی), shown as a name.
    await page.getByTestId('customer-name').filter({ hasText: 'علی رضایی' }).waitFor();
    await page.getByTestId('phase').filter({ hasText: 'هنوز مرحله‌ای ندارد' }).waitFor();
    const facts = (await page.getByRole('region', { name: 'مشخصات' }).textContent()) ?? '';
    expect(facts).toMatch(PERSIAN_DIGIT);
  });

  it('logs a call in two clicks and moves the relationship to exploration', async () => {
    await page.getByRole('button', { name: 'ثبت تعامل' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('موضوع').fill('پیگیری پیش‌فاکتور');
    await dialog.getByLabel('شرح').fill('قرار شد تا ۱۰ آذر پاسخ بدهند.');
    await dialog.getByRole('button', { name: 'ثبت', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const timeline = page.getByTestId('timeline');
    await timeline.getByText(/^تماس تلفنی · خروجی — .پیگیری پیش‌فاکتور.$/).waitFor();

    await page.getByRole('button', { name: 'تغییر مرحله' }).click();
    await choose(/^مرحله/, 'کشف');
    await choose(/^گام کشف/, 'ارتباط و چانه‌زنی');
    await page.getByRole('dialog').getByRole('button', { name: 'ذخیره' }).click();
    // The reason is required: the server's answer names the field and the dialog stays open.
    await page.getByRole('dialog').getByText('این بخش را پر کنید.').waitFor();
    await page.getByRole('dialog').getByLabel('دلیل').fill('درخواست پیش‌فاکتور داد');
    await page.getByRole('dialog').getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('phase').filter({ hasText: 'کشف · ارتباط و چانه‌زنی' }).waitFor();
    await timeline.getByText('مرحله به «کشف» تغییر کرد').waitFor();
    const when = (await timeline.locator('li').first().textContent()) ?? '';
    expect(when).toMatch(PERSIAN_DIGIT);
    expect(when).not.toMatch(ASCII_DIGIT);
  });

  it('assesses trust on its three domains and shows the latest with its chart', async () => {
    const panel = page.getByRole('region', { name: 'اعتماد و تعهد' });
    await panel.getByRole('button', { name: 'ارزیابی' }).first().click();
    const dialog = page.getByRole('dialog');
    // MUI Rating: each star is a radio in the group named after the domain, labelled "n از ۵".
    for (const [domain, stars] of [
      ['benevolence', '۴'],
      ['honesty', '۵'],
      ['competence', '۳'],
    ] as const) {
      const star = dialog
        .locator(`input[name="${domain}"]`)
        .and(dialog.getByRole('radio', { name: `${stars} از ۵` }));
      await dialog.locator(`label[for="${await star.getAttribute('id')}"]`).click();
      expect(await star.isChecked()).toBe(true);
    }
    await choose(/^پایهٔ اعتماد/, 'دانش');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByTestId('trust-latest').filter({ hasText: 'خیرخواهی ۴، صداقت ۵، شایستگی ۳' }).waitFor();
    await panel.getByRole('img', { name: /^اعتماد در گذر زمان/ }).waitFor();
  });

  it('adds a task due tomorrow (Jalali date shown) and ticks it off', async () => {
    const panel = page.getByRole('region', { name: 'کارهای باز' });
    await panel.getByRole('button', { name: 'افزودن' }).click();
    await panel.getByText('این بخش را پر کنید.').waitFor();
    await panel.getByLabel('کار تازه').fill('ارسال پیش‌فاکتور');
    await panel.getByRole('button', { name: 'افزودن' }).click();
    const task = panel.getByTestId('tasks').getByRole('listitem').filter({ hasText: 'ارسال پیش‌فاکتور' });
    await task.waitFor();
    // Tomorrow on the user's clock (Tehran, the organisation's default), not this machine's: between
    // 20:30 and 24:00 UTC Tehran is already a day ahead.
    const tomorrow = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
      day: 'numeric',
      month: 'long',
      timeZone: 'Asia/Tehran',
    }).format(new Date(Date.now() + 86_400_000));
    expect(await task.textContent()).toContain(tomorrow.split(' ')[0]);
    await task.getByRole('checkbox', { name: 'انجام شد: «ارسال پیش‌فاکتور»' }).click();
    await task.waitFor({ state: 'detached' });
    await panel.getByText('کار بازی نیست.').waitFor();
  });

  it('attaches an image and previews it', async () => {
    await page
      .getByTestId('attachment-input')
      .setInputFiles({ name: 'کارت ویزیت.png', mimeType: 'image/png', buffer: PNG });
    const list = page.getByTestId('attachments');
    await list.getByRole('button', { name: 'کارت ویزیت.png' }).waitFor();
    await page
      .getByTestId('timeline')
      .getByText(/^پیوست — .کارت ویزیت\.png.$/)
      .waitFor();
    await captureScreen(page, '360', 'customers');
    await checkAccessibility(page, 'customer 360 (fa)');

    await list.getByRole('button', { name: 'کارت ویزیت.png' }).click();
    const image = page.getByRole('dialog').getByRole('img', { name: 'کارت ویزیت.png' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('edits the details; a save over someone else’s change says who and when, then overwrites', async () => {
    await page.goto(contactUrl);
    await page.getByRole('button', { name: 'ویرایش' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="jobTitle"]').fill('مدیر خرید');
    // Meanwhile the record changes elsewhere (here through the API, as another tab would).
    const id = contactUrl.split('/').pop();
    const other = await context.request.patch(`${server.url}/api/v1/contacts/${id}`, {
      data: { jobTitle: 'کارشناس' },
      headers: { origin: server.url },
    });
    expect(other.status(), await other.text()).toBe(200);
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText(/مریم کریمی.*این پرونده را تغییر داده است/).waitFor();
    expect(await alert.textContent()).toMatch(/[۰-۹]/);
    await captureScreen(page, 'edit-conflict', 'customers');
    await checkAccessibility(page, 'edit conflict (fa)');
    await alert.getByRole('button', { name: 'جایگزین کردن' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'مشخصات' }).getByText('مدیر خرید').waitFor();
    const saved = await context.request.get(`${server.url}/api/v1/contacts/${id}`);
    expect(((await saved.json()) as { jobTitle: string }).jobTitle).toBe('مدیر خرید');
  });

  it('finds the contact from anywhere with Ctrl+K, typed with Arabic letters, and opens it with Enter', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: 'جست‌وجو در همه‌چیز' });
    await box.fill('رضائي');
    const option = page.getByRole('option', { name: /علی رضایی/ });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await option.locator('mark').count()).toBeGreaterThan(0);
    await captureScreen(page, 'search', 'customers');
    await checkAccessibility(page, 'global search (fa)');
    await box.press('Enter');
    await page.waitForURL(contactUrl);
    await page.getByTestId('customer-name').filter({ hasText: 'علی رضایی' }).waitFor();
  });

  it('finds the contact from the list by a search typed with other letters and spacing', async () => {
    await page.goto(contactUrl);
    await page.getByRole('link', { name: 'بازگشت به فهرست' }).click();
    await page.waitForURL(/\/customers\?type=contact$/);
    await page.getByRole('textbox', { name: 'جست‌وجو' }).fill('علی‌رضایی');
    await page.getByRole('gridcell', { name: 'علی رضایی' }).waitFor();
    // A row's cells after its selection checkbox: the name, then the phone.
    const cells = page.locator('[role="gridcell"]:not([data-field="__check__"])');
    const phone = (await cells.nth(1).textContent()) ?? '';
    expect(phone).toMatch(PERSIAN_DIGIT);
    await captureScreen(page, 'list', 'customers');
    await checkAccessibility(page, 'customers list (fa)');
    // Sorted by the server: by name (Persian order), then the other way.
    const another = await context.request.post(`${server.url}/api/v1/contacts`, {
      data: { firstName: 'بهرام', lastName: 'آریا' },
      headers: { origin: server.url },
    });
    expect(another.status()).toBe(201);
    await page.getByRole('textbox', { name: 'جست‌وجو' }).fill('');
    const firstName = () => cells.first().textContent();
    await page.getByRole('columnheader', { name: 'نام' }).click();
    await expect.poll(firstName).toBe('بهرام آریا');
    await page.getByRole('columnheader', { name: 'نام' }).click();
    await expect.poll(firstName).toBe('علی رضایی');
    await page.getByRole('textbox', { name: 'جست‌وجو' }).fill('zzzz');
    await page
      .getByText('چیزی با این جست‌وجو پیدا نشد.')
      .or(page.getByText('هنوز چیزی ثبت نشده است.'))
      .first()
      .waitFor();
  });

  it('rings the bell for the due reminder, and marks it read when opened', async () => {
    const bell = page.getByTestId('notifications');
    // The sweep runs every 30 s; reload until the reminder has become a notification.
    for (let i = 0; i < 20 && (await bell.getAttribute('aria-label')) !== 'اعلان‌ها: ۱ خوانده‌نشده'; i++) {
      await page.waitForTimeout(5_000);
      await page.reload();
      await bell.waitFor();
    }
    expect(await bell.getAttribute('aria-label')).toBe('اعلان‌ها: ۱ خوانده‌نشده');
    await bell.click();
    const item = page.getByRole('menuitem', { name: /یادآوری: .تماس با علی./ });
    await item.waitFor();
    await captureScreen(page, 'notifications', 'customers');
    await checkAccessibility(page, 'notifications (fa)');
    await item.click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('اعلان‌ها');
    await page.keyboard.press('Escape');
  });

  it('shows the same screens in English, left to right', async () => {
    const patch = await context.request.patch(`${server.url}/api/v1/me/settings`, {
      data: { locale: 'en', calendar: 'gregorian', digits: 'latn' },
      headers: { origin: server.url },
    });
    expect(patch.status(), await patch.text()).toBe(200);
    await page.goto(`${server.url}/customers`);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('gridcell', { name: 'علی رضایی' }).waitFor();
    await captureScreen(page, 'list', 'customers');
    await checkAccessibility(page, 'customers list (en)');

    await page.goto(contactUrl);
    await page
      .getByTestId('phase')
      .filter({ hasText: 'Exploration · Communication and bargaining' })
      .waitFor();
    await page
      .getByTestId('timeline')
      .getByText(/^Call · Outgoing — .پیگیری پیش‌فاکتور.$/)
      .waitFor();
    // The phone was typed with Persian digits; in English it reads with Latin ones.
    // (The facts panel draws on the record's schema, which may arrive after the phase and timeline.)
    await page.getByRole('region', { name: 'Details' }).getByText('0912 345 6789').waitFor();
    const when = (await page.getByTestId('timeline').locator('li').first().textContent()) ?? '';
    expect(when).toMatch(ASCII_DIGIT);
    await captureScreen(page, '360', 'customers');
    await checkAccessibility(page, 'customer 360 (en)');

    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: 'New contact' }).click();
    await captureScreen(page, 'create', 'customers');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });
});
