import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../platform/tenancy/context.js';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  buildWorld,
  byScope,
  type Relation,
  ROLES,
  recordOwner,
} from '../../platform/testing/permission-matrix.js';
import { CANDIDATE_CAP } from './customers.js';
import { markup } from './highlight.js';

interface Hit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  highlight: { field: string; text: string; ranges: [number, number][] } | null;
  score: number;
}

describe.each(testEngines())('search (%s)', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  const ids: Record<string, string> = {};

  const create = async (cookie: string, url: string, body: Record<string, unknown>) => {
    const res = await call(t.app, { method: 'POST', url, cookie, body });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const search = async (q: string, cookie = owner.cookie, extra = '') => {
    const res = await call(t.app, {
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
      cookie,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Hit[] }).items;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Search');
    agent = await addMember(t.app, owner.cookie, 'agent');
    const c = (body: Record<string, unknown>, cookie = owner.cookie) =>
      create(cookie, '/api/v1/contacts', body);
    ids.pars = await create(owner.cookie, '/api/v1/accounts', { name: 'شرکت پارس نوین', city: 'تهران' });
    ids.ali = await c({
      firstName: 'علی',
      lastName: 'رضایی',
      phone: '09121234567',
      email: 'Ali.Rezaei@Example.com',
      nationalId: '0012345679',
      accountId: ids.pars,
    });
    ids.aliLatin = await c({ firstName: 'Ali', lastName: 'Rezaei', phone: '09351112233' });
    ids.mohammad = await c({ firstName: 'محمد', lastName: 'رضایی‌نژاد', phone: '09127654321' });
    ids.maryam = await c({ firstName: 'مریم', lastName: 'کریمی', email: 'maryam@example.ir' });
    ids.deleted = await c({ firstName: 'علی', lastName: 'رضایی', phone: '09131234567' });
    ids.lead = await create(owner.cookie, '/api/v1/leads', {
      firstName: 'سارا',
      lastName: 'احمدی',
      companyName: 'آلفا',
      phone: '09191234567',
    });
    ids.agentOwn = await c({ firstName: 'ژاله', lastName: 'اکبری' }, agent.cookie);
    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/contacts/${ids.deleted}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode, del.body).toBe(204);
    const stranger = await signupOrg(t.app, 'Other');
    ids.stranger = await c({ firstName: 'علی', lastName: 'رضایی', phone: '09121234567' }, stranger.cookie);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['علی رضائی', 'ali'],
    ['علي رضايي', 'ali'],
    ['علی‌رضایی', 'ali'],
    ['علی رضایی', 'ali'],
    ['  علی   رضایی ', 'ali'],
    ['ali rezaei', 'aliLatin'],
    ['ALI REZAEI', 'aliLatin'],
    ['۰۹۱۲ ۱۲۳ ۴۵۶۷', 'ali'],
    ['+98 912 1234567', 'ali'],
    ['00989121234567', 'ali'],
    ['ALI.REZAEI@EXAMPLE.COM', 'ali'],
    ['۰۰۱۲۳۴۵۶۷۹', 'ali'],
    ['رضاعی', 'ali'],
    ['علی رضاعی', 'ali'],
    ['كريمي', 'maryam'],
    ['کریمى', 'maryam'],
    ['مریم کریمیی', 'maryam'],
    ['رضایی نژاد', 'mohammad'],
    ['پارس', 'pars'],
    ['سارا احمدی', 'lead'],
    ['آلفا', 'lead'],
  ])('"%s" finds %s first', async (q, key) => {
    const items = await search(q);
    expect(items.length, q).toBeGreaterThan(0);
    expect(items[0]?.id, JSON.stringify(items.slice(0, 3))).toBe(ids[key]);
  });

  it('exact identifiers rank first and are highlighted as typed', async () => {
    const [first] = await search('+98 912 1234567');
    expect(first?.score).toBeGreaterThanOrEqual(3);
    expect(first?.highlight).toEqual({ field: 'phone', text: '09121234567', ranges: [[0, 11]] });
    const [byEmail] = await search('ALI.REZAEI@EXAMPLE.COM');
    expect(byEmail?.highlight?.field).toBe('email');
    expect(byEmail?.highlight?.text).toBe('Ali.Rezaei@Example.com');
  });

  it('works from two characters, marks the matched part, and refuses one', async () => {
    const items = await search('رض');
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.ali, ids.mohammad]));
    const ali = items.find((i) => i.id === ids.ali) as Hit;
    expect(ali.title).toBe('علی رضایی');
    expect(markup(ali.highlight?.text ?? '', ali.highlight?.ranges ?? [])).toBe('علی <mark>رض</mark>ایی');
    const typo = (await search('علی رضاعی'))[0] as Hit;
    expect(markup(typo.highlight?.text ?? '', typo.highlight?.ranges ?? [])).toBe(
      '<mark>علی</mark> <mark>رضایی</mark>',
    );
    const zwnj = (await search('رضایی نژاد'))[0] as Hit;
    expect(markup(zwnj.highlight?.text ?? '', zwnj.highlight?.ranges ?? [])).toBe(
      'محمد <mark>رضایی‌نژاد</mark>',
    );
    for (const q of ['ع', ' ی ', 'a', '']) {
      const res = await call(t.app, {
        method: 'GET',
        url: `/api/v1/search?q=${encodeURIComponent(q)}`,
        cookie: owner.cookie,
      });
      expect(res.statusCode, q).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
        'querystring.q',
      ]);
    }
  });

  it('filters by type, limits, and names bad parameters', async () => {
    const contacts = await search('رضایی', owner.cookie, '&types=account,lead');
    expect(contacts).toEqual([]);
    const limited = await search('رضایی', owner.cookie, '&limit=1');
    expect(limited).toHaveLength(1);
    const bad = await call(t.app, {
      method: 'GET',
      url: '/api/v1/search?q=ali&types=contact,dragon',
      cookie: owner.cookie,
    });
    expect(bad.statusCode).toBe(422);
    expect((bad.json() as { errors: { path: string }[] }).errors[0]?.path).toBe('querystring.types');
    const big = await call(t.app, {
      method: 'GET',
      url: '/api/v1/search?q=ali&limit=500',
      cookie: owner.cookie,
    });
    expect(big.statusCode).toBe(422);
    const anon = await call(t.app, { method: 'GET', url: '/api/v1/search?q=ali' });
    expect(anon.statusCode).toBe(401);
  });

  it('never shows soft-deleted records, another tenant’s, or (to an agent) others’ records', async () => {
    const all = (await search('علی رضایی')).map((i) => i.id);
    expect(all).not.toContain(ids.deleted);
    expect(all).not.toContain(ids.stranger);
    const phone = (await search('09121234567')).map((i) => i.id);
    expect(phone).toEqual([ids.ali]);
    expect(await search('علی رضایی', agent.cookie)).toEqual([]);
    expect((await search('ژاله', agent.cookie)).map((i) => i.id)).toEqual([ids.agentOwn]);
  });

  it('search_customer_candidates (which bypasses row-level security) keeps to the transaction’s tenant', async () => {
    const candidates = (table: string) =>
      inTenant(t.db, owner.tenantId, async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT search_customer_candidates($1, 'رضا%', ARRAY['%رضایی%'], NULL, '+989121234567', NULL, NULL, 500) AS id`,
          [table],
        );
        return rows.map((r) => r.id);
      });
    const found = await candidates('contacts');
    expect(found).toContain(ids.ali);
    expect(found).not.toContain(ids.stranger);
    expect(found).not.toContain(ids.deleted);
    await expect(candidates('users')).rejects.toThrow(/not a customer table/);
    // Its helper returns every tenant's typo matches: not for the application's role.
    await expect(
      inTenant(t.db, owner.tenantId, (tx) => tx.query(`SELECT search_trigram_ids('contacts', 'رضایی')`)),
    ).rejects.toThrow(/permission denied/);
  });

  it('a query matching more records than it scores still ranks the name that starts with it first', async () => {
    // More contacts containing «پرست» than the candidates scored (CANDIDATE_CAP), written first; the one
    // whose name starts with it last, so a scan that stops at the cap would not reach it.
    await inTenant(t.db, owner.tenantId, (tx) =>
      tx.query(
        `INSERT INTO contacts (tenant_id, id, first_name, last_name, owner_id)
           SELECT $1, gen_random_uuid(), 'کاوه', 'نیکپرست ' || i, $2 FROM generate_series(1, $3::int) i`,
        [owner.tenantId, owner.userId, CANDIDATE_CAP + 20],
      ),
    );
    ids.parastoo = await create(owner.cookie, '/api/v1/contacts', { firstName: 'پرستو', lastName: 'کاظمی' });
    const hits = await search('پرست');
    expect(hits[0]?.id).toBe(ids.parastoo);
    expect(hits.length).toBeGreaterThan(1);
    // The exact name is first too, among every other «پرستو …».
    expect((await search('پرستو کاظمی'))[0]?.id).toBe(ids.parastoo);
  });

  it('permission matrix: every role finds exactly the records its scope shows', async () => {
    const world = await buildWorld(t.app);
    const mismatches: string[] = [];
    const relations: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
    const allowed = byScope('owner', 'admin', 'manager', 'agent', 'read_only');
    let n = 0;
    for (const role of ROLES) {
      const actor = world.members[role];
      for (const relation of relations) {
        const recordOwner_ = recordOwner(world, actor, relation);
        n += 1;
        const phone = `0912000${String(n).padStart(4, '0')}`;
        const creator = relation === 'otherTenant' ? world.stranger.cookie : world.members.owner.cookie;
        await create(creator, '/api/v1/contacts', {
          firstName: 'Zed',
          lastName: `Matrix ${role} ${relation}`,
          phone,
          ...(relation === 'otherTenant' ? {} : { ownerId: recordOwner_.userId }),
        });
        const found = (await search(phone, actor.cookie)).length > 0;
        if (found !== allowed(role, relation)) mismatches.push(`${role} on ${relation}: found=${found}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});
