import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/database.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { formatNumber, nextNumber, numberingYear } from './numbering.js';
import { billingOrg, type Doc } from './test-support.js';

describe('document numbers', () => {
  it('count per Jalali year for Persian organisations, Gregorian otherwise', () => {
    expect(numberingYear('2026-03-20', 'jalali')).toBe(1404); // the last day of 1404
    expect(numberingYear('2026-03-21', 'jalali')).toBe(1405); // Nowruz
    expect(numberingYear('2026-03-21', 'gregorian')).toBe(2026);
    expect(formatNumber('invoice', 1405, 123)).toBe('INV-1405-000123');
  });
});

describe.each(testEngines())('gap-free numbering on %s', (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof billingOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    org = await billingOrg(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('issues many invoices at once (parallel connections on PostgreSQL) as 1..N without gaps or repeats', async () => {
    const N = 24;
    const drafts = await Promise.all(
      Array.from({ length: N }, async (_, i) =>
        org.made<Doc>(
          await org.as('POST', '/api/v1/invoices', {
            accountId: org.accountId,
            issueDate: '2026-04-01',
            lines: [{ description: `ردیف ${i}`, quantity: '1', unitPrice: '1000' }],
          }),
        ),
      ),
    );
    const issued = await Promise.all(
      drafts.map((d) =>
        call(t.app, {
          method: 'PATCH',
          url: `/api/v1/invoices/${d.id}`,
          cookie: org.owner.cookie,
          body: { status: 'issued' },
        }),
      ),
    );
    expect(issued.map((r) => r.statusCode)).toEqual(drafts.map(() => 200));
    const numbers = issued.map((r) => (r.json() as Doc).number ?? '').sort();
    expect(numbers).toEqual(Array.from({ length: N }, (_, i) => formatNumber('invoice', 1405, i + 1)));
  });

  it('numbers by the Gregorian year in an organisation keeping the Gregorian calendar', async () => {
    const en = await billingOrg(t, 'en');
    const draft = await en.made<Doc>(
      await en.as('POST', '/api/v1/invoices', {
        accountId: en.accountId,
        issueDate: '2026-04-01',
        lines: [{ description: 'Consulting', quantity: '1', unitPrice: '10' }],
      }),
    );
    const issued = (await en.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'issued' })).json() as Doc;
    expect(issued.number).toBe('INV-2026-000001');
  });

  it('gives a number back when the issuing transaction rolls back', async () => {
    const { tenantId } = org.owner;
    const take = () =>
      t.db.transaction(async (tx) => {
        await tx.query(sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`);
        return nextNumber(tx, tenantId, 'quote', 1399);
      });
    await expect(
      t.db.transaction(async (tx) => {
        await nextNumber(tx, tenantId, 'quote', 1399);
        throw new Error('issue failed after numbering');
      }),
    ).rejects.toThrow('issue failed');
    expect(await take()).toBe('QUO-1399-000001');
    expect(await take()).toBe('QUO-1399-000002');
  });
});
