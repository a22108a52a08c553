import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { nationalIdFrom } from '../customers/test-helpers.js';
import { createMany, get, post, runJob } from './test-support.js';

type C = Record<string, unknown>;
/** 20 planted pairs: the same person entered twice with the usual differences. */
const PLANTED: [C, C][] = [
  [
    { firstName: 'علی', lastName: 'رضایی', phone: '09121110001' },
    { firstName: 'علي', lastName: 'رضايي', email: 'ali.r@example.ir' },
  ],
  [
    { firstName: 'محمدرضا', lastName: 'کریمی' },
    { firstName: 'محمد رضا', lastName: 'کریمی' },
  ],
  [
    { firstName: 'زهرا', lastName: 'حسینی', phone: '09121110003' },
    { firstName: 'زهرا', lastName: 'حسینى', phone: '۰۹۱۲ ۱۱۱ ۰۰۰۳' },
  ],
  [
    { firstName: 'فاطمه', lastName: 'محمّدی' },
    { firstName: 'فاطمه', lastName: 'محمدی' },
  ],
  [
    { firstName: 'حسین', lastName: 'احمدی', email: 'h.ahmadi@gmail.com' },
    { firstName: 'حسين', lastName: 'احمدي', email: 'H.Ahmadi@Gmail.com' },
  ],
  [
    { firstName: 'مریم', lastName: 'جعفری', nationalId: nationalIdFrom(11111) },
    { firstName: 'مریم', lastName: 'جعفرى', nationalId: nationalIdFrom(11111) },
  ],
  [
    { firstName: 'رضا', lastName: 'رضاعی', phone: '09121110007' },
    { firstName: 'رضا', lastName: 'رضایی', phone: '+98 912 111 0007' },
  ],
  [
    { firstName: 'امیر', lastName: 'نوری' },
    { firstName: 'نوری', lastName: 'امیر' },
  ],
  [
    { firstName: 'Ali', lastName: 'Rezaei', email: 'ali@rezaei.com' },
    { firstName: 'ali', lastName: 'rezaie', email: 'ALI@REZAEI.COM' },
  ],
  [
    { firstName: 'Sara', lastName: 'Ahmadi' },
    { firstName: 'Sarah', lastName: 'Ahmadi' },
  ],
  [
    { firstName: 'نرگس', lastName: 'سلطانی', phone: '09121110011' },
    { lastName: 'سلطانی', phone: '00989121110011' },
  ],
  [
    { firstName: 'مهدی', lastName: 'کاظمی', nationalId: nationalIdFrom(22222) },
    { firstName: 'مهدى', lastName: 'كاظمى', nationalId: nationalIdFrom(22222) },
  ],
  [
    { firstName: 'پریسا', lastName: 'قاسمی' },
    { firstName: 'پریسا', lastName: 'قاسمیی' },
  ],
  [
    { firstName: 'کامران', lastName: 'شریفی', phone: '09121110014' },
    { firstName: 'کامران', lastName: 'شریفی', email: 'kamran@example.ir' },
  ],
  [
    { firstName: 'سعید', lastName: 'موسوی' },
    { firstName: 'سعيد', lastName: 'موسوي' },
  ],
  [
    { firstName: 'نازنین', lastName: 'اکبری', email: 'naz@example.com' },
    { firstName: 'نازنین‌اکبری', email: 'NAZ@example.com' },
  ],
  [
    { firstName: 'بهرام', lastName: 'یزدانی' },
    { firstName: 'بهرام', lastName: 'یزدانی ' },
  ],
  [
    { firstName: 'Reza', lastName: 'Karimi', phone: '+98 912 3334455' },
    { firstName: 'reza', lastName: 'karimi', phone: '09123334455' },
  ],
  [
    { firstName: 'لیلا', lastName: 'صادقی' },
    { firstName: 'ليلا', lastName: 'صادقي' },
  ],
  [
    { firstName: 'حمید', lastName: 'رحیمی', phone: '09121110020' },
    { firstName: 'حمید', lastName: 'رحيمى' },
  ],
];
/** Different people, several of them easy to confuse with a planted one or with each other. */
const DISTINCT: C[] = [
  { firstName: 'مریم', lastName: 'رضایی', phone: '09121110001' }, // علی رضایی's wife: same home phone
  { firstName: 'علی', lastName: 'رضوانی' },
  { firstName: 'علی', lastName: 'احمدی' },
  { firstName: 'علی', lastName: 'محمدی' },
  { firstName: 'احمد', lastName: 'کریمی' },
  { firstName: 'حسن', lastName: 'موسوی' },
  { firstName: 'زهرا', lastName: 'کاظمی' },
  { firstName: 'نیما', lastName: 'نوری', email: 'noori.family@example.ir' },
  { firstName: 'سارا', lastName: 'نوری', email: 'noori.family@example.ir' },
  { firstName: 'Ali', lastName: 'Rahimi' },
  { firstName: 'Omid', lastName: 'Karimi' },
  { firstName: 'مهدی', lastName: 'کاظمی', nationalId: nationalIdFrom(33333) }, // same name, another person's ID
  { firstName: 'شیرین', lastName: 'عباسی' },
  { firstName: 'پرویز', lastName: 'عباسی' },
  { firstName: 'کیان', lastName: 'مرادی' },
  { firstName: 'کاوه', lastName: 'مرادی' },
  { firstName: 'بابک', lastName: 'نجفی' },
  { firstName: 'آرش', lastName: 'نجفی' },
  { firstName: 'الهام', lastName: 'فرهادی' },
  { firstName: 'الهه', lastName: 'فرهادی' },
  // Namesakes: the same common name, each with their own phone.
  { firstName: 'محمد', lastName: 'حسینی', phone: '09121110050' },
  { firstName: 'محمد', lastName: 'حسینی', phone: '09121110051' },
];

interface Pair {
  id: string;
  type: string;
  score: number;
  status: string;
  reasons: { kind: string }[];
  records: { id: string; title: string }[];
}

describe.each(testEngines())('duplicates (%s)', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  const planted = new Set<string>();
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  let firstPair: [string, string];
  let accounts: string[];

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Clean');
    accounts = await createMany(t.app, owner.cookie, 'accounts', [
      { name: 'شرکت پارس نوین', phone: '02188776655' },
      { name: 'پارس نوین', phone: '021-88776655' },
      { name: 'گروه صنعتی آریا' },
    ]);
    const items = [...PLANTED.flat(), ...DISTINCT];
    // The first planted person works at two accounts, the second at one of them and a third.
    (items[0] as C).accounts = [{ accountId: accounts[0], primary: true }, { accountId: accounts[2] }];
    (items[1] as C).accounts = [
      { accountId: accounts[0], role: 'مدیر' },
      { accountId: accounts[1], primary: true },
    ];
    const ids = await createMany(t.app, owner.cookie, 'contacts', items);
    for (let i = 0; i < PLANTED.length; i++) planted.add(key(ids[2 * i] as string, ids[2 * i + 1] as string));
    firstPair = [ids[0] as string, ids[1] as string];
    await createMany(t.app, owner.cookie, 'leads', [
      { firstName: 'سارا', lastName: 'احمدی', companyName: 'آلفا' },
      { firstName: 'سارا', lastName: 'احمدى', email: 'sara@alfa.ir' },
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const list = async (query: string, cookie = owner.cookie) => {
    const res = await get(t.app, cookie, `/api/v1/duplicates?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Pair[]; nextCursor: string | null };
  };

  it('the scan finds every planted pair and no pair of different people', async () => {
    const started = Date.now();
    const job = await runJob(t.app, owner.cookie, '/api/v1/duplicates/scan', {
      types: ['contact', 'account', 'lead'],
    });
    const seconds = (Date.now() - started) / 1000;
    expect(job.progress).toBe(job.total);
    const result = job.result as Record<
      string,
      { records: number; pairsCompared: number; candidates: number }
    >;
    expect(result.contact?.records).toBe(62);
    // Blocking: far fewer comparisons than all 1,770 pairs.
    expect(result.contact?.pairsCompared).toBeLessThan(300);
    const found = (await list('type=contact&limit=200')).items;
    const foundKeys = new Set(found.map((p) => key(p.records[0]?.id as string, p.records[1]?.id as string)));
    const recall = [...planted].filter((k) => foundKeys.has(k)).length / planted.size;
    const precision = [...foundKeys].filter((k) => planted.has(k)).length / foundKeys.size;
    console.log(
      `[${engine}] scan ${seconds.toFixed(2)} s; contacts: ${JSON.stringify(result.contact)}; recall ${recall}, precision ${precision}`,
    );
    const wrong = found.filter(
      (p) => !planted.has(key(p.records[0]?.id as string, p.records[1]?.id as string)),
    );
    expect(wrong.map((p) => p.records.map((r) => r.title).join(' / '))).toEqual([]);
    expect({ recall, precision }).toEqual({ recall: 1, precision: 1 });
    const sorted = [...found].sort((a, b) => b.score - a.score);
    expect(found.map((p) => p.id)).toEqual(sorted.map((p) => p.id));
    const accountsFound = (await list('type=account')).items;
    expect(accountsFound).toHaveLength(1);
    expect(accountsFound[0]?.reasons.map((r) => r.kind)).toEqual(['phone', 'name']);
    expect((await list('type=lead')).items).toHaveLength(1);
  });

  it('pages by cursor, dismisses a pair, and a second scan keeps it dismissed', async () => {
    const page1 = await list('type=contact&limit=7');
    expect(page1.items).toHaveLength(7);
    const page2 = await list(`type=contact&limit=100&cursor=${page1.nextCursor}`);
    expect(page2.items).toHaveLength(13);
    expect(page2.nextCursor).toBeNull();
    const ids = new Set([...page1.items, ...page2.items].map((p) => p.id));
    expect(ids.size).toBe(20);
    const bad = await get(t.app, owner.cookie, '/api/v1/duplicates?cursor=nonsense');
    expect(bad.statusCode).toBe(422);
    const target = page2.items[0] as Pair;
    const res = await post(t.app, owner.cookie, `/api/v1/duplicates/${target.id}/dismiss`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Pair).status).toBe('dismissed');
    await runJob(t.app, owner.cookie, '/api/v1/duplicates/scan', { types: ['contact'] });
    expect((await list('type=contact&limit=200')).items).toHaveLength(19);
    expect((await list('type=contact&status=dismissed')).items.map((p) => p.id)).toEqual([target.id]);
  });

  it('merge moves memberships and fields, soft-deletes with merged_into; undo restores everything', async () => {
    const [survivorId, mergedId] = firstPair;
    const before = {
      survivor: (await get(t.app, owner.cookie, `/api/v1/contacts/${survivorId}`)).json() as C,
      merged: (await get(t.app, owner.cookie, `/api/v1/contacts/${mergedId}`)).json() as C,
    };
    const res = await post(t.app, owner.cookie, '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId,
      mergedId,
      fields: { firstName: 'merged', jobTitle: 'survivor' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const merge = res.json() as { id: string; moved: { mover: string; count: number }[] };
    expect(merge.moved).toContainEqual({ mover: 'customers.contact_accounts.contact', count: 2 });
    const survivor = (await get(t.app, owner.cookie, `/api/v1/contacts/${survivorId}`)).json() as {
      firstName: string;
      phones: { canonical: string }[];
      emails: { canonical: string }[];
      accounts: { accountId: string; primary: boolean; role: string | null }[];
    };
    expect(survivor.firstName).toBe('علی');
    expect(survivor.phones.map((p) => p.canonical)).toEqual(['+989121110001']);
    expect(survivor.emails.map((e) => e.canonical)).toEqual(['ali.r@example.ir']);
    // Account 0 both had (the survivor's link kept), account 1 moved over (not primary: the survivor has one).
    expect(survivor.accounts.map((a) => [a.accountId, a.primary]).sort()).toEqual(
      [
        [accounts[0], true],
        [accounts[1], false],
        [accounts[2], false],
      ].sort(),
    );
    expect((await get(t.app, owner.cookie, `/api/v1/contacts/${mergedId}`)).statusCode).toBe(404);
    const { rows } = await t.db.query<{ merged_into: string; deleted: boolean }>(
      `SELECT merged_into, deleted_at IS NOT NULL AS deleted FROM contacts WHERE id = $1`,
      [mergedId],
    );
    expect(rows[0]).toEqual({ merged_into: survivorId, deleted: true });
    expect(
      (await list('type=contact&status=merged')).items.map((p) => p.records.map((r) => r.id).sort()),
    ).toEqual([[survivorId, mergedId].sort()]);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'contact' AND entity_id::text = ANY($1::text[]) AND action IN ('merge', 'merged') ORDER BY action`,
      [[survivorId, mergedId]],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['merge', 'merged']);
    // A second merge of the same record is refused: it is in the recycle bin.
    const again = await post(t.app, owner.cookie, '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId,
      mergedId,
    });
    expect(again.statusCode).toBe(404);

    const undo = await post(t.app, owner.cookie, `/api/v1/duplicates/merges/${merge.id}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(200);
    const strip = (c: C) => ({ ...c, version: undefined, updatedAt: undefined });
    const after = {
      survivor: (await get(t.app, owner.cookie, `/api/v1/contacts/${survivorId}`)).json() as C,
      merged: (await get(t.app, owner.cookie, `/api/v1/contacts/${mergedId}`)).json() as C,
    };
    expect(strip(after.survivor)).toEqual(strip(before.survivor));
    expect(strip(after.merged)).toEqual(strip(before.merged));
    const twice = await post(t.app, owner.cookie, `/api/v1/duplicates/merges/${merge.id}/undo`, {});
    expect(twice.statusCode).toBe(409);
    expect((await list('type=contact&status=merged')).items).toEqual([]);
  });

  it('undo is refused once the survivor changed; merging accounts moves their members', async () => {
    const [survivorId, mergedId] = firstPair;
    const res = await post(t.app, owner.cookie, '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId,
      mergedId,
    });
    expect(res.statusCode, res.body).toBe(200);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${survivorId}`,
      headers: { cookie: owner.cookie },
      payload: { jobTitle: 'مدیرعامل' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const undo = await post(
      t.app,
      owner.cookie,
      `/api/v1/duplicates/merges/${(res.json() as { id: string }).id}/undo`,
      {},
    );
    expect(undo.statusCode).toBe(409);

    const acc = await post(t.app, owner.cookie, '/api/v1/duplicates/merge', {
      type: 'account',
      survivorId: accounts[1],
      mergedId: accounts[0],
      fields: { name: 'merged' },
    });
    expect(acc.statusCode, acc.body).toBe(200);
    const account = (await get(t.app, owner.cookie, `/api/v1/accounts/${accounts[1]}`)).json() as {
      name: string;
    };
    expect(account.name).toBe('شرکت پارس نوین');
    const contact = (await get(t.app, owner.cookie, `/api/v1/contacts/${survivorId}`)).json() as {
      accounts: { accountId: string; name: string; primary: boolean }[];
    };
    expect(contact.accounts.map((a) => [a.accountId, a.name, a.primary]).sort()).toEqual(
      [
        [accounts[1], 'شرکت پارس نوین', true],
        [accounts[2], 'گروه صنعتی آریا', false],
      ].sort(),
    );
    const undoAcc = await post(
      t.app,
      owner.cookie,
      `/api/v1/duplicates/merges/${(acc.json() as { id: string }).id}/undo`,
      {},
    );
    expect(undoAcc.statusCode, undoAcc.body).toBe(200);
    const restored = (await get(t.app, owner.cookie, `/api/v1/contacts/${survivorId}`)).json() as {
      accounts: { accountId: string; primary: boolean }[];
    };
    expect(restored.accounts.map((a) => [a.accountId, a.primary]).sort()).toEqual(
      [
        [accounts[0], true],
        [accounts[1], false],
        [accounts[2], false],
      ].sort(),
    );
  });

  it('bad merges are refused with field paths and write nothing', async () => {
    const [a, b] = firstPair;
    const cases: [unknown, number, string[]][] = [
      [{ type: 'contact', survivorId: a, mergedId: a }, 422, ['mergedId']],
      [{ type: 'contact', survivorId: a, mergedId: 'x' }, 422, ['mergedId']],
      [{ type: 'dragon', survivorId: a, mergedId: b }, 422, ['type']],
      [{ type: 'lead', survivorId: a, mergedId: b }, 404, []],
    ];
    for (const [body, status, paths] of cases) {
      const res = await post(t.app, owner.cookie, '/api/v1/duplicates/merge', body);
      expect(res.statusCode, res.body).toBe(status);
      if (paths.length)
        expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(paths);
    }
    const other = (await list('type=contact&limit=1')).items[0] as Pair;
    const [x, y] = other.records.map((r) => r.id) as [string, string];
    const res = await post(t.app, owner.cookie, '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId: x,
      mergedId: y,
      fields: { shoeSize: 'merged', firstName: 'both', lastName: 'merged' },
    });
    expect(res.statusCode).toBe(422);
    expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'fields.firstName',
      'fields.shoeSize',
    ]);
    expect((await get(t.app, owner.cookie, `/api/v1/contacts/${y}`)).statusCode).toBe(200);
  });

  it('an agent sees only pairs of their own records and may not merge', async () => {
    const agent = await addMember(t.app, owner.cookie, 'agent');
    expect((await list('type=contact', agent.cookie)).items).toEqual([]);
    const [x, y] = await createMany(t.app, agent.cookie, 'contacts', [
      { firstName: 'تینا', lastName: 'افشار' },
      { firstName: 'تينا', lastName: 'افشار' },
    ]);
    await runJob(t.app, agent.cookie, '/api/v1/duplicates/scan', { types: ['contact'] });
    const mine = (await list('type=contact', agent.cookie)).items;
    expect(mine.map((p) => p.records.map((r) => r.id).sort())).toEqual([[x, y].sort()]);
    const merge = await post(t.app, agent.cookie, '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId: x,
      mergedId: y,
    });
    expect(merge.statusCode).toBe(403);
  });
});
