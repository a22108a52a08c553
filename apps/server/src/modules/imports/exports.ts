/**
 * Exports: any list query of accounts, contacts, leads or tasks (filter, sort, q — the same machinery and
 * the same scope as GET /api/v1/<type>s) written as CSV, XLSX or vCard by a job, page by page with
 * keyset paging (the list's cursor), into a stored file. Only a page of rows is in memory at a time,
 * and no transaction is held while the file is written.
 */
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify';
import ICAL from 'ical.js';
import { audit } from '../../platform/audit/audit.js';
import type { Database, Transaction } from '../../platform/db/database.js';
import { fileInfo, readFile, storeStream } from '../../platform/files/storage.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { defineJob, type JobRun, type Jobs } from '../../platform/jobs/jobs.js';
import { type Actor, can } from '../../platform/permissions/can.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { CUSTOMERS_MODULE } from '../customers/permissions.js';
import type { CustomFieldView, Entity } from '../customers/schemas.js';
import { TASKS_MODULE } from '../interactions/permissions.js';
import { listTasks } from '../interactions/tasks.js';
import { type ActorRef, actorRef, currentActor } from './actor.js';
import ExcelJS from './excel.js';
import type { ExportCreate, ExportType, ExportView } from './schemas.js';
import { ADAPTERS, customDefinitions, type Rec } from './targets.js';

export const EXPORT_QUEUE = 'exports.run';
const PAGE = 200;

// ---------------------------------------------------------------------------------------------
// Columns

/** A record of any exported list, as its list endpoint answers it. */
type Row = Record<string, unknown>;

interface Column {
  key: string;
  labelEn: string;
  labelFa: string;
  /** In the default set (ids are not: they mean nothing in another organisation). */
  byDefault: boolean;
  value: (r: Row) => string;
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};
const col = (
  key: string,
  labelEn: string,
  labelFa: string,
  byDefault = true,
  value?: (r: Row) => string,
): Column => ({
  key,
  labelEn,
  labelFa,
  byDefault,
  value: value ?? ((r) => text(r[key])),
});
const points = (key: 'phones' | 'emails') => (r: Row) =>
  (r[key] as Rec[typeof key]).map((p) => p.value).join('; ');
const COMMON_TAIL = [
  col('tags', 'Tags', 'برچسب‌ها', true, (r) => (r.tags as string[]).join(', ')),
  col('ownerId', 'Owner ID', 'شناسه مالک', false),
  col('createdAt', 'Created at', 'تاریخ ایجاد', false),
  col('updatedAt', 'Updated at', 'تاریخ ویرایش', false),
];

const COLUMNS: Record<Entity, Column[]> = {
  contact: [
    col('id', 'ID', 'شناسه', false),
    col('firstName', 'First name', 'نام'),
    col('lastName', 'Last name', 'نام خانوادگی'),
    col('nationalId', 'National ID', 'کد ملی'),
    col('phones', 'Phones', 'تلفن‌ها', true, points('phones')),
    col('emails', 'Emails', 'ایمیل‌ها', true, points('emails')),
    col('birthDate', 'Birth date', 'تاریخ تولد'),
    col('gender', 'Gender', 'جنسیت'),
    col('jobTitle', 'Job title', 'سمت'),
    col('company', 'Company', 'شرکت', true, (r) =>
      text(((r.accounts as { name: string; primary: boolean }[]) ?? []).find((a) => a.primary)?.name),
    ),
    col('accountId', 'Account ID', 'شناسه حساب', false),
    col('customerType', 'Customer type', 'نوع مشتری'),
    col('description', 'Description', 'توضیحات'),
    ...COMMON_TAIL,
  ],
  account: [
    col('id', 'ID', 'شناسه', false),
    col('name', 'Name', 'نام'),
    col('nationalId', 'National ID', 'شناسه ملی'),
    col('economicCode', 'Economic code', 'کد اقتصادی'),
    col('registrationNumber', 'Registration number', 'شماره ثبت'),
    col('phones', 'Phones', 'تلفن‌ها', true, points('phones')),
    col('emails', 'Emails', 'ایمیل‌ها', true, points('emails')),
    col('website', 'Website', 'وب‌سایت'),
    col('industry', 'Industry', 'صنعت'),
    col('country', 'Country', 'کشور'),
    col('province', 'Province', 'استان'),
    col('city', 'City', 'شهر'),
    col('address', 'Address', 'نشانی'),
    col('postalCode', 'Postal code', 'کد پستی'),
    col('customerType', 'Customer type', 'نوع مشتری'),
    col('description', 'Description', 'توضیحات'),
    ...COMMON_TAIL,
  ],
  lead: [
    col('id', 'ID', 'شناسه', false),
    col('firstName', 'First name', 'نام'),
    col('lastName', 'Last name', 'نام خانوادگی'),
    col('companyName', 'Company', 'شرکت'),
    col('jobTitle', 'Job title', 'سمت'),
    col('phones', 'Phones', 'تلفن‌ها', true, points('phones')),
    col('emails', 'Emails', 'ایمیل‌ها', true, points('emails')),
    col('website', 'Website', 'وب‌سایت'),
    col('source', 'Source', 'منبع'),
    col('status', 'Status', 'وضعیت'),
    col('score', 'Score', 'امتیاز'),
    col('description', 'Description', 'توضیحات'),
    ...COMMON_TAIL,
  ],
};

function customColumn(d: CustomFieldView): Column {
  return col(`custom.${d.key}`, d.labelEn || d.key, d.labelFa, true, (r) => {
    const v = (r.custom as Record<string, unknown>)[d.key];
    return Array.isArray(v) ? v.map(text).join(', ') : text(v);
  });
}

export function exportColumns(entity: Entity, defs: CustomFieldView[]): Column[] {
  return [...COLUMNS[entity], ...defs.map(customColumn)];
}

const TASK_COLUMNS: Column[] = [
  col('id', 'ID', 'شناسه', false),
  col('title', 'Title', 'عنوان'),
  col('kind', 'Kind', 'نوع'),
  col('status', 'Status', 'وضعیت'),
  col('priority', 'Priority', 'اولویت'),
  col('dueAt', 'Due', 'موعد'),
  col('doneAt', 'Done at', 'تاریخ انجام'),
  col('durationMinutes', 'Duration (minutes)', 'مدت (دقیقه)', false),
  col('assigneeId', 'Assignee ID', 'شناسه مسئول', false),
  col('contactId', 'Contact ID', 'شناسه مخاطب', false),
  col('accountId', 'Account ID', 'شناسه حساب', false),
  col('leadId', 'Lead ID', 'شناسه سرنخ', false),
  col('createdAt', 'Created at', 'تاریخ ایجاد', false),
  col('updatedAt', 'Updated at', 'تاریخ ویرایش', false),
];

/**
 * Where an export's rows come from: the list endpoint's own query (the same filter, sort and scope), its
 * columns, and the permission module whose export right it needs.
 */
interface ExportSource {
  module: string;
  plural: string;
  columns(tx: Transaction): Promise<Column[]>;
  list(tx: Transaction, ctx: Context, query: ListQuery): Promise<{ items: Row[]; nextCursor: string | null }>;
}

const customers = (entity: Entity): ExportSource => ({
  module: CUSTOMERS_MODULE,
  plural: `${entity}s`,
  columns: async (tx) => exportColumns(entity, await customDefinitions(tx, entity)),
  list: (tx, ctx, query) => ADAPTERS[entity].list(tx, ctx, query),
});

const SOURCES: Record<ExportType, ExportSource> = {
  contact: customers('contact'),
  account: customers('account'),
  lead: customers('lead'),
  task: {
    module: TASKS_MODULE,
    plural: 'tasks',
    columns: async () => TASK_COLUMNS,
    list: (tx, ctx, query) => listTasks(tx, ctx, query),
  },
};

/** 403 unless the actor holds the export right of this list. */
export function assertMayExport(actor: Actor, type: ExportType): void {
  if (!can(actor, 'export', { module: SOURCES[type].module }))
    throw forbidden('You may not export this list');
}

/** 403 unless the actor may export some list (which one an existing export needs is checked on reading it). */
export function assertMayExportAny(actor: Actor): void {
  if (!Object.values(SOURCES).some((s) => can(actor, 'export', { module: s.module })))
    throw forbidden('You may not export lists');
}

// ---------------------------------------------------------------------------------------------
// Export records

interface ExportRow {
  id: string;
  entity: ExportType;
  format: ExportView['format'];
  query: { filter?: unknown; sort?: string; q?: string; headers: 'fa' | 'en'; vcardVersion: '3.0' | '4.0' };
  columns: string[];
  status: ExportView['status'];
  rows_written: number;
  file_id: string | null;
  job_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
  owner_team_ids: string[];
  size_bytes: number | null;
  file_name: string | null;
}

const SELECT = `SELECT e.*, f.size_bytes, f.name AS file_name,
  ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = e.tenant_id AND tm.user_id = e.created_by) AS owner_team_ids
  FROM exports e LEFT JOIN files f ON f.tenant_id = e.tenant_id AND f.id = e.file_id AND f.status = 'ready'`;

const exportView = (r: ExportRow): ExportView => ({
  id: r.id,
  type: r.entity,
  format: r.format,
  columns: r.columns,
  status: r.status,
  rowsWritten: r.rows_written,
  size: r.size_bytes,
  fileName: r.file_name,
  jobId: r.job_id,
  error: r.error,
  createdBy: r.created_by,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/** An export the actor may see: needs its list's export right; someone else's within the actor's scope. */
async function exportRow(tx: Transaction, ctx: Context, id: string): Promise<ExportRow> {
  const { rows } = await tx.query<ExportRow>(`${SELECT} WHERE e.id = $1`, [id]);
  const row = rows[0];
  if (
    !row ||
    !can(ctx.actor, 'export', {
      module: SOURCES[row.entity].module,
      ownerId: row.created_by,
      ownerTeamIds: row.owner_team_ids,
    })
  )
    throw notFound('Export');
  return row;
}

export async function getExport(tx: Transaction, ctx: Context, id: string): Promise<ExportView> {
  return exportView(await exportRow(tx, ctx, id));
}

export async function listExportColumns(tx: Transaction, type: ExportType) {
  return (await SOURCES[type].columns(tx)).map((c) => ({
    key: c.key,
    labelFa: c.labelFa,
    labelEn: c.labelEn,
    default: c.byDefault,
  }));
}

/**
 * Checks the query (through the list itself, so a bad filter, sort or q is a 422 naming it now
 * rather than a failed job later) and the columns, records the export and queues its job.
 */
export async function startExport(db: Database, jobs: Jobs, ctx: Context, input: ExportCreate) {
  return inTenant(db, ctx.actor.tenantId, async (tx) => {
    const errors: FieldError[] = [];
    if (input.format === 'vcard' && input.type !== 'contact')
      errors.push({ path: 'format', message: 'vCard exports contacts only', code: 'invalid' });
    const all = await SOURCES[input.type].columns(tx);
    const known = new Set(all.map((c) => c.key));
    const columns = input.columns ?? all.filter((c) => c.byDefault).map((c) => c.key);
    input.columns?.forEach((c, i) => {
      if (!known.has(c))
        errors.push({ path: `columns.${i}`, message: `Unknown column ${c}`, code: 'unknown_column' });
    });
    if (new Set(columns).size !== columns.length)
      errors.push({ path: 'columns', message: 'A column is listed twice', code: 'duplicate' });
    if (errors.length) throw invalid(errors, `Invalid export: ${errors.map((e) => e.path).join(', ')}`);
    await SOURCES[input.type].list(tx, ctx, listQuery(input, 1));
    const id = newId();
    const jobId = await jobs.enqueue(tx, ctx, EXPORT_QUEUE, { exportId: id, actor: actorRef(ctx.actor) });
    const query = {
      ...(input.filter !== undefined ? { filter: input.filter } : {}),
      ...(input.sort ? { sort: input.sort } : {}),
      ...(input.q ? { q: input.q } : {}),
      headers: input.headers,
      vcardVersion: input.vcardVersion,
    };
    await tx.query(
      `INSERT INTO exports (tenant_id, id, entity, format, query, columns, job_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        ctx.actor.tenantId,
        id,
        input.type,
        input.format,
        JSON.stringify(query),
        JSON.stringify(columns),
        jobId,
        ctx.actor.userId,
      ],
    );
    await audit(tx, ctx, {
      entity: 'export',
      entityId: id,
      action: 'create',
      after: { type: input.type, format: input.format, ...query, columns },
    });
    return exportView(await exportRow(tx, ctx, id));
  });
}

function listQuery(
  q: { filter?: unknown; sort?: string | undefined; q?: string | undefined },
  limit: number,
  cursor?: string,
): ListQuery {
  return {
    ...(q.filter !== undefined ? { filter: q.filter } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(cursor ? { cursor } : {}),
    limit,
    total: false,
  };
}

/** The file of a finished export, streamed from the database. */
export async function exportFile(db: Database, ctx: Context, id: string) {
  const row = await inTenant(db, ctx.actor.tenantId, (tx) => exportRow(tx, ctx, id));
  if (row.status !== 'completed' || !row.file_id) throw conflict(`The export is ${row.status}: no file yet`);
  const info = await fileInfo(db, ctx.actor.tenantId, row.file_id);
  if (!info) throw notFound('Export file');
  return {
    stream: readFile(db, ctx.actor.tenantId, row.file_id),
    fileName: info.name,
    contentType: info.content_type,
    size: info.size_bytes,
  };
}

// ---------------------------------------------------------------------------------------------
// The job

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcard: 'text/vcard; charset=utf-8',
} as const;

/** The records of the query, page by page (each page read in its own transaction, as the actor now). */
async function* records(db: Database, tenantId: string, ref: ActorRef, row: ExportRow, runId: string) {
  let cursor: string | undefined;
  do {
    const page = await inTenant(db, tenantId, async (tx) => {
      const ctx: Context = { actor: await currentActor(tx, tenantId, ref), requestId: runId };
      const source = SOURCES[row.entity];
      if (!can(ctx.actor, 'export', { module: source.module }))
        throw forbidden('The export right was withdrawn');
      return source.list(tx, ctx, listQuery(row.query, PAGE, cursor));
    });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

async function runExport(run: JobRun<{ exportId: string; actor: ActorRef }>) {
  const { db, tenantId, runId } = run;
  const { exportId, actor } = run.input;
  const row = await inTenant(db, tenantId, async (tx) => {
    const { rows } = await tx.query<ExportRow>(`${SELECT} WHERE e.id = $1 FOR UPDATE OF e`, [exportId]);
    const found = rows[0];
    if (!found || found.status === 'completed') return undefined;
    await tx.query(`UPDATE exports SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [
      exportId,
    ]);
    return found;
  });
  if (!row) return { skipped: true };
  try {
    const total = await inTenant(db, tenantId, async (tx) => {
      const ctx: Context = { actor: await currentActor(tx, tenantId, actor), requestId: runId };
      const page = await SOURCES[row.entity].list(tx, ctx, { ...listQuery(row.query, 1), total: true });
      return (page as { total?: number }).total ?? null;
    });
    await run.progress(0, total, 'Starting');
    const all = await inTenant(db, tenantId, (tx) => SOURCES[row.entity].columns(tx));
    const byKey = new Map(all.map((c) => [c.key, c]));
    const columns = row.columns.map((k) => byKey.get(k)).filter((c): c is Column => c !== undefined);
    const stamp = new Date().toISOString().slice(0, 10);
    const ext = row.format === 'vcard' ? 'vcf' : row.format;
    const out = new PassThrough();
    const writer = formatWriter(row, columns, out);
    let written = 0;
    const produce = (async () => {
      for await (const items of records(db, tenantId, actor, row, runId)) {
        for (const r of items) await writer.write(r);
        written += items.length;
        await run.progress(written, total, `${written} rows`);
      }
      await writer.end();
    })();
    produce.catch((error) => out.destroy(error));
    const file = await storeStream(db, tenantId, out, {
      purpose: 'export',
      name: `${SOURCES[row.entity].plural}-${stamp}.${ext}`,
      contentType: CONTENT_TYPES[row.format],
      createdBy: row.created_by,
    });
    await produce;
    await inTenant(db, tenantId, (tx) =>
      tx.query(
        `UPDATE exports SET status = 'completed', file_id = $2, rows_written = $3, finished_at = now(), updated_at = now()
         WHERE id = $1`,
        [exportId, file.id, written],
      ),
    );
    return { rows: written, size: file.size };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await inTenant(db, tenantId, (tx) =>
      tx.query(`UPDATE exports SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
        exportId,
        message,
      ]),
    );
    throw error;
  }
}

interface Writer {
  write(r: Row): Promise<void>;
  end(): Promise<void>;
}

const drain = (stream: NodeJS.WritableStream, ok: boolean) =>
  ok ? Promise.resolve() : new Promise<void>((resolve) => stream.once('drain', () => resolve()));

function formatWriter(row: ExportRow, columns: Column[], out: PassThrough): Writer {
  const fa = row.query.headers !== 'en';
  const titles = columns.map((c) => (fa ? c.labelFa : c.labelEn));
  switch (row.format) {
    case 'csv': {
      // BOM: Excel then reads the file as UTF-8 (Persian shows); our import strips it.
      const csv = stringify({ bom: true });
      csv.pipe(out);
      csv.write(titles);
      return {
        write: (r) => drain(csv, csv.write(columns.map((c) => c.value(r)))),
        end: () =>
          new Promise<void>((resolve) => {
            csv.end(() => resolve());
          }),
      };
    }
    case 'xlsx': {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out,
        useSharedStrings: false,
        useStyles: false,
      });
      const sheet = book.addWorksheet(
        SOURCES[row.entity].plural,
        fa ? { views: [{ rightToLeft: true }] } : {},
      );
      sheet.addRow(titles).commit();
      return {
        // Every cell as text: phone numbers and IDs keep their leading zeros.
        write: async (r) => {
          sheet.addRow(columns.map((c) => c.value(r))).commit();
          await drain(out, out.writableLength < out.writableHighWaterMark);
        },
        end: async () => {
          sheet.commit();
          await book.commit();
        },
      };
    }
    case 'vcard':
      return {
        write: (r) => drain(out, out.write(vcard(r as Rec, row.query.vcardVersion))),
        end: async () => {
          out.end();
        },
      };
  }
}

/** One contact as a vCard (3.0 for the widest support in phones and mail programs, or 4.0). */
export function vcard(r: Rec, version: '3.0' | '4.0'): string {
  const card = new ICAL.Component('vcard');
  card.addPropertyWithValue('version', version);
  const first = text(r.firstName);
  const last = text(r.lastName);
  card.addPropertyWithValue('fn', text(r.displayName) || `${first} ${last}`.trim());
  const n = new ICAL.Property('n', card);
  n.setValue([last, first, '', '', ''] as never);
  card.addProperty(n);
  for (const p of r.phones as { value: string; canonical: string; kind?: string }[]) {
    const tel = new ICAL.Property('tel', card);
    const type = p.kind === 'mobile' ? 'cell' : 'voice';
    if (version === '4.0') {
      tel.setParameter('value', 'uri');
      tel.setParameter('type', type);
      tel.setValue(`tel:${p.canonical}`);
    } else {
      tel.setParameter('type', type.toUpperCase());
      tel.setValue(p.canonical);
    }
    card.addProperty(tel);
  }
  for (const e of r.emails) {
    const email = new ICAL.Property('email', card);
    if (version === '3.0') email.setParameter('type', 'INTERNET');
    email.setValue(e.value);
    card.addProperty(email);
  }
  const company = ((r.accounts as { name: string; primary: boolean }[]) ?? []).find((a) => a.primary)?.name;
  if (company) {
    const org = new ICAL.Property('org', card);
    org.setValue([company] as never);
    card.addProperty(org);
  }
  if (r.jobTitle) card.addPropertyWithValue('title', text(r.jobTitle));
  if (r.birthDate)
    card.addPropertyWithValue('bday', ICAL.VCardTime.fromDateAndOrTimeString(text(r.birthDate), 'date'));
  if (r.description) card.addPropertyWithValue('note', text(r.description));
  if (r.tags.length) {
    const cat = new ICAL.Property('categories', card);
    cat.setValues(r.tags);
    card.addProperty(cat);
  }
  card.addPropertyWithValue('uid', version === '4.0' ? `urn:uuid:${r.id}` : r.id);
  return `${card.toString().replace(/\r?\n/g, '\r\n')}\r\n`;
}

defineJob<{ exportId: string; actor: ActorRef }>(EXPORT_QUEUE, runExport, { batchSize: 1 });
