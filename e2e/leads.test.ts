// Browser journey through the leads board: leads by status, one dragged to another column with the
// mouse, one moved with the keyboard through its menu; both saved on the server. fa and en, phone width.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScreen, checkAccessibility } from './support/browser';
import { type Api, type Journey, openJourney } from './support/journey';
import type { TestServer } from './support/server';

let server: TestServer;
let page: Page;
let api: Api;
let journey: Journey;
const ids: Record<string, string> = {};

describe('leads board', () => {
  beforeAll(async () => {
    journey = await openJourney({
      organization: 'فروشگاه نمونه',
      name: 'نگار صادقی',
      email: `negar.${Date.now()}@example.com`,
    });
    ({ server, page, api } = journey);
    for (const [key, body] of [
      ['kian', { firstName: 'کیان', lastName: 'مرادی', companyName: 'پارس‌تک' }],
      ['laleh', { firstName: 'لاله', lastName: 'نوری', status: 'contacted' }],
      ['omid', { companyName: 'امید صنعت' }],
    ] as const) {
      const created = await api('post', '/api/v1/leads', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = String(created.body.id);
    }
  });
  afterAll(async () => {
    await journey?.close();
  });

  const column = (status: string) => page.getByTestId(`column-${status}`);
  const statusOf = async (key: string) => (await api('get', `/api/v1/leads/${ids[key]}`)).body.status;

  it('drags a lead to another status and moves one with the keyboard', async () => {
    await page.goto(`${server.url}/customers?type=lead&view=board`);
    await column('new').getByText('کیان مرادی').waitFor();
    await column('contacted').getByText('لاله نوری').waitFor();
    await column('new').getByText('۲').first().waitFor();
    await captureScreen(page, 'board', 'leads');
    await checkAccessibility(page, 'leads board (fa)');

    // Mouse: pick up the card and drop it on the "qualified" column.
    const card = column('new').getByTestId('lead-card').filter({ hasText: 'کیان مرادی' });
    const from = await card.boundingBox();
    const to = await column('qualified').boundingBox();
    if (!from || !to) throw new Error('board not laid out');
    // From the card's middle (its menu button sits in a corner).
    const x = from.x + from.width / 2;
    const y = from.y + from.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 20, y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    await column('qualified').getByText('کیان مرادی').waitFor();
    await expect.poll(() => statusOf('kian')).toBe('qualified');

    // Keyboard: the card's menu button, then "move to unqualified".
    const menu = column('new').getByRole('button', { name: 'جابه‌جایی امید صنعت' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'انتقال به «فاقد شرایط»' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await column('unqualified').getByText('امید صنعت').waitFor();
    await expect.poll(() => statusOf('omid')).toBe('unqualified');
  });

  it('converts a lead into a contact linked to an existing account, and opens the contact', async () => {
    expect((await api('post', '/api/v1/accounts', { name: 'پارس‌تک' })).status).toBe(201);
    await column('qualified').getByRole('button', { name: 'جابه‌جایی کیان مرادی' }).click();
    await page.getByRole('menuitem', { name: 'تبدیل…' }).click();
    const dialog = page.getByRole('dialog', { name: 'تبدیل کیان مرادی' });
    await dialog.getByRole('radio', { name: 'پیوند به سازمانی که هست' }).check();
    await dialog.getByRole('combobox', { name: 'سازمان' }).fill('پارس');
    await page.getByRole('option', { name: 'پارس‌تک' }).click();
    await captureScreen(page, 'convert', 'leads');
    await checkAccessibility(page, 'convert lead (fa)');
    await dialog.getByRole('button', { name: 'تبدیل', exact: true }).click();
    await page.waitForURL(/\/customers\/contacts\/[0-9a-f-]+$/);
    await page.getByTestId('customer-name').filter({ hasText: 'کیان مرادی' }).waitFor();
    expect(await statusOf('kian')).toBe('converted');
    const contactId = page.url().split('/').pop();
    const contact = await api('get', `/api/v1/contacts/${contactId}`);
    expect((contact.body.accounts as { name?: string; accountId?: string }[]).length).toBe(1);
    // The contact's page shows the organisation it now belongs to, and leads to it.
    await page.getByRole('region', { name: 'سازمان‌ها' }).getByRole('link', { name: 'پارس‌تک' }).click();
    await page.waitForURL(/\/customers\/accounts\/[0-9a-f-]+$/);
    await page.getByRole('region', { name: 'اشخاص' }).getByRole('link', { name: 'کیان مرادی' }).waitFor();
    await page.goto(`${server.url}/customers?type=lead&view=board`);
    await column('converted').getByText('کیان مرادی').waitFor();
  });

  it('shows the board in English', async () => {
    expect(
      (await api('patch', '/api/v1/me/settings', { locale: 'en', calendar: 'gregorian', digits: 'latn' }))
        .status,
    ).toBe(200);
    await page.goto(`${server.url}/customers?type=lead&view=board`);
    await column('qualified').getByRole('heading', { name: 'Qualified' }).waitFor();
    await column('converted').getByText('کیان مرادی').waitFor();
    await captureScreen(page, 'board', 'leads');
    await checkAccessibility(page, 'leads board (en)');
  });
});
