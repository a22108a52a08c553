import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, Engine } from '../db/database.js';
import { listMigrations, migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';

/**
 * The engines integration tests run on: PGlite always, PostgreSQL when PEYVAND_TEST_POSTGRES names
 * a server (a maintenance database URL; each test file gets a fresh database of its own).
 */
export function testEngines(): Engine[] {
  return process.env.PEYVAND_TEST_POSTGRES ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  db: Database;
  url?: string;
  close(): Promise<void>;
}

/** A fresh, empty database on the given engine, removed again by close(). */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined, { loadDataDir: await migratedTemplate() });
    return { db, close: () => db.close() };
  }
  const admin = process.env.PEYVAND_TEST_POSTGRES;
  if (!admin) throw new Error('PEYVAND_TEST_POSTGRES is not set');
  const name = `peyvand_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), 10);
  return {
    db,
    url: url.toString(),
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * PGlite spends seconds in initdb; tests instead load a data directory that was created and
 * migrated once per set of migrations and cached in the temp folder.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const m of listMigrations()) hash.update(m.name).update(m.sql);
  const file = join(tmpdir(), `peyvand-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const db = await openPglite(undefined);
  await migrate(db);
  const blob = await db.pglite.dumpDataDir('none');
  await db.close();
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  renameSync(partial, file);
  return blob;
}
