import pg from 'pg';
import { type Database, OID, type Queryable, toQuery } from './database.js';

const typeParsers: Record<number, (v: string) => unknown> = {
  [OID.int8]: (v) => Number(v),
  [OID.numeric]: (v) => v,
  [OID.date]: (v) => v,
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query(query, params) {
      const { text, values, name } = toQuery(query, params);
      const result = await target.query({ text, values, types, ...(name ? { name } : {}) });
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(script) {
      await target.query(script);
    },
  };
}

export interface PostgresDatabase extends Database {
  readonly pool: pg.Pool;
}

export function openPostgres(url: string, poolSize = 10): PostgresDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    engine: 'postgres',
    pool,
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
