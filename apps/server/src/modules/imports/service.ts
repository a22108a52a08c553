/**
 * Imports: upload → analyse (format, encoding, delimiter, columns, sample, guessed mapping) → set the
 * mapping and duplicate policy → dry run → run (or resume) → per-row report and rejects file.
 *
 * An import belongs to the member who uploaded it. Working with imports needs the right to create
 * customer records; someone else's import is visible by the same scope rule as their records
 * (manager: the team's, owner/admin: all); outside it, or in another organisation, it is a 404.
 */
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { audit } from '../../platform/audit/audit.js';
import { type Database, raw, sql, type Transaction } from '../../platform/db/database.js';
import { deleteFile, storeStream } from '../../platform/files/storage.js';
import type { UploadLimit } from '../../platform/files/upload.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { type ListQuery, type ListResource, runListQuery } from '../../platform/http/list-query.js';
import { conflict, type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { can, visibleTo } from '../../platform/permissions/can.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { CUSTOMERS_MODULE } from '../customers/permissions.js';
import type { CustomFieldView, Entity } from '../customers/schemas.js';
import { actorRef } from './actor.js';
import { DRY_RUN_QUEUE, type DryRunState, RUN_QUEUE, zeroCounts } from './runner.js';
import type { ImportPatch, ImportView } from './schemas.js';
import type { Encoding, Format } from './sources.js';
import { analyse } from './table.js';
import { customDefinitions, guessMapping, type MappingEntry, targetsOf } from './targets.js';

interface ImportRow {
  id: string;
  entity: Entity;
  file_id: string;
  file_name: string;
  size_bytes: number;
  format: Format;
  encoding: Encoding | null;
  delimiter: string | null;
  has_header: boolean;
  columns: string[];
  sample: string[][];
  mapping: MappingEntry[];
  duplicate_policy: ImportView['duplicatePolicy'];
  status: ImportView['status'];
  rows_total: number | null;
  last_row: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  rejected_count: number;
  blank_count: number;
  accounts_created: number;
  dry_run: DryRunState | null;
  runner: string | null;
  job_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  version: number;
  owner_team_ids: string[];
}

const SELECT = `SELECT i.*, f.size_bytes,
  ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = i.tenant_id AND tm.user_id = i.created_by) AS owner_team_ids
  FROM imports i JOIN files f ON f.tenant_id = i.tenant_id AND f.id = i.file_id`;

function view(r: ImportRow, defs: CustomFieldView[]): ImportView {
  const mapped = new Map(r.mapping.map((m) => [m.column, m.field]));
  return {
    id: r.id,
    type: r.entity,
    fileName: r.file_name,
    size: r.size_bytes,
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    hasHeader: r.has_header,
    columns: r.columns.map((header, index) => ({
      index,
      header,
      samples: r.sample.map((row) => row[index] ?? '').slice(0, 5),
      field: mapped.get(index) ?? null,
    })),
    sample: r.sample,
    mapping: r.columns.map((_, column) => ({ column, field: mapped.get(column) ?? null })),
    fields: targetsOf(r.entity, defs).map((t) => ({
      key: t.key,
      labelEn: t.labelEn,
      labelFa: t.labelFa,
      list: t.list ?? false,
    })),
    duplicatePolicy: r.duplicate_policy,
    status: r.status,
    rowsTotal: r.rows_total,
    lastRow: r.last_row,
    counts: {
      created: r.created_count,
      updated: r.updated_count,
      skipped: r.skipped_count,
      rejected: r.rejected_count,
      blank: r.blank_count,
      accountsCreated: r.accounts_created,
    },
    dryRun: r.dry_run,
    jobId: r.job_id,
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    version: r.version,
  };
}

/** The import if the actor may work with it (their own, or within their scope); else 404. */
async function importRow(tx: Transaction, ctx: Context, id: string, lock = false): Promise<ImportRow> {
  const { rows } = await tx.query<ImportRow>(`${SELECT} WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`, [
    id,
  ]);
  const row = rows[0];
  if (
    !row ||
    !can(ctx.actor, 'create', {
      module: CUSTOMERS_MODULE,
      ownerId: row.created_by,
      ownerTeamIds: row.owner_team_ids,
    })
  )
    throw notFound('Import');
  return row;
}

export async function getImport(tx: Transaction, ctx: Context, id: string): Promise<ImportView> {
  const row = await importRow(tx, ctx, id);
  return view(row, await customDefinitions(tx, row.entity));
}

const importList: ListResource = {
  idColumn: sql`i.id`,
  defaultSort: '-createdAt',
  fields: {
    createdAt: { column: sql`i.created_at`, type: 'datetime' },
    type: { column: sql`i.entity`, type: 'enum', values: ['account', 'contact', 'lead'] },
    status: {
      column: sql`i.status`,
      type: 'enum',
      values: ['ready', 'dry_running', 'running', 'stopped', 'failed', 'completed'],
    },
    fileName: { column: sql`i.file_name`, type: 'text' },
    createdBy: { column: sql`i.created_by`, type: 'uuid' },
  },
};

export async function listImports(tx: Transaction, ctx: Context, query: ListQuery) {
  const page = await runListQuery<ImportRow>(tx, importList, query, {
    from: raw(`imports i JOIN files f ON f.tenant_id = i.tenant_id AND f.id = i.file_id`),
    select: raw(`i.*, f.size_bytes, '{}'::uuid[] AS owner_team_ids`),
    where: visibleTo(ctx.actor, sql`i.created_by`),
  });
  const defs = new Map<Entity, CustomFieldView[]>();
  const items: ImportView[] = [];
  for (const row of page.items) {
    if (!defs.has(row.entity)) defs.set(row.entity, await customDefinitions(tx, row.entity));
    items.push(view(row, defs.get(row.entity) ?? []));
  }
  return { ...page, items };
}

/** Stores the upload, reads its start and guesses the mapping from the headers. */
export async function createImport(
  db: Database,
  ctx: Context,
  input: {
    entity: Entity;
    fileName: string;
    contentType: string;
    body: AsyncIterable<Buffer | Uint8Array | string>;
    limit: UploadLimit;
  },
): Promise<ImportView> {
  const tenantId = ctx.actor.tenantId;
  const file = await storeStream(
    db,
    tenantId,
    input.body,
    { purpose: 'import', name: input.fileName, contentType: input.contentType, createdBy: ctx.actor.userId },
    input.limit,
  );
  try {
    const a = await analyse(db, tenantId, { id: file.id, name: file.name, contentType: file.contentType });
    return await inTenant(db, tenantId, async (tx) => {
      const defs = await customDefinitions(tx, input.entity);
      const id = newId();
      await tx.query(
        `INSERT INTO imports (tenant_id, id, entity, file_id, file_name, format, encoding, delimiter, has_header,
           columns, sample, mapping, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          tenantId,
          id,
          input.entity,
          file.id,
          input.fileName,
          a.format,
          a.encoding,
          a.delimiter,
          a.hasHeader,
          JSON.stringify(a.headers),
          JSON.stringify(a.sample),
          JSON.stringify(guessMapping(input.entity, a.headers, defs)),
          ctx.actor.userId,
        ],
      );
      await audit(tx, ctx, {
        entity: 'import',
        entityId: id,
        action: 'create',
        after: { type: input.entity, fileName: input.fileName, size: file.size, format: a.format },
      });
      return view(await importRow(tx, ctx, id), defs);
    });
  } catch (error) {
    await deleteFile(db, tenantId, file.id).catch(() => {});
    throw error;
  }
}

const NAME_FIELDS: Record<Entity, string[]> = {
  contact: ['firstName', 'lastName', 'fullName'],
  lead: ['firstName', 'lastName', 'fullName', 'companyName'],
  account: ['name'],
};

/** A mapping for these columns: known fields only, each single-valued field once, a name field mapped. */
function checkMapping(
  entity: Entity,
  defs: CustomFieldView[],
  width: number,
  mapping: MappingEntry[],
  path = 'mapping',
): MappingEntry[] {
  const targets = new Map(targetsOf(entity, defs).map((t) => [t.key, t]));
  const errors: FieldError[] = [];
  const byColumn = new Map<number, string | null>();
  const used = new Map<string, number>();
  mapping.forEach((m, i) => {
    if (m.column >= width)
      errors.push({ path: `${path}.${i}.column`, message: `The file has ${width} columns`, code: 'too_big' });
    else if (byColumn.has(m.column))
      errors.push({ path: `${path}.${i}.column`, message: 'This column is mapped twice', code: 'duplicate' });
    if (m.field !== null) {
      const target = targets.get(m.field);
      if (!target)
        errors.push({
          path: `${path}.${i}.field`,
          message: `Unknown field ${m.field}`,
          code: 'unknown_field',
        });
      else if (!target.list && used.has(m.field))
        errors.push({
          path: `${path}.${i}.field`,
          message: `${m.field} is already mapped from column ${used.get(m.field)}`,
          code: 'duplicate',
        });
      used.set(m.field, m.column);
    }
    byColumn.set(m.column, m.field);
  });
  if (errors.length) throw invalid(errors, `Invalid mapping: ${errors.map((e) => e.path).join(', ')}`);
  return Array.from({ length: width }, (_, column) => ({ column, field: byColumn.get(column) ?? null }));
}

function assertNameMapped(entity: Entity, mapping: MappingEntry[]) {
  if (!mapping.some((m) => m.field && NAME_FIELDS[entity].includes(m.field)))
    throw invalid([
      {
        path: 'mapping',
        message: `Map a column to one of: ${NAME_FIELDS[entity].join(', ')}`,
        code: 'name_unmapped',
      },
    ]);
}

export async function updateImport(
  db: Database,
  ctx: Context,
  id: string,
  patch: ImportPatch,
  expectedVersion?: number,
): Promise<ImportView> {
  const tenantId = ctx.actor.tenantId;
  // Reading the file again (new encoding, delimiter or header row) happens outside the transaction.
  const before = await inTenant(db, tenantId, (tx) => importRow(tx, ctx, id));
  const reread =
    patch.encoding !== undefined || patch.delimiter !== undefined || patch.hasHeader !== undefined;
  const a = reread
    ? await analyse(
        db,
        tenantId,
        { id: before.file_id, name: before.file_name, contentType: '' },
        {
          format: before.format,
          encoding: patch.encoding ?? before.encoding,
          delimiter: patch.delimiter ?? before.delimiter,
          hasHeader: patch.hasHeader ?? before.has_header,
        },
      )
    : undefined;
  return inTenant(db, tenantId, async (tx) => {
    const row = await importRow(tx, ctx, id, true);
    assertVersion(expectedVersion, row.version, 'This import');
    if (row.status !== 'ready')
      throw conflict(`The import is ${row.status}: its mapping can change only before it runs`);
    const defs = await customDefinitions(tx, row.entity);
    const headers = a?.headers ?? row.columns;
    let mapping: MappingEntry[];
    if (patch.mapping) mapping = checkMapping(row.entity, defs, headers.length, patch.mapping);
    else if (a && headers.join('\u0000') !== row.columns.join('\u0000'))
      mapping = guessMapping(row.entity, headers, defs);
    else
      mapping = checkMapping(
        row.entity,
        defs,
        headers.length,
        row.mapping.filter((m) => m.column < headers.length),
      );
    await tx.query(
      `UPDATE imports SET mapping = $2, duplicate_policy = $3, encoding = $4, delimiter = $5, has_header = $6,
         columns = $7, sample = $8, rows_total = CASE WHEN $9 THEN NULL ELSE rows_total END, dry_run = CASE WHEN $9 THEN NULL ELSE dry_run END,
         version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        id,
        JSON.stringify(mapping),
        patch.duplicatePolicy ?? row.duplicate_policy,
        a ? a.encoding : row.encoding,
        a ? a.delimiter : row.delimiter,
        a ? a.hasHeader : row.has_header,
        JSON.stringify(headers),
        JSON.stringify(a?.sample ?? row.sample),
        reread,
      ],
    );
    const after = await importRow(tx, ctx, id);
    await audit(tx, ctx, {
      entity: 'import',
      entityId: id,
      action: 'update',
      before: settings(row),
      after: settings(after),
    });
    return view(after, defs);
  });
}

const settings = (r: ImportRow) => ({
  mapping: r.mapping,
  duplicatePolicy: r.duplicate_policy,
  encoding: r.encoding,
  delimiter: r.delimiter,
  hasHeader: r.has_header,
});

/** Starts a dry run: the same work as the run, rolled back batch by batch; only the report is kept. */
export async function startDryRun(db: Database, jobs: Jobs, ctx: Context, id: string) {
  return inTenant(db, ctx.actor.tenantId, async (tx) => {
    const row = await importRow(tx, ctx, id, true);
    if (row.status !== 'ready' && row.status !== 'dry_running')
      throw conflict(`The import is ${row.status}: a dry run is possible only before it runs`);
    assertNameMapped(row.entity, row.mapping);
    await tx.query(`DELETE FROM imports_rows WHERE import_id = $1 AND mode = 'dry_run'`, [id]);
    await tx.query(`DELETE FROM imports_dry_keys WHERE import_id = $1`, [id]);
    const jobId = await jobs.enqueue(tx, ctx, DRY_RUN_QUEUE, { importId: id });
    const state: DryRunState = {
      status: 'running',
      lastRow: 0,
      rowsTotal: row.rows_total,
      ...zeroCounts(),
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    await tx.query(
      `UPDATE imports SET status = 'dry_running', runner = $2, job_id = $2, actor = $3, dry_run = $4, updated_at = now()
       WHERE id = $1`,
      [id, jobId, JSON.stringify(actorRef(ctx.actor)), JSON.stringify(state)],
    );
    await audit(tx, ctx, { entity: 'import', entityId: id, action: 'dry_run', after: { jobId } });
    return { import: view(await importRow(tx, ctx, id), await customDefinitions(tx, row.entity)), jobId };
  });
}

/** Starts the import (once); `resume` continues a stopped, failed or stuck run after its last committed batch. */
export async function startRun(db: Database, jobs: Jobs, ctx: Context, id: string, resume: boolean) {
  return inTenant(db, ctx.actor.tenantId, async (tx) => {
    const row = await importRow(tx, ctx, id, true);
    if (resume) {
      if (!['running', 'stopped', 'failed'].includes(row.status))
        throw conflict(
          row.status === 'completed'
            ? 'The import has completed: there is nothing to resume'
            : `The import is ${row.status}: only a started import can be resumed (POST …/run starts it)`,
        );
    } else if (row.status !== 'ready') {
      throw conflict(
        row.status === 'dry_running'
          ? 'A dry run is in progress: wait for it to finish'
          : `The import is ${row.status}: it runs once (POST …/resume continues a stopped or failed one)`,
      );
    }
    assertNameMapped(row.entity, row.mapping);
    const jobId = await jobs.enqueue(tx, ctx, RUN_QUEUE, { importId: id });
    await tx.query(
      `UPDATE imports SET status = 'running', runner = $2, job_id = $2, actor = $3, error = NULL, updated_at = now(),
         version = version + 1
       WHERE id = $1`,
      [id, jobId, JSON.stringify(actorRef(ctx.actor))],
    );
    await audit(tx, ctx, {
      entity: 'import',
      entityId: id,
      action: resume ? 'resume' : 'run',
      after: { jobId, lastRow: row.last_row },
    });
    return { import: view(await importRow(tx, ctx, id), await customDefinitions(tx, row.entity)), jobId };
  });
}

/** Stops a run after its current batch (resumable) or cancels a dry run. */
export async function stopImport(db: Database, ctx: Context, id: string) {
  return inTenant(db, ctx.actor.tenantId, async (tx) => {
    const row = await importRow(tx, ctx, id, true);
    if (row.status === 'running')
      await tx.query(
        `UPDATE imports SET status = 'stopped', runner = NULL, updated_at = now(), version = version + 1 WHERE id = $1`,
        [id],
      );
    else if (row.status === 'dry_running') {
      await tx.query(
        `UPDATE imports SET status = 'ready', runner = NULL, updated_at = now(),
           dry_run = dry_run || jsonb_build_object('status', 'stopped', 'finishedAt', now())
         WHERE id = $1`,
        [id],
      );
      await tx.query(`DELETE FROM imports_dry_keys WHERE import_id = $1`, [id]);
    } else throw conflict(`The import is ${row.status}: there is nothing to stop`);
    await audit(tx, ctx, {
      entity: 'import',
      entityId: id,
      action: 'stop',
      after: { lastRow: row.last_row },
    });
    return view(await importRow(tx, ctx, id), await customDefinitions(tx, row.entity));
  });
}

/** Deletes the import, its report and its file (the records it wrote stay). Not while it runs. */
export async function deleteImport(db: Database, ctx: Context, id: string) {
  const fileId = await inTenant(db, ctx.actor.tenantId, async (tx) => {
    const row = await importRow(tx, ctx, id, true);
    if (row.status === 'running' || row.status === 'dry_running')
      throw conflict(`The import is ${row.status}: stop it first`);
    await tx.query(`DELETE FROM imports WHERE id = $1`, [id]);
    await audit(tx, ctx, {
      entity: 'import',
      entityId: id,
      action: 'delete',
      before: { type: row.entity, fileName: row.file_name, status: row.status },
    });
    return row.file_id;
  });
  await deleteFile(db, ctx.actor.tenantId, fileId);
}

interface ResultRow {
  row_no: number;
  outcome: 'rejected' | 'skipped' | 'updated' | 'created';
  record_id: string | null;
  match_id: string | null;
  match_reason: string | null;
  match_row: number | null;
  errors: { column: string | null; field: string; message: string; code: string }[];
  cells: string[] | null;
}

const resultView = (r: ResultRow) => ({
  row: r.row_no,
  outcome: r.outcome,
  recordId: r.record_id,
  matchId: r.match_id,
  matchReason: r.match_reason,
  matchRow: r.match_row,
  errors: r.errors,
  cells: r.cells,
});

/** The rows of the report after row `after`, in file order. */
export async function importRows(
  tx: Transaction,
  ctx: Context,
  id: string,
  q: { mode: 'run' | 'dry_run'; outcome?: ResultRow['outcome'] | undefined; after: number; limit: number },
) {
  await importRow(tx, ctx, id);
  const { rows } = await tx.query<ResultRow>(
    `SELECT row_no, outcome, record_id, match_id, match_reason, match_row, errors, cells FROM imports_rows
     WHERE import_id = $1 AND mode = $2 AND ($3::text IS NULL OR outcome = $3) AND row_no > $4
     ORDER BY row_no LIMIT $5`,
    [id, q.mode, q.outcome ?? null, q.after, q.limit + 1],
  );
  const items = rows.slice(0, q.limit).map(resultView);
  return { items, nextAfter: rows.length > q.limit ? (items[items.length - 1]?.row ?? null) : null };
}

/**
 * The rejected rows as CSV (UTF-8 with BOM, so Excel shows Persian): the row number, why, then the
 * row's own cells under the file's headers — ready to correct and import again. Streams by pages.
 */
export async function rejectsCsv(
  db: Database,
  ctx: Context,
  id: string,
  mode: 'run' | 'dry_run',
): Promise<{ stream: Readable; fileName: string }> {
  const row = await inTenant(db, ctx.actor.tenantId, (tx) => importRow(tx, ctx, id));
  const out = stringify({ bom: true, header: false });
  const fill = async () => {
    out.write(['Row', 'Errors', ...row.columns]);
    let after = 0;
    for (;;) {
      const { rows } = await inTenant(db, ctx.actor.tenantId, (tx) =>
        tx.query<ResultRow>(
          `SELECT row_no, errors, cells FROM imports_rows WHERE import_id = $1 AND mode = $2 AND outcome = 'rejected'
           AND row_no > $3 ORDER BY row_no LIMIT 1000`,
          [id, mode, after],
        ),
      );
      for (const r of rows) {
        const why = r.errors.map(
          (e) => `${e.column ?? e.field ?? ''}${e.column || e.field ? ': ' : ''}${e.message}`,
        );
        const ok = out.write([
          String(r.row_no),
          why.join(' | '),
          ...row.columns.map((_, i) => r.cells?.[i] ?? ''),
        ]);
        if (!ok) await new Promise((resolve) => out.once('drain', resolve));
      }
      if (rows.length < 1000) break;
      after = (rows[rows.length - 1] as ResultRow).row_no;
    }
    out.end();
  };
  fill().catch((error) => out.destroy(error));
  const base = row.file_name.replace(/\.[^.]*$/, '') || 'import';
  return { stream: out, fileName: `${base}-rejects.csv` };
}
