import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, legalIdFrom, nationalIdFrom } from './test-helpers.js';

// The service writes search_text, name_key and the canonical arrays itself (computed in TypeScript);
// the database trigger computes them for every other writer. Both must give the same values.
const DERIVED = ['search_text', 'name_key', 'phones_canonical', 'emails_canonical'] as const;

describe.each(testEngines())('derived columns on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Derived');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The stored derived values, then the ones the trigger computes when they are cleared. */
  async function appAndTrigger(table: string, ids: string[]) {
    const read = async () =>
      (
        await t.db.query<Record<string, unknown>>(
          `SELECT id, ${DERIVED.join(', ')} FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id`,
          [ids],
        )
      ).rows;
    const app = await read();
    await t.db.query(
      `UPDATE ${table} SET ${DERIVED.map((c) => `${c} = NULL`).join(', ')} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return { app, trigger: await read() };
  }

  // Names from letters that normalisation folds (ي ك ة ۀ أ, diacritics, tatweel, ZWNJ, Persian and
  // Arabic digits, accented Latin) so both sides have real work to do.
  const pieces = [
    'علي',
    'كريم',
    'فاطمة',
    'خانۀ',
    'أحمد',
    'مُحَمَّد',
    'ســلام',
    'نیم‌فاصله',
    '۱۲۳',
    '٤٥',
    'José',
    'ÖZ',
    'a  b',
    'ی',
  ];
  const nameArb = fc
    .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 4 })
    .map((p) => p.join(' '));

  it('contacts: the trigger computes exactly what the service wrote', async () => {
    const account = await created(
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/accounts',
        cookie: owner.cookie,
        body: { name: 'شركت آلفا' },
      }),
    );
    const samples = fc.sample(fc.tuple(nameArb, nameArb), { numRuns: 40, seed: 7 });
    const items = samples.map(([first, last], i) => ({
      firstName: first,
      lastName: last,
      jobTitle: i % 3 === 0 ? 'مدير' : undefined,
      nationalId: i % 4 === 0 ? nationalIdFrom(100_000 + i) : undefined,
      email: i % 2 === 0 ? `User.${i}@Example.COM` : undefined,
      phones: i % 5 === 0 ? ['۰۹۱۲ ۱۲۳ ۴۵۶۷', '021-22334455'] : [],
      ...(i % 6 === 0 ? { accountId: account.id } : {}),
    }));
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/contacts/batch',
      cookie: owner.cookie,
      body: { items },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ids = (res.json() as { items: { id: string }[] }).items.map((c) => c.id);
    const { app, trigger } = await appAndTrigger('contacts', ids);
    expect(trigger).toEqual(app);
    expect(app.find((r) => String(r.search_text).includes('شرکت الفا'))).toBeDefined();
  });

  it('accounts and leads: the same', async () => {
    const accounts = fc.sample(nameArb, { numRuns: 20, seed: 11 }).map((name, i) => ({
      name,
      nationalId: i % 2 ? legalIdFrom(1_000_000 + i) : undefined,
      economicCode: i % 3 ? undefined : '۴۱۱۱۱۱۱۱۱۱۱۱',
      website: i % 4 ? undefined : 'Example.IR',
      emails: [`A${i}@B.ir`],
      phone: '۰۲۱-۸۸۷۷۶۶۵۵',
    }));
    const a = await call(t.app, {
      method: 'POST',
      url: '/api/v1/accounts/batch',
      cookie: owner.cookie,
      body: { items: accounts },
    });
    expect(a.statusCode, a.body).toBe(201);
    const accountIds = (a.json() as { items: { id: string }[] }).items.map((x) => x.id);
    const accountSide = await appAndTrigger('accounts', accountIds);
    expect(accountSide.trigger).toEqual(accountSide.app);

    const leads = fc
      .sample(fc.tuple(nameArb, nameArb), { numRuns: 20, seed: 13 })
      .map(([first, company], i) => ({
        firstName: first,
        lastName: i % 2 ? 'كاظمي' : undefined,
        companyName: company,
        jobTitle: i % 3 ? undefined : 'مهندس',
        email: `Lead${i}@Mail.IR`,
        phones: [{ value: '+98 912 000 00 00', label: 'همراه' }],
      }));
    const l = await call(t.app, {
      method: 'POST',
      url: '/api/v1/leads/batch',
      cookie: owner.cookie,
      body: { items: leads },
    });
    expect(l.statusCode, l.body).toBe(201);
    const leadIds = (l.json() as { items: { id: string }[] }).items.map((x) => x.id);
    const leadSide = await appAndTrigger('leads', leadIds);
    expect(leadSide.trigger).toEqual(leadSide.app);
  });

  it('other writers get derived values from the trigger on insert and on update', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO contacts (tenant_id, id, first_name, last_name, phones, emails)
       VALUES ($1, gen_random_uuid(), 'علي', 'رضايي', '[{"value":"0912 111 2233","canonical":"+989121112233","kind":"mobile","label":null}]', '[]')
       RETURNING id`,
      [owner.tenantId],
    );
    const id = rows[0]?.id as string;
    const read = async () =>
      (
        await t.db.query<Record<string, unknown>>(
          `SELECT ${DERIVED.join(', ')} FROM contacts WHERE id = $1`,
          [id],
        )
      ).rows[0];
    expect(await read()).toEqual({
      search_text: 'علی رضایی 0912 111 2233 +989121112233',
      name_key: 'علی رضایی',
      phones_canonical: ['+989121112233'],
      emails_canonical: [],
    });
    await t.db.query(
      `UPDATE contacts SET last_name = 'كاظمي', emails = '[{"value":"K@X.ir","canonical":"k@x.ir","label":null}]' WHERE id = $1`,
      [id],
    );
    expect(await read()).toEqual({
      search_text: 'علی کاظمی k@x.ir k@x.ir 0912 111 2233 +989121112233',
      name_key: 'علی کاظمی',
      phones_canonical: ['+989121112233'],
      emails_canonical: ['k@x.ir'],
    });
    // An update that does not touch the sources leaves the derived values alone.
    await t.db.query(`UPDATE contacts SET description = 'x', version = version + 1 WHERE id = $1`, [id]);
    expect((await read())?.name_key).toBe('علی کاظمی');
    // And the list search finds what other writers stored.
    const found = await call(t.app, {
      method: 'GET',
      url: `/api/v1/contacts?q=${encodeURIComponent('كاظمي')}`,
      cookie: owner.cookie,
    });
    expect(found.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
  });
});
