// Browser journey through the catalogue's set-up and team performance: a tax class (a rate over 100 shown
// at its field), a category, a customer group with an account, and a price list for that group with a
// product price from a day picked in the Jalali calendar — after which the server prices the product at
// the list's price for that account, and at the base price before the list starts. Then a manager's
// team performance shows the revenue of a deal they won, and the deals list is filtered by stage and by
// owner in the filter builder, its chips naming them (also after a reload from the URL). Persian, then
// English.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, VIEWPORTS } from './support/browser';
import { type Api, type Journey, openJourney, PASSWORD } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
let managerContext: BrowserContext;
let managerPage: Page;
let agentContext: BrowserContext;
const ids: Record<string, string> = {};
/** Lists and forms wait on the server; give them time on a busy machine. */
const soon = { timeout: 15_000 };

/** The titles in the deals grid's rows, sorted. */
async function rowTitles(): Promise<string[]> {
  const cells = page.locator('[role="row"] [role="gridcell"][data-field="title"]');
  return (await cells.allTextContents()).map((text) => text.trim()).sort();
}

/** A member invited with a role, signed in in a browser context of their own. */
async function join(role: 'manager' | 'agent', name: string): Promise<BrowserContext> {
  const invitation = await api('post', '/api/v1/invitations', {
    email: `${role}.${Date.now()}@example.com`,
    role,
  });
  expect(invitation.status).toBe(201);
  const context = await journey.browser.newContext({
    viewport: VIEWPORTS.desktop,
    colorScheme: 'light',
    locale: 'fa-IR',
  });
  const accepted = await context.request.post(
    `${server.url}/api/v1/invitations/${String(invitation.body.token)}/accept`,
    { data: { name, password: PASSWORD }, headers: { origin: server.url } },
  );
  expect(accepted.status()).toBe(200);
  return context;
}

async function choose(scope: ReturnType<Page['getByRole']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('catalogue set-up and team performance', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'پخش رایانه پارس',
      name: 'نرگس رحیمی',
      email: `narges.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    const account = await api('post', '/api/v1/accounts', { name: 'شرکت آرمان' });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    ids.account = String(account.body.id);
    const product = await api('post', '/api/v1/products', {
      kind: 'good',
      sku: 'KARA-14',
      nameFa: 'لپ‌تاپ کارا ۱۴',
      nameEn: 'Kara 14 laptop',
      unit: 'عدد',
      basePrice: '250000000',
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    ids.product = String(product.body.id);

    // A manager who won a deal: they see their team's performance. An agent only reads the catalogue.
    managerContext = await join('manager', 'کاوه نوری');
    agentContext = await join('agent', 'سحر امینی');
    const pipelines = (await managerContext.request.get(`${server.url}/api/v1/pipelines`)).json();
    const stages = ((await pipelines) as { items: { stages: { id: string; kind: string }[] }[] }).items[0]
      ?.stages;
    const deal = await managerContext.request.post(`${server.url}/api/v1/deals`, {
      data: { title: 'فروش لپ‌تاپ', amount: '500000000', stageId: stages?.find((s) => s.kind === 'won')?.id },
      headers: { origin: server.url },
    });
    expect(deal.status(), await deal.text()).toBe(201);
    managerPage = await managerContext.newPage();
    const renewal = await api('post', '/api/v1/deals', { title: 'تمدید پشتیبانی', amount: '80000000' });
    expect(renewal.status, JSON.stringify(renewal.body)).toBe(201);
  });
  afterAll(async () => {
    await managerContext?.close();
    await agentContext?.close();
    await journey?.close();
  });

  it('adds a tax class, the bad rate shown at its field, and a category', async () => {
    await page.goto(`${server.url}/products`);
    await page.getByRole('tab', { name: 'گروه‌های مالیاتی' }).click();
    // Every Iranian organisation starts with the standard 10% class, the default.
    await page
      .getByRole('row', { name: /استاندارد/ })
      .getByText('۱۰٪')
      .waitFor(soon);
    await page.getByRole('button', { name: 'گروه مالیاتی تازه' }).click();
    const form = page.getByRole('dialog');
    await form.locator('input[name="name"]').fill('نرخ کاهش‌یافته');
    await form.locator('input[name="rate"]').fill('۱۵۰');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.locator('input[name="rate"][aria-invalid="true"]').waitFor(soon);
    await form.locator('input[name="rate"]').fill('۹');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.waitFor({ state: 'detached', ...soon });
    await page
      .getByRole('row', { name: /نرخ کاهش‌یافته/ })
      .getByText('۹٪')
      .waitFor(soon);
    const classes = (await api('get', '/api/v1/tax-classes')).body.items as { name: string; rate: string }[];
    expect(classes.find((c) => c.name === 'نرخ کاهش‌یافته')?.rate).toBe('9');
    await captureScreen(page, 'tax-classes', 'catalogue');
    await checkAccessibility(page, 'tax classes (fa)');
    // The default class stays (409), and the form says why in Persian.
    await page.getByRole('button', { name: 'استاندارد' }).click();
    const standard = page.getByRole('dialog', { name: 'استاندارد' });
    await standard.getByRole('button', { name: 'حذف' }).click();
    const confirm = page.getByRole('dialog', { name: 'این گروه مالیاتی حذف شود؟' });
    await confirm.getByRole('button', { name: 'حذف' }).click();
    await confirm.getByRole('alert').filter({ hasText: 'پیش‌فرض حذف نمی‌شود' }).waitFor(soon);
    await confirm.getByRole('button', { name: 'انصراف' }).click();
    await confirm.waitFor({ state: 'detached', ...soon });
    await standard.getByRole('button', { name: 'انصراف' }).click();
    await standard.waitFor({ state: 'detached', ...soon });

    await page.getByRole('tab', { name: 'گروه‌های کالا' }).click();
    await page.getByRole('button', { name: 'گروه کالای تازه' }).click();
    await form.locator('input[name="nameFa"]').fill('لپ‌تاپ');
    await form.locator('input[name="nameEn"]').fill('Laptops');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.waitFor({ state: 'detached', ...soon });
    await page.getByRole('row', { name: /Laptops/ }).waitFor(soon);
    expect((await api('get', '/api/v1/product-categories')).body.items).toMatchObject([
      { nameFa: 'لپ‌تاپ', nameEn: 'Laptops' },
    ]);
  });

  it('shows an agent the set-up without edit controls, and no team performance', async () => {
    const agentPage = await agentContext.newPage();
    await agentPage.goto(`${server.url}/products?tab=taxClasses`);
    await agentPage.getByRole('button', { name: 'نرخ کاهش‌یافته' }).click(soon);
    const form = agentPage.getByRole('dialog');
    await form.getByRole('button', { name: 'انصراف' }).waitFor();
    // The server refuses an agent's catalogue changes (403), so the screens offer none.
    expect(await form.locator('input[name="rate"]').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'ذخیره' }).count()).toBe(0);
    expect(await form.getByRole('button', { name: 'حذف' }).count()).toBe(0);
    await form.getByRole('button', { name: 'انصراف' }).click();
    expect(await agentPage.getByRole('button', { name: 'گروه مالیاتی تازه' }).count()).toBe(0);
    await agentPage.getByRole('tab', { name: 'کالاها' }).click();
    await agentPage.getByRole('gridcell', { name: 'KARA-14' }).waitFor(soon);
    expect(await agentPage.getByRole('button', { name: 'کالای تازه' }).count()).toBe(0);
    // Team performance is for those who oversee others: an agent asking for it gets the board.
    await agentPage.goto(`${server.url}/sales?view=performance`);
    await agentPage.getByRole('button', { name: 'پیش‌بینی' }).waitFor(soon);
    expect(await agentPage.getByRole('button', { name: 'عملکرد تیم' }).count()).toBe(0);
    expect(await agentPage.getByTestId('performance').count()).toBe(0);
    await agentPage.close();
  });

  it('makes a customer group with an account, and a price list for it that the server applies', async () => {
    await page.getByRole('tab', { name: 'گروه‌های مشتری' }).click();
    await page.getByRole('button', { name: 'گروه مشتری تازه' }).click();
    const form = page.getByRole('dialog');
    await form.locator('input[name="name"]').fill('عمده‌فروشان');
    await form.getByRole('combobox', { name: 'افزودن سازمان' }).fill('آرمان');
    await page.getByRole('option', { name: 'شرکت آرمان' }).click();
    await form.getByRole('listitem').filter({ hasText: 'شرکت آرمان' }).waitFor();
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.waitFor({ state: 'detached', ...soon });
    await page
      .getByRole('row', { name: /عمده‌فروشان/ })
      .getByText('۱')
      .waitFor(soon);
    const groups = (await api('get', '/api/v1/customer-groups')).body.items as {
      id: string;
      accounts: { id: string }[];
    }[];
    expect(groups[0]?.accounts).toEqual([expect.objectContaining({ id: ids.account })]);
    await captureScreen(page, 'customer-groups', 'catalogue');

    await page.getByRole('tab', { name: 'فهرست‌های قیمت' }).click();
    await page.getByRole('button', { name: 'فهرست قیمت تازه' }).click();
    await form.locator('input[name="name"]').fill('قیمت عمده');
    await choose(form, 'برای', 'عمده‌فروشان');
    // Valid from the first day of this Jalali month (the picker opens on today's month).
    await form.getByRole('button', { name: 'تاریخ را انتخاب کنید' }).first().click();
    await page.getByRole('gridcell', { name: '۱', exact: true }).click();
    await form.getByRole('button', { name: 'افزودن قیمت' }).click();
    const item = form.getByRole('group', { name: 'قیمت ۱' });
    await item.getByRole('combobox', { name: 'کالا' }).fill('KARA');
    await page.getByRole('option', { name: /KARA-14/ }).click();
    await item.getByLabel('قیمت واحد').fill('۲۰۰۰۰۰۰۰۰');
    // The amount as read, in the organisation's Toman.
    await item.getByText('۲۰٬۰۰۰٬۰۰۰ تومان').waitFor();
    await captureScreen(page, 'price-list', 'catalogue');
    await checkAccessibility(page, 'price list form (fa)');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await form.waitFor({ state: 'detached', ...soon });
    const row = page.getByRole('row', { name: /قیمت عمده/ });
    await row.getByText('عمده‌فروشان').waitFor(soon);
    await row.getByText(/^از .*آذر|^از /).waitFor();

    const lists = (await api('get', '/api/v1/price-lists')).body.items as { id: string; validFrom: string }[];
    const validFrom = lists[0]?.validFrom ?? '';
    expect(validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const price = await api(
      'get',
      `/api/v1/prices?productId=${ids.product}&accountId=${ids.account}&date=${validFrom}`,
    );
    expect(price.body).toMatchObject({
      unitPrice: '200000000',
      source: { kind: 'price_list', name: 'قیمت عمده' },
    });
    // The day before the list starts, the account pays the base price.
    const before = new Date(Date.parse(`${validFrom}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const earlier = await api(
      'get',
      `/api/v1/prices?productId=${ids.product}&accountId=${ids.account}&date=${before}`,
    );
    expect(earlier.body).toMatchObject({ unitPrice: '250000000', source: { kind: 'base' } });
    await captureScreen(page, 'price-lists', 'catalogue');
    await checkAccessibility(page, 'price lists (fa)');
  });

  it('shows a manager the revenue their team won this month', async () => {
    await managerPage.goto(`${server.url}/sales`);
    await managerPage.getByRole('button', { name: 'عملکرد تیم' }).click();
    const member = managerPage.getByTestId('performance').getByRole('row', { name: /کاوه نوری/ });
    await member.getByText('۵۰۰٬۰۰۰٬۰۰۰ ریال').waitFor(soon);
    await expect.poll(() => member.getByRole('cell').nth(0).textContent()).toBe('۱');
    await captureScreen(managerPage, 'performance', 'catalogue');
    await checkAccessibility(managerPage, 'team performance (fa)');
  });

  it('filters the deals list by stage and by owner, the chips naming them', async () => {
    await page.goto(`${server.url}/sales?view=list`);
    await expect.poll(rowTitles, soon).toEqual(['تمدید پشتیبانی', 'فروش لپ‌تاپ'].sort());
    await page.getByRole('button', { name: 'فیلتر' }).click();
    const dialog = page.getByRole('dialog', { name: 'فیلتر فهرست' });
    await dialog.getByRole('button', { name: 'افزودن شرط', exact: true }).click();
    const condition = dialog.getByTestId('filter-condition').first();
    await choose(condition, 'ویژگی', 'مرحله');
    // Stages are listed by name under their pipeline.
    await condition.getByRole('combobox', { name: 'مقدار' }).click();
    await page.getByRole('listbox').getByText('قیف فروش', { exact: false }).first().waitFor();
    await page.getByRole('option', { name: 'برنده', exact: true }).click();
    await dialog.getByRole('button', { name: 'اعمال' }).click();
    await expect.poll(rowTitles, soon).toEqual(['فروش لپ‌تاپ']);
    const chip = page.getByTestId('filter-chip');
    await expect.poll(() => chip.textContent(), soon).toBe('مرحله برابر با \u2068برنده\u2069');

    await page.getByRole('button', { name: 'فیلتر' }).click();
    await choose(condition, 'ویژگی', 'مسئول');
    await choose(condition, 'مقدار', 'نرگس رحیمی');
    await dialog.getByRole('button', { name: 'اعمال' }).click();
    await expect.poll(rowTitles, soon).toEqual(['تمدید پشتیبانی']);
    await expect.poll(() => chip.textContent(), soon).toBe('مسئول برابر با \u2068نرگس رحیمی\u2069');
    // The filter lives in the URL by id; opened afresh, the chip still names the owner.
    expect(new URL(page.url()).searchParams.get('filter')).toContain('"ownerId"');
    await page.reload();
    await expect.poll(rowTitles, soon).toEqual(['تمدید پشتیبانی']);
    await expect.poll(() => chip.textContent(), soon).toBe('مسئول برابر با \u2068نرگس رحیمی\u2069');
    await captureScreen(page, 'deals-filtered', 'catalogue');
    await checkAccessibility(page, 'deals filtered by owner (fa)');
  });

  it('shows the set-up and team performance in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/products?tab=priceLists`);
    const row = page.getByRole('row', { name: /قیمت عمده/ });
    await row.getByText(/^From [A-Z][a-z]{2} \d{1,2}, \d{4}$/).waitFor(soon);
    await captureScreen(page, 'price-lists', 'catalogue');
    await checkAccessibility(page, 'price lists (en)');
    await page.getByRole('tab', { name: 'Tax classes' }).click();
    await page
      .getByRole('row', { name: /نرخ کاهش‌یافته/ })
      .getByText('9%')
      .waitFor(soon);
    await captureScreen(page, 'tax-classes', 'catalogue');

    const settings = await managerContext.request.patch(`${server.url}/api/v1/me/settings`, {
      data: { locale: 'en', calendar: 'gregorian', digits: 'latn' },
      headers: { origin: server.url },
    });
    expect(settings.status()).toBe(200);
    await managerPage.goto(`${server.url}/sales?view=performance&period=year`);
    const member = managerPage.getByTestId('performance').getByRole('row', { name: /کاوه نوری/ });
    await member.getByText('500,000,000 IRR', { exact: false }).waitFor(soon);
    await captureScreen(managerPage, 'performance', 'catalogue');
    await checkAccessibility(managerPage, 'team performance (en)');
  });
});
