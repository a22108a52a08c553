import type { Sql } from 'sql-template-tag';

export { bulk, default as sql, empty, join, raw, Sql } from 'sql-template-tag';

export type Engine = 'pglite' | 'postgres';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    query: Sql | string,
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

export function toQuery(query: Sql | string, params?: unknown[]): { text: string; values: unknown[] } {
  if (typeof query === 'string') return { text: query, values: params ?? [] };
  return { text: query.text, values: query.values };
}

export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;
