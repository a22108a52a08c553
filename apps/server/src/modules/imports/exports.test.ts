/**
 * Exports: CSV, XLSX and vCard of a list query (filter, sort, columns, custom fields), within the
 * exporter's scope, and the round trip — export, import into a fresh organisation, same records.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import ExcelJS from './excel.js';
import { nationalIdOf } from './generator.js';
import { getJson, runStep, upload, waitForJob } from './test-support.js';

interface Contact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  nationalId: string | null;
  phones: { value: string; canonical: string }[];
  emails: { value: string; canonical: string }[];
  birthDate: string | null;
  gender: string | null;
  jobTitle: string | null;
  customerType: string;
  description: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  accounts: { name: string; primary: boolean }[];
}

const PEOPLE = [
  {
    firstName: 'علی',
    lastName: 'کریمی',
    phones: ['۰۹۱۲ ۱۰۰ ۰۰۰۱', '021-88776655'],
    emails: ['ali@example.com'],
    nationalId: nationalIdOf(111222333),
    birthDate: '1985-07-03',
    gender: 'male',
    jobTitle: 'مدیر فروش',
    tags: ['vip', 'تهران'],
    custom: { level: 'gold', visits: 12 },
    description: 'مشتری قدیمی\nدو خط، با "نقل قول" و ویرگول,',
    company: 'شرکت پارس',
  },
  {
    firstName: 'Sara',
    lastName: 'Ahmadi',
    phones: ['+98 912 100 0002'],
    emails: ['Sara@Example.org', 'sara.a@example.org'],
    gender: 'female',
    tags: ['vip'],
    custom: { level: 'silver' },
    company: 'Alpha Trading',
  },
  { firstName: 'ژاله', lastName: 'آقایی', phones: ['09121000003'], tags: [], custom: {} },
  { lastName: 'بدون‌نام', emails: ['x@example.ir'], tags: ['تهران'], custom: { visits: 0 } },
];

describe.each(testEngines())('exports on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;

  async function customFields(cookie: string) {
    for (const body of [
      {
        entity: 'contact',
        key: 'level',
        labelFa: 'سطح',
        labelEn: 'Level',
        type: 'select',
        options: [
          { value: 'gold', labelFa: 'طلایی' },
          { value: 'silver', labelFa: 'نقره‌ای' },
        ],
      },
      { entity: 'contact', key: 'visits', labelFa: 'تعداد مراجعه', labelEn: 'Visits', type: 'number' },
    ]) {
      const res = await call(t.app, { method: 'POST', url: '/api/v1/custom-fields', cookie, body });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
  async function all(cookie: string): Promise<Contact[]> {
    return (await getJson<{ items: Contact[] }>(t.app, cookie, '/api/v1/contacts?limit=200&sort=lastName'))
      .items;
  }
  /** What must survive a round trip (ids, owners and times do not: they belong to the organisation). */
  const essence = (c: Contact, phoneValues = true) => ({
    firstName: c.firstName,
    lastName: c.lastName,
    nationalId: c.nationalId,
    phones: c.phones.map((p) => (phoneValues ? [p.value, p.canonical] : p.canonical)),
    emails: c.emails.map((e) => e.canonical),
    birthDate: c.birthDate,
    gender: c.gender,
    jobTitle: c.jobTitle,
    customerType: c.customerType,
    description: c.description,
    tags: c.tags,
    custom: c.custom,
    accounts: c.accounts.map((a) => a.name),
  });
  async function exportFile(cookie: string, body: Record<string, unknown>) {
    const res = await call(t.app, { method: 'POST', url: '/api/v1/exports', cookie, body });
    expect(res.statusCode, res.body).toBe(202);
    const exp = res.json() as { id: string; jobId: string };
    const job = await waitForJob(t.app, cookie, exp.jobId);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1/exports/${exp.id}/file`,
      headers: { cookie },
    });
    expect(file.statusCode, file.body).toBe(200);
    return {
      file,
      exp: await getJson<{ rowsWritten: number; status: string }>(t.app, cookie, `/api/v1/exports/${exp.id}`),
    };
  }
  async function importInto(cookie: string, data: Buffer, contentType: string, name: string) {
    const res = await upload(t.app, cookie, 'contact', data, contentType, name);
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    return runStep<{ counts: Record<string, number>; mapping: { field: string | null }[] }>(
      t.app,
      cookie,
      id,
      'run',
    );
  }

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Export');
    await customFields(owner.cookie);
    for (const p of PEOPLE) {
      const { company, ...body } = p;
      let accountId: string | undefined;
      if (company) {
        const acc = await call(t.app, {
          method: 'POST',
          url: '/api/v1/accounts',
          cookie: owner.cookie,
          body: { name: company },
        });
        accountId = (acc.json() as { id: string }).id;
      }
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/v1/contacts',
        cookie: owner.cookie,
        body: { ...body, ...(accountId ? { accountId } : {}) },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('CSV with Persian headers and every default column goes back in as the same records', async () => {
    const { file, exp } = await exportFile(owner.cookie, { type: 'contact', format: 'csv' });
    expect(exp).toMatchObject({ status: 'completed', rowsWritten: PEOPLE.length });
    expect(file.headers['content-type']).toContain('text/csv');
    expect(String(file.headers['content-disposition'])).toMatch(
      /attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(file.body.startsWith('\uFEFFنام,نام خانوادگی,کد ملی,تلفن‌ها,ایمیل‌ها,تاریخ تولد')).toBe(true);

    const fresh = await signupOrg(t.app, 'Round trip CSV');
    await customFields(fresh.cookie);
    const run = await importInto(fresh.cookie, file.rawPayload, 'text/csv', 'contacts.csv');
    expect(run.import.counts).toMatchObject({
      created: PEOPLE.length,
      rejected: 0,
      skipped: 0,
      accountsCreated: 2,
    });
    expect((await all(fresh.cookie)).map((c) => essence(c))).toEqual(
      (await all(owner.cookie)).map((c) => essence(c)),
    );
  });

  it('XLSX with English headers goes back in as the same records; vCard 3 and 4 keep names, phones, e-mails, company', async () => {
    const { file } = await exportFile(owner.cookie, { type: 'contact', format: 'xlsx', headers: 'en' });
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.read(Readable.from([file.rawPayload]));
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('First name');
    expect(sheet?.rowCount).toBe(PEOPLE.length + 1);
    const fresh = await signupOrg(t.app, 'Round trip XLSX');
    await customFields(fresh.cookie);
    const run = await importInto(
      fresh.cookie,
      file.rawPayload,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'contacts.xlsx',
    );
    expect(run.import.counts).toMatchObject({ created: PEOPLE.length, rejected: 0 });
    expect((await all(fresh.cookie)).map((c) => essence(c))).toEqual(
      (await all(owner.cookie)).map((c) => essence(c)),
    );

    for (const vcardVersion of ['3.0', '4.0']) {
      const v = await exportFile(owner.cookie, { type: 'contact', format: 'vcard', vcardVersion });
      expect(v.file.headers['content-type']).toContain('text/vcard');
      expect(v.file.body.match(/BEGIN:VCARD/g)?.length).toBe(PEOPLE.length);
      expect(v.file.body).toContain(`VERSION:${vcardVersion}`);
      const other = await signupOrg(t.app, `Round trip vCard ${vcardVersion}`);
      const back = await importInto(other.cookie, Buffer.from(v.file.body), 'text/vcard', 'contacts.vcf');
      expect(back.import.counts).toMatchObject({ created: PEOPLE.length, rejected: 0 });
      const pick = (c: Contact) => {
        const e = essence(c, false);
        return { ...e, nationalId: null, gender: null, custom: {} };
      };
      expect((await all(other.cookie)).map(pick)).toEqual((await all(owner.cookie)).map(pick));
    }
  });

  it('exports what the filter, sort and columns ask for, custom fields included', async () => {
    const { file } = await exportFile(owner.cookie, {
      type: 'contact',
      format: 'csv',
      headers: 'en',
      filter: { field: 'tags', op: 'contains', value: 'vip' },
      sort: '-lastName',
      columns: ['lastName', 'custom.level', 'custom.visits', 'phones'],
    });
    expect(file.body).toBe(
      '\uFEFFLast name,Level,Visits,Phones\nکریمی,gold,12,۰۹۱۲ ۱۰۰ ۰۰۰۱; 021-88776655\nAhmadi,silver,,+98 912 100 0002\n',
    );
    const columns = await getJson<{ columns: { key: string; default: boolean }[] }>(
      t.app,
      owner.cookie,
      '/api/v1/exports/columns?type=contact',
    );
    expect(columns.columns.map((c) => c.key)).toContain('custom.level');
    expect(columns.columns.find((c) => c.key === 'id')?.default).toBe(false);

    const bad = async (body: Record<string, unknown>, paths: string[]) => {
      const res = await call(t.app, { method: 'POST', url: '/api/v1/exports', cookie: owner.cookie, body });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(paths);
    };
    await bad({ type: 'contact', filter: { field: 'nope', op: 'eq', value: 1 } }, ['filter.field']);
    await bad({ type: 'contact', sort: 'password' }, ['sort']);
    await bad({ type: 'contact', columns: ['firstName', 'secret'] }, ['columns.1']);
    await bad({ type: 'account', format: 'vcard' }, ['format']);
    await bad({ type: 'contact', format: 'pdf' }, ['format']);
    const exports = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM exports WHERE tenant_id = $1`,
      [owner.tenantId],
    );
    expect(exports.rows[0]?.n).toBe(5);
  });

  it('an exporter sees only their scope; without the export right, 403; another organisation’s export is 404', async () => {
    const manager = await addMember(t.app, owner.cookie, 'manager');
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const team = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      body: { name: 'Export team', memberIds: [manager.userId, agent.userId] },
    });
    expect(team.statusCode).toBe(201);
    const mine = await call(t.app, {
      method: 'POST',
      url: '/api/v1/contacts',
      cookie: agent.cookie,
      body: { firstName: 'مال', lastName: 'کارشناس' },
    });
    expect(mine.statusCode).toBe(201);
    const { file } = await exportFile(manager.cookie, { type: 'contact', columns: ['lastName'] });
    expect(file.body).toBe('\uFEFFنام خانوادگی\nکارشناس\n');
    const denied = await call(t.app, {
      method: 'POST',
      url: '/api/v1/exports',
      cookie: agent.cookie,
      body: { type: 'contact' },
    });
    expect(denied.statusCode).toBe(403);
    const own = await call(t.app, {
      method: 'POST',
      url: '/api/v1/exports',
      cookie: owner.cookie,
      body: { type: 'lead' },
    });
    const stranger = await signupOrg(t.app, 'Stranger');
    const id = (own.json() as { id: string }).id;
    for (const url of [`/api/v1/exports/${id}`, `/api/v1/exports/${id}/file`]) {
      const res = await call(t.app, { method: 'GET', url, cookie: stranger.cookie });
      expect(res.statusCode).toBe(404);
    }
  });
  it('exports the chosen tasks through the tasks list: its filter, its scope, its columns', async () => {
    const task = async (body: Record<string, unknown>) => {
      const res = await call(t.app, { method: 'POST', url: '/api/v1/tasks', cookie: owner.cookie, body });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const a = await task({
      title: 'تماس با کریمی',
      kind: 'call',
      dueAt: '2031-03-01T06:30:00Z',
      priority: 'high',
    });
    const b = await task({ title: 'Send the quote', dueAt: '2031-03-02T06:30:00Z' });
    await task({ title: 'Not chosen' });
    const { file, exp } = await exportFile(owner.cookie, {
      type: 'task',
      headers: 'en',
      filter: { field: 'id', op: 'in', value: [b, a] },
    });
    expect(exp.rowsWritten).toBe(2);
    expect(file.headers['content-disposition']).toContain('tasks-');
    expect(file.body).toBe(
      '\uFEFFTitle,Kind,Status,Priority,Due,Done at\n' +
        'تماس با کریمی,call,open,high,2031-03-01T06:30:00.000Z,\n' +
        'Send the quote,todo,open,normal,2031-03-02T06:30:00.000Z,\n',
    );
    const bad = await call(t.app, {
      method: 'POST',
      url: '/api/v1/exports',
      cookie: owner.cookie,
      body: {
        type: 'task',
        format: 'vcard',
        filter: { field: 'phones', op: 'eq', value: 'x' },
        columns: ['name'],
      },
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'columns.0',
      'format',
    ]);
    const badFilter = await call(t.app, {
      method: 'POST',
      url: '/api/v1/exports',
      cookie: owner.cookie,
      body: { type: 'task', filter: { field: 'phones', op: 'eq', value: 'x' } },
    });
    expect((badFilter.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'filter.field',
    ]);
  });
});
