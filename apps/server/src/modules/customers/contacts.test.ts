import { normalizeForSearch } from '@peyvand/persian';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/database.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { similarNameCondition } from './common.js';
import { created, expectFieldErrors, mobile, nationalIdFrom, post } from './test-helpers.js';

interface Contact {
  id: string;
  version: number;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  nationalId: string | null;
  email: string | null;
  phone: string | null;
  emails: { value: string; canonical: string; label: string | null }[];
  phones: { value: string; canonical: string; kind: string; label: string | null }[];
  birthDate: string | null;
  tags: string[];
  accountId: string | null;
  accounts: { accountId: string; name: string; role: string | null; primary: boolean }[];
  possibleDuplicates?: { type: string; id: string; title: string; reason: string }[];
}

describe.each(testEngines())('contacts on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  const count = async (table = 'contacts') =>
    Number(
      (
        await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [
          owner.tenantId,
        ])
      ).rows[0]?.n,
    );
  const create = (body: unknown, headers?: Record<string, string>) =>
    post(t.app, owner.cookie, '/api/v1/contacts', body, headers);
  const list = async (query: string) => {
    const res = await call(t.app, { method: 'GET', url: `/api/v1/contacts?${query}`, cookie: owner.cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Contact[]; nextCursor: string | null; total?: number };
  };
  const q = (text: string) => list(`q=${encodeURIComponent(text)}&limit=200`);

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Contacts');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('round-trips a Persian contact: display text as typed (ي/ك fixed), canonical phone, e-mail and ID beside it', async () => {
    const nid = nationalIdFrom(12_345_678);
    const res = await create({
      firstName: ' علي ',
      lastName: 'كريمي',
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      email: 'Ali.Karimi@Example.COM',
      phones: [{ value: '021-8877 6655', label: 'دفتر' }],
      nationalId: nid.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string),
      birthDate: '۱۳۶۵/۰۴/۱۲',
      gender: 'male',
      jobTitle: 'مدير فروش',
      tags: ['vip', 'vip', ' مشتري ويژه '],
    });
    const c = await created<Contact>(res);
    expect(res.headers.etag).toBe('"1"');
    expect(c).toMatchObject({
      firstName: 'علی',
      lastName: 'کریمی',
      displayName: 'علی کریمی',
      nationalId: nid,
      email: 'Ali.Karimi@Example.COM',
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      birthDate: '1986-07-03',
      tags: ['vip', 'مشتری ویژه'],
      possibleDuplicates: [],
    });
    expect(c.emails).toEqual([
      { value: 'Ali.Karimi@Example.COM', canonical: 'ali.karimi@example.com', label: null },
    ]);
    expect(c.phones).toEqual([
      { value: '۰۹۱۲ ۳۴۵ ۶۷۸۹', canonical: '+989123456789', kind: 'mobile', label: null },
      { value: '021-8877 6655', canonical: '+982188776655', kind: 'landline', label: 'دفتر' },
    ]);
    const got = await call(t.app, { method: 'GET', url: `/api/v1/contacts/${c.id}`, cookie: owner.cookie });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    const { possibleDuplicates: _, ...stored } = c;
    expect(got.json()).toEqual(stored);
    const row = await t.db.query<{
      phones_canonical: string[];
      emails_canonical: string[];
      search_text: string;
    }>(`SELECT phones_canonical, emails_canonical, search_text FROM contacts WHERE id = $1`, [c.id]);
    expect(row.rows[0]?.phones_canonical).toEqual(['+989123456789', '+982188776655']);
    expect(row.rows[0]?.emails_canonical).toEqual(['ali.karimi@example.com']);
    expect(row.rows[0]?.search_text).toContain('علی کریمی');

    // Search: Arabic letters, Persian digits, the typed or canonical phone, the e-mail, the ID.
    for (const text of [
      'علي',
      'كريمي علی',
      'مدير',
      '09123456789',
      '+98 912 345 6789',
      '۰۹۱۲۳۴۵۶۷۸۹',
      'ALI.KARIMI@example.com',
      nid,
    ]) {
      expect(
        (await q(text)).items.map((i) => i.id),
        text,
      ).toContain(c.id);
    }
    expect((await q('زهرا')).items.map((i) => i.id)).not.toContain(c.id);
  });

  it('refuses each invalid field with a 422 naming it, and writes nothing', async () => {
    const before = await count();
    const cases: [unknown, string[]][] = [
      [{ lastName: 'a', phone: '12345' }, ['phone']],
      [{ lastName: 'a', phone: 'not a phone' }, ['phone']],
      [{ lastName: 'a', email: 'ali@' }, ['email']],
      [{ lastName: 'a', nationalId: '1234567890' }, ['nationalId']],
      [{ lastName: 'a', nationalId: '1111111111' }, ['nationalId']],
      [{ lastName: 'a', phones: [mobile(), { value: '0912' }] }, ['phones.1.value']],
      [{ lastName: 'a', phones: ['abc'] }, ['phones.0']],
      [{ lastName: 'a', emails: [{ value: 'x@y.ir' }, { value: 'bad@' }] }, ['emails.1.value']],
      [{ lastName: 'a', birthDate: '1365/13/40' }, ['birthDate']],
      [{ lastName: 'a', gender: 'unknown' }, ['gender']],
      [{ firstName: '  ', lastName: '' }, ['lastName']],
      [{ lastName: 'a', accountId: '01a21b41-d6ae-7416-960c-252277cc4b9e' }, ['accountId']],
      [{ lastName: 'a', ownerId: '01a21b41-d6ae-7416-960c-252277cc4b9e' }, ['ownerId']],
      [{ lastName: 'a', tags: 'vip' }, ['tags']],
      [{ lastName: 'a', custom: { nope: 1 } }, ['custom.nope']],
      [{ lastName: 'a', email: 'x@', phone: '1', nationalId: '12' }, ['email', 'phone', 'nationalId']],
    ];
    for (const [body, paths] of cases) expectFieldErrors(await create(body), paths);
    expect(await count()).toBe(before);
    // Each says what kind of value was wrong, for the web app to say it in the user's language.
    const kinds = await create({ lastName: 'a', email: 'x@', phone: '1', nationalId: '12', birthDate: 'x' });
    const codes = Object.fromEntries(
      (kinds.json() as { errors: { path: string; code: string }[] }).errors.map((e) => [e.path, e.code]),
    );
    expect(codes).toEqual({
      email: 'invalid_email',
      phone: 'invalid_phone',
      nationalId: 'invalid_national_id',
      birthDate: 'invalid_date',
    });
  });

  it('PATCH with a stale If-Match gets 409; the current version applies and bumps it', async () => {
    const c = await created<Contact>(
      await create({ firstName: 'مریم', lastName: 'رضایی', email: 'maryam@example.ir' }),
    );
    const patch = (body: unknown, version?: number) =>
      call(t.app, {
        method: 'PATCH',
        url: `/api/v1/contacts/${c.id}`,
        cookie: owner.cookie,
        body,
        ...(version !== undefined ? { headers: { 'if-match': `"${version}"` } } : {}),
      });
    const ok = await patch({ lastName: 'رضائي', phone: mobile() }, 1);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ lastName: 'رضائی', version: 2, email: 'maryam@example.ir' });
    const stale = await patch({ lastName: 'x' }, 1);
    expect(stale.statusCode).toBe(409);
    expect((await patch({ lastName: 'y' }, 2)).json()).toMatchObject({ lastName: 'y', version: 3 });
    // Replacing the list; unknown keys are refused on PATCH; a record needs a name.
    const replaced = await patch({ emails: ['a@b.ir', 'A@B.ir', { value: 'c@d.ir', label: 'کار' }] });
    expect(replaced.json().emails.map((e: { canonical: string }) => e.canonical)).toEqual([
      'a@b.ir',
      'c@d.ir',
    ]);
    expectFieldErrors(await patch({ nickname: 'x' }), ['']);
    expectFieldErrors(await patch({ firstName: null, lastName: null }), ['lastName']);
    expectFieldErrors(await patch({ phones: [{ value: '0912' }] }), ['phones.0.value']);
    // The audit log holds field-level before/after; the outbox the events.
    const audit = await t.db.query<{
      action: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }>(`SELECT action, changes FROM audit_log WHERE entity = 'contact' AND entity_id = $1 ORDER BY at, id`, [
      c.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'update', 'update']);
    expect(audit.rows[0]?.changes.lastName).toEqual({ before: null, after: 'رضایی' });
    expect(audit.rows[1]?.changes.lastName).toEqual({ before: 'رضایی', after: 'رضائی' });
    expect(audit.rows[1]?.changes.email).toBeUndefined();
    expect(audit.rows[1]?.changes.phone?.before).toBeNull();
    const events = await t.db.query<{ type: string; payload: { contactId: string; fields?: string[] } }>(
      `SELECT type, payload FROM outbox_events WHERE payload->>'contactId' = $1 ORDER BY created_at, id`,
      [c.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual([
      'contact.created',
      'contact.updated',
      'contact.updated',
      'contact.updated',
    ]);
    expect(events.rows[1]?.payload.fields).toEqual(expect.arrayContaining(['last_name', 'phones']));
  });

  it('Idempotency-Key: a retry gets the first answer and no second record; another body with the key is refused', async () => {
    const before = await count();
    const body = { firstName: 'نیما', lastName: 'یوشیج' };
    const first = await create(body, { 'idempotency-key': 'contact-nima' });
    const again = await create(body, { 'idempotency-key': 'contact-nima' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe((await created<Contact>(first)).id);
    expect(await count()).toBe(before + 1);
    const other = await create({ firstName: 'x', lastName: 'y' }, { 'idempotency-key': 'contact-nima' });
    expect(other.statusCode).toBe(422);
    // A refused create does not use up its key.
    expectFieldErrors(await create({ lastName: 'z', email: 'bad' }, { 'idempotency-key': 'k2' }), ['email']);
    expect((await create({ lastName: 'z' }, { 'idempotency-key': 'k2' })).statusCode).toBe(201);
  });

  it('DELETE moves to the recycle bin; restore brings it back; both audited and announced', async () => {
    const c = await created<Contact>(await create({ firstName: 'پروین', lastName: 'اعتصامی' }));
    const url = `/api/v1/contacts/${c.id}`;
    expect(
      (await call(t.app, { method: 'DELETE', url, cookie: owner.cookie, headers: { 'if-match': '"7"' } }))
        .statusCode,
    ).toBe(409);
    expect((await call(t.app, { method: 'DELETE', url, cookie: owner.cookie })).statusCode).toBe(204);
    expect((await call(t.app, { method: 'GET', url, cookie: owner.cookie })).statusCode).toBe(404);
    expect(
      (await call(t.app, { method: 'PATCH', url, cookie: owner.cookie, body: { lastName: 'x' } })).statusCode,
    ).toBe(404);
    expect((await call(t.app, { method: 'DELETE', url, cookie: owner.cookie })).statusCode).toBe(404);
    expect((await q('اعتصامی')).items.map((i) => i.id)).not.toContain(c.id);
    const bin = await list('deleted=true&limit=200');
    expect(bin.items.map((i) => i.id)).toContain(c.id);
    const restored = await post(t.app, owner.cookie, `${url}/restore`, {});
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ id: c.id, deletedAt: null, version: 3 });
    expect((await call(t.app, { method: 'GET', url, cookie: owner.cookie })).statusCode).toBe(200);
    expect((await post(t.app, owner.cookie, `${url}/restore`, {})).statusCode).toBe(409);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'contact' AND entity_id = $1 ORDER BY at, id`,
      [c.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'delete', 'restore']);
    const events = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE payload->>'contactId' = $1 ORDER BY created_at, id`,
      [c.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual([
      'contact.created',
      'contact.deleted',
      'contact.restored',
    ]);
  });

  it('batch: 60 contacts in one request; one bad item refuses them all with items.N paths', async () => {
    const before = await count();
    const items = Array.from({ length: 60 }, (_, i) => ({
      firstName: `نام${i}`,
      lastName: 'گروهی',
      phone: mobile(),
      email: `batch${i}@example.ir`,
      tags: ['batch'],
    }));
    const bad = structuredClone(items) as Record<string, unknown>[];
    (bad[3] as Record<string, unknown>).email = 'not-an-email';
    (bad[41] as Record<string, unknown>).nationalId = '0000000001';
    expectFieldErrors(await post(t.app, owner.cookie, '/api/v1/contacts/batch', { items: bad }), [
      'items.3.email',
      'items.41.nationalId',
    ]);
    const withCustom = structuredClone(items) as Record<string, unknown>[];
    (withCustom[7] as Record<string, unknown>).custom = { nope: true };
    expectFieldErrors(await post(t.app, owner.cookie, '/api/v1/contacts/batch', { items: withCustom }), [
      'items.7.custom.nope',
    ]);
    expect(await count()).toBe(before);
    const tooMany = Array.from({ length: 101 }, () => ({ lastName: 'x' }));
    expect((await post(t.app, owner.cookie, '/api/v1/contacts/batch', { items: tooMany })).statusCode).toBe(
      422,
    );
    const res = await post(
      t.app,
      owner.cookie,
      '/api/v1/contacts/batch',
      { items },
      { 'idempotency-key': 'batch-1' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { items: Contact[] };
    expect(body.items).toHaveLength(60);
    expect(body.items.map((c) => c.firstName)).toEqual(items.map((i) => i.firstName));
    expect(await count()).toBe(before + 60);
    const replay = await post(
      t.app,
      owner.cookie,
      '/api/v1/contacts/batch',
      { items },
      { 'idempotency-key': 'batch-1' },
    );
    expect(replay.json().items.map((c: Contact) => c.id)).toEqual(body.items.map((c) => c.id));
    expect(await count()).toBe(before + 60);
    const audits = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_log WHERE entity = 'contact' AND action = 'create' AND entity_id = ANY($1)`,
      [body.items.map((c) => c.id)],
    );
    expect(audits.rows[0]?.n).toBe(60);
    const events = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM outbox_events WHERE type = 'contact.created' AND payload->>'contactId' = ANY($1)`,
      [body.items.map((c) => c.id)],
    );
    expect(events.rows[0]?.n).toBe(60);
  });

  it('lists with filter, Persian sort, keyset cursor and total', async () => {
    const names = ['پژمان', 'آرش', 'بهار', 'ژاله', 'گلی', 'کاوه', 'یاسمن', 'چنگیز'];
    await post(t.app, owner.cookie, '/api/v1/contacts/batch', {
      items: names.map((firstName) => ({ firstName, lastName: 'فهرست', tags: ['sorted'] })),
    });
    const filter = encodeURIComponent(JSON.stringify({ field: 'tags', op: 'contains', value: 'sorted' }));
    const all = await list(`filter=${filter}&sort=firstName&total=true&limit=3`);
    expect(all.total).toBe(8);
    const seen = [...all.items.map((c) => c.firstName)];
    let cursor = all.nextCursor;
    while (cursor) {
      const page = await list(`filter=${filter}&sort=firstName&limit=3&cursor=${cursor}`);
      seen.push(...page.items.map((c) => c.firstName));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['آرش', 'بهار', 'پژمان', 'چنگیز', 'ژاله', 'کاوه', 'گلی', 'یاسمن']);
    const bad = await call(t.app, {
      method: 'GET',
      url: `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify({ field: 'salary', op: 'eq', value: 1 }))}`,
      cookie: owner.cookie,
    });
    expectFieldErrors(bad, ['filter.field']);
  });

  it('links contacts to accounts: primary account, roles, search by company, rename follows', async () => {
    const acc = await created<{ id: string }>(
      await post(t.app, owner.cookie, '/api/v1/accounts', { name: 'شرکت نفت پارس' }),
    );
    const acc2 = await created<{ id: string }>(
      await post(t.app, owner.cookie, '/api/v1/accounts', { name: 'بانک ملت' }),
    );
    const c = await created<Contact>(
      await create({
        firstName: 'هوشنگ',
        lastName: 'ابتهاج',
        accountId: acc.id,
        accounts: [{ accountId: acc2.id, role: 'مشاور' }],
      }),
    );
    expect(c.accountId).toBe(acc.id);
    expect(c.accounts).toEqual([
      { accountId: acc.id, name: 'شرکت نفت پارس', role: null, primary: true },
      { accountId: acc2.id, name: 'بانک ملت', role: 'مشاور', primary: false },
    ]);
    expect((await q('نفت پارس هوشنگ')).items.map((i) => i.id)).toEqual([c.id]);
    const filter = encodeURIComponent(
      JSON.stringify({ field: 'accountIds', op: 'contains', value: acc2.id }),
    );
    expect((await list(`filter=${filter}`)).items.map((i) => i.id)).toEqual([c.id]);
    const renamed = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/accounts/${acc.id}`,
      cookie: owner.cookie,
      body: { name: 'پالایش نفت' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await q('پالایش')).items.map((i) => i.id)).toEqual([c.id]);
    // Switch the primary account; then drop all links.
    const switched = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      cookie: owner.cookie,
      body: { accountId: acc2.id },
    });
    expect(switched.json().accountId).toBe(acc2.id);
    expect(switched.json().accounts).toHaveLength(2);
    // An account in the recycle bin is hidden from its contacts until restored.
    await call(t.app, { method: 'DELETE', url: `/api/v1/accounts/${acc2.id}`, cookie: owner.cookie });
    const hidden = await call(t.app, {
      method: 'GET',
      url: `/api/v1/contacts/${c.id}`,
      cookie: owner.cookie,
    });
    expect(hidden.json().accounts.map((a: { accountId: string }) => a.accountId)).toEqual([acc.id]);
    // A new link must name a live account (an existing link to a binned one is kept, hidden).
    const binned = await created<{ id: string }>(
      await post(t.app, owner.cookie, '/api/v1/accounts', { name: 'حذف‌شده' }),
    );
    await call(t.app, { method: 'DELETE', url: `/api/v1/accounts/${binned.id}`, cookie: owner.cookie });
    expectFieldErrors(
      await call(t.app, {
        method: 'PATCH',
        url: `/api/v1/contacts/${c.id}`,
        cookie: owner.cookie,
        body: { accounts: [{ accountId: acc.id }, { accountId: binned.id }] },
      }),
      ['accounts.1.accountId'],
    );
    const dropped = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      cookie: owner.cookie,
      body: { accounts: [] },
    });
    expect(dropped.json()).toMatchObject({ accountId: null, accounts: [] });
  });

  it('reports possible duplicates (e-mail, phone, national ID, similar normalised name) without refusing', async () => {
    const phone = mobile();
    const nid = nationalIdFrom(987_654_321);
    const a = await created<Contact>(
      await create({
        firstName: 'فاطمه',
        lastName: 'موسوي نژاد',
        email: 'fateme@dup.ir',
        phone,
        nationalId: nid,
      }),
    );
    const byEmail = await created<Contact>(await create({ lastName: 'دیگری', email: 'FATEME@dup.ir' }));
    expect(byEmail.possibleDuplicates).toEqual([
      { type: 'contact', id: a.id, title: 'فاطمه موسوی نژاد', reason: 'email' },
    ]);
    const byPhone = await created<Contact>(await create({ lastName: 'سوم', phone: `+98${phone.slice(1)}` }));
    expect(byPhone.possibleDuplicates).toEqual([expect.objectContaining({ id: a.id, reason: 'phone' })]);
    const byId = await created<Contact>(await create({ lastName: 'چهارم', nationalId: nid }));
    expect(byId.possibleDuplicates).toEqual([expect.objectContaining({ id: a.id, reason: 'nationalId' })]);
    // ي/ك, ZWNJ and spacing differences normalise away: the same name.
    const byName = await created<Contact>(await create({ firstName: 'فاطمة', lastName: 'موسوی‌نژاد' }));
    expect(byName.possibleDuplicates?.map((d) => [d.id, d.reason])).toEqual(
      expect.arrayContaining([[a.id, 'name']]),
    );
    const different = await created<Contact>(await create({ firstName: 'فرهاد', lastName: 'موسوی' }));
    expect(different.possibleDuplicates?.map((d) => d.id)).not.toContain(a.id);
    // Leads count too: a contact with a lead's e-mail.
    const lead = await created<{ id: string }>(
      await post(t.app, owner.cookie, '/api/v1/leads', { lastName: 'سرنخ', email: 'lead@dup.ir' }),
    );
    const fromLead = await created<Contact>(await create({ lastName: 'تماس', email: 'lead@dup.ir' }));
    expect(fromLead.possibleDuplicates).toEqual([
      expect.objectContaining({ type: 'lead', id: lead.id, reason: 'email' }),
    ]);
  });

  it('the name prefilter finds every name the plain similarity ≥ 0.8 finds', async () => {
    const base = ['محمدرضا شجریان', 'غلامحسین ساعدی', 'سیمین دانشور', 'Ali Akbar Dehkhoda', 'ابو', 'علی رضا'];
    const variants = (s: string) => [
      s,
      `${s}ی`,
      s.slice(1),
      s.replace(' ', ''),
      s.replace(/ا/g, 'آ'),
      `${s} ${s.slice(0, 3)}`,
      s.split(' ').reverse().join(' '),
    ];
    const items = base.flatMap(variants).map((lastName) => ({ lastName, tags: ['sim'] }));
    await post(t.app, owner.cookie, '/api/v1/contacts/batch', { items });
    for (const probe of base.flatMap(variants)) {
      const key = normalizeForSearch(probe);
      const cond = similarNameCondition(key);
      const plain = await t.db.query<{ id: string }>(
        `SELECT id FROM contacts t WHERE 'sim' = ANY(tags) AND similarity(name_key, $1) >= 0.8 ORDER BY id`,
        [key],
      );
      const filtered = await t.db.query<{ id: string }>(
        sql`SELECT id FROM contacts t WHERE 'sim' = ANY(t.tags) AND ${cond} ORDER BY id`,
      );
      expect(
        filtered.rows.map((r) => r.id),
        probe,
      ).toEqual(plain.rows.map((r) => r.id));
    }
  });
});
