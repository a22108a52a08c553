/**
 * Reading every kind of file (Windows-1256, UTF-8 with BOM, UTF-16, other delimiters, XLSX, vCard 3
 * and 4, multipart), the mapping and its errors, duplicate policies, custom fields, and the refusals
 * (empty, unsupported, too large, bad mapping) — each a problem+json, none a 500 or a half write.
 */
import { PassThrough, Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import ExcelJS from './excel.js';
import { nationalIdOf } from './generator.js';
import { importLimit } from './routes.js';
import { readRows } from './sources.js';
import { getJson, multipart, runStep, upload } from './test-support.js';

interface Imp {
  id: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  hasHeader: boolean;
  status: string;
  columns: { index: number; header: string; samples: string[]; field: string | null }[];
  sample: string[][];
  mapping: { column: number; field: string | null }[];
  counts: Record<string, number>;
  dryRun: Record<string, unknown> | null;
  version: number;
  jobId: string;
}
interface Contact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  nationalId: string | null;
  phones: { value: string; canonical: string }[];
  emails: { canonical: string }[];
  birthDate: string | null;
  jobTitle: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  accounts: { name: string }[];
  version: number;
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = book.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await book.commit();
  await done;
  return Buffer.concat(parts);
}

describe('XLSX text', () => {
  it('reads Persian letters and digits whole wherever the stream splits them (exceljs streaming bug)', async () => {
    // Enough rows that the sheet's XML arrives in many chunks, some cut inside a two-byte letter.
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `مریم ${'رضایی'.repeat(1 + (i % 3))}`,
      `۰۹۱۲${String(1_000_000 + i).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string)}`,
    ]);
    for (const shared of [true, false]) {
      const out = new PassThrough();
      const parts: Buffer[] = [];
      out.on('data', (c: Buffer) => parts.push(c));
      const done = new Promise((resolve) => out.on('end', resolve));
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: shared });
      const sheet = book.addWorksheet('Sheet1');
      for (const r of rows) sheet.addRow(r).commit();
      sheet.commit();
      await book.commit();
      await done;
      const read: string[][] = [];
      for await (const row of readRows(Readable.from(Buffer.concat(parts)), {
        format: 'xlsx',
        encoding: null,
        delimiter: null,
      }))
        read.push(row.cells);
      expect(read).toEqual(rows);
    }
  });
});

describe.each(testEngines())('import formats and rules on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;

  beforeAll(async () => {
    process.env.PEYVAND_IMPORT_MAX_BYTES = String(2 * 1024 * 1024);
    t = await startTestApp(engine, {}, { workers: true });
    delete process.env.PEYVAND_IMPORT_MAX_BYTES;
    owner = await signupOrg(t.app, 'Formats');
  });
  afterAll(async () => {
    await t?.close();
  });

  const contacts = async (q: string) =>
    (
      await getJson<{ items: Contact[] }>(
        t.app,
        owner.cookie,
        `/api/v1/contacts?q=${encodeURIComponent(q)}&limit=50`,
      )
    ).items;
  const importFile = async (
    body: Buffer | string,
    contentType: string,
    name = 'f.csv',
    type: 'contact' | 'account' | 'lead' = 'contact',
  ) => {
    const res = await upload(t.app, owner.cookie, type, body, contentType, name);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Imp;
  };

  it('reads Windows-1256 CSV with semicolons and Persian headers (detected), and imports it', async () => {
    const text =
      'نام;نام خانوادگی;تلفن همراه;پست الکترونیک;کد ملی;سمت\r\nکاوه;آهنگر;09121110001;kaveh@example.ir;;آهنگر\r\nژاله;علم‌دوست;0912 111 0002;;;مدیر\r\n';
    // Windows-1256 has no Persian ی: files written in it carry the Arabic ي, which the import unifies.
    const imp = await importFile(
      iconv.encode(text.replace(/ی/g, 'ي'), 'windows-1256'),
      'text/csv',
      'win.csv',
    );
    expect(imp).toMatchObject({ format: 'csv', encoding: 'windows-1256', delimiter: ';', hasHeader: true });
    expect(imp.columns.map((c) => c.field)).toEqual([
      'firstName',
      'lastName',
      'phones',
      'emails',
      'nationalId',
      'jobTitle',
    ]);
    expect(imp.sample[1]).toEqual(['ژاله', 'علم‌دوست', '0912 111 0002', '', '', 'مدير']);
    const run = await runStep<Imp>(t.app, owner.cookie, imp.id, 'run');
    expect(run.import.counts).toMatchObject({ created: 2, rejected: 0 });
    const [zhaleh] = await contacts('علم‌دوست');
    expect(zhaleh).toMatchObject({ firstName: 'ژاله', lastName: 'علم‌دوست', jobTitle: 'مدیر' });
    expect(zhaleh?.phones[0]?.canonical).toBe('+989121110002');
  });

  it('reads UTF-8 with BOM, UTF-16LE with BOM and tab-separated files; the encoding can be changed by PATCH', async () => {
    const bom = await importFile(`\uFEFFFirst name,Last name,Mobile\nSara,Tehrani,09121110003\n`, 'text/csv');
    expect(bom).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(bom.columns.map((c) => c.header)).toEqual(['First name', 'Last name', 'Mobile']);
    const utf16 = await importFile(
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('نام\tفامیلی\tایمیل\r\nمریم\tکاظمی\tmaryam@example.com\r\n', 'utf16le'),
      ]),
      'text/tab-separated-values',
      'u16.tsv',
    );
    expect(utf16).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(utf16.sample).toEqual([['مریم', 'کاظمی', 'maryam@example.com']]);
    expect(utf16.mapping.map((m) => m.field)).toEqual(['firstName', 'lastName', 'emails']);

    // A Windows-1256 file read as UTF-8 by mistake, fixed by naming its encoding.
    const win = iconv.encode('نام,نام خانوادگي\nعلي,رضايي\n', 'windows-1256');
    const res = await upload(t.app, owner.cookie, 'contact', win, 'application/octet-stream', 'x.csv');
    const imp = res.json() as Imp;
    expect(imp.encoding).toBe('windows-1256');
    const wrong = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      cookie: owner.cookie,
      body: { encoding: 'utf-8' },
    });
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect((wrong.json() as Imp).sample[0]?.[0]).toContain('\uFFFD');
    const fixed = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      cookie: owner.cookie,
      headers: { 'if-match': String((wrong.json() as Imp).version) },
      body: { encoding: 'windows-1256', hasHeader: true },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect((fixed.json() as Imp).sample).toEqual([['علي', 'رضايي']]);
    expect((fixed.json() as Imp).mapping.map((m) => m.field)).toEqual(['firstName', 'lastName']);
    const stale = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      cookie: owner.cookie,
      headers: { 'if-match': '1' },
      body: { duplicatePolicy: 'update' },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('reads XLSX (numbers, dates, shared strings; multipart upload), keeping leading zeros it can', async () => {
    const file = await xlsx([
      ['نام', 'نام خانوادگی', 'موبایل', 'تاریخ تولد', 'کد ملی', 'برچسب'],
      ['پژمان', 'نوروزی', 9121110004, new Date(Date.UTC(1990, 4, 17)), nationalIdOf(123456789), 'vip, مشتری'],
      ['Emma', 'Miller', '0912 111 0005', '1369/02/27', '', ''],
    ]);
    const form = multipart(
      'file',
      'contacts.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      file,
    );
    const res = await upload(t.app, owner.cookie, 'contact', form.body, form.contentType);
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json() as Imp & { fileName: string };
    expect(imp).toMatchObject({ format: 'xlsx', encoding: null, fileName: 'contacts.xlsx' });
    expect(imp.sample[0]).toEqual([
      'پژمان',
      'نوروزی',
      '9121110004',
      '1990-05-17',
      nationalIdOf(123456789),
      'vip, مشتری',
    ]);
    const run = await runStep<Imp>(t.app, owner.cookie, imp.id, 'run');
    expect(run.import.counts).toMatchObject({ created: 2, rejected: 0 });
    const [pezhman] = await contacts('نوروزی');
    expect(pezhman).toMatchObject({
      birthDate: '1990-05-17',
      nationalId: nationalIdOf(123456789),
      tags: ['vip', 'مشتری'],
    });
    expect(pezhman?.phones[0]?.canonical).toBe('+989121110004');
    const [emma] = await contacts('Miller');
    expect(emma?.birthDate).toBe('1990-05-17');
  });

  it('reads vCard 3 and vCard 4 (folded lines, escapes, several phones, ORG → account)', async () => {
    const v3 = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:رحیمی;نیلوفر;;;',
      'FN:نیلوفر رحیمی',
      'TEL;TYPE=CELL:+98 912 111 0006',
      'TEL;TYPE=WORK,VOICE:021-88776655',
      'EMAIL;TYPE=INTERNET:niloufar@example.com',
      'ORG:گروه صنعتی نوین;فروش',
      'TITLE:کارشناس ارشد',
      'BDAY:1988-02-29',
      'NOTE:یادداشتی طولانی که\\, با ویرگول و خط\\nجدید',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Only Fullname',
      'TEL:09121110007',
      'END:VCARD',
      '',
    ].join('\r\n');
    const imp3 = await importFile(v3, 'text/vcard', 'a.vcf');
    expect(imp3.format).toBe('vcard');
    expect(imp3.sample.length).toBe(2);
    const run3 = await runStep<Imp>(t.app, owner.cookie, imp3.id, 'run');
    expect(run3.import.counts).toMatchObject({ created: 2, rejected: 0, accountsCreated: 1 });
    const [n] = await contacts('رحیمی');
    expect(n).toMatchObject({
      firstName: 'نیلوفر',
      lastName: 'رحیمی',
      jobTitle: 'کارشناس ارشد',
      birthDate: '1988-02-29',
    });
    expect(n?.phones.map((p) => p.canonical)).toEqual(['+989121110006', '+982188776655']);
    expect(n?.accounts.map((a) => a.name)).toEqual(['گروه صنعتی نوین']);
    const [only] = await contacts('Fullname');
    expect(only).toMatchObject({ firstName: 'Only', lastName: 'Fullname' });

    const v4 = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:Karimi;Omid;;;',
      'FN:Omid Karimi',
      'TEL;VALUE=uri;TYPE="voice,cell":tel:+98-912-111-0008',
      'EMAIL:omid@example.org',
      'BDAY:--0412',
      'CATEGORIES:friends,وی‌آی‌پی',
      'NOTE:A long note that is folded over two lines because it is longer than seventy-f',
      ' ive octets.',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:Bad;Card',
      'TEL;VALUE=uri:tel:not-a-number',
      'END:VCARD',
    ].join('\n');
    const imp4 = await importFile(v4, 'text/vcard', 'b.vcf');
    const run4 = await runStep<Imp>(t.app, owner.cookie, imp4.id, 'run');
    expect(run4.import.counts).toMatchObject({ created: 1, rejected: 1 });
    const [omid] = await contacts('Karimi Omid');
    expect(omid).toMatchObject({ birthDate: null, tags: ['friends', 'وی‌آی‌پی'] });
    expect(omid?.phones[0]?.canonical).toBe('+989121110008');
    const rows = await getJson<{ items: { row: number; errors: { column: string; field: string }[] }[] }>(
      t.app,
      owner.cookie,
      `/api/v1/imports/${imp4.id}/rows?outcome=rejected`,
    );
    expect(rows.items).toMatchObject([
      { row: 2, errors: [{ column: 'Phones', field: 'phones.0', code: 'invalid_phone' }] },
    ]);
  });

  it('a dry run writes nothing (no record, audit row or event) and predicts the run exactly', async () => {
    const csv =
      'نام,نام خانوادگی,موبایل,ایمیل\nعلی,دوباره,09121110009,a9@example.com\nعلی,دوباره,۰۹۱۲۱۱۱۰۰۰۹,\nبد,ایمیل,,bad@@x\nتازه,نفر,09121110010,\n';
    const imp = await importFile(csv, 'text/csv');
    const count = async () => {
      const q = async (sql: string) => (await t.db.query<{ n: number }>(sql, [owner.tenantId])).rows[0]?.n;
      return {
        contacts: await q('SELECT count(*) AS n FROM contacts WHERE tenant_id = $1'),
        audit: await q(`SELECT count(*) AS n FROM audit_log WHERE tenant_id = $1 AND entity <> 'import'`),
        events: await q('SELECT count(*) AS n FROM outbox_events WHERE tenant_id = $1'),
      };
    };
    const before = await count();
    const dry = await runStep<Imp>(t.app, owner.cookie, imp.id, 'dry-run');
    expect(await count()).toEqual(before);
    expect(dry.import.status).toBe('ready');
    expect(dry.import.dryRun).toMatchObject({ status: 'completed', created: 2, skipped: 1, rejected: 1 });
    const rejects = await call(t.app, {
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/rejects.csv?mode=dry_run`,
      cookie: owner.cookie,
    });
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toContain('text/csv');
    expect(rejects.body).toBe(
      '\uFEFFRow,Errors,نام,نام خانوادگی,موبایل,ایمیل\n4,ایمیل: Not a valid e-mail address,بد,ایمیل,,bad@@x\n',
    );
    const run = await runStep<Imp>(t.app, owner.cookie, imp.id, 'run');
    expect(run.import.counts).toMatchObject({ created: 2, skipped: 1, rejected: 1 });
    const after = await count();
    expect(after.contacts).toBe((before.contacts ?? 0) + 2);
    // A run happens once; a dry run only before it.
    for (const step of ['run', 'dry-run']) {
      const again = await call(t.app, {
        method: 'POST',
        url: `/api/v1/imports/${imp.id}/${step}`,
        cookie: owner.cookie,
      });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('duplicate policies: update the match (adding phones and tags) or create anyway', async () => {
    const base = await importFile(
      'نام,نام خانوادگی,موبایل,برچسب\nبهرام,بیضایی,09121110011,قدیمی\n',
      'text/csv',
    );
    await runStep(t.app, owner.cookie, base.id, 'run');
    const [before] = await contacts('بیضایی');
    const upd = await importFile(
      'نام,نام خانوادگی,موبایل,تلفن ثابت,برچسب,سمت\nبهرام,بیضائی,۰۹۱۲۱۱۱۰۰۱۱,021-66554433,جدید,کارگردان\n',
      'text/csv',
    );
    const patched = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/imports/${upd.id}`,
      cookie: owner.cookie,
      body: { duplicatePolicy: 'update' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const dry = await runStep<Imp>(t.app, owner.cookie, upd.id, 'dry-run');
    expect(dry.import.dryRun).toMatchObject({ updated: 1, created: 0 });
    const run = await runStep<Imp>(t.app, owner.cookie, upd.id, 'run');
    expect(run.import.counts).toMatchObject({ updated: 1, created: 0 });
    const after = (await contacts('بیضایی')).find((c) => c.id === before?.id);
    expect(after).toMatchObject({
      lastName: 'بیضائی',
      jobTitle: 'کارگردان',
      tags: ['قدیمی', 'جدید'],
      version: 2,
    });
    expect(after?.phones.map((p) => p.canonical)).toEqual(['+989121110011', '+982166554433']);
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_log WHERE entity_id = $1 AND action = 'update' AND request_id = $2`,
      [before?.id, run.import.jobId],
    );
    expect(audit.rows[0]?.n).toBe(1);

    const again = await importFile('نام,نام خانوادگی,موبایل\nبهرام,دوم,09121110011\n', 'text/csv');
    await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/imports/${again.id}`,
      cookie: owner.cookie,
      body: { duplicatePolicy: 'create' },
    });
    const created = await runStep<Imp>(t.app, owner.cookie, again.id, 'run');
    expect(created.import.counts).toMatchObject({ created: 1, skipped: 0 });
    const report = await getJson<{ items: { outcome: string; matchId: string; matchReason: string }[] }>(
      t.app,
      owner.cookie,
      `/api/v1/imports/${again.id}/rows`,
    );
    expect(report.items).toMatchObject([{ outcome: 'created', matchId: before?.id, matchReason: 'phone' }]);
  });

  it('maps custom fields (by label) and rejects bad values at their column; accounts and leads too', async () => {
    const field = await call(t.app, {
      method: 'POST',
      url: '/api/v1/custom-fields',
      cookie: owner.cookie,
      body: {
        entity: 'contact',
        key: 'level',
        labelFa: 'سطح',
        type: 'select',
        options: [
          { value: 'gold', labelFa: 'طلایی' },
          { value: 'silver', labelFa: 'نقره‌ای' },
        ],
      },
    });
    expect(field.statusCode, field.body).toBe(201);
    const age = await call(t.app, {
      method: 'POST',
      url: '/api/v1/custom-fields',
      cookie: owner.cookie,
      body: { entity: 'contact', key: 'visits', labelFa: 'تعداد مراجعه', type: 'number' },
    });
    expect(age.statusCode, age.body).toBe(201);
    const imp = await importFile(
      'نام,نام خانوادگی,سطح,تعداد مراجعه\nسیما,سفارشی,طلایی,۱۲\nسینا,سفارشی,برنزی,3\nسعید,سفارشی,,چند\n',
      'text/csv',
    );
    expect(imp.mapping.map((m) => m.field)).toEqual([
      'firstName',
      'lastName',
      'custom.level',
      'custom.visits',
    ]);
    const run = await runStep<Imp>(t.app, owner.cookie, imp.id, 'run');
    expect(run.import.counts).toMatchObject({ created: 1, rejected: 2 });
    const [sima] = await contacts('سیما');
    expect(sima?.custom).toEqual({ level: 'gold', visits: 12 });
    const rows = await getJson<{ items: { row: number; errors: { column: string; field: string }[] }[] }>(
      t.app,
      owner.cookie,
      `/api/v1/imports/${imp.id}/rows?outcome=rejected`,
    );
    expect(rows.items.map((r) => [r.row, r.errors.map((e) => [e.column, e.field])])).toEqual([
      [3, [['سطح', 'custom.level']]],
      [4, [['تعداد مراجعه', 'custom.visits']]],
    ]);

    const accounts = await importFile(
      'Company,National ID,Website,City\nپارس نوین,,parsnovin.ir,تهران\nبی‌نام,123,,\n',
      'text/csv',
      'acc.csv',
      'account',
    );
    expect(accounts.mapping.map((m) => m.field)).toEqual(['name', 'nationalId', 'website', 'city']);
    const accRun = await runStep<Imp>(t.app, owner.cookie, accounts.id, 'run');
    expect(accRun.import.counts).toMatchObject({ created: 1, rejected: 1 });
    const leads = await importFile(
      'نام,شرکت,منبع,وضعیت,امتیاز\nلیلا,آلفا,نمایشگاه,جدید,۷۰\n',
      'text/csv',
      'l.csv',
      'lead',
    );
    expect(leads.mapping.map((m) => m.field)).toEqual([
      'fullName',
      'companyName',
      'source',
      'status',
      'score',
    ]);
    const leadRun = await runStep<Imp>(t.app, owner.cookie, leads.id, 'run');
    expect(leadRun.import.counts).toMatchObject({ created: 1 });
    const lead = await getJson<{
      items: { fullName: string; status: string; score: number; companyName: string }[];
    }>(t.app, owner.cookie, `/api/v1/leads?q=${encodeURIComponent('لیلا')}`);
    expect(lead.items[0]).toMatchObject({ fullName: 'لیلا', status: 'new', score: 70, companyName: 'آلفا' });
  });

  it('refuses what it cannot read or map, with problem+json and field paths, writing nothing', async () => {
    const problem = (
      res: { statusCode: number; headers: Record<string, unknown>; body: string },
      status: number,
    ) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
      return JSON.parse(res.body) as { errors?: { path: string }[]; detail?: string };
    };
    const files = async () =>
      (
        await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM files WHERE tenant_id = $1`, [
          owner.tenantId,
        ])
      ).rows[0]?.n;
    const before = await files();
    problem(await upload(t.app, owner.cookie, 'contact', '', 'text/csv'), 422);
    problem(
      await upload(
        t.app,
        owner.cookie,
        'contact',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]),
        'application/vnd.ms-excel',
      ),
      415,
    );
    problem(
      await upload(
        t.app,
        owner.cookie,
        'contact',
        Buffer.from([0, 1, 2, 0, 0, 0, 9, 0]),
        'application/octet-stream',
      ),
      415,
    );
    problem(await upload(t.app, owner.cookie, 'contact', 'a,b\n1,2\n', 'text/plain'), 415);
    const big = Buffer.alloc(
      importLimit({ PEYVAND_IMPORT_MAX_BYTES: String(2 * 1024 * 1024) }).maxBytes + 10,
      0x61,
    );
    problem(await upload(t.app, owner.cookie, 'contact', big, 'text/csv'), 413);
    const form = multipart('file', 'big.csv', 'text/csv', big);
    problem(await upload(t.app, owner.cookie, 'contact', form.body, form.contentType), 413);
    const noType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?type=customer',
      headers: { cookie: owner.cookie, 'content-type': 'text/csv' },
      payload: 'a\n1\n',
    });
    expect(problem(noType, 422).errors?.[0]?.path).toBe('querystring.type');
    expect(await files()).toBe(before);

    const imp = await importFile('نام,ایمیل\nعلی,a@x.ir\n', 'text/csv');
    const patch = (body: unknown) =>
      call(t.app, { method: 'PATCH', url: `/api/v1/imports/${imp.id}`, cookie: owner.cookie, body });
    const bad = problem(
      await patch({
        mapping: [
          { column: 0, field: 'firstName' },
          { column: 1, field: 'nope' },
          { column: 5, field: 'emails' },
        ],
      }),
      422,
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(['mapping.1.field', 'mapping.2.column']);
    const twice = problem(
      await patch({
        mapping: [
          { column: 0, field: 'firstName' },
          { column: 1, field: 'firstName' },
        ],
      }),
      422,
    );
    expect(twice.errors?.map((e) => e.path)).toEqual(['mapping.1.field']);
    expect(problem(await patch({ duplicatePolicy: 'merge' }), 422).errors?.[0]?.path).toBe('duplicatePolicy');
    expect(problem(await patch({ extra: 1 }), 422).errors?.length).toBeGreaterThan(0);
    // Without a name column there is nothing to run.
    expect((await patch({ mapping: [{ column: 1, field: 'emails' }] })).statusCode).toBe(200);
    const noName = problem(
      await call(t.app, { method: 'POST', url: `/api/v1/imports/${imp.id}/run`, cookie: owner.cookie }),
      422,
    );
    expect(noName.errors?.[0]?.path).toBe('mapping');
    problem(
      await call(t.app, { method: 'POST', url: `/api/v1/imports/${imp.id}/resume`, cookie: owner.cookie }),
      409,
    );
    problem(
      await call(t.app, { method: 'POST', url: `/api/v1/imports/${imp.id}/stop`, cookie: owner.cookie }),
      409,
    );
    problem(
      await call(t.app, {
        method: 'GET',
        url: '/api/v1/imports/01a2b3c4-0000-7000-8000-000000000000',
        cookie: owner.cookie,
      }),
      404,
    );
    problem(
      await call(t.app, { method: 'GET', url: '/api/v1/imports/not-a-uuid', cookie: owner.cookie }),
      422,
    );
    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/imports/${imp.id}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode).toBe(204);
    problem(
      await call(t.app, { method: 'GET', url: `/api/v1/imports/${imp.id}`, cookie: owner.cookie }),
      404,
    );
    expect(await files()).toBe(before);
    const list = await getJson<{ items: { id: string }[] }>(t.app, owner.cookie, '/api/v1/imports?limit=200');
    expect(list.items.length).toBeGreaterThan(5);
  });
});
