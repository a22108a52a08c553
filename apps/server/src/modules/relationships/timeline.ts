/**
 * The customer timeline (C-07, I-01): every interaction, note, task, phase change and audit event of an
 * account or contact, newest first, in keyset pages. Modules plug their records in with
 * registerTimelineSource — deals, invoices and tickets add theirs the same way:
 *
 *   registerTimelineSource({
 *     kind: 'invoice', module: 'invoices',
 *     statement: (subject, cursor, limit) => sql`SELECT 'invoice' AS kind, i.id,
 *         ${timelineKey(sql`i.issued_at`)} AS key, i.issued_at AS at, i.number AS title, NULL AS summary,
 *         jsonb_build_object('total', i.total) AS data
 *       FROM invoices i WHERE i.account_id = ${subject.id}::uuid AND ${before(sql`i.issued_at`, sql`i.id`, cursor)}
 *       ORDER BY i.issued_at DESC, i.id DESC LIMIT ${limit}`,
 *   });
 *
 * Each source's statement selects at most `limit` entries after the cursor, ordered by (at, id)
 * descending, as the columns kind, id, key, at, title, summary, data; the timeline runs them all as one
 * UNION ALL statement (one round trip, not one per source) and cuts the page. `key` is the time as UTC text with microseconds (made by
 * timelineKey), so the cursor is exact. A source is asked only if the actor has `read` on its module;
 * it applies the record-level scope itself (options.actor, e.g. with visibleTo).
 */
import { join, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { fieldError } from '../../platform/http/problem.js';
import { type Actor, can } from '../../platform/permissions/can.js';

export interface TimelineSubject {
  type: 'account' | 'contact';
  id: string;
  /** For an account: its linked contacts, whose interactions and notes belong on its timeline too. */
  contactIds: string[];
}

export interface TimelineCursor {
  key: string;
  id: string;
}

export interface TimelineEntry {
  kind: string;
  id: string;
  key: string;
  at: Date;
  title: string;
  summary: string | null;
  data: Record<string, unknown>;
}

export interface TimelineOptions {
  actor: Actor;
  /** Interaction channels to keep (interaction entries only); undefined = all. */
  channels?: string[] | undefined;
}

export interface TimelineSource {
  kind: string;
  /** Permission module whose `read` right the actor needs to see these entries. */
  module: string;
  /** The source's entries as a SELECT (see above); null when it has none for this subject. */
  statement(
    subject: TimelineSubject,
    cursor: TimelineCursor | null,
    limit: number,
    options: TimelineOptions,
  ): Sql | null;
}

const sources = new Map<string, TimelineSource>();

export function registerTimelineSource(source: TimelineSource): void {
  sources.set(source.kind, source);
}

export function timelineKinds(): string[] {
  return [...sources.keys()];
}

/** The sortable, exact text of a timestamptz column: UTC with microseconds. */
export const timelineKey = (column: Sql): Sql =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows strictly older than the cursor in (at, id) descending order; TRUE without a cursor. */
export const before = (atColumn: Sql, idColumn: Sql, cursor: TimelineCursor | null): Sql =>
  cursor ? sql`(${atColumn}, ${idColumn}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)` : sql`TRUE`;

/** The SQL condition "this row is about the subject", over a row's contact_id and account_id columns. */
export const aboutSubject = (subject: TimelineSubject, contactColumn: Sql, accountColumn: Sql): Sql =>
  subject.type === 'contact'
    ? sql`${contactColumn} = ${subject.id}::uuid`
    : sql`(${accountColumn} = ${subject.id}::uuid OR ${contactColumn} = ANY(${subject.contactIds}::uuid[]))`;

export function encodeCursor(entry: { key: string; id: string }): string {
  return Buffer.from(JSON.stringify([entry.key, entry.id])).toString('base64url');
}

const KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): TimelineCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      KEY.test(value[0]) &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    )
      return { key: value[0], id: value[1] };
  } catch {}
  throw fieldError('query.cursor', 'Invalid cursor; start again from the first page', 'invalid_cursor');
}

/** One page of the merged timeline. */
export async function timelinePage(
  tx: Transaction,
  subject: TimelineSubject,
  query: { cursor?: string | undefined; limit: number; kinds?: string[] | undefined },
  options: TimelineOptions,
) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const unknown = (query.kinds ?? []).filter((k) => !sources.has(k));
  if (unknown.length)
    throw fieldError('query.kinds', `Unknown kinds: ${unknown.join(', ')}`, 'invalid_value');
  const chosen = [...sources.values()].filter(
    (s) => (!query.kinds || query.kinds.includes(s.kind)) && can(options.actor, 'read', { module: s.module }),
  );
  const statements = chosen
    .map((source) => source.statement(subject, cursor, query.limit + 1, options))
    .filter((statement): statement is Sql => statement !== null);
  if (!statements.length) return { items: [], nextCursor: null };
  // Each part is cast to the common column types so that sources may say NULL or an enum freely.
  const parts = statements.map(
    (statement) => sql`(SELECT s.kind::text, s.id::uuid, s.key::text, s.at::timestamptz, s.title::text,
      s.summary::text, s.data::jsonb FROM (${statement}) s)`,
  );
  const { rows: all } = await tx.query<TimelineEntry>(
    sql`SELECT * FROM (${join(parts, ' UNION ALL ')}) e
        ORDER BY e.key COLLATE "C" DESC, e.id DESC LIMIT ${query.limit + 1}`,
  );
  const items = all.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(({ key: _, ...entry }) => entry),
    nextCursor: all.length > query.limit && last ? encodeCursor(last) : null,
  };
}
