import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, expectFieldErrors } from '../customers/test-helpers.js';

interface SavedView {
  id: string;
  name: string;
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
  visibility: string;
  teamId: string | null;
  editable: boolean;
  version: number;
}

describe.each(testEngines())('saved views on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  let outsider: Awaited<ReturnType<typeof addMember>>;
  let teamId: string;
  const as =
    (cookie: string) =>
    (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) =>
      call(t.app, {
        method,
        url,
        cookie,
        ...(body !== undefined ? { body } : {}),
        ...(headers ? { headers } : {}),
      });
  const names = async (cookie: string, query = '') => {
    const res = await as(cookie)('GET', `/api/v1/views${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as SavedView[]).map((v) => v.name).sort();
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Views');
    agent = await addMember(t.app, owner.cookie, 'agent');
    outsider = await addMember(t.app, owner.cookie, 'agent');
    const team = await as(owner.cookie)('POST', '/api/v1/teams', { name: 'فروش', memberIds: [agent.userId] });
    teamId = (await created(team)).id;
    await created(
      await as(owner.cookie)('POST', '/api/v1/custom-fields', {
        entity: 'contact',
        key: 'region',
        type: 'select',
        labelFa: 'منطقه',
        options: [
          { value: 'north', labelFa: 'شمال' },
          { value: 'south', labelFa: 'جنوب' },
        ],
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('saves a view whose filter, sort and columns the list accepts, and the list runs it', async () => {
    const send = as(agent.cookie);
    for (const [lastName, region, birthDate] of [
      ['احمدی', 'north', '1990-05-01'],
      ['بهرامی', 'south', '1985-01-01'],
      ['تهرانی', 'north', '1970-01-01'],
    ] as const)
      await created(await send('POST', '/api/v1/contacts', { lastName, birthDate, custom: { region } }));
    const filter = {
      and: [
        { field: 'custom.region', op: 'eq', value: 'north' },
        {
          or: [
            { field: 'birthDate', op: 'gte', value: '1980-01-01' },
            { field: 'lastName', op: 'starts', value: 'ته' },
          ],
        },
      ],
    };
    const saved = await created<SavedView>(
      await send('POST', '/api/v1/views', {
        entity: 'contact',
        name: '  شمالی‌ها ',
        filter,
        sort: '-birthDate',
        columns: ['name', 'phones', 'custom.region', 'birthDate'],
        visibility: 'team',
        teamId,
      }),
    );
    expect(saved).toMatchObject({ name: 'شمالی‌ها', filter, editable: true, visibility: 'team', version: 1 });
    const got = await send('GET', `/api/v1/views/${saved.id}`);
    expect(got.headers.etag).toBe('"1"');
    const list = await send(
      'GET',
      `/api/v1/contacts?${new URLSearchParams({ filter: JSON.stringify(got.json().filter), sort: got.json().sort })}`,
    );
    expect(list.json().items.map((c: { lastName: string }) => c.lastName)).toEqual(['احمدی', 'تهرانی']);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND entity = 'saved_view' AND entity_id = $2`,
      [owner.tenantId, saved.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create']);
  });

  it('saves views of the tasks list, checked against the tasks catalogue', async () => {
    const send = as(agent.cookie);
    const filter = { and: [{ field: 'status', op: 'in', value: ['open', 'in_progress'] }] };
    const view = (await created(
      await send('POST', '/api/v1/views', {
        entity: 'task',
        name: 'کارهای باز',
        filter,
        sort: '-dueAt',
        columns: ['title', 'dueAt', 'priority'],
      }),
    )) as SavedView;
    expect(view).toMatchObject({ entity: 'task', sort: '-dueAt', columns: ['title', 'dueAt', 'priority'] });
    expect(await names(agent.cookie, '?entity=task')).toEqual(['کارهای باز']);
    const list = await send(
      'GET',
      `/api/v1/tasks?filter=${encodeURIComponent(JSON.stringify(view.filter))}&sort=-dueAt`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expectFieldErrors(
      await send('POST', '/api/v1/views', {
        entity: 'task',
        name: 'بد',
        filter: {
          or: [
            { field: 'phones', op: 'contains', value: '0912' },
            { field: 'status', op: 'eq', value: 'later' },
          ],
        },
        sort: 'description',
        columns: ['title', 'name'],
      }),
      ['filter.or.0.field', 'filter.or.1.value', 'sort', 'columns.1'],
    );

    // A role that may not read tasks neither sees the organisation's task views nor saves one.
    const shared = (await created(
      await as(owner.cookie)('POST', '/api/v1/views', {
        entity: 'task',
        name: 'کارهای همه',
        visibility: 'organization',
      }),
    )) as SavedView;
    const role = await as(owner.cookie)('POST', '/api/v1/roles', {
      key: 'customers_only',
      name: 'فقط مشتریان',
      rights: { customers: ['read'], views: ['read', 'create'] },
      scope: 'all',
    });
    expect(role.statusCode, role.body).toBe(201);
    const limited = await addMember(t.app, owner.cookie, 'customers_only');
    expect(await names(limited.cookie, '?entity=task')).toEqual([]);
    expect((await as(limited.cookie)('GET', `/api/v1/views/${shared.id}`)).statusCode).toBe(404);
    const refused = await as(limited.cookie)('POST', '/api/v1/views', { entity: 'task', name: 'نه' });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(
      (await as(limited.cookie)('POST', '/api/v1/views', { entity: 'lead', name: 'بله' })).statusCode,
    ).toBe(201);
    const removed = await as(owner.cookie)('DELETE', `/api/v1/views/${shared.id}`, undefined, {
      'if-match': String(shared.version),
    });
    expect(removed.statusCode, removed.body).toBe(204);
  });

  it('refuses what the list would refuse, naming each field, and writes nothing', async () => {
    const send = as(agent.cookie);
    const before = await names(agent.cookie);
    const res = await send('POST', '/api/v1/views', {
      entity: 'contact',
      name: 'بد',
      filter: {
        and: [
          { field: 'custom.nope', op: 'eq', value: 'x' },
          { field: 'birthDate', op: 'contains', value: '1990' },
          { field: 'custom.region', op: 'eq', value: 'east' },
        ],
      },
      sort: 'tags',
      columns: ['name', 'salary', 'name'],
      visibility: 'organization',
      teamId,
    });
    expectFieldErrors(res, [
      'filter.and.0.field',
      'filter.and.1.op',
      'filter.and.2.value',
      'sort',
      'columns.1',
      'columns.2',
      'teamId',
    ]);
    expectFieldErrors(await send('POST', '/api/v1/views', { entity: 'dragon', name: 'x' }), ['entity']);
    expectFieldErrors(await send('POST', '/api/v1/views', { entity: 'lead', name: '  ' }), ['name']);
    expectFieldErrors(
      await send('POST', '/api/v1/views', { entity: 'lead', name: 'x', visibility: 'team' }),
      ['teamId'],
    );
    // A team the agent is not in; a name already used for the same list.
    const other = await created(
      await as(owner.cookie)('POST', '/api/v1/teams', { name: 'پشتیبانی', memberIds: [] }),
    );
    expectFieldErrors(
      await send('POST', '/api/v1/views', {
        entity: 'lead',
        name: 'x',
        visibility: 'team',
        teamId: other.id,
      }),
      ['teamId'],
    );
    expectFieldErrors(await send('POST', '/api/v1/views', { entity: 'contact', name: 'شمالی‌ها' }), ['name']);
    expect(await names(agent.cookie)).toEqual(before);
  });

  it('shares with the team or the organisation; private stays private; only the owner or an admin edits', async () => {
    const agentSend = as(agent.cookie);
    const mine = await created<SavedView>(
      await agentSend('POST', '/api/v1/views', { entity: 'lead', name: 'خصوصی من' }),
    );
    const everyone = await created<SavedView>(
      await agentSend('POST', '/api/v1/views', {
        entity: 'account',
        name: 'همه',
        visibility: 'organization',
      }),
    );
    // The outsider (not in the team) sees only the organisation's; the owner (admin right) every shared one.
    expect(await names(outsider.cookie)).toEqual(['همه']);
    expect(await names(owner.cookie)).toEqual(['شمالی‌ها', 'همه']);
    expect(await names(agent.cookie, '?entity=lead')).toEqual(['خصوصی من']);
    expect((await as(owner.cookie)('GET', `/api/v1/views/${mine.id}`)).statusCode).toBe(404);
    // Readable is not editable: the outsider may not change the organisation's view; the owner may.
    const shared = await as(outsider.cookie)('GET', `/api/v1/views/${everyone.id}`);
    expect(shared.json().editable).toBe(false);
    expect(
      (await as(outsider.cookie)('PATCH', `/api/v1/views/${everyone.id}`, { name: 'نه' })).statusCode,
    ).toBe(403);
    expect((await as(outsider.cookie)('DELETE', `/api/v1/views/${everyone.id}`)).statusCode).toBe(403);
    const renamed = await as(owner.cookie)(
      'PATCH',
      `/api/v1/views/${everyone.id}`,
      { name: 'همه‌ی سازمان' },
      {
        'if-match': '"1"',
      },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'همه‌ی سازمان', version: 2, editable: true });
  });

  it('changes with If-Match (stale → 409), narrows visibility, and deletes', async () => {
    const send = as(agent.cookie);
    const v = await created<SavedView>(
      await send('POST', '/api/v1/views', {
        entity: 'lead',
        name: 'داغ',
        visibility: 'team',
        teamId,
        sort: '-score',
      }),
    );
    const changed = await send(
      'PATCH',
      `/api/v1/views/${v.id}`,
      {
        filter: { field: 'status', op: 'in', value: ['new', 'contacted'] },
        columns: ['name', 'status', 'score'],
      },
      { 'if-match': '"1"' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      version: 2,
      sort: '-score',
      columns: ['name', 'status', 'score'],
    });
    expect(
      (await send('PATCH', `/api/v1/views/${v.id}`, { name: 'دیر' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(409);
    expectFieldErrors(
      await send('PATCH', `/api/v1/views/${v.id}`, { filter: { field: 'status', op: 'eq', value: 'won' } }),
      ['filter.value'],
    );
    const narrowed = await send('PATCH', `/api/v1/views/${v.id}`, { visibility: 'private' });
    expect(narrowed.json()).toMatchObject({ visibility: 'private', teamId: null, version: 3 });
    expect((await send('DELETE', `/api/v1/views/${v.id}`, undefined, { 'if-match': '"2"' })).statusCode).toBe(
      409,
    );
    expect((await send('DELETE', `/api/v1/views/${v.id}`, undefined, { 'if-match': '"3"' })).statusCode).toBe(
      204,
    );
    expect((await send('GET', `/api/v1/views/${v.id}`)).statusCode).toBe(404);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND entity = 'saved_view' AND entity_id = $2 ORDER BY at, id`,
      [owner.tenantId, v.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('a view shared with a team that is deleted becomes private to its owner', async () => {
    const send = as(agent.cookie);
    const team = await created(
      await as(owner.cookie)('POST', '/api/v1/teams', { name: 'موقت', memberIds: [agent.userId] }),
    );
    // The agent's team list is read at sign-in of each request, so the new team counts at once.
    const v = await created<SavedView>(
      await send('POST', '/api/v1/views', {
        entity: 'account',
        name: 'تیم موقت',
        visibility: 'team',
        teamId: team.id,
      }),
    );
    expect((await as(owner.cookie)('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    const after = await send('GET', `/api/v1/views/${v.id}`);
    expect(after.json()).toMatchObject({ visibility: 'private', teamId: null });
    expect(await names(owner.cookie)).not.toContain('تیم موقت');
  });
});
