/**
 * Running an import (or its dry run) as a job.
 *
 * Rows are read from the stored file as a stream and written in batches of BATCH_ROWS, each batch in
 * one transaction together with its audit rows, events, per-row results, counts and the number of
 * the last source row it covers (`last_row`). A crash loses at most the batch in flight, which
 * rolls back whole; a resumed (or retried) run reads the file again and skips the rows up to
 * last_row. Every batch first locks the import row and checks that this job is still its runner and
 * that last_row is where the job left it, so two runners (a retry and a resume, say) can never both
 * write the same rows.
 *
 * Each row goes through the customers module's own create (or update) function and its duplicate
 * rule, so an import validates, normalises, audits and emits exactly what the API does. A dry run
 * does the same work inside a savepoint that it rolls back, and keeps only the row results; rows it
 * would have created in earlier batches are remembered by their identifiers (imports_dry_keys) so
 * that later duplicates of them are reported as the real run will find them.
 */
import type { Database, Transaction } from '../../platform/db/database.js';
import { bulk, sql } from '../../platform/db/database.js';
import { analyseGrownTables } from '../../platform/db/statistics.js';
import { issueCode, Problem } from '../../platform/http/problem.js';
import { defineJob, type JobRun } from '../../platform/jobs/jobs.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { createAccounts, listAccounts } from '../customers/accounts.js';
import { AccountCreateSchema, type CustomFieldView, type Entity } from '../customers/schemas.js';
import { type ActorRef, currentActor } from './actor.js';
import { type Encoding, type Format, type SourceRow, UNREADABLE } from './sources.js';
import { tableRows } from './table.js';
import {
  ADAPTERS,
  type Adapter,
  customDefinitions,
  type Identifiers,
  identifierKeys,
  type KeyMatch,
  lookupKeys,
  type MappingEntry,
  type Origin,
  type Rec,
  type RowInput,
  rowInput,
} from './targets.js';

export const BATCH_ROWS = 500;
/** Rows read ahead and looked up together (a few MB of memory at most). */
export const WINDOW_ROWS = 5000;
/** The customers module creates 1–100 records per call. */
const CREATE_CHUNK = 100;
export const RUN_QUEUE = 'imports.run';
export const DRY_RUN_QUEUE = 'imports.dry_run';

export type Mode = 'run' | 'dry_run';
export type Policy = 'skip' | 'update' | 'create';

type HookInfo = { importId: string; mode: Mode; batch: number; lastRow: number };
/**
 * For tests: `inBatch` runs inside a batch's transaction after all its writes (a throw there is a
 * crash before the commit), `afterBatch` after the commit (a crash between batches).
 */
export const importTestHooks: {
  inBatch?: (info: HookInfo) => void | Promise<void>;
  afterBatch?: (info: HookInfo) => void | Promise<void>;
} = {};

export interface RowError {
  column: string | null;
  field: string;
  message: string;
  code: string;
}

export interface Outcome {
  row: number;
  outcome: 'created' | 'updated' | 'skipped' | 'rejected' | 'blank';
  recordId?: string;
  matchId?: string;
  matchReason?: string;
  matchRow?: number;
  errors?: RowError[];
  cells?: string[];
  /** Identifiers the row's record has afterwards (created or updated), for later duplicates in a dry run. */
  keys?: string[];
}

export interface Counts {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  blank: number;
  accountsCreated: number;
}
export const zeroCounts = (): Counts => ({
  created: 0,
  updated: 0,
  skipped: 0,
  rejected: 0,
  blank: 0,
  accountsCreated: 0,
});

export interface ImportRecord {
  id: string;
  entity: Entity;
  file_id: string;
  format: Format;
  encoding: Encoding | null;
  delimiter: string | null;
  has_header: boolean;
  columns: string[];
  mapping: MappingEntry[];
  duplicate_policy: Policy;
  status: 'ready' | 'dry_running' | 'running' | 'stopped' | 'failed' | 'completed';
  rows_total: number | null;
  last_row: number;
  dry_run: DryRunState | null;
  runner: string | null;
  actor: ActorRef | null;
}

export interface DryRunState extends Counts {
  status: 'running' | 'completed' | 'failed';
  lastRow: number;
  rowsTotal: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** Time spent per phase (PEYVAND_IMPORT_PROFILE=1 prints it after each job). */
export const profile = new Map<string, number>();
async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.PEYVAND_IMPORT_PROFILE) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    profile.set(name, (profile.get(name) ?? 0) + performance.now() - start);
  }
}

/** The job lost its right to write: stopped, resumed by another job, or the import was deleted. */
class Superseded extends Error {}

// ---------------------------------------------------------------------------------------------
// One batch

interface Plan {
  entity: Entity;
  adapter: Adapter;
  mapping: MappingEntry[];
  headers: string[];
  defs: Map<string, CustomFieldView>;
  policy: Policy;
  importId: string;
  /** Dry run: look identifiers up in the keys of rows of earlier batches too. */
  dry: boolean;
}

interface Prepared {
  row: number;
  cells: string[];
  ri: RowInput;
  parsed: Record<string, unknown>;
  ids: Identifiers;
  keys: string[];
  match?: { id: string; reason: string; row?: number };
  accountId?: string;
}

/** A row of a window: already decided (blank, rejected by the schema) or ready to write. */
type Item = Outcome | Prepared;

/**
 * Rows read ahead together: their identifiers were looked up at once (existing records; in a dry
 * run also the rows of earlier windows), and `recent` holds those of rows written since (by this
 * window's batches), so a row duplicating an earlier row of the file is found too.
 */
interface Window {
  existing: Map<string, KeyMatch[]>;
  dryKeys: Map<string, string>;
  recent: Map<string, { id: string; row: number }>;
}

const REASONS = [
  ['n:', 'nationalId'],
  ['e:', 'email'],
  ['p:', 'phone'],
] as const;

/**
 * The record (or, in a dry run, the earlier row) a row duplicates: by national ID, else e-mail, else
 * phone; rows written in this window first, then the newest existing record.
 */
function matchOf(keys: string[], window: Window): { id: string; reason: string; row?: number } | undefined {
  for (const [prefix, reason] of REASONS) {
    for (const k of keys) {
      if (!k.startsWith(prefix)) continue;
      const recent = window.recent.get(k);
      if (recent) return { id: recent.id, reason, row: recent.row };
      const existing = window.existing.get(k);
      if (existing?.length) {
        const newest = existing.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
        return { id: newest.id, reason };
      }
      const dry = window.dryKeys.get(k);
      if (dry)
        return dry.startsWith('row:') ? { id: '', reason, row: Number(dry.slice(4)) } : { id: dry, reason };
    }
  }
  return undefined;
}

/** Checks a row with the entity's create schema (no database needed): blank, rejected, or ready. */
function prepare(plan: Plan, source: SourceRow): Item {
  if (source.cells[0]?.startsWith(UNREADABLE))
    return {
      row: source.row,
      outcome: 'rejected',
      cells: source.cells,
      errors: [
        {
          column: null,
          field: '',
          message: `This vCard cannot be read: ${source.cells[0].slice(UNREADABLE.length)}`,
          code: 'unreadable',
        },
      ],
    };
  const ri = rowInput(plan.mapping, plan.headers, source.cells, plan.defs);
  if (ri.blank) return { row: source.row, outcome: 'blank' };
  const parsed = plan.adapter.createSchema.safeParse(ri.input);
  if (!parsed.success)
    return {
      row: source.row,
      outcome: 'rejected',
      cells: source.cells,
      errors: zodErrors(ri.origin, parsed.error.issues),
    };
  const data = parsed.data as Record<string, unknown>;
  const ids = plan.adapter.identifiers(data);
  return { row: source.row, cells: source.cells, ri, parsed: data, ids, keys: identifierKeys(ids) };
}

const pathOf = (path: PropertyKey[]) => path.map(String).join('.');

/** The column an input path came from: the path itself or its closest parent. */
function columnOf(origin: Origin, path: string): string | null {
  let p = path;
  while (p) {
    const column = origin.get(p);
    if (column !== undefined) return column;
    const dot = p.lastIndexOf('.');
    p = dot < 0 ? '' : p.slice(0, dot);
  }
  return null;
}

function zodErrors(
  origin: Origin,
  issues: { path: PropertyKey[]; message: string; code: string }[],
): RowError[] {
  return issues.map((i) => {
    const field = pathOf(i.path);
    return { column: columnOf(origin, field), field, message: i.message, code: issueCode(i.code, i) };
  });
}

const DB_ROW_ERRORS = /^(22|23)/;

/**
 * Writes one batch in the caller's transaction and returns what happened to each row. Rows are
 * checked with the entity's create schema; each valid row is matched against existing records (the
 * customers module's duplicate rule), then created in chunks or used to update its match. A chunk
 * whose create fails for some rows (custom fields, owners…) is rolled back to its savepoint and
 * written again without them; the failing rows are rejected with every error, by column.
 */
async function processBatch(tx: Transaction, ctx: Context, plan: Plan, items: Item[], window: Window) {
  const outcomes = new Map<number, Outcome>();
  const counts = zeroCounts();
  let pending: Prepared[] = [];
  let pendingKeys = new Set<string>();
  const companies = new Map<string, string>();
  const dryCompanies = new Map<string, string>();
  // Dry run: records made in this batch (rolled back afterwards) by the row that made them.
  const madeBy = new Map<string, number>();

  const reject = (p: { row: number; cells: string[] }, errors: RowError[]) => {
    outcomes.set(p.row, { row: p.row, outcome: 'rejected', errors, cells: p.cells });
  };

  // Contacts: a company column links the contact to the account of that name, made if missing.
  const resolveCompanies = async (batch: Prepared[]) => {
    const wanted = [
      ...new Set(batch.map((p) => p.ri.company).filter((c): c is string => !!c && !companies.has(c))),
    ];
    for (let i = 0; i < wanted.length; i += 200) {
      const names = wanted.slice(i, i + 200);
      let cursor: string | undefined;
      do {
        const page = await listAccounts(tx, ctx, {
          filter: { field: 'name', op: 'in', value: names },
          sort: 'createdAt',
          limit: 200,
          total: false,
          ...(cursor ? { cursor } : {}),
        });
        for (const a of page.items) if (!companies.has(a.name)) companies.set(a.name, a.id);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    const missing = wanted.filter((name) => !companies.has(name));
    const valid: { name: string; input: unknown }[] = [];
    for (const name of missing) {
      const parsed = AccountCreateSchema.safeParse({ name });
      if (parsed.success) valid.push({ name, input: parsed.data });
      else companies.set(name, '');
    }
    for (let i = 0; i < valid.length; i += CREATE_CHUNK) {
      const chunk = valid.slice(i, i + CREATE_CHUNK);
      const accounts = await createAccounts(tx, ctx, chunk.map((c) => c.input) as never, () => '');
      accounts.forEach((a, j) => {
        companies.set((chunk[j] as { name: string }).name, a.id);
      });
    }
    let made = 0;
    if (plan.dry) {
      const seen = await dryKeysFor(
        tx,
        plan.importId,
        valid.map((v) => `a:${v.name}`),
      );
      made = valid.filter((v) => !seen.has(`a:${v.name}`) && !dryCompanies.has(`a:${v.name}`)).length;
    } else made = valid.length;
    return { made, names: valid.map((v) => v.name) };
  };
  /** After the write that made them commits (to its savepoint): count the accounts made. */
  const accountsMade = (made: { made: number; names: string[] }) => {
    counts.accountsCreated += made.made;
    if (plan.dry) for (const name of made.names) dryCompanies.set(`a:${name}`, 'new');
  };

  /** Creates the pending rows, rejecting those the service refuses, and writing the others. */
  const flush = async () => {
    let batch = pending;
    pending = [];
    pendingKeys = new Set();
    while (batch.length) {
      await tx.query('SAVEPOINT import_flush');
      try {
        const made =
          plan.entity === 'contact'
            ? await timed('companies', () => resolveCompanies(batch))
            : { made: 0, names: [] };
        const bad: Prepared[] = [];
        for (const p of batch) {
          if (p.ri.company) {
            const id = companies.get(p.ri.company);
            if (id) p.parsed.accountId = id;
            else bad.push(p);
          }
        }
        if (bad.length) {
          for (const p of bad)
            reject(p, [
              {
                column: columnOf(p.ri.origin, 'accountId'),
                field: 'company',
                message: 'Not a valid account name',
                code: 'invalid',
              },
            ]);
          batch = batch.filter((p) => !bad.includes(p));
          await tx.query('ROLLBACK TO SAVEPOINT import_flush');
          await tx.query('RELEASE SAVEPOINT import_flush');
          for (const name of made.names) companies.delete(name);
          continue;
        }
        const records: Rec[] = [];
        for (let i = 0; i < batch.length; i += CREATE_CHUNK) {
          const chunk = batch.slice(i, i + CREATE_CHUNK);
          records.push(
            ...(await timed('create', () =>
              plan.adapter.create(
                tx,
                ctx,
                chunk.map((p) => p.parsed),
                (j) => `rows.${i + j}.`,
              ),
            )),
          );
        }
        await tx.query('RELEASE SAVEPOINT import_flush');
        accountsMade(made);
        batch.forEach((p, i) => {
          const rec = records[i] as Rec;
          if (plan.dry) madeBy.set(rec.id, p.row);
          for (const k of p.keys) window.recent.set(k, { id: plan.dry ? '' : rec.id, row: p.row });
          outcomes.set(p.row, {
            row: p.row,
            outcome: 'created',
            recordId: rec.id,
            ...(p.match
              ? {
                  matchId: p.match.id,
                  matchReason: p.match.reason,
                  ...(p.match.row ? { matchRow: p.match.row } : {}),
                }
              : {}),
            keys: p.keys,
          });
        });
        return;
      } catch (error) {
        await tx.query('ROLLBACK TO SAVEPOINT import_flush');
        await tx.query('RELEASE SAVEPOINT import_flush');
        companies.clear();
        const rowErrors = errorsByRow(error, batch);
        if (rowErrors) {
          for (const [index, errors] of rowErrors) reject(batch[index] as Prepared, errors);
          batch = batch.filter((_, i) => !rowErrors.has(i));
          continue;
        }
        if (batch.length > 1) {
          // The error names no row: write the rows one by one to find the ones it belongs to.
          const rest = batch;
          for (const p of rest) {
            pending = [p];
            await flush();
          }
          return;
        }
        const only = batch[0] as Prepared;
        reject(only, [singleError(error, only)]);
        return;
      }
    }
  };

  const update = async (p: Prepared, match: { id: string; reason: string }) => {
    await tx.query('SAVEPOINT import_update');
    try {
      const current = await plan.adapter.get(tx, ctx, match.id);
      let made = { made: 0, names: [] as string[] };
      if (p.ri.company) {
        made = await resolveCompanies([p]);
        const accountId = companies.get(p.ri.company);
        if (accountId) p.ri.input.accountId = accountId;
      }
      const patch = patchFrom(current, p.ri.input);
      const parsed = plan.adapter.patchSchema.safeParse(patch);
      if (!parsed.success) {
        await tx.query('ROLLBACK TO SAVEPOINT import_update');
        await tx.query('RELEASE SAVEPOINT import_update');
        reject(p, zodErrors(p.ri.origin, parsed.error.issues));
        return;
      }
      const after = await plan.adapter.update(tx, ctx, match.id, parsed.data);
      await tx.query('RELEASE SAVEPOINT import_update');
      accountsMade(made);
      const afterKeys = identifierKeys({
        emails: after.emails.map((e) => e.canonical),
        phones: after.phones.map((x) => x.canonical),
        nationalId: (after.nationalId as string | null | undefined) ?? null,
      });
      for (const k of afterKeys) window.recent.set(k, { id: match.id, row: p.row });
      outcomes.set(p.row, {
        row: p.row,
        outcome: 'updated',
        recordId: match.id,
        matchId: match.id,
        matchReason: match.reason,
        keys: afterKeys,
      });
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT import_update');
      await tx.query('RELEASE SAVEPOINT import_update');
      companies.clear();
      const rowErrors = errorsByRow(error, [p]);
      reject(p, rowErrors?.get(0) ?? [singleError(error, p)]);
    }
  };

  const prepared: Prepared[] = [];
  for (const item of items) {
    if ('outcome' in item) outcomes.set(item.row, item);
    else prepared.push(item);
  }

  for (const p of prepared) {
    if (p.keys.some((k) => pendingKeys.has(k))) await flush();
    let match = matchOf(p.keys, window);
    const madeRow = match?.id ? madeBy.get(match.id) : undefined;
    if (match && madeRow) match = { id: '', reason: match.reason, row: madeRow };
    if (!match) {
      pending.push(p);
      for (const k of p.keys) pendingKeys.add(k);
      continue;
    }
    if (plan.policy === 'skip') {
      outcomes.set(p.row, {
        row: p.row,
        outcome: 'skipped',
        ...(match.id ? { matchId: match.id } : {}),
        matchReason: match.reason,
        ...(match.row ? { matchRow: match.row } : {}),
      });
    } else if (plan.policy === 'update') {
      if (!match.id) {
        // Dry run: the match is a row an earlier batch would have created; the real run updates it.
        outcomes.set(p.row, {
          row: p.row,
          outcome: 'updated',
          matchReason: match.reason,
          ...(match.row ? { matchRow: match.row } : {}),
          keys: p.keys,
        });
        for (const k of p.keys) window.recent.set(k, { id: '', row: match.row ?? p.row });
      } else await update(p, { id: match.id, reason: match.reason });
    } else {
      p.match = match;
      pending.push(p);
      for (const k of p.keys) pendingKeys.add(k);
    }
  }
  await flush();

  const ordered = items.map((r) => outcomes.get(r.row) as Outcome);
  for (const o of ordered) counts[o.outcome === 'blank' ? 'blank' : o.outcome] += 1;
  return { outcomes: ordered, counts, dryCompanies };
}

/** The rows a 422 from the customers module names (paths `rows.N.…`), with their errors by column. */
function errorsByRow(error: unknown, batch: Prepared[]): Map<number, RowError[]> | undefined {
  if (!(error instanceof Problem) || error.status !== 422 || !error.errors?.length) return undefined;
  const byRow = new Map<number, RowError[]>();
  for (const e of error.errors) {
    const m = /^rows\.(\d+)\.(.*)$/.exec(e.path);
    const index = m ? Number(m[1]) : batch.length === 1 ? 0 : -1;
    const field = m ? (m[2] as string) : e.path;
    const p = batch[index];
    if (!p) return undefined;
    byRow.set(index, [
      ...(byRow.get(index) ?? []),
      { column: columnOf(p.ri.origin, field), field, message: e.message, code: e.code },
    ]);
  }
  return byRow;
}

/** The error of a row written alone: a Problem or a database constraint; anything else is not the row's fault. */
function singleError(error: unknown, p: Prepared): RowError {
  if (error instanceof Problem) {
    const field =
      error.status === 403 && p.ri.input.ownerId !== undefined ? 'ownerId' : (error.errors?.[0]?.path ?? '');
    return {
      column: columnOf(p.ri.origin, field),
      field,
      message:
        error.status === 403 ? `Not allowed: ${error.detail ?? error.title}` : (error.detail ?? error.title),
      code: error.errors?.[0]?.code ?? (error.status === 403 ? 'forbidden' : 'invalid'),
    };
  }
  const e = error as { code?: string; column?: string; message?: string };
  if (typeof e?.code === 'string' && DB_ROW_ERRORS.test(e.code)) {
    const field = e.column ?? '';
    return { column: columnOf(p.ri.origin, field), field, message: 'Value not allowed', code: 'invalid' };
  }
  throw error;
}

/**
 * The update an import row makes to the record it matched: the row's non-blank fields replace the
 * record's; its phones, e-mails and tags are added to the record's (nothing is lost); custom values
 * given replace those keys only.
 */
function patchFrom(current: Rec, input: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'phones' || key === 'emails') {
      const existing = (current[key] as { value: string; label: string | null }[]).map((p) => ({
        value: p.value,
        label: p.label,
      }));
      patch[key] = [...existing, ...(value as string[])];
    } else if (key === 'tags') patch.tags = [...current.tags, ...(value as string[])];
    else patch[key] = value;
  }
  return patch;
}

// ---------------------------------------------------------------------------------------------
// Dry-run memory

async function dryKeysFor(tx: Transaction, importId: string, keys: string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const { rows } = await tx.query<{ key: string; target: string }>(
    `SELECT key, target FROM imports_dry_keys WHERE import_id = $1 AND key = ANY($2::text[])`,
    [importId, [...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.key, r.target]));
}

async function rememberDryKeys(
  tx: Transaction,
  tenantId: string,
  importId: string,
  outcomes: Outcome[],
  companies: Map<string, string>,
) {
  const entries = new Map<string, string>();
  for (const o of outcomes) {
    if (o.outcome !== 'created' && o.outcome !== 'updated') continue;
    const target =
      o.outcome === 'created' ? `row:${o.row}` : o.matchId ? o.matchId : `row:${o.matchRow ?? o.row}`;
    for (const k of o.keys ?? []) if (!entries.has(k)) entries.set(k, target);
  }
  for (const [k, v] of companies) if (!entries.has(k)) entries.set(k, v);
  const list = [...entries];
  for (let i = 0; i < list.length; i += 1000) {
    const part = list.slice(i, i + 1000);
    await tx.query(
      sql`INSERT INTO imports_dry_keys (tenant_id, import_id, key, target) VALUES ${bulk(
        part.map(([k, v]) => [tenantId, importId, k, v]),
      )} ON CONFLICT DO NOTHING`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Results

async function writeOutcomes(
  tx: Transaction,
  tenantId: string,
  importId: string,
  mode: Mode,
  outcomes: Outcome[],
) {
  const kept = outcomes.filter(
    (o) => o.outcome !== 'blank' && (o.outcome !== 'created' || o.matchId || o.matchRow),
  );
  for (let i = 0; i < kept.length; i += 500) {
    const part = kept.slice(i, i + 500);
    await tx.query(
      sql`INSERT INTO imports_rows (tenant_id, import_id, mode, row_no, outcome, record_id, match_id, match_reason, match_row, errors, cells)
          VALUES ${bulk(
            part.map((o) => [
              tenantId,
              importId,
              mode,
              o.row,
              o.outcome,
              mode === 'run' ? (o.recordId ?? null) : null,
              o.matchId || null,
              o.matchReason ?? null,
              o.matchRow ?? null,
              JSON.stringify(o.errors ?? []),
              o.outcome === 'rejected' ? JSON.stringify(o.cells ?? []) : null,
            ]),
          )}
          ON CONFLICT (tenant_id, import_id, mode, row_no) DO UPDATE SET outcome = EXCLUDED.outcome,
            record_id = EXCLUDED.record_id, match_id = EXCLUDED.match_id, match_reason = EXCLUDED.match_reason,
            match_row = EXCLUDED.match_row, errors = EXCLUDED.errors, cells = EXCLUDED.cells`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The job

interface JobInput {
  importId: string;
}

const IMPORT_COLUMNS = `id, entity, file_id, format, encoding, delimiter, has_header, columns, mapping, duplicate_policy,
  status, rows_total, last_row, dry_run, runner, actor`;

async function lockImport(tx: Transaction, id: string): Promise<ImportRecord | undefined> {
  const { rows } = await tx.query<ImportRecord>(
    `SELECT ${IMPORT_COLUMNS} FROM imports WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
}

/** Is this job still the one allowed to write, at the position it expects? */
function assertRunner(imp: ImportRecord | undefined, runId: string, mode: Mode, expectedLastRow?: number) {
  if (!imp || imp.runner !== runId) throw new Superseded('superseded');
  if (mode === 'run' && imp.status !== 'running') throw new Superseded(imp.status);
  if (mode === 'dry_run' && imp.status !== 'dry_running') throw new Superseded(imp.status);
  const at = mode === 'run' ? imp.last_row : (imp.dry_run?.lastRow ?? 0);
  if (expectedLastRow !== undefined && at !== expectedLastRow) throw new Superseded('superseded');
}

async function runImportJob(mode: Mode, run: JobRun<JobInput>) {
  const { db, tenantId, runId } = run;
  const { importId } = run.input;
  // Claim: the import names this job as its runner (set when it was started or resumed).
  const imp = await inTenant(db, tenantId, async (tx) => {
    const found = await lockImport(tx, importId);
    if (!found || found.runner !== runId) return undefined;
    if (mode === 'run') {
      // A retry of this same job after a failure continues where the failed attempt stopped.
      if (found.status !== 'running' && found.status !== 'failed') return undefined;
      await tx.query(
        `UPDATE imports SET status = 'running', error = NULL, started_at = COALESCE(started_at, now()), updated_at = now()
         WHERE id = $1`,
        [importId],
      );
      found.status = 'running';
    } else if (found.status !== 'dry_running') return undefined;
    return found;
  });
  if (!imp) return { superseded: true };
  try {
    const result = await runBatches(db, tenantId, runId, mode, imp, run);
    return result;
  } catch (error) {
    if (error instanceof Superseded) return { superseded: true, status: error.message };
    const message =
      error instanceof Problem
        ? (error.detail ?? error.title)
        : error instanceof Error
          ? error.message
          : String(error);
    await inTenant(db, tenantId, async (tx) => {
      const cur = await lockImport(tx, importId);
      if (!cur || cur.runner !== runId) return;
      if (mode === 'run')
        await tx.query(`UPDATE imports SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
          importId,
          message,
        ]);
      else {
        await tx.query(
          `UPDATE imports SET status = 'ready', runner = NULL, updated_at = now(),
             dry_run = dry_run || jsonb_build_object('status', 'failed', 'error', $2::text, 'finishedAt', now())
           WHERE id = $1`,
          [importId, message],
        );
        await tx.query(`DELETE FROM imports_dry_keys WHERE import_id = $1`, [importId]);
      }
    });
    throw error;
  }
}

async function countRows(db: Database, tenantId: string, imp: ImportRecord): Promise<number> {
  let n = 0;
  for await (const _ of tableRows(db, tenantId, spec(imp))) n += 1;
  return n;
}

const spec = (imp: ImportRecord) => ({
  fileId: imp.file_id,
  format: imp.format,
  encoding: imp.encoding,
  delimiter: imp.delimiter,
  hasHeader: imp.has_header,
});

async function runBatches(
  db: Database,
  tenantId: string,
  runId: string,
  mode: Mode,
  imp: ImportRecord,
  run: JobRun<JobInput>,
) {
  if (!imp.actor) throw new Error('The import has no actor');
  let rowsTotal = imp.rows_total;
  if (rowsTotal === null) {
    await run.progress(0, null, 'Counting rows');
    rowsTotal = await countRows(db, tenantId, imp);
    await inTenant(db, tenantId, (tx) =>
      tx.query(`UPDATE imports SET rows_total = $2, updated_at = now() WHERE id = $1`, [imp.id, rowsTotal]),
    );
  }
  let lastRow = mode === 'run' ? imp.last_row : (imp.dry_run?.lastRow ?? 0);
  let done = 0;
  // Data rows still to go (the header row is row 1 when there is one).
  const first = imp.has_header && imp.format !== 'vcard' ? 1 : 0;
  const todo = Math.max(0, rowsTotal - Math.max(0, lastRow - first));
  await run.progress(0, todo, `Starting after row ${lastRow}`);
  const defsList: CustomFieldView[] = await inTenant(db, tenantId, (tx) => customDefinitions(tx, imp.entity));
  const plan: Plan = {
    entity: imp.entity,
    adapter: ADAPTERS[imp.entity],
    mapping: imp.mapping,
    headers: imp.columns,
    defs: new Map(defsList.map((d) => [d.key, d])),
    policy: imp.duplicate_policy,
    importId: imp.id,
    dry: mode === 'dry_run',
  };
  let batches = 0;
  const commit = async (rows: Item[], window: Window) => {
    if (!rows.length) return;
    const expected = lastRow;
    const newLast = (rows[rows.length - 1] as Item).row;
    await timed('batchTx', () =>
      inTenant(db, tenantId, async (tx) => {
        assertRunner(await lockImport(tx, imp.id), runId, mode, expected);
        const actor = await currentActor(tx, tenantId, imp.actor as ActorRef);
        const ctx: Context = { actor, requestId: runId };
        if (mode === 'dry_run') await tx.query('SAVEPOINT import_dry_run');
        const { outcomes, counts, dryCompanies } = await timed('processBatch', () =>
          processBatch(tx, ctx, plan, rows, window),
        );
        if (mode === 'dry_run') {
          await tx.query('ROLLBACK TO SAVEPOINT import_dry_run');
          await rememberDryKeys(tx, tenantId, imp.id, outcomes, dryCompanies);
        }
        await timed('writeOutcomes', () => writeOutcomes(tx, tenantId, imp.id, mode, outcomes));
        if (mode === 'run') {
          await tx.query(
            `UPDATE imports SET last_row = $2, created_count = created_count + $3, updated_count = updated_count + $4,
             skipped_count = skipped_count + $5, rejected_count = rejected_count + $6, blank_count = blank_count + $7,
             accounts_created = accounts_created + $8, updated_at = now()
           WHERE id = $1`,
            [
              imp.id,
              newLast,
              counts.created,
              counts.updated,
              counts.skipped,
              counts.rejected,
              counts.blank,
              counts.accountsCreated,
            ],
          );
        } else {
          await tx.query(
            `UPDATE imports SET updated_at = now(), dry_run = dry_run || jsonb_build_object(
             'lastRow', $2::int, 'created', (dry_run->>'created')::int + $3, 'updated', (dry_run->>'updated')::int + $4,
             'skipped', (dry_run->>'skipped')::int + $5, 'rejected', (dry_run->>'rejected')::int + $6,
             'blank', (dry_run->>'blank')::int + $7, 'accountsCreated', (dry_run->>'accountsCreated')::int + $8)
           WHERE id = $1`,
            [
              imp.id,
              newLast,
              counts.created,
              counts.updated,
              counts.skipped,
              counts.rejected,
              counts.blank,
              counts.accountsCreated,
            ],
          );
        }
        await importTestHooks.inBatch?.({ importId: imp.id, mode, batch: batches + 1, lastRow: newLast });
      }),
    );
    lastRow = newLast;
    done += rows.length;
    batches += 1;
    await run.progress(done, todo, `Row ${lastRow}${rowsTotal !== null ? ` of ${rowsTotal + first}` : ''}`);
    await importTestHooks.afterBatch?.({ importId: imp.id, mode, batch: batches, lastRow });
  };

  // The planner needs statistics of tables that grow fast: without them it reads a whole
  // organisation's rows for each `id = ANY(…)` look-up the customers module makes after an insert
  // (and PGlite has no autovacuum at all). So before each window the run analyses the tables that
  // grew by a fifth, as the statistics keeper does every five minutes (too seldom for an import).
  const maybeAnalyse = async () => {
    if (mode === 'run') await timed('analyse', () => analyseGrownTables(db));
  };

  // Rows are read ahead a window at a time: checked, and their identifiers looked up in one query.
  const processWindow = async (sources: SourceRow[]) => {
    if (!sources.length) return;
    await maybeAnalyse();
    const items = sources.map((r) => prepare(plan, r));
    const keys = items.flatMap((i) => ('ri' in i ? i.keys : []));
    const window: Window = await timed('lookup', () =>
      inTenant(db, tenantId, async (tx) => {
        const ctx: Context = {
          actor: await currentActor(tx, tenantId, imp.actor as ActorRef),
          requestId: runId,
        };
        return {
          existing: await lookupKeys(tx, ctx, plan.entity, keys),
          dryKeys: plan.dry ? await dryKeysFor(tx, plan.importId, keys) : new Map<string, string>(),
          recent: new Map(),
        };
      }),
    );
    for (let i = 0; i < items.length; i += BATCH_ROWS) await commit(items.slice(i, i + BATCH_ROWS), window);
  };

  const startedAt = performance.now();
  let ahead: SourceRow[] = [];
  for await (const row of tableRows(db, tenantId, spec(imp))) {
    if (row.row <= lastRow) continue;
    ahead.push(row);
    if (ahead.length >= WINDOW_ROWS) {
      await processWindow(ahead);
      ahead = [];
    }
  }
  await processWindow(ahead);
  if (process.env.PEYVAND_IMPORT_PROFILE) {
    console.log(
      mode,
      'total',
      Math.round(performance.now() - startedAt),
      Object.fromEntries([...profile].map(([k, v]) => [k, Math.round(v)])),
    );
    profile.clear();
  }

  return inTenant(db, tenantId, async (tx) => {
    assertRunner(await lockImport(tx, imp.id), runId, mode, lastRow);
    if (mode === 'run') {
      const { rows } = await tx.query<Record<string, number>>(
        `UPDATE imports SET status = 'completed', runner = NULL, finished_at = now(), updated_at = now(), rows_total = $2
         WHERE id = $1
         RETURNING created_count AS created, updated_count AS updated, skipped_count AS skipped,
           rejected_count AS rejected, blank_count AS blank, accounts_created AS "accountsCreated"`,
        [imp.id, rowsTotal],
      );
      return { status: 'completed', ...rows[0] };
    }
    await tx.query(`DELETE FROM imports_dry_keys WHERE import_id = $1`, [imp.id]);
    const { rows } = await tx.query<{ dry_run: DryRunState }>(
      `UPDATE imports SET status = 'ready', runner = NULL, updated_at = now(),
         dry_run = dry_run || jsonb_build_object('status', 'completed', 'finishedAt', now(), 'rowsTotal', $2::int)
       WHERE id = $1 RETURNING dry_run`,
      [imp.id, rowsTotal],
    );
    return rows[0]?.dry_run;
  });
}

defineJob<JobInput>(RUN_QUEUE, (run) => runImportJob('run', run), { batchSize: 1 });
defineJob<JobInput>(DRY_RUN_QUEUE, (run) => runImportJob('dry_run', run), { batchSize: 1 });
