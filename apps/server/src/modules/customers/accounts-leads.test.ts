import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../platform/tenancy/context.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { customerRef, customerRefs } from './refs.js';
import { created, expectFieldErrors, legalIdFrom, mobile } from './test-helpers.js';

interface Account {
  id: string;
  version: number;
  name: string;
  nationalId: string | null;
  postalCode: string | null;
  website: string | null;
  possibleDuplicates?: { type: string; id: string; reason: string }[];
}
interface Lead {
  id: string;
  version: number;
  status: string;
  fullName: string;
  companyName: string | null;
  convertedAt: string | null;
  convertedAccountId: string | null;
  convertedContactId: string | null;
  possibleDuplicates?: { type: string; id: string; reason: string }[];
}

describe.each(testEngines())('accounts and leads on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  const count = async (table: string) =>
    Number(
      (
        await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [
          owner.tenantId,
        ])
      ).rows[0]?.n,
    );
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    call(t.app, { method, url, cookie: owner.cookie, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Accounts');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('round-trips an account with its legal ID, economic code, postal code and web site', async () => {
    const legalId = legalIdFrom(1_010_101_010);
    const res = await send('POST', '/api/v1/accounts', {
      name: 'شركت  داده‌پردازي ايران',
      nationalId: legalId.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string),
      economicCode: '4111-1111-1111',
      phone: '021 6600 1122',
      email: 'Info@Dadeh.ir',
      website: 'dadeh.ir',
      industry: 'فناوري اطلاعات',
      province: 'تهران',
      city: 'تهران',
      address: 'خیابان ولیعصر',
      postalCode: '13145-67891',
      customerType: 'internal',
      tags: ['strategic'],
    });
    const a = await created<Account>(res);
    expect(a).toMatchObject({
      name: 'شرکت داده‌پردازی ایران',
      nationalId: legalId,
      economicCode: '411111111111',
      email: 'Info@Dadeh.ir',
      phone: '021 6600 1122',
      website: 'https://dadeh.ir',
      industry: 'فناوری اطلاعات',
      postalCode: '1314567891',
      customerType: 'internal',
      possibleDuplicates: [],
    });
    const got = await send('GET', `/api/v1/accounts/${a.id}`);
    const { possibleDuplicates: _, ...stored } = a;
    expect(got.json()).toEqual(stored);
    const found = await send('GET', `/api/v1/accounts?q=${encodeURIComponent('داده پردازي')}`);
    expect(found.json().items.map((i: Account) => i.id)).toEqual([a.id]);
    const byLegalId = await send('GET', `/api/v1/accounts?q=${legalId}`);
    expect(byLegalId.json().items.map((i: Account) => i.id)).toEqual([a.id]);
    // Same legal ID again: a possible duplicate, not a refusal.
    const twin = await created<Account>(
      await send('POST', '/api/v1/accounts', { name: 'دیگر', nationalId: legalId }),
    );
    expect(twin.possibleDuplicates).toEqual([
      expect.objectContaining({ type: 'account', id: a.id, reason: 'nationalId' }),
    ]);
    const sameName = await created<Account>(
      await send('POST', '/api/v1/accounts', { name: 'شرکت داده پردازی ایران' }),
    );
    expect(sameName.possibleDuplicates?.map((d) => [d.id, d.reason])).toContainEqual([a.id, 'name']);
  });

  it('refuses invalid account fields with 422 naming them, writing nothing', async () => {
    const before = await count('accounts');
    const cases: [unknown, string[]][] = [
      [{ name: 'x', nationalId: '12345678901' }, ['nationalId']],
      [{ name: 'x', nationalId: '123' }, ['nationalId']],
      [{ name: 'x', postalCode: '0000000000' }, ['postalCode']],
      [{ name: 'x', postalCode: '12345' }, ['postalCode']],
      [{ name: 'x', economicCode: '12ab' }, ['economicCode']],
      [{ name: 'x', website: 'not a site' }, ['website']],
      [{ name: 'x', phone: '0211' }, ['phone']],
      [{ name: 'x', emails: ['a@b.ir', 'c@'] }, ['emails.1']],
      [{ name: '   ' }, ['name']],
      [{}, ['name']],
      [{ name: 'x', customerType: 'partner' }, ['customerType']],
    ];
    for (const [body, paths] of cases) expectFieldErrors(await send('POST', '/api/v1/accounts', body), paths);
    expectFieldErrors(
      await send('POST', '/api/v1/accounts/batch', {
        items: [{ name: 'a' }, { name: 'b' }, { name: 'c', nationalId: '1' }],
      }),
      ['items.2.nationalId'],
    );
    expect(await count('accounts')).toBe(before);
    const batch = await send('POST', '/api/v1/accounts/batch', {
      items: Array.from({ length: 60 }, (_, i) => ({ name: `حساب ${i}`, phone: mobile() })),
    });
    expect(batch.statusCode, batch.body).toBe(201);
    expect(await count('accounts')).toBe(before + 60);
  });

  it('account PATCH with If-Match, soft delete and restore', async () => {
    const a = await created<Account>(await send('POST', '/api/v1/accounts', { name: 'آلفا' }));
    const url = `/api/v1/accounts/${a.id}`;
    const ok = await call(t.app, {
      method: 'PATCH',
      url,
      cookie: owner.cookie,
      body: { city: 'شیراز' },
      headers: { 'if-match': '1' },
    });
    expect(ok.json()).toMatchObject({ city: 'شیراز', version: 2 });
    const stale = await call(t.app, {
      method: 'PATCH',
      url,
      cookie: owner.cookie,
      body: { city: 'یزد' },
      headers: { 'if-match': '1' },
    });
    expect(stale.statusCode).toBe(409);
    expectFieldErrors(await send('PATCH', url, { postalCode: '1' }), ['postalCode']);
    expect((await send('DELETE', url)).statusCode).toBe(204);
    expect((await send('GET', url)).statusCode).toBe(404);
    expect((await send('POST', `${url}/restore`, {})).json()).toMatchObject({
      city: 'شیراز',
      deletedAt: null,
    });
    const audit = await t.db.query<{
      action: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }>(`SELECT action, changes FROM audit_log WHERE entity = 'account' AND entity_id = $1 ORDER BY at, id`, [
      a.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(audit.rows[1]?.changes).toEqual({ city: { before: null, after: 'شیراز' } });
    const events = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE payload->>'accountId' = $1 ORDER BY created_at, id`,
      [a.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual([
      'account.created',
      'account.updated',
      'account.deleted',
      'account.restored',
    ]);
  });

  it('leads: create, validate, filter by status and score, PATCH status, duplicates against contacts', async () => {
    const email = `lead.${Date.now()}@example.ir`;
    const contact = await created(await send('POST', '/api/v1/contacts', { lastName: 'موجود', email }));
    const lead = await created<Lead>(
      await send('POST', '/api/v1/leads', {
        firstName: 'سهراب',
        lastName: 'سپهري',
        companyName: 'نقش',
        email: email.toUpperCase(),
        phone: mobile(),
        source: 'نمایشگاه',
        score: 70,
      }),
    );
    expect(lead).toMatchObject({ fullName: 'سهراب سپهری', status: 'new', companyName: 'نقش' });
    expect(lead.possibleDuplicates).toEqual([
      expect.objectContaining({ type: 'contact', id: contact.id, reason: 'email' }),
    ]);
    const before = await count('leads');
    for (const [body, paths] of [
      [{ lastName: 'x', status: 'converted' }, ['status']],
      [{ lastName: 'x', score: 101 }, ['score']],
      [{ lastName: 'x', score: 1.5 }, ['score']],
      [{ lastName: 'x', email: 'bad' }, ['email']],
      [{ source: 'web' }, ['lastName']],
    ] as [unknown, string[]][])
      expectFieldErrors(await send('POST', '/api/v1/leads', body), paths);
    expect(await count('leads')).toBe(before);
    const patched = await send('PATCH', `/api/v1/leads/${lead.id}`, { status: 'qualified', score: 90 });
    expect(patched.json()).toMatchObject({ status: 'qualified', score: 90, version: 2 });
    expectFieldErrors(await send('PATCH', `/api/v1/leads/${lead.id}`, { status: 'converted' }), ['status']);
    const filter = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: 'status', op: 'eq', value: 'qualified' },
          { field: 'score', op: 'gte', value: 80 },
        ],
      }),
    );
    const listed = await send('GET', `/api/v1/leads?filter=${filter}&sort=-score`);
    expect(listed.json().items.map((l: Lead) => l.id)).toEqual([lead.id]);
    const batch = await send('POST', '/api/v1/leads/batch', {
      items: Array.from({ length: 5 }, (_, i) => ({ companyName: `شرکت ${i}`, source: 'web' })),
    });
    expect(batch.statusCode).toBe(201);
  });

  it('converts a lead into a new account and contact, keeps the lead, audits and announces it', async () => {
    const lead = await created<Lead>(
      await send('POST', '/api/v1/leads', {
        firstName: 'پروانه',
        lastName: 'معصومی',
        companyName: 'سینما پارس',
        jobTitle: 'مدیرعامل',
        email: 'parvaneh@cinema.ir',
        phone: mobile(),
        website: 'cinema.ir',
        tags: ['exhibition'],
      }),
    );
    const accountsBefore = await count('accounts');
    const contactsBefore = await count('contacts');
    const res = await send('POST', `/api/v1/leads/${lead.id}/convert`, {});
    expect(res.statusCode, res.body).toBe(200);
    const { lead: converted, account, contact } = res.json();
    expect(account).toMatchObject({ name: 'سینما پارس', website: 'https://cinema.ir' });
    expect(contact).toMatchObject({
      firstName: 'پروانه',
      lastName: 'معصومی',
      jobTitle: 'مدیرعامل',
      email: 'parvaneh@cinema.ir',
      tags: ['exhibition'],
      accountId: account.id,
      version: 1,
    });
    expect(converted).toMatchObject({
      status: 'converted',
      convertedAccountId: account.id,
      convertedContactId: contact.id,
      version: 2,
    });
    expect(converted.convertedAt).not.toBeNull();
    expect(await count('accounts')).toBe(accountsBefore + 1);
    expect(await count('contacts')).toBe(contactsBefore + 1);
    // The lead stays, as history; converting twice is refused; its status is frozen.
    expect((await send('GET', `/api/v1/leads/${lead.id}`)).json().status).toBe('converted');
    expect((await send('POST', `/api/v1/leads/${lead.id}/convert`, {})).statusCode).toBe(409);
    expect((await send('PATCH', `/api/v1/leads/${lead.id}`, { status: 'new' })).statusCode).toBe(409);
    const audit = await t.db.query<{
      action: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }>(`SELECT action, changes FROM audit_log WHERE entity = 'lead' AND entity_id = $1 ORDER BY at, id`, [
      lead.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'convert']);
    expect(audit.rows[1]?.changes.status).toEqual({ before: 'new', after: 'converted' });
    expect(audit.rows[1]?.changes.convertedContactId).toEqual({ before: null, after: contact.id });
    const event = await t.db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_events WHERE type = 'lead.converted' AND payload->>'leadId' = $1`,
      [lead.id],
    );
    expect(event.rows[0]?.payload).toMatchObject({
      accountId: account.id,
      contactId: contact.id,
      createdAccount: true,
      createdContact: true,
    });
    // A converted lead is no longer a duplicate candidate.
    const again = await created<{ possibleDuplicates: { type: string }[] }>(
      await send('POST', '/api/v1/leads', { lastName: 'x', email: 'parvaneh@cinema.ir' }),
    );
    expect(again.possibleDuplicates.map((d) => d.type)).toEqual(['contact']);
  });

  it('converts a lead onto an existing account and contact, or with fields given in the request', async () => {
    const account = await created<Account>(await send('POST', '/api/v1/accounts', { name: 'هلدینگ موجود' }));
    const contact = await created(
      await send('POST', '/api/v1/contacts', { firstName: 'کامران', lastName: 'موجود' }),
    );
    const lead = await created<Lead>(
      await send('POST', '/api/v1/leads', { firstName: 'کامران', lastName: 'موجود' }),
    );
    const res = await send('POST', `/api/v1/leads/${lead.id}/convert`, {
      accountId: account.id,
      contactId: contact.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.account.id).toBe(account.id);
    expect(body.contact).toMatchObject({ id: contact.id, accountId: account.id, version: 2 });
    expect(body.lead).toMatchObject({ convertedAccountId: account.id, convertedContactId: contact.id });
    const linked = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'contact' AND entity_id = $1 ORDER BY at, id`,
      [contact.id],
    );
    expect(linked.rows.map((r) => r.action)).toEqual(['create', 'update']);

    // Given fields win over the lead's; null: no account.
    const lead2 = await created<Lead>(
      await send('POST', '/api/v1/leads', { lastName: 'بدون شرکت', companyName: 'شرکت ب' }),
    );
    const accountsBefore = await count('accounts');
    const res2 = await send('POST', `/api/v1/leads/${lead2.id}/convert`, {
      account: null,
      contact: { firstName: 'نام', lastName: 'داده‌شده', email: 'given@example.ir' },
    });
    expect(res2.statusCode, res2.body).toBe(200);
    expect(res2.json().account).toBeNull();
    expect(res2.json().contact).toMatchObject({
      displayName: 'نام داده‌شده',
      email: 'given@example.ir',
      accountId: null,
    });
    expect(await count('accounts')).toBe(accountsBefore);
  });

  it('refuses bad conversions without writing anything', async () => {
    const lead = await created<Lead>(
      await send('POST', '/api/v1/leads', { lastName: 'ناقص', companyName: 'شرکت ج' }),
    );
    const url = `/api/v1/leads/${lead.id}/convert`;
    const before = [await count('accounts'), await count('contacts')];
    expectFieldErrors(await send('POST', url, { deal: { amount: 1 } }), ['']);
    expectFieldErrors(await send('POST', url, { contact: { email: 'bad@' } }), ['contact.email']);
    expectFieldErrors(await send('POST', url, { account: { name: 'x', nationalId: '1' } }), [
      'account.nationalId',
    ]);
    expectFieldErrors(await send('POST', url, { accountId: account0(), contactId: account0() }), [
      'accountId',
    ]);
    expectFieldErrors(await send('POST', url, { account: { custom: { nope: 1 } } }), ['account.custom.nope']);
    expectFieldErrors(await send('POST', url, { accountId: account0(), account: { name: 'x' } }), [
      'account',
    ]);
    expect([await count('accounts'), await count('contacts')]).toEqual(before);
    expect((await send('GET', `/api/v1/leads/${lead.id}`)).json().status).toBe('new');
    const stale = await call(t.app, {
      method: 'POST',
      url,
      cookie: owner.cookie,
      body: {},
      headers: { 'if-match': '"5"' },
    });
    expect(stale.statusCode).toBe(409);
  });
  it('refs: other modules look up live records of their organisation with title and owner', async () => {
    const a = await created<Account>(await send('POST', '/api/v1/accounts', { name: 'مرجع' }));
    const l = await created<Lead>(await send('POST', '/api/v1/leads', { companyName: 'فقط شرکت' }));
    const gone = await created<Account>(await send('POST', '/api/v1/accounts', { name: 'رفته' }));
    await send('DELETE', `/api/v1/accounts/${gone.id}`);
    const other = await signupOrg(t.app, 'Elsewhere');
    const foreign = await created<Account>(
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/accounts',
        cookie: other.cookie,
        body: { name: 'بیگانه' },
      }),
    );
    await inTenant(t.db, owner.tenantId, async (tx) => {
      expect(await customerRef(tx, 'account', a.id)).toEqual({
        type: 'account',
        id: a.id,
        title: 'مرجع',
        ownerId: owner.userId,
        ownerTeamIds: [],
      });
      expect((await customerRef(tx, 'lead', l.id))?.title).toBe('فقط شرکت');
      const refs = await customerRefs(tx, 'account', [a.id, gone.id, foreign.id, account0()]);
      expect([...refs.keys()]).toEqual([a.id]);
    });
  });
});

/** An id that names no record. */
function account0() {
  return '01a21b41-d6ae-7416-960c-252277cc4b9e';
}
