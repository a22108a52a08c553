import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { get, post, runJob } from './test-support.js';

interface Report {
  scanned: Record<string, number>;
  checks: { type: string; check: string; count: number; fixable: boolean; sampleIds: string[] }[];
}

const email = (v: string) => JSON.stringify([{ value: v, canonical: v.toLowerCase(), label: null }]);
const ok = email('someone@example.com');

describe.each(testEngines())('data quality (%s)', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  const ids: Record<string, string> = {};

  /** Rows as an import without validation would have left them (written past the API). */
  const insert = async (key: string, columns: Record<string, unknown>) => {
    const row = { emails: '[]', phones: '[]', owner_id: owner.userId, ...columns };
    const names = Object.keys(row);
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO contacts (tenant_id, id, ${names.join(', ')}) VALUES ($1, gen_random_uuid(), ${names.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
      [owner.tenantId, ...Object.values(row)],
    );
    ids[key] = (rows[0] as { id: string }).id;
  };

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Quality');
    const field = await post(t.app, owner.cookie, '/api/v1/custom-fields', {
      entity: 'contact',
      key: 'tier',
      labelFa: 'سطح',
      type: 'select',
      options: [
        { value: 'gold', labelFa: 'طلایی' },
        { value: 'silver', labelFa: 'نقره‌ای' },
      ],
    });
    expect(field.statusCode, field.body).toBe(201);
    await insert('arabic', { first_name: 'علي', last_name: 'كريمي', emails: ok });
    await insert('spaces', { first_name: 'زهرا', last_name: 'احمدی  نژاد ', emails: ok });
    await insert('phoneForm', {
      first_name: 'رضا',
      last_name: 'تهرانی',
      phones: JSON.stringify([
        { value: '0912 123 4567', canonical: '09121234567', kind: 'mobile', label: null },
      ]),
    });
    await insert('emailForm', {
      first_name: 'نیما',
      last_name: 'صالحی',
      emails: JSON.stringify([{ value: 'Foo@Example.COM', canonical: 'Foo@Example.COM', label: null }]),
    });
    await insert('badPhone', {
      first_name: 'مینا',
      last_name: 'رستمی',
      phones: JSON.stringify([{ value: '12345', canonical: '12345', kind: 'mobile', label: null }]),
    });
    await insert('badEmail', { first_name: 'کاوه', last_name: 'زمانی', emails: email('not-an-email') });
    await insert('badId', { first_name: 'سینا', last_name: 'مقدم', emails: ok, national_id: '1234567890' });
    await insert('noContact', { first_name: 'پگاه', last_name: 'فتحی' });
    await insert('noOwner', { first_name: 'بردیا', last_name: 'شمس', emails: ok, owner_id: null });
    await insert('future', { first_name: 'یاسمن', last_name: 'کیانی', emails: ok, birth_date: '2100-01-01' });
    await insert('tier', {
      first_name: 'آوا',
      last_name: 'بهرامی',
      emails: ok,
      custom: JSON.stringify({ tier: 'platinum' }),
    });
    await insert('deleted', { first_name: 'علي', last_name: 'كريمي', emails: ok, deleted_at: new Date() });
    const clean = await post(t.app, owner.cookie, '/api/v1/contacts', {
      firstName: 'Clean',
      lastName: 'Person',
      phone: '09121112233',
      email: 'clean@example.com',
      custom: { tier: 'gold' },
    });
    expect(clean.statusCode, clean.body).toBe(201);
    ids.clean = (clean.json() as { id: string }).id;
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO accounts (tenant_id, id, name, phones, owner_id) VALUES ($1, gen_random_uuid(), 'شركت  نمونه', $2, $3) RETURNING id`,
      [
        owner.tenantId,
        JSON.stringify([
          { value: '021 8877 6655', canonical: '+982188776655', kind: 'landline', label: null },
        ]),
        owner.userId,
      ],
    );
    ids.account = (rows[0] as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const report = async (cookie = owner.cookie, query = '') => {
    const res = await get(t.app, cookie, `/api/v1/data-quality${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Report;
    const counts: Record<string, number> = {};
    for (const c of body.checks) if (c.count) counts[`${c.type}.${c.check}`] = c.count;
    return { body, counts };
  };

  const problems = {
    'contact.invalid_email': 1,
    'contact.invalid_national_id': 1,
    'contact.invalid_phone': 1,
    'contact.no_owner': 1,
    'contact.no_phone_or_email': 1,
    'contact.out_of_domain': 2,
  };

  it('counts each problem on the records you can see', async () => {
    const { body, counts } = await report();
    expect(body.scanned).toEqual({ contact: 12, account: 1, lead: 0 });
    expect(counts).toEqual({
      ...problems,
      'contact.non_canonical_email': 1,
      'contact.non_canonical_phone': 1,
      'contact.not_normalised': 2,
      'account.not_normalised': 1,
    });
    const sample = body.checks.find((c) => c.type === 'contact' && c.check === 'not_normalised');
    expect(sample?.sampleIds.sort()).toEqual([ids.arabic, ids.spaces].sort());
    expect(sample?.fixable).toBe(true);
    const agent = await addMember(t.app, owner.cookie, 'agent');
    expect((await report(agent.cookie)).counts).toEqual({});
    expect((await report(owner.cookie, '?types=account')).body.scanned).toEqual({ account: 1 });
    const bad = await get(t.app, owner.cookie, '/api/v1/data-quality?types=contact,dragon');
    expect(bad.statusCode).toBe(422);
  });

  it('lists the records of one check with what is wrong, page by page', async () => {
    const page1 = await get(
      t.app,
      owner.cookie,
      '/api/v1/data-quality/issues?type=contact&check=out_of_domain&limit=1',
    );
    expect(page1.statusCode, page1.body).toBe(200);
    const p1 = page1.json() as { items: { id: string; problems: { field: string }[] }[]; nextCursor: string };
    expect(p1.items).toHaveLength(1);
    const page2 = await get(
      t.app,
      owner.cookie,
      `/api/v1/data-quality/issues?type=contact&check=out_of_domain&limit=5&cursor=${p1.nextCursor}`,
    );
    const p2 = page2.json() as typeof p1;
    const all = [...p1.items, ...p2.items];
    expect(all.map((i) => i.id).sort()).toEqual([ids.future, ids.tier].sort());
    expect(all.flatMap((i) => i.problems.map((p) => p.field)).sort()).toEqual(['birthDate', 'custom.tier']);
    expect(p2.nextCursor).toBeNull();
    const everything = (
      await get(t.app, owner.cookie, '/api/v1/data-quality/issues?type=contact&limit=200')
    ).json() as typeof p1;
    expect(everything.items.map((i) => i.id)).not.toContain(ids.clean);
    expect(everything.items).toHaveLength(11);
    const bad = await get(t.app, owner.cookie, '/api/v1/data-quality/issues?type=contact&check=ugly');
    expect(bad.statusCode).toBe(422);
    expect((bad.json() as { errors: { path: string }[] }).errors[0]?.path).toBe('querystring.check');
  });

  it('the fix job changes exactly the fixable rows, with audit rows, and a second run changes nothing', async () => {
    const versions = async () => {
      const { rows } = await t.db.query<{ id: string; version: number }>(
        `SELECT id, version FROM contacts WHERE tenant_id = $1 UNION ALL SELECT id, version FROM accounts WHERE tenant_id = $1`,
        [owner.tenantId],
      );
      return new Map(rows.map((r) => [r.id, r.version]));
    };
    const before = await versions();
    const job = await runJob(t.app, owner.cookie, '/api/v1/data-quality/fix', {
      types: ['contact', 'account', 'lead'],
    });
    expect(job.result).toEqual({ fixed: { contact: 4, account: 1, lead: 0 } });
    const after = await versions();
    const changed = [...after].filter(([id, v]) => before.get(id) !== v).map(([id]) => id);
    expect(changed.sort()).toEqual(
      [ids.arabic, ids.spaces, ids.phoneForm, ids.emailForm, ids.account].sort(),
    );
    const { rows } = await t.db.query<{
      id: string;
      first_name: string;
      last_name: string;
      phones_canonical: string[];
      emails_canonical: string[];
    }>(
      `SELECT id, first_name, last_name, phones_canonical, emails_canonical FROM contacts WHERE id = ANY($1::uuid[])`,
      [[ids.arabic, ids.spaces, ids.phoneForm, ids.emailForm, ids.deleted]],
    );
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(ids.arabic as string)).toMatchObject({ first_name: 'علی', last_name: 'کریمی' });
    expect(by.get(ids.spaces as string)?.last_name).toBe('احمدی نژاد');
    expect(by.get(ids.phoneForm as string)?.phones_canonical).toEqual(['+989121234567']);
    expect(by.get(ids.emailForm as string)?.emails_canonical).toEqual(['foo@example.com']);
    expect(by.get(ids.deleted as string)?.first_name).toBe('علي');
    const audit = await t.db.query<{ entity_id: string; changes: Record<string, unknown> }>(
      `SELECT entity_id, changes FROM audit_log WHERE tenant_id = $1 AND request_id LIKE '%:fix'`,
      [owner.tenantId],
    );
    expect(audit.rows).toHaveLength(5);
    expect(audit.rows.find((r) => r.entity_id === ids.arabic)?.changes).toEqual({
      first_name: { before: 'علي', after: 'علی' },
      last_name: { before: 'كريمي', after: 'کریمی' },
    });
    const { counts } = await report();
    expect(counts).toEqual(problems);
    const again = await runJob(t.app, owner.cookie, '/api/v1/data-quality/fix', {});
    expect(again.result).toEqual({ fixed: { contact: 0, account: 0, lead: 0 } });
  });
});
