/**
 * Data quality: what is wrong with the records the actor can see, checked with the same validators
 * writes use (packages/persian), and a job that applies the safe fixes. Records are read in id order
 * in pages, only the columns the checks need.
 */
import {
  normalizeEmail,
  normalizeForDisplay,
  parseIranPhone,
  parseLegalId,
  parseNationalId,
} from '@peyvand/persian';
import { diff } from '../../platform/audit/audit.js';
import { bulk, join, raw, sql, type Transaction } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { defineJob } from '../../platform/jobs/jobs.js';
import { type Actor, visibleTo } from '../../platform/permissions/can.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { type RecordType, TYPES } from './entities.js';

export const CHECKS = [
  'invalid_phone',
  'invalid_email',
  'invalid_national_id',
  'no_phone_or_email',
  'no_owner',
  'out_of_domain',
  'not_normalised',
  'non_canonical_phone',
  'non_canonical_email',
] as const;
export type Check = (typeof CHECKS)[number];
/** Checks whose finding the fix job corrects without a person's judgement. */
export const FIXABLE: ReadonlySet<Check> = new Set([
  'not_normalised',
  'non_canonical_phone',
  'non_canonical_email',
]);

/** Text columns shown to people, kept in display form (normalizeForDisplay). */
const TEXT_COLUMNS: Record<RecordType, string[]> = {
  contact: ['first_name', 'last_name', 'job_title'],
  account: ['name', 'industry', 'country', 'province', 'city', 'address'],
  lead: ['first_name', 'last_name', 'company_name', 'job_title', 'source'],
};

interface Point {
  value: string;
  canonical?: string | null;
  kind?: string | null;
  label?: string | null;
}

interface QualityRow {
  id: string;
  title: string;
  owner_id: string | null;
  phones: Point[];
  emails: Point[];
  nid: string | null;
  birth_date: string | null;
  custom: Record<string, unknown>;
  texts: Record<string, string | null>;
  version: number;
}

export interface Problem {
  check: Check;
  field: string;
  value?: unknown;
  message: string;
}

interface CustomDef {
  key: string;
  type: string;
  options: { value: string }[];
}

/** Every problem of one record. */
export function problemsOf(type: RecordType, row: QualityRow, defs: CustomDef[]): Problem[] {
  const out: Problem[] = [];
  row.phones.forEach((p, i) => {
    const r = parseIranPhone(p.value ?? '');
    if (!r.ok)
      out.push({
        check: 'invalid_phone',
        field: `phones.${i}`,
        value: p.value,
        message: `Not a phone number (${r.reason})`,
      });
    else if (p.canonical !== r.value || p.kind !== r.kind)
      out.push({
        check: 'non_canonical_phone',
        field: `phones.${i}`,
        value: p.value,
        message: `Stored as ${p.canonical ?? 'nothing'}, should be ${r.value}`,
      });
  });
  row.emails.forEach((e, i) => {
    const r = normalizeEmail(e.value ?? '');
    if (!r.ok)
      out.push({
        check: 'invalid_email',
        field: `emails.${i}`,
        value: e.value,
        message: `Not an e-mail address (${r.reason})`,
      });
    else if (e.canonical !== r.value)
      out.push({
        check: 'non_canonical_email',
        field: `emails.${i}`,
        value: e.value,
        message: `Stored as ${e.canonical ?? 'nothing'}, should be ${r.value}`,
      });
  });
  if (row.nid !== null) {
    const r = type === 'account' ? parseLegalId(row.nid) : parseNationalId(row.nid);
    if (!r.ok || r.value !== row.nid)
      out.push({
        check: 'invalid_national_id',
        field: 'nationalId',
        value: row.nid,
        message: `Not a valid ${type === 'account' ? 'شناسه ملی' : 'کد ملی'}`,
      });
  }
  if (!row.phones.length && !row.emails.length)
    out.push({ check: 'no_phone_or_email', field: 'phones', message: 'No phone and no e-mail' });
  if (row.owner_id === null)
    out.push({ check: 'no_owner', field: 'ownerId', message: 'Nobody owns this record' });
  if (row.birth_date !== null) {
    const year = Number(row.birth_date.slice(0, 4));
    if (year < 1900 || row.birth_date > new Date().toISOString().slice(0, 10))
      out.push({
        check: 'out_of_domain',
        field: 'birthDate',
        value: row.birth_date,
        message: 'Birth date in the future or before 1900',
      });
  }
  for (const def of defs) {
    const v = row.custom?.[def.key];
    if (v === undefined || v === null) continue;
    const allowed = new Set(def.options.map((o) => o.value));
    const bad =
      (def.type === 'select' && (typeof v !== 'string' || !allowed.has(v))) ||
      (def.type === 'multi_select' && (!Array.isArray(v) || v.some((x) => !allowed.has(x as string)))) ||
      (def.type === 'number' && typeof v !== 'number') ||
      (def.type === 'boolean' && typeof v !== 'boolean');
    if (bad)
      out.push({
        check: 'out_of_domain',
        field: `custom.${def.key}`,
        value: v,
        message: `Not a value of ${def.key}`,
      });
  }
  for (const [column, text] of Object.entries(row.texts)) {
    if (text !== null && normalizeForDisplay(text) !== text)
      out.push({
        check: 'not_normalised',
        field: column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        value: text,
        message: 'Arabic ي/ك, extra spaces or stray characters',
      });
  }
  return out;
}

const PAGE = 1000;

async function customDefs(tx: Transaction, type: RecordType): Promise<CustomDef[]> {
  const { rows } = await tx.query<CustomDef>(
    `SELECT key, type, options FROM custom_fields WHERE entity = $1`,
    [type],
  );
  return rows;
}

/** One page of the records the actor sees, with what the checks need, from `after` in id order. */
async function page(tx: Transaction, actor: Actor, type: RecordType, after: string, limit: number) {
  const info = TYPES[type];
  const texts = TEXT_COLUMNS[type].map((c) => `'${c}', t.${c}`).join(', ');
  const { rows } = await tx.query<QualityRow>(
    sql`SELECT t.id, ${raw(info.title)} AS title, t.owner_id, t.phones, t.emails,
          ${raw(info.nationalId ? `t.${info.nationalId}` : 'NULL::text')} AS nid,
          ${raw(type === 'contact' ? `to_char(t.birth_date, 'YYYY-MM-DD')` : 'NULL::text')} AS birth_date,
          t.custom, jsonb_build_object(${raw(texts)}) AS texts, t.version
        FROM ${raw(info.table)} t
        WHERE t.deleted_at IS NULL AND t.id > ${after}::uuid AND ${visibleTo(actor, sql`t.owner_id`)}
        ORDER BY t.id LIMIT ${limit}`,
  );
  return rows;
}

const START = '00000000-0000-0000-0000-000000000000';

export interface CheckCount {
  type: RecordType;
  check: Check;
  count: number;
  fixable: boolean;
  /** The first few records with the problem (GET /api/v1/data-quality/issues lists them all). */
  sampleIds: string[];
}

export async function qualityReport(tx: Transaction, ctx: Context, types: RecordType[]) {
  const checks: CheckCount[] = [];
  const scanned: Partial<Record<RecordType, number>> = {};
  for (const type of types) {
    const defs = await customDefs(tx, type);
    const counts = new Map<Check, CheckCount>(
      CHECKS.map((check) => [check, { type, check, count: 0, fixable: FIXABLE.has(check), sampleIds: [] }]),
    );
    let after = START;
    let n = 0;
    for (;;) {
      const rows = await page(tx, ctx.actor, type, after, PAGE);
      for (const row of rows) {
        const found = new Set(problemsOf(type, row, defs).map((p) => p.check));
        for (const check of found) {
          const c = counts.get(check) as CheckCount;
          c.count += 1;
          if (c.sampleIds.length < 20) c.sampleIds.push(row.id);
        }
      }
      n += rows.length;
      if (rows.length < PAGE) break;
      after = (rows[rows.length - 1] as QualityRow).id;
    }
    scanned[type] = n;
    if (type === 'lead') counts.delete('invalid_national_id');
    checks.push(...counts.values());
  }
  return { scanned, checks };
}

/** The records of one type with a given problem, in id order from `after`. */
export async function qualityIssues(
  tx: Transaction,
  ctx: Context,
  input: { type: RecordType; check?: Check; after?: string; limit: number },
) {
  const defs = await customDefs(tx, input.type);
  const items: { id: string; title: string; problems: Problem[] }[] = [];
  let after = input.after ?? START;
  for (;;) {
    const rows = await page(tx, ctx.actor, input.type, after, PAGE);
    for (const row of rows) {
      const problems = problemsOf(input.type, row, defs).filter(
        (p) => !input.check || p.check === input.check,
      );
      if (problems.length) items.push({ id: row.id, title: row.title, problems });
      if (items.length === input.limit) {
        return { items, nextCursor: row.id };
      }
    }
    if (rows.length < PAGE) return { items, nextCursor: null };
    after = (rows[rows.length - 1] as QualityRow).id;
  }
}

/** The safe fixes of one record: columns → new values (empty when nothing to fix). */
export function fixesOf(row: QualityRow): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [column, text] of Object.entries(row.texts)) {
    if (text === null) continue;
    const fixed = normalizeForDisplay(text);
    // A name that would become blank is not "fixed" by emptying it.
    if (fixed !== text && fixed !== '') columns[column] = fixed;
  }
  let phonesChanged = false;
  const phones = row.phones.map((p) => {
    const r = parseIranPhone(p.value ?? '');
    if (!r.ok || (p.canonical === r.value && p.kind === r.kind)) return p;
    phonesChanged = true;
    return { ...p, canonical: r.value, kind: r.kind };
  });
  if (phonesChanged) columns.phones = dedupe(phones);
  let emailsChanged = false;
  const emails = row.emails.map((e) => {
    const r = normalizeEmail(e.value ?? '');
    if (!r.ok || e.canonical === r.value) return e;
    emailsChanged = true;
    return { ...e, canonical: r.value };
  });
  if (emailsChanged) columns.emails = dedupe(emails);
  return columns;
}

function dedupe(points: Point[]): Point[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const key = p.canonical ?? `raw:${p.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const FIX_QUEUE = 'cleaning.quality.fix';

export interface FixInput {
  types: RecordType[];
  actor: Actor;
  requestId: string;
}

/**
 * Applies the safe fixes to every record the requester may update, in pages of PAGE, each page in one
 * transaction with its audit rows and outbox events. Running it again changes nothing more.
 */
defineJob<FixInput>(
  FIX_QUEUE,
  async (run) => {
    const ctx: Context = { actor: run.input.actor, requestId: run.input.requestId };
    const fixed: Partial<Record<RecordType, number>> = {};
    let done = 0;
    for (const type of run.input.types) {
      const info = TYPES[type];
      let after = START;
      let count = 0;
      for (;;) {
        const { rows, changed } = await inTenant(run.db, run.tenantId, async (tx) => {
          const rows = await page(tx, ctx.actor, type, after, PAGE);
          const changes = rows
            .map((row) => ({ row, columns: fixesOf(row) }))
            .filter((c) => Object.keys(c.columns).length);
          for (const { row, columns } of changes) {
            const sets = Object.entries(columns).map(
              ([column, value]) =>
                sql`${raw(column)} = ${typeof value === 'string' ? value : JSON.stringify(value)}`,
            );
            await tx.query(
              sql`UPDATE ${raw(info.table)} SET ${join(sets, ', ')},
                    version = version + 1, updated_at = now() WHERE id = ${row.id}::uuid AND version = ${row.version}`,
            );
          }
          if (changes.length) {
            await tx.query(
              sql`INSERT INTO audit_log (tenant_id, id, actor_id, actor_type, entity, entity_id, action, changes, request_id) VALUES ${bulk(
                changes.map(({ row, columns }) => {
                  const before = Object.fromEntries(
                    Object.keys(columns).map((c) => [
                      c,
                      c === 'phones' ? row.phones : c === 'emails' ? row.emails : row.texts[c],
                    ]),
                  );
                  return [
                    ctx.actor.tenantId,
                    newId(),
                    ctx.actor.userId,
                    ctx.actor.kind,
                    type,
                    row.id,
                    'update',
                    JSON.stringify(diff(before, columns)),
                    `${ctx.requestId}:fix`,
                  ];
                }),
              )}`,
            );
            await tx.query(
              sql`INSERT INTO outbox_events (tenant_id, id, type, payload, actor_id, request_id) VALUES ${bulk(
                changes.map(({ row, columns }) => [
                  ctx.actor.tenantId,
                  newId(),
                  `${type}.updated`,
                  JSON.stringify({
                    [`${type}Id`]: row.id,
                    ownerId: row.owner_id,
                    fields: Object.keys(columns),
                    source: 'data-quality',
                  }),
                  ctx.actor.userId,
                  ctx.requestId,
                ]),
              )}`,
            );
            if (type === 'account' && changes.some((c) => 'name' in c.columns)) {
              const ids = changes.filter((c) => 'name' in c.columns).map((c) => c.row.id);
              await tx.query(
                sql`UPDATE contacts c SET account_names = ARRAY(
                      SELECT a.name FROM contact_accounts ca JOIN accounts a ON a.tenant_id = ca.tenant_id AND a.id = ca.account_id
                      WHERE ca.tenant_id = c.tenant_id AND ca.contact_id = c.id ORDER BY ca.is_primary DESC, a.name)
                    WHERE c.id IN (SELECT contact_id FROM contact_accounts WHERE account_id = ANY(${ids}::uuid[]))`,
              );
            }
          }
          return { rows, changed: changes.length };
        });
        count += changed;
        done += rows.length;
        await run.progress(done, null, `${type}: ${count} fixed`);
        if (rows.length < PAGE) break;
        after = (rows[rows.length - 1] as QualityRow).id;
      }
      fixed[type] = count;
    }
    return { fixed };
  },
  { batchSize: 1 },
);
