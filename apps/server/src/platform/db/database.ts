import sqlTag, { type Sql } from 'sql-template-tag';

export { bulk, default as sql, empty, join, raw, Sql } from 'sql-template-tag';

export type Engine = 'pglite' | 'postgres';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Anything SQL can be sent to: the database itself or an open transaction. */
/**
 * A fixed statement run on (nearly) every request, e.g. the API token lookup: PostgreSQL parses and
 * plans it once per connection (a named prepared statement) instead of on every call — its planning
 * took 5× its execution. PGlite runs it as any other statement. Names must be unique per text.
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}
export const prepared = (name: string, text: string): Prepared => ({ name, text });

export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    query: Sql | string | Prepared,
    params?: unknown[],
  ): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(script: string): Promise<void>;
}

export type Transaction = Queryable;

/**
 * The one interface the application uses for both engines. Types come back the same on both:
 * int8 → number, numeric → string (money is never a float), date → 'YYYY-MM-DD', timestamptz → Date.
 */
export interface Database extends Queryable {
  readonly engine: Engine;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function toQuery(
  query: Sql | string | Prepared,
  params?: unknown[],
): { text: string; values: unknown[]; name?: string } {
  if (typeof query === 'string') return { text: query, values: params ?? [] };
  if ('name' in query) return { text: query.text, values: params ?? [], name: query.name };
  return { text: query.text, values: query.values };
}

export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

/** Conditions joined with AND as one Sql; TRUE when there are none. */
export function allOf(conditions: (Sql | undefined | null | false | '')[]): Sql {
  const present = conditions.filter((c): c is Sql => !!c);
  if (!present.length) return sqlTag`TRUE`;
  return present.slice(1).reduce((acc, c) => sqlTag`${acc} AND (${c})`, sqlTag`(${present[0] as Sql})`);
}
