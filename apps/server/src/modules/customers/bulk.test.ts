import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, expectFieldErrors, post } from './test-helpers.js';

describe.each(testEngines())('bulk actions on customer records (%s)', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  let stranger: Awaited<ReturnType<typeof signupOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Bulk');
    agent = await addMember(t.app, owner.cookie, 'agent');
    stranger = await signupOrg(t.app, 'Elsewhere');
  });
  afterAll(async () => {
    await t?.close();
  });

  const contact = async (lastName: string, extra: Record<string, unknown> = {}) =>
    created(await post(t.app, owner.cookie, '/api/v1/contacts', { firstName: 'گروهی', lastName, ...extra }));
  const bulk = (body: unknown, cookie = owner.cookie) => post(t.app, cookie, '/api/v1/contacts/bulk', body);
  const get = async (id: string) =>
    (await call(t.app, { method: 'GET', url: `/api/v1/contacts/${id}`, cookie: owner.cookie })).json() as {
      ownerId: string;
      tags: string[];
      version: number;
    };
  const auditActions = async (id: string) =>
    (
      await t.db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity = 'contact' AND entity_id = $1 ORDER BY at, id`,
        [id],
      )
    ).rows.map((r) => r.action);

  it('assigns an owner, adds and removes tags, each change audited, a record that has it left alone', async () => {
    const a = await contact('الف', { tags: ['vip'] });
    const b = await contact('ب');
    const assigned = await bulk({ action: 'assign', ids: [a.id, b.id], ownerId: agent.userId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ action: 'assign', changed: 2 });
    expect((await get(a.id)).ownerId).toBe(agent.userId);
    expect((await get(b.id)).ownerId).toBe(agent.userId);

    const tagged = await bulk({ action: 'addTags', ids: [a.id, b.id], tags: ['vip', ' نمایشگاه '] });
    expect(tagged.json()).toMatchObject({ changed: 2 });
    expect((await get(a.id)).tags.sort()).toEqual(['vip', 'نمایشگاه'].sort());
    expect((await get(b.id)).tags.sort()).toEqual(['vip', 'نمایشگاه'].sort());
    const again = await bulk({ action: 'addTags', ids: [a.id, b.id], tags: ['vip'] });
    expect(again.json()).toMatchObject({ changed: 0 });
    const { version } = await get(a.id);
    expect(again.json().items).toContainEqual({ id: a.id, version });

    const untagged = await bulk({ action: 'removeTags', ids: [a.id], tags: ['vip'] });
    expect(untagged.json()).toMatchObject({ changed: 1 });
    expect((await get(a.id)).tags).toEqual(['نمایشگاه']);
    expect(await auditActions(a.id)).toEqual(['create', 'update', 'update', 'update']);
  });

  it('moves records to the recycle bin, where they can be restored', async () => {
    const a = await contact('پ');
    const b = await contact('ت');
    const removed = await bulk({ action: 'delete', ids: [a.id, b.id] });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().items).toEqual([
      { id: a.id, version: null },
      { id: b.id, version: null },
    ]);
    expect(
      (await call(t.app, { method: 'GET', url: `/api/v1/contacts/${a.id}`, cookie: owner.cookie }))
        .statusCode,
    ).toBe(404);
    const bin = await call(t.app, {
      method: 'GET',
      url: '/api/v1/contacts?deleted=true',
      cookie: owner.cookie,
    });
    expect((bin.json() as { items: { id: string }[] }).items.map((r) => r.id)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );
  });

  it('changes every record or none: a missing one or an owner who cannot be assigned refuses the whole action', async () => {
    const a = await contact('ث');
    const theirs = await created(
      await post(t.app, stranger.cookie, '/api/v1/contacts', { firstName: 'دیگر', lastName: 'سازمان' }),
    );
    const mixed = await bulk({ action: 'addTags', ids: [a.id, theirs.id], tags: ['x'] });
    expect(mixed.statusCode, mixed.body).toBe(404);
    expect(mixed.json().errors).toEqual([expect.objectContaining({ path: 'ids.1', code: 'not_found' })]);
    expect((await get(a.id)).tags).toEqual([]);

    const badOwner = await bulk({ action: 'assign', ids: [a.id], ownerId: stranger.userId });
    expect([403, 422]).toContain(badOwner.statusCode);
    expect(badOwner.json().errors.map((e: { path: string }) => e.path)).toEqual(['ownerId']);
    expect((await get(a.id)).ownerId).toBe(owner.userId);
    expect(await auditActions(a.id)).toEqual(['create']);
  });

  it('an agent may change only their own records: one of someone else’s refuses the whole action', async () => {
    const mine = await created(
      await post(t.app, agent.cookie, '/api/v1/contacts', { firstName: 'نماینده', lastName: 'خودش' }),
    );
    const others = await contact('ج');
    const res = await bulk({ action: 'addTags', ids: [mine.id, others.id], tags: ['y'] }, agent.cookie);
    expect([403, 404]).toContain(res.statusCode);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'ids.1' })]);
    expect((await get(mine.id)).tags).toEqual([]);
    const denied = await bulk({ action: 'delete', ids: [mine.id] }, agent.cookie);
    expect(denied.statusCode).toBe(403);
  });

  it('lists the chosen records by id (what the list screens export of a selection)', async () => {
    const a = await contact('ح');
    const b = await contact('خ');
    await contact('د');
    const filter = JSON.stringify({ and: [{ field: 'id', op: 'in', value: [a.id, b.id] }] });
    const res = await call(t.app, {
      method: 'GET',
      url: `/api/v1/contacts?filter=${encodeURIComponent(filter)}`,
      cookie: owner.cookie,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { items: { id: string }[] }).items.map((r) => r.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });

  it('says which field is wrong', async () => {
    const a = await contact('چ');
    expectFieldErrors(await bulk({ action: 'assign', ids: [a.id, a.id], ownerId: owner.userId }), ['ids']);
    expectFieldErrors(await bulk({ action: 'addTags', ids: [], tags: ['x'] }), ['ids']);
    expectFieldErrors(await bulk({ action: 'addTags', ids: [a.id], tags: ['  '] }), ['tags']);
    expectFieldErrors(await bulk({ action: 'assign', ids: ['not-an-id'], ownerId: owner.userId }), ['ids.0']);
    const unknown = await bulk({ action: 'explode', ids: [a.id] });
    expect(unknown.statusCode).toBe(422);
    expect(JSON.stringify(unknown.json().errors)).toContain('action');
    const many = Array.from({ length: 501 }, () => a.id);
    expect((await bulk({ action: 'delete', ids: many })).statusCode).toBe(422);
  });

  it('describes the writable fields as JSON Schema drawn from the validation itself', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/contacts/schema', cookie: owner.cookie });
    expect(res.statusCode).toBe(200);
    const schema = res.json() as {
      type: string;
      properties: Record<string, { anyOf?: { enum?: string[] }[] }>;
    };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['firstName', 'phones', 'ownerId', 'custom', 'tags']),
    );
    expect(schema.properties.gender?.anyOf?.[0]?.enum).toEqual(['female', 'male', 'other']);
    const leads = await call(t.app, { method: 'GET', url: '/api/v1/leads/schema', cookie: owner.cookie });
    expect(Object.keys((leads.json() as { properties: object }).properties)).toContain('status');
  });
});
