import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import lockfile from 'proper-lockfile';
import { type Database, OID, type Queryable, toQuery } from './database.js';

const parsers = {
  [OID.int8]: (v: string) => Number(v),
  [OID.numeric]: (v: string) => v,
  [OID.date]: (v: string) => v,
};

function wrap(target: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query(query, params) {
      const { text, values } = toQuery(query, params);
      const result = await target.query(text, values);
      // PGlite reports affectedRows 0 for a SELECT; count rows returned then, like node-postgres.
      return { rows: result.rows as never[], rowCount: result.rows.length || (result.affectedRows ?? 0) };
    },
    async exec(script) {
      await target.exec(script);
    },
  };
}

export interface PgliteDatabase extends Database {
  readonly pglite: PGlite;
}

/**
 * Opens the embedded database. `dataDir` undefined means in memory (tests). PGlite has no lock of
 * its own and a second process writing the same directory loses data silently, so we hold a lock file.
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<PgliteDatabase> {
  let release: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    dir = joinPath(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    try {
      release = await lockfile.lock(dataDir, {
        lockfilePath: joinPath(dataDir, 'peyvand.lock'),
        stale: 15_000,
      });
    } catch {
      throw new Error(
        `The embedded database in ${dataDir} is in use by another Peyvand process. ` +
          'Stop it first, or use PostgreSQL (DATABASE_URL) to run several processes.',
      );
    }
  }
  const pglite = await PGlite.create({
    dataDir: dir,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, citext, unaccent, btree_gin, pgcrypto },
    parsers,
    serializers: { [types.DATE]: (v: unknown) => String(v) },
  });
  const base = wrap(pglite);
  return {
    engine: 'pglite',
    pglite,
    ...base,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async close() {
      await pglite.close();
      await release?.();
    },
  };
}
