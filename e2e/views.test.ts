// Browser journey through list filters and saved views: a filter built with AND/OR on a custom field,
// a date picked in the Jalali calendar and a name; the right rows; saved as a view shared with a team;
// columns chosen (a custom field's among them) and saved into the view; applied again after a reload;
// the same in English with the Gregorian calendar. Screenshots fa/en, desktop/phone; axe.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The list asks the server after each change; give it time on a busy machine. */
const soon = { timeout: 15_000 };

async function api(method: 'get' | 'post' | 'patch', path: string, data?: unknown) {
  const res = await context.request[method](`${server.url}${path}`, {
    data,
    headers: { origin: server.url },
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

/** The names in the grid's rows, in order. */
async function rowNames(): Promise<string[]> {
  const rows = page.getByRole('row').filter({ has: page.getByRole('gridcell') });
  const names: string[] = [];
  // The first cell after the row's selection checkbox is the name.
  for (const row of await rows.all())
    names.push(
      (
        (await row.locator('[role="gridcell"]:not([data-field="__check__"])').first().textContent()) ?? ''
      ).trim(),
    );
  return names;
}

async function choose(scope: ReturnType<Page['getByRole']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('list filters and saved views', () => {
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
      organization: 'بازرگانی البرز',
      name: 'سارا کاظمی',
      email: `sara.${Date.now()}@example.com`,
      password: 'گذرواژه-امن-1405',
      locale: 'fa',
    });
    expect(signup.status).toBe(201);
    const me = await api('get', '/api/v1/me');
    const userId = (me.body.user as { id: string }).id;
    expect((await api('post', '/api/v1/teams', { name: 'فروش', memberIds: [userId] })).status).toBe(201);
    const field = await api('post', '/api/v1/custom-fields', {
      entity: 'contact',
      key: 'region',
      type: 'select',
      labelFa: 'منطقه',
      labelEn: 'Region',
      options: [
        { value: 'north', labelFa: 'شمال', labelEn: 'North' },
        { value: 'south', labelFa: 'جنوب', labelEn: 'South' },
      ],
    });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    for (const [firstName, lastName, birthDate, region] of [
      ['آرش', 'احمدی', '1992-06-10', 'north'], // born 1371: matches by date
      ['بهار', 'بهرامی', '1985-01-01', 'north'], // born 1363, name not ته…: no
      ['تینا', 'تهرانی', '1980-05-05', 'north'], // born 1359 but the name starts with ته: matches
      ['دارا', 'دلاوری', '1995-02-02', 'south'], // the wrong region
    ] as const) {
      const created = await api('post', '/api/v1/contacts', {
        firstName,
        lastName,
        birthDate,
        custom: { region },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds a filter with AND/OR, a custom field and a Jalali date, and shows the right rows', async () => {
    await page.goto(`${server.url}/customers?type=contact`);
    await expect.poll(rowNames, soon).toHaveLength(4);
    await page.getByRole('button', { name: 'فیلتر' }).click();
    const dialog = page.getByRole('dialog', { name: 'فیلتر فهرست' });
    await dialog.getByRole('button', { name: 'افزودن شرط', exact: true }).click();
    const first = dialog.getByTestId('filter-condition').first();
    await choose(first, 'ویژگی', 'منطقه');
    await choose(first, 'مقدار', 'شمال');

    await dialog.getByRole('button', { name: 'افزودن گروه' }).click();
    const group = dialog.getByRole('group', { name: 'گروه شرط‌ها' });
    // A group under "all conditions" starts as "any condition".
    await expect
      .poll(() => group.getByRole('button', { name: 'دست‌کم یکی' }).getAttribute('aria-pressed'), soon)
      .toBe('true');
    const byDate = group.getByTestId('filter-condition').first();
    await choose(byDate, 'ویژگی', 'تاریخ تولد');
    await choose(byDate, 'چگونه', 'از');
    // The Jalali calendar: year 1370, month Farvardin, day 1.
    await byDate.getByRole('button', { name: 'تاریخ را انتخاب کنید' }).click();
    // The header switches the calendar to its years (a click during the popup's opening can be lost).
    // On a loaded machine the switch can also land late: only click it while it still offers the years.
    const year = page.getByRole('radio', { name: '۱۳۷۰' });
    const toYears = page.getByRole('button', { name: 'نمای تقویم باز است، رفتن به نمای سال' });
    const openPicker = byDate.getByRole('button', { name: 'تاریخ را انتخاب کنید' });
    for (let attempt = 0; attempt < 8 && !(await year.isVisible()); attempt++) {
      // The popup itself may have closed (a click landing while it opened): open it again.
      if (!(await toYears.isVisible())) await openPicker.click({ timeout: 5_000 }).catch(() => undefined);
      await toYears
        .or(year)
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => undefined);
      if (await toYears.isVisible()) await toYears.click({ timeout: 5_000 }).catch(() => undefined);
      await year.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await year.click();
    await page.getByRole('radio', { name: 'فروردین' }).click();
    await page.getByRole('gridcell', { name: '۱', exact: true }).click();
    await expect.poll(() => byDate.getByRole('group').first().textContent(), soon).toContain('۱۳۷۰');

    await group.getByRole('button', { name: 'افزودن شرط به گروه' }).click();
    const byName = group.getByTestId('filter-condition').nth(1);
    await choose(byName, 'ویژگی', 'نام خانوادگی');
    await choose(byName, 'چگونه', 'آغاز با');
    await byName.getByRole('textbox', { name: 'مقدار' }).fill('ته');
    await captureScreen(page, 'builder', 'views');
    await checkAccessibility(page, 'filter builder (fa)');
    await dialog.getByRole('button', { name: 'اعمال' }).click();

    await expect.poll(rowNames, soon).toEqual(['تینا تهرانی', 'آرش احمدی']);
    const chips = page.getByTestId('filter-chip');
    await expect.poll(() => chips.count(), soon).toBe(2);
    expect(await chips.first().textContent()).toBe('منطقه برابر با شمال');
    expect(await chips.nth(1).textContent()).toContain('۱۳۷۰');
    // The filter is in the URL, in the API's own language.
    const filter = JSON.parse(new URL(page.url()).searchParams.get('filter') ?? 'null');
    expect(filter).toEqual({
      and: [
        { field: 'custom.region', op: 'eq', value: 'north' },
        {
          or: [
            { field: 'birthDate', op: 'gte', value: '1991-03-21' },
            { field: 'lastName', op: 'starts', value: 'ته' },
          ],
        },
      ],
    });
    await captureScreen(page, 'filtered', 'views');
    // A link reproduces the list.
    await page.goto(page.url());
    await expect.poll(rowNames, soon).toEqual(['تینا تهرانی', 'آرش احمدی']);
  });

  it('saves the view shared with the team, chooses columns and saves them into it', async () => {
    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'ذخیره به‌عنوان نمای تازه…' }).click();
    const dialog = page.getByRole('dialog', { name: 'ذخیرهٔ نما' });
    await dialog.getByRole('textbox', { name: 'نام نما' }).fill('شمالی‌های جوان');
    await dialog.getByRole('radio', { name: 'اعضای یک تیم' }).check();
    await choose(dialog, 'تیم', 'فروش');
    await captureScreen(page, 'save', 'views');
    await checkAccessibility(page, 'save view (fa)');
    await dialog.getByRole('button', { name: 'ذخیره' }).click();
    await expect.poll(() => page.getByTestId('views-button').textContent(), soon).toBe('شمالی‌های جوان');

    await page.getByRole('button', { name: 'ستون‌ها' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'منطقه' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'تاریخ تولد' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'ایمیل' }).click();
    await captureScreen(page, 'columns', 'views');
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: 'منطقه' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'ایمیل' }).count()).toBe(0);
    await page.getByRole('gridcell', { name: 'شمال' }).first().waitFor();

    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'ذخیرهٔ تغییرات در «شمالی‌های جوان»' }).click();
    await expect
      .poll(async () => {
        const views = (await api('get', '/api/v1/views?entity=contact')).body.items as {
          columns: string[];
        }[];
        return views[0]?.columns;
      }, soon)
      .toEqual(['name', 'phones', 'createdAt', 'custom.region', 'birthDate']);
    const [view] = (await api('get', '/api/v1/views?entity=contact')).body.items as {
      visibility: string;
      filter: unknown;
      version: number;
    }[];
    expect(view).toMatchObject({ visibility: 'team', version: 2 });
  });

  it('applies the saved view after a reload', async () => {
    await page.goto(`${server.url}/customers?type=contact`);
    await expect.poll(rowNames, soon).toHaveLength(4);
    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'شمالی‌های جوان' }).click();
    await expect.poll(rowNames, soon).toEqual(['تینا تهرانی', 'آرش احمدی']);
    await page.getByRole('columnheader', { name: 'تاریخ تولد' }).waitFor();
    await captureScreen(page, 'applied', 'views');
    await checkAccessibility(page, 'saved view applied (fa)');
  });

  it('does the same in English with the Gregorian calendar', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers?type=contact`);
    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'شمالی‌های جوان' }).click();
    await expect.poll(rowNames, soon).toEqual(['تینا تهرانی', 'آرش احمدی']);
    expect(await page.getByTestId('filter-chip').first().textContent()).toBe('Region is North');
    expect(await page.getByTestId('filter-chip').nth(1).textContent()).toContain('1991');
    await page.getByRole('columnheader', { name: 'Region' }).waitFor();
    await captureScreen(page, 'applied', 'views');
    await checkAccessibility(page, 'saved view applied (en)');

    await page.getByRole('button', { name: 'Filter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Filter the list' });
    await dialog.getByRole('group', { name: 'Group of conditions' }).waitFor();
    await captureScreen(page, 'builder', 'views');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'Save as a new view…' }).click();
    const save = page.getByRole('dialog', { name: 'Save view' });
    await save.getByRole('textbox', { name: 'View name' }).fill('شمالی‌های جوان');
    await save.getByRole('button', { name: 'Save' }).click();
    // The same name for the same list is refused, said in place.
    await save.getByText('You already have a view with this name.').waitFor();
    await captureScreen(page, 'save', 'views');
    await save.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Region' }).waitFor();
    await captureScreen(page, 'columns', 'views');
    await page.keyboard.press('Escape');
    await captureScreen(page, 'filtered', 'views');

    // The owner deletes the view; the list still shows what it showed.
    await page.getByTestId('views-button').click();
    await page.getByRole('menuitem', { name: 'Delete “شمالی‌های جوان”…' }).click();
    await page.getByRole('dialog', { name: 'Delete view' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('views-button').textContent(), soon).toBe('Views');
    expect((await api('get', '/api/v1/views?entity=contact')).body.items).toEqual([]);
    await expect.poll(rowNames, soon).toEqual(['تینا تهرانی', 'آرش احمدی']);
  });
});
