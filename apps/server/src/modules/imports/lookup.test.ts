/**
 * The import's duplicate look-up (lookupKeys): what it finds, and that it finds it through the
 * identifier indexes — a look-up that reads the whole organisation per window made an import of a
 * million rows quadratic (docs/PERFORMANCE.md, size L).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Queryable, sql, toQuery } from '../../platform/db/database.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { testEngines } from '../../platform/testing/engines.js';
import { ownerContext, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { lookupKeys } from './targets.js';

const RECORDS = 20_000;

/** Contacts numbered from `from`: phone 0912… and e-mail by number, a national ID on every other. */
const plant = (tenantId: string, from: number, count: number) =>
  sql`INSERT INTO contacts (tenant_id, id, first_name, phones, emails, national_id)
      SELECT ${tenantId}::uuid, gen_random_uuid(), 'شخص ' || g,
        jsonb_build_array(jsonb_build_object('value', '0912' || lpad(g::text, 7, '0'), 'canonical', '+98912' || lpad(g::text, 7, '0'), 'label', null)),
        jsonb_build_array(jsonb_build_object('value', 'p' || g || '@example.com', 'canonical', 'p' || g || '@example.com', 'label', null)),
        CASE WHEN g % 2 = 0 THEN lpad(g::text, 10, '0') END
      FROM generate_series(${from}::int, ${from + count - 1}::int) g`;

describe.each(testEngines())('the import look-up of identifiers on %s', (engine) => {
  let t: TestApp;
  let ctx: Context;
  let other: Context;

  beforeAll(async () => {
    t = await startTestApp(engine);
    const owner = await signupOrg(t.app, 'Lookup');
    const stranger = await signupOrg(t.app, 'Lookup other');
    ctx = ownerContext(owner.tenantId, owner.userId);
    other = ownerContext(stranger.tenantId, stranger.userId);
    await inTenant(t.db, owner.tenantId, (tx) => tx.query(plant(owner.tenantId, 1, RECORDS)));
    await inTenant(t.db, stranger.tenantId, (tx) => tx.query(plant(stranger.tenantId, 1, 10)));
    await inTenant(t.db, owner.tenantId, (tx) =>
      tx.query(`UPDATE contacts SET deleted_at = now() WHERE national_id = '0000000010'`),
    );
    await t.db.exec('ANALYZE contacts');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finds live records of the organisation by e-mail, phone and national ID', async () => {
    const found = await inTenant(t.db, ctx.actor.tenantId, (tx) =>
      lookupKeys(tx, ctx, 'contact', [
        'e:p7@example.com',
        'p:+989120000008',
        'n:0000000012',
        'n:0000000010',
        'e:nobody@example.com',
        'p:+989120000008',
      ]),
    );
    expect([...found.keys()].sort()).toEqual(['e:p7@example.com', 'n:0000000012', 'p:+989120000008']);
    expect(found.get('p:+989120000008')).toHaveLength(1);
    const [seven] = found.get('e:p7@example.com') ?? [];
    const { rows } = await inTenant(t.db, ctx.actor.tenantId, (tx) =>
      tx.query<{ first_name: string }>(`SELECT first_name FROM contacts WHERE id = $1`, [seven?.id]),
    );
    expect(rows[0]?.first_name).toBe('شخص 7');
  });

  it("does not see another organisation's records", async () => {
    const found = await inTenant(t.db, other.actor.tenantId, (tx) =>
      lookupKeys(tx, other, 'contact', ['e:p7@example.com', 'e:p15000@example.com', 'n:0000015000']),
    );
    expect([...found.keys()]).toEqual(['e:p7@example.com']);
  });

  /** The plan of the look-up's query for these keys as a request runs it (its other statements run as they are). */
  const planFor = async (keys: string[], as = ctx) => {
    let plan = '';
    await inTenant(t.db, as.actor.tenantId, (tx) => {
      const explaining: Queryable = {
        exec: (script) => tx.exec(script),
        query: async (query, params) => {
          const { text, values } = toQuery(query, params);
          if (!/created_at FROM/.test(text)) return tx.query(text, values);
          const r = await tx.query(`EXPLAIN ${text}`, values);
          plan = r.rows.map((row) => Object.values(row)[0]).join('\n');
          return { rows: [], rowCount: 0 };
        },
      };
      return lookupKeys(explaining, as, 'contact', keys);
    });
    return plan;
  };
  const someKeys = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      `e:p${i * 37}@example.com`,
      `p:+98912${String(i * 41).padStart(7, '0')}`,
      `n:${String(i * 2).padStart(10, '0')}`,
    ]).flat();

  it('looks each key up in the indexes when the table is large for the window, never reading it all', async () => {
    const plan = await planFor(someKeys(500));
    expect(plan).toMatch(/contacts_emails/);
    expect(plan).toMatch(/contacts_phones/);
    expect(plan).toMatch(/contacts_national_id/);
    expect(plan).not.toMatch(/Seq Scan on contacts/);
  });

  it('uses the identifier indexes for a small organisation too (not its rows, read again for each key)', async () => {
    const plan = await planFor(someKeys(500), other);
    expect(plan).toMatch(/contacts_emails/);
    expect(plan).toMatch(/contacts_phones/);
    expect(plan).not.toMatch(/Seq Scan on contacts|contacts_owner|contacts_pkey|contacts_created/);
  });

  it('reads the table once when it is small for the window, with the same answers', async () => {
    const many = [...someKeys(100_000), 'e:p7@example.com', 'p:+989120000008', 'n:0000000010'];
    expect(await planFor(many)).toMatch(/Seq Scan on contacts/);
    const found = await inTenant(t.db, ctx.actor.tenantId, (tx) => lookupKeys(tx, ctx, 'contact', many));
    const few = await inTenant(t.db, ctx.actor.tenantId, (tx) =>
      lookupKeys(tx, ctx, 'contact', someKeys(200)),
    );
    expect(found.get('e:p7@example.com')).toHaveLength(1);
    expect(found.get('p:+989120000008')).toHaveLength(1);
    expect(found.has('n:0000000010')).toBe(false);
    for (const [key, matches] of few) expect(found.get(key), key).toEqual(matches);
    expect(few.size).toBeGreaterThan(100);
  });

  it('keeps no pending list on the identifier indexes (each look-up would read it all)', async () => {
    const { rows } = await t.db.query<{ relname: string; reloptions: string[] | null }>(
      `SELECT relname, reloptions FROM pg_class WHERE relname ~ '^(contacts|accounts|leads)_(phones|emails)$'`,
    );
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.reloptions, r.relname).toContain('fastupdate=off');
  });
});
