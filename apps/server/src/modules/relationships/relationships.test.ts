import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  countRows,
  expectFieldErrors,
  insertAccount,
  insertContact,
  linkContact,
} from '../interactions/test-support.js';
import { before, registerTimelineSource, timelineKey } from './timeline.js';

// A later module (here: a pretend "invoices") plugs its records into the customer timeline.
const invoices: { accountId: string; id: string; at: string }[] = [];
registerTimelineSource({
  kind: 'test_invoice',
  module: 'relationships',
  statement(subject, cursor, limit) {
    const mine = invoices.filter((i) => subject.type === 'account' && i.accountId === subject.id);
    if (!mine.length) return null;
    return sql`
      SELECT 'test_invoice' AS kind, v.id, ${timelineKey(sql`v.at`)} AS key, v.at, 'فاکتور' AS title,
        NULL AS summary, '{}'::jsonb AS data
      FROM unnest(${mine.map((i) => i.id)}::uuid[], ${mine.map((i) => i.at)}::timestamptz[]) AS v(id, at)
      WHERE ${before(sql`v.at`, sql`v.id`, cursor)} ORDER BY v.at DESC, v.id DESC LIMIT ${limit}`;
  },
});

describe.each(testEngines())('relationships, signals and the customer 360 on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Relationships');
    agent = await addMember(t.app, owner.cookie, 'agent');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, body?: unknown, headers?: Record<string, string>, cookie = owner.cookie) =>
    call(t.app, { method: 'POST', url, cookie, body, ...(headers ? { headers } : {}) });
  const get = (url: string, cookie = owner.cookie) => call(t.app, { method: 'GET', url, cookie });
  const daysAgo = (d: number, hours = 0) =>
    new Date(Date.now() - d * 86_400_000 + hours * 3_600_000).toISOString();
  const touch = (subject: Record<string, string>, body: Record<string, unknown>) =>
    post('/api/v1/interactions', { channel: 'call', direction: 'out', ...subject, ...body });

  it('keeps the phase and its full history; dissolution records who ended it; re-entry is allowed', async () => {
    const contactId = await insertContact(t.db, owner.tenantId, owner.userId);
    const base = `/api/v1/contacts/${contactId}`;
    expect((await get(`${base}/phase`)).json()).toEqual({
      phase: null,
      subStage: null,
      since: null,
      version: 0,
    });
    expectFieldErrors(await post(`${base}/phase`, { phase: 'dissolution', reason: 'x', endedBy: 'us' }), [
      'phase',
    ]);
    const explore = await post(`${base}/phase`, {
      phase: 'exploration',
      subStage: 'norms',
      reason: 'جلسه اول',
    });
    expect(explore.statusCode, explore.body).toBe(200);
    expect(explore.json()).toMatchObject({ phase: 'exploration', subStage: 'norms', version: 1 });
    expectFieldErrors(await post(`${base}/phase`, { phase: 'awareness', subStage: 'norms', reason: 'x' }), [
      'subStage',
    ]);
    expectFieldErrors(await post(`${base}/phase`, { phase: 'dissolution', reason: 'x' }), ['endedBy']);
    expectFieldErrors(await post(`${base}/phase`, { phase: 'galaxy', reason: '' }), ['phase', 'reason']);
    expect(
      (await post(`${base}/phase`, { phase: 'expansion', reason: 'x' }, { 'if-match': '7' })).statusCode,
    ).toBe(409);
    await post(`${base}/phase`, { phase: 'expansion', reason: 'سفارش دوم' }, { 'if-match': '1' });
    const ended = await post(`${base}/phase`, {
      phase: 'dissolution',
      endedBy: 'customer',
      reason: 'به رقیب رفت: قیمت',
    });
    expect(ended.json()).toMatchObject({ phase: 'dissolution', subStage: null, version: 3 });
    expectFieldErrors(await post(`${base}/phase`, { phase: 'commitment', reason: 'x' }), ['phase']);
    expect(
      (await post(`${base}/phase`, { phase: 'exploration', reason: 'بازگشت مشتری' })).json(),
    ).toMatchObject({
      phase: 'exploration',
      subStage: 'attraction',
    });
    const history = (await get(`${base}/phase-history`)).json().items;
    expect(
      history.map((h: { fromPhase: string | null; toPhase: string; endedBy: string | null }) =>
        [h.fromPhase, h.toPhase, h.endedBy].join('→'),
      ),
    ).toEqual([
      'dissolution→exploration→',
      'expansion→dissolution→customer',
      'exploration→expansion→',
      '→exploration→',
    ]);
    expect(history[1]).toMatchObject({
      reason: 'به رقیب رفت: قیمت',
      changedBy: owner.userId,
      source: 'user',
    });
    expect(history[1].changedByName).toBeTruthy();
    expect(
      await countRows(t.db, 'audit_log', `entity = 'relationship' AND entity_id = $1`, [contactId]),
    ).toBe(4);
    expect(
      await countRows(
        t.db,
        'outbox_events',
        `type = 'relationship.phase_changed' AND payload->>'subjectId' = $1`,
        [contactId],
      ),
    ).toBe(4);
    expect((await get(`/api/v1/contacts/${newId()}/phase`)).statusCode).toBe(404);
    // A customer in the recycle bin has no relationship routes.
    await t.db.query(`UPDATE contacts SET deleted_at = now() WHERE id = $1`, [contactId]);
    expect((await get(`${base}/phase`)).statusCode).toBe(404);
    expect((await post(`${base}/phase`, { phase: 'awareness', reason: 'x' })).statusCode).toBe(404);
  });

  it('lists customers by phase in the reader’s scope, keyset-paged with counts per phase', async () => {
    const org = await signupOrg(t.app, 'Board');
    const seller = await addMember(t.app, org.cookie, 'agent');
    const stranger = await signupOrg(t.app, 'Elsewhere');
    const setPhase = async (
      cookie: string,
      type: 'contacts' | 'accounts',
      id: string,
      body: Record<string, unknown>,
    ) => {
      const res = await post(`/api/v1/${type}/${id}/phase`, { reason: 'جلسه', ...body }, undefined, cookie);
      expect(res.statusCode, res.body).toBe(200);
    };
    const mine = [];
    for (const name of ['بهار', 'تارا', 'ژاله']) {
      const id = await insertContact(t.db, org.tenantId, org.userId, name);
      await setPhase(org.cookie, 'contacts', id, { phase: 'exploration', subStage: 'norms' });
      mine.push(id);
    }
    const sellers = await insertContact(t.db, org.tenantId, seller.userId, 'نیما');
    await setPhase(org.cookie, 'contacts', sellers, { phase: 'exploration' });
    const expanded = await insertContact(t.db, org.tenantId, org.userId, 'رها');
    await setPhase(org.cookie, 'contacts', expanded, { phase: 'expansion' });
    const unphased = await insertContact(t.db, org.tenantId, org.userId, 'کاوه');
    const binned = await insertContact(t.db, org.tenantId, org.userId, 'حذفی');
    await setPhase(org.cookie, 'contacts', binned, { phase: 'exploration' });
    await t.db.query(`UPDATE contacts SET deleted_at = now() WHERE id = $1`, [binned]);
    const account = await insertAccount(t.db, org.tenantId, org.userId, 'پارس');
    await setPhase(org.cookie, 'accounts', account, { phase: 'commitment' });
    const theirs = await insertContact(t.db, stranger.tenantId, stranger.userId, 'غریبه');
    await setPhase(stranger.cookie, 'contacts', theirs, { phase: 'exploration' });

    const list = (query: string, cookie = org.cookie) => get(`/api/v1/relationships?${query}`, cookie);
    // Newest phase first, one per page: every exploring contact once, the deleted and the foreign never.
    const seen: { id: string; since: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(
        `type=contact&phase=exploration&limit=1&total=true${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.total).toBe(4);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id)).toEqual([sellers, ...mine.reverse()]);
    const first = (await list(`type=contact&phase=exploration&sort=name`)).json();
    expect(first.items.map((i: { name: string }) => i.name)).toEqual([
      'بهار کریمی',
      'تارا کریمی',
      'ژاله کریمی',
      'نیما کریمی',
    ]);
    expect(first.items[3]).toMatchObject({
      type: 'contact',
      id: sellers,
      ownerId: seller.userId,
      phase: 'exploration',
      subStage: 'attraction',
      version: 1,
    });
    expect(first.items[3].ownerName).toBeTruthy();
    expect((await list('type=contact&phase=none')).json().items.map((i: { id: string }) => i.id)).toEqual([
      unphased,
    ]);
    expect((await list('type=contact&phase=none')).json().items[0]).toMatchObject({
      phase: null,
      since: null,
      version: 0,
    });
    expect((await list('type=account&total=true')).json()).toMatchObject({
      total: 1,
      items: [{ type: 'account', id: account, name: 'پارس', phase: 'commitment' }],
    });
    // An agent sees the relationships of the customers they own only.
    expect((await list('type=contact&phase=exploration&total=true', seller.cookie)).json()).toMatchObject({
      total: 1,
      items: [{ id: sellers }],
    });
    // Bad input names the field.
    expectFieldErrors(await list('phase=galaxy'), ['querystring.type', 'querystring.phase']);
    expectFieldErrors(await list('type=contact&cursor=zzz'), ['cursor']);
    expectFieldErrors(await list('type=contact&sort=owner'), ['sort']);
  });

  it('malformed requests anywhere are 4xx problems, never 500', async () => {
    const contactId = await insertContact(t.db, owner.tenantId, owner.userId);
    const task = (await post('/api/v1/tasks', { title: 'x' })).json();
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/interactions/not-a-uuid'],
      ['POST', '/api/v1/interactions', [1, 2]],
      [
        'POST',
        '/api/v1/interactions',
        { channel: 'call', direction: 'out', contactId, body: 'x'.repeat(100_001) },
      ],
      [
        'POST',
        '/api/v1/interactions',
        { channel: 'call', direction: 'out', contactId, occurredAt: '2026-13-45T00:00:00Z' },
      ],
      ['GET', '/api/v1/interactions?limit=1000'],
      ['GET', '/api/v1/interactions?cursor=zzz'],
      ['GET', '/api/v1/interactions?sort=-nope'],
      ['GET', `/api/v1/interactions?filter=${encodeURIComponent('{"field":"channel","op":"gt","value":1}')}`],
      ['PATCH', `/api/v1/tasks/${task.id}`, { dueAt: 12, status: 'maybe' }],
      ['PATCH', `/api/v1/tasks/${task.id}`, { assigneeId: newId() }],
      ['POST', '/api/v1/episodes', { name: 'x', contactId, startedAt: 'soon' }],
      [
        'POST',
        `/api/v1/contacts/${newId()}/trust`,
        { benevolence: 1, honesty: 1, competence: 1, basis: 'calculus' },
      ],
      ['GET', `/api/v1/contacts/${contactId}/timeline?limit=0`],
      ['GET', `/api/v1/contacts/${contactId}/trust?limit=abc`],
      ['POST', `/api/v1/contacts/${contactId}/phase`, { phase: 'awareness', reason: 'x'.repeat(2001) }],
      ['POST', '/api/v1/notes', { body: 5, contactId }],
      ['GET', '/api/v1/notifications?limit=-1'],
      ['POST', `/api/v1/notifications/${newId()}/read`],
    ];
    const statuses = [];
    for (const [method, url, body] of requests) {
      const res = await call(t.app, {
        method: method as 'GET',
        url,
        cookie: owner.cookie,
        ...(body !== undefined ? { body } : {}),
      });
      statuses.push(`${method} ${url.slice(0, 60)} ${res.statusCode} ${res.headers['content-type']}`);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(statuses).toHaveLength(requests.length);
  });

  it('records trust and commitment as dated rows for charts; bad scores are 422s', async () => {
    const accountId = await insertAccount(t.db, owner.tenantId, owner.userId);
    const base = `/api/v1/accounts/${accountId}`;
    expectFieldErrors(
      await post(`${base}/trust`, { benevolence: 6, honesty: 0, competence: 3.5, basis: 'gut' }),
      ['benevolence', 'honesty', 'competence', 'basis'],
    );
    expectFieldErrors(await post(`${base}/commitment`, { ours: 3 }), ['theirs']);
    for (const [days, b] of [
      [30, 2],
      [10, 4],
    ] as const) {
      const res = await post(`${base}/trust`, {
        benevolence: b,
        honesty: 4,
        competence: 5,
        basis: 'knowledge',
        note: 'سه سال همکاری',
        assessedAt: daysAgo(days),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await post(`${base}/commitment`, {
      ours: 4,
      theirs: 3,
      investments: 'آموزش تیم مشتری',
      assessedAt: daysAgo(5),
    });
    const trust = (await get(`${base}/trust`)).json();
    expect(trust.items.map((i: { benevolence: number }) => i.benevolence)).toEqual([2, 4]);
    expect(trust.latest).toMatchObject({ benevolence: 4, basis: 'knowledge', assessedBy: owner.userId });
    expect((await get(`${base}/commitment`)).json().latest).toMatchObject({ ours: 4, theirs: 3 });
    expect(await countRows(t.db, 'outbox_events', `type LIKE 'relationship.%_assessed'`, [])).toBe(3);
  });

  it('episodes are named spans that interactions link to', async () => {
    const contactId = await insertContact(t.db, owner.tenantId, owner.userId);
    const res = await post('/api/v1/episodes', {
      name: 'مذاکره قرارداد ۱۴۰۵',
      contactId,
      startedAt: daysAgo(20),
    });
    expect(res.statusCode, res.body).toBe(201);
    const episode = res.json();
    expect(episode).toMatchObject({ open: true, endedAt: null, interactionCount: 0, ownerId: owner.userId });
    await touch({ contactId }, { episodeId: episode.id, occurredAt: daysAgo(19) });
    expect((await get(`/api/v1/episodes/${episode.id}`)).json().interactionCount).toBe(1);
    expectFieldErrors(await post('/api/v1/episodes', { name: 'بی‌مشتری' }), ['accountId']);
    const patch = (body: unknown) =>
      call(t.app, { method: 'PATCH', url: `/api/v1/episodes/${episode.id}`, cookie: owner.cookie, body });
    expectFieldErrors(await patch({ endedAt: daysAgo(30) }), ['endedAt']);
    expect((await patch({ endedAt: daysAgo(1) })).json()).toMatchObject({ open: false, version: 2 });
    const open = (await get(`/api/v1/episodes?contactId=${contactId}&open=true`)).json().items;
    const closed = (await get(`/api/v1/episodes?contactId=${contactId}&open=false`)).json().items;
    expect([open.length, closed.length]).toEqual([0, 1]);
    expect(
      await countRows(t.db, 'outbox_events', `type = 'episode.ended' AND payload->>'episodeId' = $1`, [
        episode.id,
      ]),
    ).toBe(1);
    expect((await get(`/api/v1/episodes/${episode.id}`, agent.cookie)).statusCode).toBe(404);
    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/episodes/${episode.id}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(`/api/v1/episodes/${episode.id}`)).statusCode).toBe(404);
  });

  it('derives signals from interactions and suggests phases that can be accepted', async () => {
    const contactId = await insertContact(t.db, owner.tenantId, owner.userId);
    const base = `/api/v1/contacts/${contactId}`;
    const c = { contactId };
    // Nothing yet: no suggestion to accept.
    expect((await get(`${base}/signals`)).json()).toMatchObject({
      lastTouchAt: null,
      daysSinceLastTouch: null,
      trend: 'none',
      reciprocity: null,
      medianResponseSeconds: null,
      suggestion: null,
    });
    expect((await post(`${base}/phase/accept-suggestion`, {})).statusCode).toBe(409);
    // 100 days ago we called; lately the customer wrote twice and we answered in 2 and 4 hours.
    await touch(c, { occurredAt: daysAgo(100) });
    await touch(c, { channel: 'email', direction: 'in', occurredAt: daysAgo(10) });
    await touch(c, { channel: 'email', direction: 'out', initiator: 'us', occurredAt: daysAgo(10, 2) });
    await touch(c, { channel: 'sms', direction: 'in', occurredAt: daysAgo(5) });
    await touch(c, { channel: 'call', direction: 'out', initiator: 'customer', occurredAt: daysAgo(5, 4) });
    const s = (await get(`${base}/signals`)).json();
    expect(s).toMatchObject({
      daysSinceLastTouch: 4,
      trend: 'rising',
      reciprocity: 0.6,
      medianResponseSeconds: 3 * 3600,
      last90Days: { total: 4, customer: 3, us: 1 },
      suggestion: { phase: 'awareness', rule: 'first_touch' },
    });
    expect(s.interactionsPerMonth.map((m: { count: number }) => m.count)).toEqual([0, 0, 1, 0, 0, 4]);
    const accepted = await post(`${base}/phase/accept-suggestion`, { phase: 'awareness' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await get(`${base}/signals`)).json().suggestion).toMatchObject({
      phase: 'exploration',
      subStage: 'attraction',
      rule: 'two_way_contact',
    });
    expect((await post(`${base}/phase/accept-suggestion`, { phase: 'commitment' })).statusCode).toBe(409);
    await post(`${base}/phase/accept-suggestion`, {});
    await touch(c, { channel: 'meeting', direction: 'out', occurredAt: daysAgo(1) });
    // Reciprocity 3/6 = 0.5, rising, 5 in 90 days → expansion.
    expect((await get(`${base}/signals`)).json().suggestion).toMatchObject({ rule: 'rising_two_way' });
    await post(`${base}/phase/accept-suggestion`, {});
    await post(`${base}/trust`, { benevolence: 5, honesty: 4, competence: 4, basis: 'identification' });
    await post(`${base}/commitment`, { ours: 5, theirs: 4 });
    expect((await get(`${base}/signals`)).json().suggestion).toMatchObject({
      phase: 'commitment',
      rule: 'mutual_commitment',
    });
    expect((await post(`${base}/phase/accept-suggestion`, {})).json()).toMatchObject({ phase: 'commitment' });
    const history = (await get(`${base}/phase-history`)).json().items;
    expect(history.map((h: { toPhase: string; source: string }) => `${h.toPhase}/${h.source}`)).toEqual([
      'commitment/suggestion',
      'expansion/suggestion',
      'exploration/suggestion',
      'awareness/suggestion',
    ]);
    expect(history[0].reason).toContain('[mutual_commitment]');

    // A quiet relationship: 200 days without a touch → dissolution, and someone must have ended it.
    const quiet = await insertContact(t.db, owner.tenantId, owner.userId, 'رضا');
    await touch({ contactId: quiet }, { occurredAt: daysAgo(200) });
    await post(`/api/v1/contacts/${quiet}/phase`, { phase: 'expansion', reason: 'قدیمی' });
    expect((await get(`/api/v1/contacts/${quiet}/signals`)).json()).toMatchObject({
      daysSinceLastTouch: 200,
      suggestion: { phase: 'dissolution', rule: 'no_touch_180' },
    });
    expectFieldErrors(await post(`/api/v1/contacts/${quiet}/phase/accept-suggestion`, {}), ['endedBy']);
    const dissolved = await post(`/api/v1/contacts/${quiet}/phase/accept-suggestion`, { endedBy: 'mutual' });
    expect(dissolved.json()).toMatchObject({ phase: 'dissolution' });
  });

  it('the customer 360 brings profile, phase, signals, assessments, open tasks and a paged timeline', async () => {
    const accountId = await insertAccount(t.db, owner.tenantId, owner.userId, 'پارس‌نوین');
    const person = await insertContact(t.db, owner.tenantId, owner.userId, 'نگار');
    await linkContact(t.db, owner.tenantId, person, accountId);
    const a = { accountId };
    await touch(a, { channel: 'email', direction: 'in', occurredAt: daysAgo(9) });
    await touch({ contactId: person }, { channel: 'call', occurredAt: daysAgo(8) });
    await touch(a, { channel: 'meeting', occurredAt: daysAgo(7) });
    await post('/api/v1/notes', { body: '<p>یادداشت جلسه</p>', accountId });
    await post('/api/v1/tasks', { kind: 'call', title: 'پیگیری', accountId, dueAt: daysAgo(-2) });
    await post(`/api/v1/accounts/${accountId}/phase`, { phase: 'awareness', reason: 'نمایشگاه' });
    await post(`/api/v1/accounts/${accountId}/trust`, {
      benevolence: 3,
      honesty: 3,
      competence: 4,
      basis: 'calculus',
    });
    await t.db.query(
      `INSERT INTO audit_log (tenant_id, id, actor_id, actor_type, entity, entity_id, action, changes)
       VALUES ($1, $2, $3, 'user', 'account', $4, 'update', '{"name": {"before": "پارس", "after": "پارس‌نوین"}}')`,
      [owner.tenantId, newId(), owner.userId, accountId],
    );
    invoices.push({ accountId, id: newId(), at: daysAgo(3) });

    const res = await get(`/api/v1/accounts/${accountId}/360?limit=3`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.subject).toEqual({ type: 'account', id: accountId, name: 'پارس‌نوین' });
    expect(v.profile).toMatchObject({ name: 'پارس‌نوین', ownerId: owner.userId });
    expect(v.profile.contacts.map((c: { id: string }) => c.id)).toEqual([person]);
    expect(v.relationship).toMatchObject({ phase: 'awareness', version: 1 });
    expect(v.signals).toMatchObject({ daysSinceLastTouch: 7, last90Days: { total: 3 } });
    expect(v.trust).toMatchObject({ competence: 4 });
    expect(v.commitment).toBeNull();
    expect(v.openTasks.map((x: { title: string }) => x.title)).toEqual(['پیگیری']);
    expect(v.timeline.items).toHaveLength(3);

    // Page through the rest with the timeline endpoint: every entry once, newest first.
    const all = [...v.timeline.items];
    let cursor = v.timeline.nextCursor as string | null;
    while (cursor) {
      const page = (await get(`/api/v1/accounts/${accountId}/timeline?limit=3&cursor=${cursor}`)).json();
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    const kinds = all.map((e: { kind: string }) => e.kind).sort();
    expect(kinds).toEqual(
      [
        'audit',
        'interaction',
        'interaction',
        'interaction',
        'note',
        'phase_change',
        'task',
        'test_invoice',
      ].sort(),
    );
    const times = all.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(new Set(all.map((e: { id: string }) => e.id)).size).toBe(all.length);
    const audit = all.find((e: { kind: string }) => e.kind === 'audit');
    expect(audit).toMatchObject({ title: 'account.update', summary: 'name' });

    const calls = (
      await get(`/api/v1/accounts/${accountId}/timeline?kinds=interaction&channels=call,meeting`)
    ).json();
    expect(calls.items.map((e: { data: { channel: string } }) => e.data.channel)).toEqual([
      'meeting',
      'call',
    ]);
    expectFieldErrors(await get(`/api/v1/accounts/${accountId}/timeline?channels=pigeon`), [
      'querystring.channels.0',
    ]);
    expectFieldErrors(await get(`/api/v1/accounts/${accountId}/timeline?cursor=abc`), ['query.cursor']);
    expectFieldErrors(await get(`/api/v1/accounts/${accountId}/timeline?kinds=nope`), ['query.kinds']);
    // The contact's own 360 shows only what concerns the person.
    const personView = (await get(`/api/v1/contacts/${person}/360`)).json();
    expect(personView.timeline.items.map((e: { kind: string }) => e.kind)).toEqual(['interaction']);
    expect(personView.profile.accounts.map((x: { id: string }) => x.id)).toEqual([accountId]);
    // Someone whose scope does not include the account does not learn it exists.
    expect((await get(`/api/v1/accounts/${accountId}/360`, agent.cookie)).statusCode).toBe(404);
  });

  it('merging two contacts (cleaning) moves interactions, notes, tasks, phase and assessments; undo puts them back', async () => {
    const survivor = await insertContact(t.db, owner.tenantId, owner.userId, 'مریم');
    const merged = await insertContact(t.db, owner.tenantId, owner.userId, 'مريم');
    const i = (await touch({ contactId: merged }, { occurredAt: daysAgo(3) })).json();
    const n = (await post('/api/v1/notes', { body: 'یادداشت', contactId: merged })).json();
    await post(`/api/v1/contacts/${merged}/phase`, { phase: 'expansion', reason: 'سفارش' });
    await post(`/api/v1/contacts/${merged}/trust`, {
      benevolence: 4,
      honesty: 4,
      competence: 4,
      basis: 'knowledge',
    });
    const merge = await post('/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId: survivor,
      mergedId: merged,
    });
    expect(merge.statusCode, merge.body).toBeLessThan(300);
    const moved = Object.fromEntries(
      (merge.json().moved as { mover: string; count: number }[]).map((m) => [m.mover, m.count]),
    );
    expect(moved).toMatchObject({
      'interactions.contact_id': 1,
      'notes.contact_id': 1,
      'relationships.contact_id': 1,
      'relationship_phases.contact_id': 1,
      'trust_assessments.contact_id': 1,
    });
    const view = (await get(`/api/v1/contacts/${survivor}/360`)).json();
    expect(view.relationship.phase).toBe('expansion');
    expect(view.trust).toMatchObject({ competence: 4 });
    expect(view.timeline.items.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([i.id, n.id]),
    );
    const undo = await post(`/api/v1/duplicates/merges/${merge.json().id}/undo`, {});
    expect(undo.statusCode, undo.body).toBeLessThan(300);
    expect((await get(`/api/v1/contacts/${survivor}/phase`)).json().phase).toBeNull();
    expect((await get(`/api/v1/interactions/${i.id}`)).json().contactId).toBe(merged);
  });
});
