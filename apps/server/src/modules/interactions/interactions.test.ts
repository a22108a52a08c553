import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { countRows, expectFieldErrors, insertAccount, insertContact, insertLead } from './test-support.js';

describe.each(testEngines())('interactions and notes on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  let contactId: string;
  let accountId: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Interactions');
    agent = await addMember(t.app, owner.cookie, 'agent');
    contactId = await insertContact(t.db, owner.tenantId, owner.userId);
    accountId = await insertAccount(t.db, owner.tenantId, owner.userId);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const post = (cookie: string, url: string, body: unknown, headers?: Record<string, string>) =>
    call(t.app, { method: 'POST', url, cookie, body, ...(headers ? { headers } : {}) });
  const get = (cookie: string, url: string) => call(t.app, { method: 'GET', url, cookie });

  it('logs an interaction: sanitised body, derived initiator, audit and outbox in the same write', async () => {
    const res = await post(owner.cookie, '/api/v1/interactions', {
      channel: 'email',
      direction: 'in',
      subject: 'درخواست پيش‌فاکتور',
      body: '<p dir="rtl" onclick="x()">سلام <script>alert(1)</script><a href="javascript:alert(1)">بد</a> <a href="https://example.ir">خوب</a></p><img src=x onerror=y>',
      contactId,
      accountId,
      occurredAt: '2026-01-10T08:30:00Z',
    });
    expect(res.statusCode, res.body).toBe(201);
    const i = res.json();
    expect(i).toMatchObject({
      channel: 'email',
      direction: 'in',
      initiator: 'customer',
      subject: 'درخواست پیش‌فاکتور',
      ownerId: owner.userId,
      createdBy: owner.userId,
      source: 'user',
      version: 1,
    });
    expect(i.body).not.toMatch(/script|onclick|javascript|img|onerror/);
    expect(i.body).toContain('href="https://example.ir"');
    expect(i.body).toContain('dir="rtl"');
    expect(await countRows(t.db, 'audit_log', `entity = 'interaction' AND entity_id = $1`, [i.id])).toBe(1);
    expect(
      await countRows(
        t.db,
        'outbox_events',
        `type = 'interaction.created' AND payload->>'interactionId' = $1`,
        [i.id],
      ),
    ).toBe(1);
    const one = await get(owner.cookie, `/api/v1/interactions/${i.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe('"1"');
  });

  it('bad input is a 422 naming each field, and nothing is written', async () => {
    const before = await countRows(t.db, 'interactions', 'tenant_id = $1', [owner.tenantId]);
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/interactions', {
        channel: 'pigeon',
        direction: 'sideways',
        durationSeconds: -1,
        occurredAt: 'yesterday',
        contactId,
      }),
      ['channel', 'direction', 'durationSeconds', 'occurredAt'],
    );
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/interactions', { channel: 'call', direction: 'out' }),
      ['contactId'],
    );
    const otherTenant = await signupOrg(t.app, 'Elsewhere');
    const foreign = await insertContact(t.db, otherTenant.tenantId, otherTenant.userId);
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/interactions', {
        channel: 'call',
        direction: 'out',
        contactId: foreign,
        leadId: '0190a8a0-0000-7000-8000-000000000000',
        episodeId: '0190a8a0-0000-7000-8000-000000000001',
      }),
      ['contactId', 'leadId', 'episodeId'],
    );
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/interactions', {
        channel: 'call',
        direction: 'out',
        contactId,
        ownerId: '0190a8a0-0000-7000-8000-000000000002',
      }),
      ['ownerId'],
    );
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/interactions', {
        channel: 'call',
        direction: 'out',
        contactId,
        extra: 1,
      }),
      [''],
    );
    // An agent cannot attach records to a customer outside their scope: it is "no such contact" to them.
    expectFieldErrors(
      await post(agent.cookie, '/api/v1/interactions', { channel: 'call', direction: 'out', contactId }),
      ['contactId'],
    );
    expect(await countRows(t.db, 'interactions', 'tenant_id = $1', [owner.tenantId])).toBe(before);
  });

  it('lists with filters (channel, contact, account, date range, filter language) and scopes agents to their own', async () => {
    const c2 = await insertContact(t.db, owner.tenantId, agent.userId, 'مینا');
    const mk = (cookie: string, body: Record<string, unknown>) =>
      post(cookie, '/api/v1/interactions', { direction: 'out', ...body });
    await mk(owner.cookie, { channel: 'call', contactId: c2, occurredAt: '2026-02-01T10:00:00Z' });
    await mk(owner.cookie, { channel: 'sms', contactId: c2, occurredAt: '2026-02-05T10:00:00Z' });
    await mk(agent.cookie, { channel: 'call', contactId: c2, occurredAt: '2026-03-01T10:00:00Z' });
    const ids = async (cookie: string, qs: string) => {
      const res = await get(cookie, `/api/v1/interactions?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { channel: string; occurredAt: string }[]).map(
        (i) => `${i.channel}@${i.occurredAt.slice(0, 10)}`,
      );
    };
    expect(await ids(owner.cookie, `contactId=${c2}`)).toEqual([
      'call@2026-03-01',
      'sms@2026-02-05',
      'call@2026-02-01',
    ]);
    expect(await ids(owner.cookie, `contactId=${c2}&channel=call`)).toEqual([
      'call@2026-03-01',
      'call@2026-02-01',
    ]);
    expect(
      await ids(owner.cookie, `contactId=${c2}&from=2026-02-02T00:00:00Z&to=2026-03-01T00:00:00Z`),
    ).toEqual(['sms@2026-02-05']);
    expect(await ids(owner.cookie, `accountId=${accountId}`)).toEqual(['email@2026-01-10']);
    const filter = encodeURIComponent(JSON.stringify({ field: 'channel', op: 'in', value: ['sms'] }));
    expect(await ids(owner.cookie, `contactId=${c2}&filter=${filter}&sort=occurredAt`)).toEqual([
      'sms@2026-02-05',
    ]);
    // The agent sees only what they own.
    expect(await ids(agent.cookie, `contactId=${c2}`)).toEqual(['call@2026-03-01']);
    const bad = await get(owner.cookie, '/api/v1/interactions?channel=pigeon&from=x');
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['querystring.channel', 'querystring.from']);
    const page = await get(owner.cookie, `/api/v1/interactions?contactId=${c2}&limit=2`);
    const next = await get(
      owner.cookie,
      `/api/v1/interactions?contactId=${c2}&limit=2&cursor=${page.json().nextCursor}`,
    );
    expect(next.json().items).toHaveLength(1);
    const q = await get(owner.cookie, `/api/v1/interactions?q=${encodeURIComponent('پیش فاکتور')}`);
    expect(q.json().items.map((i: { channel: string }) => i.channel)).toEqual(['email']);
  });

  it('updates with If-Match (stale → 409), keeps at least one customer link, deletes to the recycle bin', async () => {
    const lead = await insertLead(t.db, owner.tenantId, owner.userId);
    const created = (
      await post(owner.cookie, '/api/v1/interactions', { channel: 'meeting', direction: 'out', leadId: lead })
    ).json();
    expect(created.initiator).toBe('us');
    const patch = (body: unknown, version?: number) =>
      call(t.app, {
        method: 'PATCH',
        url: `/api/v1/interactions/${created.id}`,
        cookie: owner.cookie,
        body,
        ...(version ? { headers: { 'if-match': `"${version}"` } } : {}),
      });
    const ok = await patch({ outcome: 'قرارداد امضا شد', durationSeconds: 3600, initiator: 'customer' }, 1);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, outcome: 'قرارداد امضا شد', initiator: 'customer' });
    expect((await patch({ outcome: 'x' }, 1)).statusCode).toBe(409);
    expectFieldErrors(await patch({ leadId: null }), ['contactId']);
    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/interactions/${created.id}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(owner.cookie, `/api/v1/interactions/${created.id}`)).statusCode).toBe(404);
    expect(
      await countRows(t.db, 'audit_log', `entity = 'interaction' AND entity_id = $1`, [created.id]),
    ).toBe(3);
  });

  it('an Idempotency-Key replays the first response instead of logging twice', async () => {
    const body = { channel: 'chat', direction: 'in', contactId };
    const a = await post(owner.cookie, '/api/v1/interactions', body, { 'idempotency-key': 'chat-1' });
    const b = await post(owner.cookie, '/api/v1/interactions', body, { 'idempotency-key': 'chat-1' });
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    expect(
      await countRows(t.db, 'interactions', `channel = 'chat' AND tenant_id = $1`, [owner.tenantId]),
    ).toBe(1);
  });

  it('notes: rich text sanitised, linked to a record, listed, searched, changed and deleted', async () => {
    const res = await post(owner.cookie, '/api/v1/notes', {
      body: '<h2>جلسه</h2><p>مشتری به <b>تمديد</b> علاقه دارد<iframe src="https://x"></iframe></p>',
      accountId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const note = res.json();
    expect(note.body).toBe('<h2>جلسه</h2><p>مشتری به <b>تمديد</b> علاقه دارد</p>');
    expectFieldErrors(await post(owner.cookie, '/api/v1/notes', { body: 'x' }), ['contactId']);
    expectFieldErrors(await post(owner.cookie, '/api/v1/notes', { accountId }), ['body']);
    const list = await get(
      owner.cookie,
      `/api/v1/notes?accountId=${accountId}&q=${encodeURIComponent('تمدید')}`,
    );
    expect(list.json().items.map((n: { id: string }) => n.id)).toEqual([note.id]);
    expect((await get(agent.cookie, `/api/v1/notes/${note.id}`)).statusCode).toBe(404);
    const patched = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/notes/${note.id}`,
      cookie: owner.cookie,
      body: { pinned: true, contactId },
      headers: { 'if-match': '1' },
    });
    expect(patched.json()).toMatchObject({ pinned: true, contactId, accountId, version: 2 });
    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/notes/${note.id}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode).toBe(204);
    expect(
      await countRows(t.db, 'outbox_events', `type LIKE 'note.%' AND payload->>'noteId' = $1`, [note.id]),
    ).toBe(3);
  });
});
