/**
 * What accounts, contacts and leads share: ownership checks, multi-row writes with their audit
 * rows and outbox events, possible-duplicate look-ups and the search condition of their lists.
 */
import { normalizeEmail, normalizeForSearch, parseIranPhone } from '@peyvand/persian';
import { diff } from '../../platform/audit/audit.js';
import { bulk, join, raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import {
  escapeLike,
  type ListField,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { assertCan, visibleTo } from '../../platform/permissions/can.js';
import type { Action } from '../../platform/permissions/rights.js';
import type { Context } from '../../platform/tenancy/context.js';
import {
  type CustomCheck,
  checkRelations,
  type Definitions,
  definitionsOf,
  describeCustomListFields,
} from './custom-fields.js';
import { mergePoints } from './fields.js';
import { CUSTOMERS_MODULE } from './permissions.js';
import type { CustomerListField, Duplicate, Entity } from './schemas.js';

/** Selects the team ids of the record's owner, for scope checks on one record. */
export const ownerTeams = (alias = 't') =>
  `ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = ${alias}.tenant_id AND tm.user_id = ${alias}.owner_id) AS owner_team_ids`;

export interface Owned {
  owner_id: string | null;
  owner_team_ids: string[] | null;
}

/** May the actor take this action on this record (by its owner and the owner's teams)? 403 if not. */
export function assertRecordCan(ctx: Context, action: Action, row: Owned): void {
  assertCan(ctx.actor, action, {
    module: CUSTOMERS_MODULE,
    ownerId: row.owner_id,
    ownerTeamIds: row.owner_team_ids ?? [],
  });
}

/** A text column of a list; `notNull` when the column can never be NULL (see ListField.notNull). */
export const textField = (column: string, collate?: string, { notNull = false } = {}): ListField => ({
  column: raw(column),
  type: 'text',
  ...(collate ? { collate } : {}),
  ...(notNull ? { notNull } : {}),
});

/** List fields every customer table has: owner, tags, canonical identifiers and its dates. */
export const SHARED_LIST_FIELDS: Record<string, ListField> = {
  // Chosen records (`in`), e.g. exporting what a user selected in a list.
  id: { column: sql`t.id`, type: 'uuid', sortable: false },
  ownerId: { column: sql`t.owner_id`, type: 'uuid', references: 'member' },
  tags: { column: sql`t.tags`, type: 'text[]' },
  emails: { column: sql`t.emails_canonical`, type: 'text[]' },
  phones: { column: sql`t.phones_canonical`, type: 'text[]' },
  createdAt: { column: sql`t.created_at`, type: 'datetime', notNull: true },
  updatedAt: { column: sql`t.updated_at`, type: 'datetime', notNull: true },
  deletedAt: { column: sql`t.deleted_at`, type: 'datetime' },
};

type StoredRow = Owned & { id: string; deleted_at: Date | null };

/**
 * The read side accounts, contacts and leads share, over their table (aliased t) and columns: a list
 * page in the actor's scope (live records, or the recycle bin), one row with its owner's teams (locked
 * for a write; a deleted one only when asked), one record the actor may read, and records by id.
 */
export function recordReads<Row extends StoredRow, View>(spec: {
  entity: Entity;
  table: string;
  /** Named in 404s: 'Account', 'Contact', 'Lead'. */
  what: string;
  columns: string;
  view: (row: Row) => View;
  list: (defs: Definitions) => ListResource;
}) {
  const table = raw(spec.table);
  const row = async (tx: Transaction, id: string, opts: { lock?: boolean; any?: boolean } = {}) => {
    const { rows } = await tx.query<Row>(
      `SELECT ${spec.columns}, ${ownerTeams()} FROM ${spec.table} t WHERE t.id = $1${opts.lock ? ' FOR UPDATE OF t' : ''}`,
      [id],
    );
    const found = rows[0];
    if (!found || (found.deleted_at !== null && !opts.any)) throw notFound(spec.what);
    return found;
  };
  return {
    row,
    async list(tx: Transaction, ctx: Context, query: ListQuery & { deleted?: boolean }) {
      const defs = await definitionsOf(tx, spec.entity);
      const page = await runListQuery<Row>(tx, spec.list(defs), query, {
        from: sql`${table} t`,
        select: raw(spec.columns),
        where: listScope(ctx, query.deleted ?? false),
      });
      return { ...page, items: page.items.map(spec.view) };
    },
    async get(tx: Transaction, ctx: Context, id: string): Promise<View> {
      const found = await row(tx, id);
      assertRecordCan(ctx, 'read', found);
      return spec.view(found);
    },
    /** The list's catalogue with this organisation's custom fields: what `filter` and `sort` accept. */
    async resource(tx: Transaction): Promise<ListResource> {
      return spec.list(await definitionsOf(tx, spec.entity));
    },
    /** The catalogue as clients see it; custom fields carry their labels and options. */
    async fields(tx: Transaction): Promise<CustomerListField[]> {
      const defs = await definitionsOf(tx, spec.entity);
      return describeCustomListFields(spec.list(defs), defs);
    },
    /** In the order of `ids`; every id must exist (the caller has just written them). */
    async byIds(tx: Transaction, ids: string[]): Promise<View[]> {
      const { rows } = await tx.query<Row>(
        `SELECT ${spec.columns} FROM ${spec.table} t WHERE t.id = ANY($1::uuid[])`,
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, spec.view(r)]));
      return ids.map((id) => byId.get(id) as View);
    },
  };
}

/**
 * The owners of records being written. No ownerId: the actor. Another member: they must belong to
 * the organisation (else 422 at `path`) and be someone the actor may give records to — the same
 * scope rule as acting on a record they own (else 403). null (unowned) needs scope `all`.
 */
export async function resolveOwners(
  tx: Transaction,
  ctx: Context,
  action: Action,
  wanted: { ownerId: string | null | undefined; path: string }[],
  errors: FieldError[],
): Promise<(string | null)[]> {
  const actor = ctx.actor;
  const others = [
    ...new Set(wanted.map((w) => w.ownerId).filter((o): o is string => !!o && o !== actor.userId)),
  ];
  const teams = new Map<string, string[]>();
  if (others.length) {
    const { rows } = await tx.query<{ user_id: string; team_ids: string[] }>(
      `SELECT m.user_id, ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = m.tenant_id AND tm.user_id = m.user_id) AS team_ids
       FROM memberships m WHERE m.user_id = ANY($1::uuid[])`,
      [others],
    );
    for (const r of rows) teams.set(r.user_id, r.team_ids);
  }
  return wanted.map(({ ownerId, path }) => {
    if (ownerId === undefined || ownerId === actor.userId) return actor.userId;
    if (ownerId === null) {
      assertCan(actor, action, { module: CUSTOMERS_MODULE, ownerId: null });
      return null;
    }
    const ownerTeamIds = teams.get(ownerId);
    if (!ownerTeamIds) {
      errors.push({ path, message: 'Not a member of this organisation', code: 'not_found' });
      return null;
    }
    assertCan(actor, action, { module: CUSTOMERS_MODULE, ownerId, ownerTeamIds });
    return ownerId;
  });
}

/** Throws one 422 with every collected error (after the database checks of relation values). */
export async function throwIfInvalid(tx: Transaction, check: CustomCheck): Promise<void> {
  if (check.errors.length === 0 && check.relations.length) await checkRelations(tx, check);
  if (check.errors.length) {
    const errors = check.errors.slice(0, 200);
    throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Writes

/** One multi-row INSERT; every row has the same columns. */
export async function insertRows(tx: Transaction, table: string, rows: Record<string, unknown>[]) {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  await tx.query(
    sql`INSERT INTO ${raw(table)} (${raw(columns.join(', '))}) VALUES ${bulk(rows.map((r) => columns.map((c) => r[c])))}`,
  );
}

/** Sets the given columns of one record and bumps its version. */
export async function updateRow(
  tx: Transaction,
  table: string,
  id: string,
  columns: Record<string, unknown>,
) {
  const sets = Object.entries(columns).map(([column, value]) => sql`${raw(column)} = ${value}`);
  await tx.query(
    sql`UPDATE ${raw(table)} SET ${join([...sets, raw('version = version + 1'), raw('updated_at = now()')], ', ')} WHERE id = ${id}`,
  );
}

/** Audit rows for many records in one statement (the same rows platform audit() writes one by one). */
export async function auditMany(
  tx: Transaction,
  ctx: Context,
  entries: {
    entity: string;
    entityId: string;
    action: string;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
  }[],
) {
  if (!entries.length) return;
  const { actor, requestId } = ctx;
  await tx.query(
    sql`INSERT INTO audit_log (tenant_id, id, actor_id, actor_type, entity, entity_id, action, changes, request_id) VALUES ${bulk(
      entries.map((e) => [
        actor.tenantId,
        newId(),
        actor.userId,
        actor.kind,
        e.entity,
        e.entityId,
        e.action,
        JSON.stringify(diff(e.before ?? null, e.after ?? null)),
        requestId,
      ]),
    )}`,
  );
}

/** Outbox events for many records in one statement (the rows platform emit() writes one by one). */
export async function emitMany(
  tx: Transaction,
  ctx: Context,
  events: { type: string; payload: Record<string, unknown> }[],
) {
  if (!events.length) return;
  const { actor, requestId } = ctx;
  await tx.query(
    sql`INSERT INTO outbox_events (tenant_id, id, type, payload, actor_id, request_id) VALUES ${bulk(
      events.map((e) => [
        actor.tenantId,
        newId(),
        e.type,
        JSON.stringify(e.payload),
        actor.userId,
        requestId,
      ]),
    )}`,
  );
}

/** The condition `deleted_at IS [NOT] NULL AND <visible to the actor>` of lists. */
export function listScope(ctx: Context, deleted: boolean): Sql {
  return sql`t.tenant_id = ${ctx.actor.tenantId}::uuid AND t.deleted_at IS ${raw(deleted ? 'NOT NULL' : 'NULL')} AND ${visibleTo(ctx.actor, sql`t.owner_id`)}`;
}

/**
 * `q` of a list: every word of the normalised query inside search_text (trigram-indexed LIKE), or —
 * when the query is itself a phone number or an e-mail — an exact match on the canonical form.
 */
export function searchCondition(q: string): Sql {
  const words = normalizeForSearch(q).split(' ').filter(Boolean).slice(0, 8);
  const alternatives: Sql[] = [
    words.length
      ? join(
          words.map((w) => sql`t.search_text LIKE ${`%${escapeLike(w)}%`}`),
          ' AND ',
        )
      : sql`TRUE`,
  ];
  const phone = parseIranPhone(q);
  if (phone.ok) alternatives.push(sql`t.phones_canonical && ARRAY[${phone.value}::text]`);
  const email = normalizeEmail(q);
  if (email.ok) alternatives.push(sql`t.emails_canonical && ARRAY[${email.value}::text]`);
  return sql`(${join(
    alternatives.map((a) => sql`(${a})`),
    ' OR ',
  )})`;
}

// ---------------------------------------------------------------------------------------------
// Possible duplicates

export interface DuplicateProbe {
  id: string;
  emails: string[];
  phones: string[];
  /** کد ملی for contacts, شناسه ملی for accounts (compared with the same kind only). */
  nationalId?: string | null;
  /** The display name; compared by trigram similarity ≥ 0.8 of the normalised full name. */
  name?: string | null;
}

const TARGETS: Record<Entity, { table: string; title: string; nationalId?: string; where?: string }> = {
  contact: { table: 'contacts', title: 't.display_name', nationalId: 't.national_id' },
  account: { table: 'accounts', title: 't.name', nationalId: 't.legal_id' },
  lead: {
    table: 'leads',
    title: `COALESCE(NULLIF(t.full_name, ''), t.company_name, '')`,
    where: `t.status <> 'converted'`,
  },
};

/**
 * `similarity(name_key, key) >= 0.8` with a prefilter the trigram GIN index serves. Not the `%`
 * operator: on PGlite (0.5, pg_trgm) similarity_op() returns no row and leaves the engine hung.
 * Similarity ≥ 0.8 means the candidate has at least 80% of the key's trigrams, so it contains at least
 * one of any floor(0.2·n)+1 of them; trigrams inside a word are plain substrings, so
 * `name_key LIKE '%abc%'` over such a set finds every candidate. Keys with too few inner trigrams
 * (very short words) fall back to equality.
 */
export function similarNameCondition(nameKey: string): Sql {
  const words = nameKey.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const all = new Set<string>();
  const inner = new Set<string>();
  for (const word of words) {
    const chars = [...word];
    const padded = ['', '', ...chars, ''].map((c) => c || ' ');
    for (let i = 0; i + 3 <= padded.length; i++) all.add(padded.slice(i, i + 3).join(''));
    for (let i = 0; i + 3 <= chars.length; i++) inner.add(chars.slice(i, i + 3).join(''));
  }
  const needed = Math.floor(0.2 * all.size) + 1;
  if (inner.size < needed) return sql`t.name_key = ${nameKey}::text`;
  const likes = [...inner].slice(0, needed).map((tri) => sql`t.name_key LIKE ${`%${escapeLike(tri)}%`}`);
  return sql`((${join(likes, ' OR ')}) AND similarity(t.name_key, ${nameKey}::text) >= 0.8)`;
}

/**
 * Records the actor can see that look like the probe: the same canonical e-mail or phone, the same
 * national/legal ID, or a normalised full name with trigram similarity ≥ 0.8. A hint, never a stop.
 */
export async function findDuplicates(
  tx: Transaction,
  ctx: Context,
  source: Entity,
  probe: DuplicateProbe,
  targets: Entity[],
): Promise<Duplicate[]> {
  const nameKey = probe.name ? normalizeForSearch(probe.name) : '';
  const similarName = nameKey.length >= 3 ? similarNameCondition(nameKey) : undefined;
  const found: Duplicate[] = [];
  for (const type of targets) {
    const target = TARGETS[type];
    const nid = type === source && target.nationalId && probe.nationalId ? probe.nationalId : null;
    const nidMatch = nid ? sql`${raw(target.nationalId as string)} = ${nid}` : sql`FALSE`;
    const conditions: Sql[] = [];
    if (nid) conditions.push(nidMatch);
    if (probe.emails.length) conditions.push(sql`t.emails_canonical && ${probe.emails}::text[]`);
    if (probe.phones.length) conditions.push(sql`t.phones_canonical && ${probe.phones}::text[]`);
    if (similarName) conditions.push(similarName);
    if (!conditions.length) continue;
    const { rows } = await tx.query<{ id: string; title: string; reason: Duplicate['reason'] }>(
      sql`SELECT t.id, ${raw(target.title)} AS title,
          CASE WHEN ${nidMatch} THEN 'nationalId'
               WHEN t.emails_canonical && ${probe.emails}::text[] THEN 'email'
               WHEN t.phones_canonical && ${probe.phones}::text[] THEN 'phone'
               ELSE 'name' END AS reason
        FROM ${raw(target.table)} t
        WHERE t.tenant_id = ${ctx.actor.tenantId}::uuid AND t.deleted_at IS NULL AND t.id <> ${probe.id}::uuid
          AND ${visibleTo(ctx.actor, sql`t.owner_id`)} ${raw(target.where ? `AND ${target.where}` : '')}
          AND (${join(conditions, ' OR ')})
        ORDER BY t.created_at DESC LIMIT 10`,
    );
    for (const r of rows) found.push({ type, id: r.id, title: r.title, reason: r.reason });
  }
  return found;
}

/** Contacts mirror the names of their accounts in account_names (for search); recompute it. */
export async function refreshAccountNames(
  tx: Transaction,
  by: { contactIds: string[] } | { accountId: string },
) {
  const target =
    'accountId' in by
      ? sql`c.id IN (SELECT ca.contact_id FROM contact_accounts ca WHERE ca.account_id = ${by.accountId}::uuid)`
      : sql`c.id = ANY(${by.contactIds}::uuid[])`;
  await tx.query(
    sql`UPDATE contacts c SET account_names = ARRAY(
          SELECT a.name FROM contact_accounts ca JOIN accounts a ON a.tenant_id = ca.tenant_id AND a.id = ca.account_id
          WHERE ca.tenant_id = c.tenant_id AND ca.contact_id = c.id ORDER BY ca.is_primary DESC, a.name)
        WHERE ${target}`,
  );
}

/**
 * The new list of points on update: `list` replaces the whole list (with `single` first); `single`
 * alone replaces the first point (null removes it); neither: unchanged (undefined).
 */
export function patchPoints<P extends { canonical: string }>(
  single: P | null | undefined,
  list: P[] | undefined,
  current: P[],
): P[] | undefined {
  if (list !== undefined) return mergePoints(single ?? null, list);
  if (single === undefined) return undefined;
  return mergePoints(single, current.slice(1));
}
