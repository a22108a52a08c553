// Browser journey through the administration (/admin): invite a colleague and see the link, make a team,
// a custom role with ticked rights, an API token whose secret works once and stops after revoking, and a
// select custom field for contacts; the organisation settings and the recycle bin (restore) as well.
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility, launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const stamp = Date.now();
const invitee = `sara.${stamp}@example.com`;
const INVALID_FA = 'مقدار نامعتبر است.';
const LOGO = resolve(import.meta.dirname, '../apps/web/public/icon-192.png');

async function api(method: 'get' | 'post' | 'patch' | 'delete', path: string, data?: unknown) {
  const res = await context.request[method](`${server.url}${path}`, {
    data,
    headers: { origin: server.url },
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

async function memberOf(email: string) {
  const members = (await api('get', '/api/v1/users')).body.items as { email: string }[];
  return members.find((m) => m.email === email);
}

/** Opens a tab of the administration by its visible name. */
async function openTab(name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
}

/** Picks an option of an MUI select (a combobox) by the option's visible text. */
async function choose(scope: Page | Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('administration', () => {
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
      organization: 'بازرگانی نمونه',
      name: 'رضا احمدی',
      email: `reza.${stamp}@example.com`,
      password: 'گذرواژه-امن-1405',
      locale: 'fa',
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    // One contact in the recycle bin, to be restored from the administration.
    const contact = await api('post', '/api/v1/contacts', {
      firstName: 'مینا',
      lastName: 'صادقی',
      phone: '09123334455',
    });
    expect(contact.status).toBe(201);
    expect((await api('delete', `/api/v1/contacts/${contact.body.id}`)).status).toBe(204);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('invites, makes a team, a custom role, an API token and a custom field (fa)', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'مدیریت' }).click();
    await page.getByRole('heading', { name: 'مدیریت', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');

    // Users: invite with the agent role; the link is shown to be copied and the invitation is pending.
    const invite = page.getByTestId('invite-form');
    await invite.getByLabel('رایانامه').fill(invitee);
    await choose(invite, 'نقش', 'کارشناس');
    await invite.getByRole('button', { name: 'دعوت' }).click();
    const link = await page.getByTestId('invitation-link-value').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{20,}$`));
    await page.getByTestId('invitations').getByText(invitee).waitFor();
    await captureScreen(page, 'invited', 'admin');
    const invitations = await api('get', '/api/v1/invitations');
    expect(invitations.body.items).toEqual([expect.objectContaining({ email: invitee, role: 'agent' })]);
    // The invitation page answers for the link.
    const token = link.split('/invite/')[1];
    expect((await api('get', `/api/v1/invitations/${token}`)).status).toBe(200);
    // She accepts (in her own browser); then her role is changed and she is deactivated and reactivated.
    const hers = await browser.newContext();
    const accepted = await hers.request.post(`${server.url}/api/v1/invitations/${token}/accept`, {
      data: { name: 'سارا کریمی', password: 'گذرواژه-سارا-1405' },
      headers: { origin: server.url },
    });
    expect(accepted.status()).toBe(200);
    await hers.close();
    await page.reload();
    const sara = page.getByTestId('member').filter({ hasText: 'سارا کریمی' });
    await sara.getByText('فعال', { exact: true }).waitFor();
    await choose(sara, 'نقش', 'سرپرست');
    await expect.poll(async () => memberOf(invitee)).toMatchObject({ role: 'manager' });
    await sara.getByRole('button', { name: 'غیرفعال‌کردن سارا کریمی' }).click();
    await sara.getByText('غیرفعال', { exact: true }).waitFor();
    expect(await memberOf(invitee)).toMatchObject({ status: 'disabled' });
    await sara.getByRole('button', { name: 'فعال‌کردن سارا کریمی' }).click();
    await sara.getByText('فعال', { exact: true }).waitFor();
    expect(await memberOf(invitee)).toMatchObject({ status: 'active', role: 'manager' });
    await page.getByTestId('members').getByText('رضا احمدی').waitFor();
    await captureScreen(page, 'users', 'admin');
    await checkAccessibility(page, 'admin users (fa)');
    // A second invitation to a member's address is refused in place, under the e-mail field.
    await invite.getByLabel('رایانامه').fill(`reza.${stamp}@example.com`);
    await invite.getByRole('button', { name: 'دعوت' }).click();
    await invite.getByText('این مورد از پیش وجود دارد.').waitFor();
    await invite.getByLabel('رایانامه').fill('');

    // Teams: create one with the owner as member.
    await openTab('تیم‌ها');
    await page.getByRole('button', { name: 'تیم تازه' }).click();
    const teamDialog = page.getByRole('dialog');
    await teamDialog.getByLabel('نام تیم').fill('فروش تهران');
    await teamDialog.getByRole('combobox', { name: 'اعضا' }).click();
    await page.getByRole('option', { name: 'رضا احمدی' }).click();
    await teamDialog.getByRole('button', { name: 'ذخیره' }).click();
    await teamDialog.waitFor({ state: 'detached' });
    const team = page.getByTestId('team').filter({ hasText: 'فروش تهران' });
    await team.getByText('اعضا: ۱').waitFor();
    await captureScreen(page, 'teams', 'admin');
    await checkAccessibility(page, 'admin teams (fa)');

    // Roles: a custom role with some rights ticked and the team scope.
    await openTab('نقش‌ها');
    await page.getByRole('button', { name: 'نقش سفارشی تازه' }).click();
    const roleDialog = page.getByRole('dialog');
    await roleDialog.getByLabel('نام نقش').fill('کارشناس ارشد فروش');
    await roleDialog.getByLabel('شناسه').fill('senior_sales');
    for (const right of ['خواندن در مشتریان', 'ساختن در مشتریان', 'ویرایش در مشتریان', 'خروجی در مشتریان'])
      await roleDialog.getByRole('checkbox', { name: right }).check();
    await roleDialog.getByRole('checkbox', { name: 'خواندن در تعامل‌ها' }).check();
    await roleDialog.getByRole('radio', { name: 'مال تیمشان' }).check();
    await captureScreen(page, 'role-editor', 'admin');
    await checkAccessibility(page, 'admin role editor (fa)');
    await roleDialog.getByRole('button', { name: 'ذخیره' }).click();
    await roleDialog.waitFor({ state: 'detached' });
    await page.getByTestId('role').filter({ hasText: 'کارشناس ارشد فروش' }).waitFor();
    const roles = (await api('get', '/api/v1/roles')).body.items as {
      key: string;
      rights: Record<string, string[]>;
      scope: string;
    }[];
    const custom = roles.find((r) => r.key === 'senior_sales');
    expect(custom?.scope).toBe('team');
    expect(custom?.rights.customers).toEqual(['read', 'create', 'update', 'export']);
    expect(custom?.rights.interactions).toEqual(['read']);
    await captureScreen(page, 'roles', 'admin');
    await checkAccessibility(page, 'admin roles (fa)');

    // API tokens: the secret is shown once, works as a Bearer token, and stops working once revoked.
    await openTab('توکن‌های دسترسی');
    const tokenForm = page.getByTestId('token-form');
    await tokenForm.getByLabel('نام توکن').fill('حسابداری');
    await tokenForm.getByRole('button', { name: 'ساختن توکن' }).click();
    const secret = await page.getByTestId('token-secret-value').inputValue();
    expect(secret).toMatch(/^pvd_/);
    const bearer = { Authorization: `Bearer ${secret}` };
    const meByToken = await context.request.get(`${server.url}/api/v1/me`, { headers: bearer });
    expect(meByToken.status()).toBe(200);
    await page.getByTestId('token').filter({ hasText: 'حسابداری' }).waitFor();
    await captureScreen(page, 'tokens', 'admin');
    await checkAccessibility(page, 'admin tokens (fa)');
    await page.reload();
    await page.getByTestId('token').filter({ hasText: 'آخرین استفاده' }).waitFor();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    await page.getByRole('button', { name: 'باطل‌کردن توکن حسابداری' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'باطل‌کردن' }).click();
    await page.getByTestId('token').getByText('باطل‌شده').waitFor();
    const afterRevoke = await context.request.get(`${server.url}/api/v1/me`, { headers: bearer });
    expect(afterRevoke.status()).toBe(401);

    // Custom fields: a select field for contacts, with two options.
    await openTab('فیلدهای سفارشی');
    await page.getByRole('button', { name: 'فیلد تازه' }).click();
    const fieldDialog = page.getByRole('dialog');
    await fieldDialog.getByRole('heading', { name: 'فیلد تازهٔ اشخاص' }).waitFor();
    await fieldDialog.locator('input[name="labelFa"]').fill('سطح مشتری');
    await fieldDialog.locator('input[name="labelEn"]').fill('Tier');
    await fieldDialog.locator('input[name="key"]').fill('tier');
    await choose(fieldDialog, 'نوع', 'انتخابی');
    const options = fieldDialog.getByTestId('option');
    await options.nth(0).getByLabel('مقدار').fill('gold');
    await options.nth(0).getByLabel('برچسب فارسی').fill('طلایی');
    await options.nth(0).getByLabel('برچسب انگلیسی').fill('Gold');
    await fieldDialog.getByRole('button', { name: 'افزودن گزینه' }).click();
    await options.nth(1).getByLabel('مقدار').fill('gold');
    await options.nth(1).getByLabel('برچسب فارسی').fill('نقره‌ای');
    // A repeated value is refused by the server and shown under that option.
    await fieldDialog.getByRole('button', { name: 'ذخیره' }).click();
    await options.nth(1).getByText('این مقدار تکراری است.').waitFor();
    await options.nth(1).getByLabel('مقدار').fill('silver');
    await options.nth(1).getByLabel('برچسب انگلیسی').fill('Silver');
    await captureScreen(page, 'field-editor', 'admin');
    await checkAccessibility(page, 'admin field editor (fa)');
    await fieldDialog.getByRole('button', { name: 'ذخیره' }).click();
    await fieldDialog.waitFor({ state: 'detached' });
    const field = page.getByTestId('custom-field').filter({ hasText: 'سطح مشتری' });
    await field.getByText('انتخابی').waitFor();
    await field.getByText('۲ گزینه: طلایی، نقره‌ای').waitFor();
    const fields = (await api('get', '/api/v1/custom-fields?entity=contact')).body.items;
    expect(fields).toEqual([
      expect.objectContaining({
        key: 'tier',
        type: 'select',
        labelFa: 'سطح مشتری',
        options: [
          { value: 'gold', labelFa: 'طلایی', labelEn: 'Gold' },
          { value: 'silver', labelFa: 'نقره‌ای', labelEn: 'Silver' },
        ],
      }),
    ]);
    await captureScreen(page, 'fields', 'admin');
    await checkAccessibility(page, 'admin custom fields (fa)');

    // Organisation settings: shown with the organisation's defaults; a bad currency is refused in place.
    await openTab('سازمان');
    const currency = page.getByLabel('واحد پول');
    await expect.poll(() => currency.inputValue()).toBe('IRR');
    // The settings form's own save button: the letterhead below has another.
    const saveSettings = page.getByRole('button', { name: 'ذخیره' }).first();
    await currency.fill('XY');
    await saveSettings.click();
    await page.getByText(INVALID_FA).waitFor();
    await currency.fill('IRR');
    await choose(page, 'نمایش مبلغ‌ها به', 'ریال');
    await saveSettings.click();
    await page.getByText('تنظیمات سازمان ذخیره شد.').waitFor();
    expect((await api('get', '/api/v1/settings')).body.moneyDisplay).toBe('rial');

    // The letterhead quotes and invoices print: a bad postal code refused at its field, then saved; a logo.
    const letterhead = page.getByRole('form', { name: 'سربرگ اسناد' });
    await letterhead.getByLabel('نام رسمی (فارسی)').fill('شرکت بازرگانی نمونه');
    await letterhead.getByLabel('کد پستی').fill('۱۲۳');
    await letterhead.getByRole('button', { name: 'ذخیره' }).click();
    await letterhead.getByText('کد پستی ده‌رقمی معتبر نیست.').waitFor();
    await letterhead.getByLabel('کد پستی').fill('۱۵۸۷۶۵۴۳۲۱');
    await letterhead.getByRole('button', { name: 'ذخیره' }).click();
    await letterhead.getByText('سربرگ ذخیره شد.').waitFor();
    await letterhead.locator('input[type="file"]').setInputFiles(LOGO);
    await letterhead.getByRole('img', { name: 'نشان (لوگو)' }).waitFor();
    const profile = (await api('get', '/api/v1/settings/profile')).body;
    expect(profile).toMatchObject({ legalNameFa: 'شرکت بازرگانی نمونه', postalCode: '1587654321' });
    expect(profile.logo).toMatchObject({ contentType: 'image/png' });
    await captureScreen(page, 'organization', 'admin');
    await checkAccessibility(page, 'admin organisation (fa)');

    // Recycle bin: the deleted contact comes back.
    await openTab('سطل بازیافت');
    const deleted = page.getByTestId('deleted-record').filter({ hasText: 'مینا صادقی' });
    await deleted.getByText('۰۹۱۲۳۳۳۴۴۵۵').waitFor();
    await captureScreen(page, 'bin', 'admin');
    await checkAccessibility(page, 'admin recycle bin (fa)');
    await deleted.getByRole('button', { name: 'بازگرداندن مینا صادقی' }).click();
    await page.getByText('سطل بازیافت خالی است.').waitFor();
    const live = (await api('get', '/api/v1/contacts')).body.items as { displayName: string }[];
    expect(live.map((c) => c.displayName)).toContain('مینا صادقی');
  });

  it('shows the administration in English', async () => {
    const settings = await api('patch', '/api/v1/me/settings', {
      locale: 'en',
      calendar: 'gregorian',
      digits: 'latn',
    });
    expect(settings.status).toBe(200);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForTimeout(3000);
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await page.getByTestId('members').getByText(invitee).waitFor();
    await page.getByText('No pending invitations.').waitFor();
    await captureScreen(page, 'users', 'admin');
    await checkAccessibility(page, 'admin users (en)');
    // An invitation revoked before it is used.
    const other = `omid.${stamp}@example.com`;
    await page.getByTestId('invite-form').getByLabel('E-mail').fill(other);
    await page.getByTestId('invite-form').getByRole('button', { name: 'Invite' }).click();
    await page.getByTestId('invitations').getByText(other).waitFor();
    await page.getByRole('button', { name: `Revoke the invitation of ${other}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No pending invitations.').waitFor();
    expect((await api('get', '/api/v1/invitations')).body.items).toEqual([]);

    // A team deleted after confirming.
    await openTab('Teams');
    await page.getByRole('button', { name: 'Delete team فروش تهران' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No teams yet.').waitFor();
    expect((await api('get', '/api/v1/teams')).body.items).toEqual([]);

    await openTab('Roles');
    await page.getByRole('button', { name: 'Edit rights of کارشناس ارشد فروش' }).click();
    await page.getByRole('dialog').getByRole('checkbox', { name: 'Export in Customers' }).waitFor();
    expect(
      await page.getByRole('dialog').getByRole('checkbox', { name: 'Export in Customers' }).isChecked(),
    ).toBe(true);
    await captureScreen(page, 'role-editor', 'admin');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await captureScreen(page, 'roles', 'admin');
    await checkAccessibility(page, 'admin roles (en)');

    await openTab('API tokens');
    await page.getByTestId('token').getByText('Revoked').waitFor();
    await captureScreen(page, 'tokens', 'admin');

    await openTab('Custom fields');
    await page.getByTestId('custom-field').getByText('2 options: Gold, Silver').waitFor();
    // Editing: the English label changes, the key and type stay.
    await page.getByRole('button', { name: 'Edit field Tier' }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.locator('input[name="key"]').isDisabled()).toBe(true);
    await edit.locator('input[name="labelEn"]').fill('Customer tier');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByTestId('custom-field').getByText('Customer tier').waitFor();
    await captureScreen(page, 'fields', 'admin');
    await checkAccessibility(page, 'admin custom fields (en)');

    await openTab('Organisation');
    const letterhead = page.getByRole('form', { name: 'Letterhead' });
    await letterhead.getByRole('img', { name: 'Logo' }).waitFor();
    await letterhead.getByLabel('Legal name (English)').fill('Namoneh Trading Co.');
    await letterhead.getByRole('button', { name: 'Save' }).click();
    await letterhead.getByText('Letterhead saved.').waitFor();
    await captureScreen(page, 'organization', 'admin');
    await checkAccessibility(page, 'admin organisation (en)');
  });
});
