import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, expectFieldErrors } from './test-helpers.js';

interface Field {
  id: string;
  key: string;
  type: string;
  version: number;
}

describe.each(testEngines())('custom fields on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let relatedAccount: string;
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    call(t.app, { method, url, cookie: owner.cookie, ...(body !== undefined ? { body } : {}) });
  const define = (body: Record<string, unknown>) =>
    send('POST', '/api/v1/custom-fields', { entity: 'contact', labelFa: 'فیلد', ...body });
  const listIds = async (query: Record<string, string>) => {
    const res = await send('GET', `/api/v1/contacts?${new URLSearchParams({ limit: '200', ...query })}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { lastName: string }[] }).items.map((c) => c.lastName);
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Custom');
    relatedAccount = (await created(await send('POST', '/api/v1/accounts', { name: 'مرتبط' }))).id;
    const fields = [
      { key: 'budget', type: 'money', labelFa: 'بودجه', labelEn: 'Budget' },
      { key: 'visits', type: 'number', labelFa: 'بازدیدها' },
      { key: 'since', type: 'date', labelFa: 'مشتری از' },
      { key: 'newsletter', type: 'boolean', labelFa: 'خبرنامه' },
      {
        key: 'segment',
        type: 'select',
        labelFa: 'بخش',
        options: [
          { value: 'smb', labelFa: 'کوچک' },
          { value: 'enterprise', labelFa: 'بزرگ' },
        ],
      },
      {
        key: 'interests',
        type: 'multi_select',
        labelFa: 'علایق',
        options: [
          { value: 'crm', labelFa: 'سی‌آر‌ام' },
          { value: 'erp', labelFa: 'ای‌آر‌پی' },
          { value: 'bi', labelFa: 'هوش تجاری' },
        ],
      },
      { key: 'nickname', type: 'text', labelFa: 'لقب' },
      { key: 'bio', type: 'long_text', labelFa: 'زندگی‌نامه' },
      { key: 'altEmail', type: 'email', labelFa: 'ایمیل دوم' },
      { key: 'altPhone', type: 'phone', labelFa: 'تلفن دوم' },
      { key: 'homepage', type: 'url', labelFa: 'وب‌سایت' },
      { key: 'referrer', type: 'relation', relationEntity: 'account', labelFa: 'معرف' },
    ];
    for (const f of fields) await created(await define(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes the list catalogue with custom fields, and the list accepts exactly what it describes', async () => {
    const res = await send('GET', '/api/v1/contacts/fields');
    expect(res.statusCode, res.body).toBe(200);
    type Described = {
      name: string;
      type: string;
      ops: string[];
      sortable: boolean;
      values?: string[];
      references?: string;
      custom?: { labelFa: string; labelEn: string; options: { value: string }[] };
    };
    const fields = new Map((res.json().items as Described[]).map((f) => [f.name, f]));
    expect(fields.get('name')).toMatchObject({ type: 'text', sortable: true });
    expect(fields.get('ownerId')).toMatchObject({ type: 'uuid', references: 'member' });
    expect(fields.get('id')?.references).toBeUndefined();
    expect(fields.get('gender')).toMatchObject({ type: 'enum', values: ['female', 'male', 'other'] });
    expect(fields.get('tags')).toMatchObject({ type: 'text[]', sortable: false, ops: ['contains', 'empty'] });
    expect(fields.get('custom.budget')).toMatchObject({
      type: 'money',
      custom: { labelFa: 'بودجه', labelEn: 'Budget' },
    });
    expect(fields.get('custom.segment')?.values).toEqual(['smb', 'enterprise']);
    expect(fields.get('custom.segment')?.custom?.options.map((o) => o.value)).toEqual(['smb', 'enterprise']);
    expect(fields.get('custom.since')?.ops).toContain('gte');
    // Every described field and operator is one the list itself accepts.
    for (const field of fields.values()) {
      for (const op of field.ops) {
        const value = op === 'empty' ? true : op === 'in' ? [] : null;
        const list = await send(
          'GET',
          `/api/v1/contacts?${new URLSearchParams({ filter: JSON.stringify({ field: field.name, op, value }) })}`,
        );
        // A wrong value is the only complaint: never the field or the operator.
        const paths = list.statusCode === 422 ? list.json().errors.map((e: { path: string }) => e.path) : [];
        expect(
          paths.filter((p: string) => !p.startsWith('filter.value')),
          `${field.name} ${op}`,
        ).toEqual([]);
      }
      if (field.sortable) {
        const sorted = await send('GET', `/api/v1/contacts?sort=${encodeURIComponent(field.name)}`);
        expect(sorted.statusCode, `${field.name} ${sorted.body}`).toBe(200);
      }
    }
    // Another organisation has none of these custom fields.
    const other = await signupOrg(t.app, 'Other fields');
    const theirs = await call(t.app, { method: 'GET', url: '/api/v1/contacts/fields', cookie: other.cookie });
    expect(theirs.json().items.some((f: Described) => f.name.startsWith('custom.'))).toBe(false);
  });

  it('defines fields (admins), lists them in position order, refuses bad definitions', async () => {
    const res = await send('GET', '/api/v1/custom-fields?entity=contact');
    expect(res.json().items.map((f: Field) => f.key)).toContain('budget');
    const dup = await define({ key: 'budget', type: 'text' });
    expect(dup.statusCode).toBe(409);
    expectFieldErrors(await define({ key: '1bad', type: 'text' }), ['key']);
    expectFieldErrors(await define({ key: 'sel', type: 'select' }), ['options']);
    expectFieldErrors(await define({ key: 'txt', type: 'text', options: [{ value: 'a', labelFa: 'a' }] }), [
      'options',
    ]);
    expectFieldErrors(await define({ key: 'rel', type: 'relation' }), ['relationEntity']);
    expectFieldErrors(await define({ key: 'kind', type: 'color' }), ['type']);
    expectFieldErrors(
      await define({
        key: 'sel2',
        type: 'select',
        options: [
          { value: 'a', labelFa: 'a' },
          { value: 'a', labelFa: 'b' },
        ],
      }),
      ['options.1.value'],
    );
    // The same key may exist on another entity.
    expect((await define({ entity: 'lead', key: 'budget', type: 'money' })).statusCode).toBe(201);
  });

  it('stores valid values in canonical form and refuses unknown keys and wrong types naming custom.<key>', async () => {
    const res = await send('POST', '/api/v1/contacts', {
      lastName: 'سفارشی',
      custom: {
        budget: '۱۲۵٬۰۰۰٬۰۰۰',
        visits: 3,
        since: '1402/01/15',
        newsletter: true,
        segment: 'smb',
        interests: ['crm', 'bi', 'crm'],
        nickname: 'علي',
        altEmail: 'X@Y.IR',
        altPhone: '۰۹۱۲۱۱۱۲۲۳۳',
        homepage: 'example.ir',
        referrer: relatedAccount,
      },
    });
    const c = await created<{ custom: Record<string, unknown> }>(res);
    expect(c.custom).toEqual({
      budget: '125000000',
      visits: 3,
      since: '2023-04-04',
      newsletter: true,
      segment: 'smb',
      interests: ['crm', 'bi'],
      nickname: 'علی',
      altEmail: 'x@y.ir',
      altPhone: '+989121112233',
      homepage: 'https://example.ir',
      referrer: relatedAccount,
    });
    const bad: [Record<string, unknown>, string][] = [
      [{ unknownKey: 1 }, 'custom.unknownKey'],
      [{ visits: 'three' }, 'custom.visits'],
      [{ budget: 'lots' }, 'custom.budget'],
      [{ since: '2023-02-30' }, 'custom.since'],
      [{ newsletter: 'yes' }, 'custom.newsletter'],
      [{ segment: 'huge' }, 'custom.segment'],
      [{ interests: ['crm', 'golf'] }, 'custom.interests'],
      [{ nickname: 5 }, 'custom.nickname'],
      [{ altEmail: 'x@' }, 'custom.altEmail'],
      [{ altPhone: '123' }, 'custom.altPhone'],
      [{ homepage: 'not a url' }, 'custom.homepage'],
      [{ referrer: 'abc' }, 'custom.referrer'],
      [{ referrer: '01a21b41-d6ae-7416-960c-252277cc4b9e' }, 'custom.referrer'],
    ];
    for (const [custom, path] of bad)
      expectFieldErrors(await send('POST', '/api/v1/contacts', { lastName: 'x', custom }), [path]);
    // Each says what kind of value was wrong, as a built-in field of that kind would.
    const codeOf = async (custom: Record<string, unknown>) =>
      (await send('POST', '/api/v1/contacts', { lastName: 'x', custom })).json().errors[0].code;
    expect(await codeOf({ homepage: 'not a url' })).toBe('invalid_url');
    expect(await codeOf({ altEmail: 'x@' })).toBe('invalid_email');
    expect(await codeOf({ altPhone: '123' })).toBe('invalid_phone');
    expect(await codeOf({ since: '2023-02-30' })).toBe('invalid_date');
    expect(await codeOf({ segment: 'huge' })).toBe('invalid_value');
    // PATCH merges: null removes one value, others stay.
    const patched = await send('PATCH', `/api/v1/contacts/${(c as unknown as { id: string }).id}`, {
      custom: { nickname: null, visits: 4 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().custom).toMatchObject({ visits: 4, budget: '125000000' });
    expect(patched.json().custom.nickname).toBeUndefined();
  });

  it('a required field must be given on create and cannot be cleared; batches report items.N.custom.<key>', async () => {
    const field = await created<Field>(
      await send('POST', '/api/v1/custom-fields', {
        entity: 'lead',
        key: 'region',
        type: 'text',
        labelFa: 'منطقه',
        required: true,
      }),
    );
    expectFieldErrors(await send('POST', '/api/v1/leads', { lastName: 'x' }), ['custom.region']);
    const lead = await created<{ id: string }>(
      await send('POST', '/api/v1/leads', { lastName: 'x', custom: { region: 'شمال' } }),
    );
    expectFieldErrors(await send('PATCH', `/api/v1/leads/${lead.id}`, { custom: { region: '' } }), [
      'custom.region',
    ]);
    expect((await send('PATCH', `/api/v1/leads/${lead.id}`, { score: 5 })).statusCode).toBe(200);
    expectFieldErrors(
      await send('POST', '/api/v1/leads/batch', {
        items: [
          { lastName: 'a', custom: { region: 'a' } },
          { lastName: 'b' },
          { lastName: 'c', custom: { region: 'c', budget: 'x' } },
        ],
      }),
      ['items.1.custom.region', 'items.2.custom.budget'],
    );
    // Making it optional again; If-Match on definitions.
    const stale = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/custom-fields/${field.id}`,
      cookie: owner.cookie,
      body: { required: false },
      headers: { 'if-match': '"9"' },
    });
    expect(stale.statusCode).toBe(409);
    const ok = await send('PATCH', `/api/v1/custom-fields/${field.id}`, {
      required: false,
      labelEn: 'Region',
    });
    expect(ok.json()).toMatchObject({ required: false, labelEn: 'Region', version: 2 });
    expect((await send('POST', '/api/v1/leads', { lastName: 'y' })).statusCode).toBe(201);
    expectFieldErrors(await send('PATCH', `/api/v1/custom-fields/${field.id}`, { type: 'number' }), ['']);
  });

  it('filters and sorts lists by custom fields, cast by type', async () => {
    const rows = [
      {
        lastName: 'ک۱',
        custom: {
          budget: 500,
          visits: 10,
          since: '2020-01-01',
          newsletter: true,
          segment: 'smb',
          interests: ['crm'],
          nickname: 'ب',
        },
      },
      {
        lastName: 'ک۲',
        custom: {
          budget: '1500.5',
          visits: 2,
          since: '2021-06-01',
          newsletter: false,
          segment: 'enterprise',
          interests: ['erp', 'bi'],
          nickname: 'آ',
        },
      },
      {
        lastName: 'ک۳',
        custom: {
          budget: 90,
          visits: 7,
          since: '2019-03-03',
          segment: 'enterprise',
          interests: ['bi'],
          nickname: 'پ',
        },
      },
      { lastName: 'ک۴', custom: {} },
    ];
    expect((await send('POST', '/api/v1/contacts/batch', { items: rows })).statusCode).toBe(201);
    const scope = { field: 'lastName', op: 'starts', value: 'ک' };
    const where = (cond: unknown) => JSON.stringify({ and: [scope, cond] });
    expect(
      await listIds({
        filter: where({ field: 'custom.budget', op: 'gt', value: 100 }),
        sort: '-custom.budget',
      }),
    ).toEqual(['ک۲', 'ک۱']);
    expect(
      await listIds({
        filter: where({ field: 'custom.budget', op: 'gte', value: '90' }),
        sort: 'custom.budget',
      }),
    ).toEqual(['ک۳', 'ک۱', 'ک۲']);
    expect(await listIds({ filter: JSON.stringify(scope), sort: '-custom.visits' })).toEqual([
      'ک۴',
      'ک۱',
      'ک۳',
      'ک۲',
    ]);
    expect(
      await listIds({
        filter: where({ field: 'custom.since', op: 'lt', value: '2020-06-01' }),
        sort: 'custom.since',
      }),
    ).toEqual(['ک۳', 'ک۱']);
    expect(await listIds({ filter: where({ field: 'custom.newsletter', op: 'eq', value: true }) })).toEqual([
      'ک۱',
    ]);
    expect(
      await listIds({
        filter: where({ field: 'custom.segment', op: 'in', value: ['enterprise'] }),
        sort: 'lastName',
      }),
    ).toEqual(['ک۲', 'ک۳']);
    expect(
      await listIds({
        filter: where({ field: 'custom.interests', op: 'contains', value: 'bi' }),
        sort: 'lastName',
      }),
    ).toEqual(['ک۲', 'ک۳']);
    expect(await listIds({ filter: where({ field: 'custom.segment', op: 'empty', value: true }) })).toEqual([
      'ک۴',
    ]);
    expect(await listIds({ filter: JSON.stringify(scope), sort: 'custom.nickname,lastName' })).toEqual([
      'ک۲',
      'ک۱',
      'ک۳',
      'ک۴',
    ]);
    // Paging through a custom sort keeps the order.
    const first = await send(
      'GET',
      `/api/v1/contacts?${new URLSearchParams({ filter: JSON.stringify(scope), sort: 'custom.budget', limit: '2' })}`,
    );
    const next = await send(
      'GET',
      `/api/v1/contacts?${new URLSearchParams({ filter: JSON.stringify(scope), sort: 'custom.budget', limit: '2', cursor: first.json().nextCursor })}`,
    );
    expect(
      [...first.json().items, ...next.json().items].map((c: { lastName: string }) => c.lastName),
    ).toEqual(['ک۳', 'ک۱', 'ک۲', 'ک۴']);
    // Unknown custom fields and wrong operators are 422s.
    const unknown = await send(
      'GET',
      `/api/v1/contacts?${new URLSearchParams({ filter: JSON.stringify({ field: 'custom.nope', op: 'eq', value: 1 }) })}`,
    );
    expectFieldErrors(unknown, ['filter.field']);
    const badOp = await send(
      'GET',
      `/api/v1/contacts?${new URLSearchParams({ filter: JSON.stringify({ field: 'custom.newsletter', op: 'gt', value: true }) })}`,
    );
    expectFieldErrors(badOp, ['filter.op']);
    const badSort = await send('GET', '/api/v1/contacts?sort=custom.interests');
    expectFieldErrors(badSort, ['sort']);
  });

  it('deleting a definition removes its values from the records', async () => {
    const field = await created<Field>(await define({ key: 'temporary', type: 'text' }));
    const c = await created<{ id: string }>(
      await send('POST', '/api/v1/contacts', { lastName: 'موقت', custom: { temporary: 'x', visits: 1 } }),
    );
    expect((await send('DELETE', `/api/v1/custom-fields/${field.id}`)).statusCode).toBe(204);
    expect((await send('GET', `/api/v1/custom-fields/${field.id}`)).statusCode).toBe(404);
    expect((await send('GET', `/api/v1/contacts/${c.id}`)).json().custom).toEqual({ visits: 1 });
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'custom_field' AND entity_id = $1 ORDER BY at, id`,
      [field.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'delete']);
  });
});
