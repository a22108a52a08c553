import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const serverSrc = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files: the platform's and each module's own `migrations/` folder, in number order. */
export function listMigrations(): Migration[] {
  const folders = [join(serverSrc, 'platform', 'db', 'migrations')];
  const modules = join(serverSrc, 'modules');
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (entry.isDirectory()) folders.push(join(modules, entry.name, 'migrations'));
  }
  const migrations: Migration[] = [];
  for (const folder of folders) {
    let files: string[];
    try {
      files = readdirSync(folder).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f));
    } catch {
      continue;
    }
    for (const file of files) {
      migrations.push({
        version: Number(file.slice(0, 4)),
        name: basename(file, '.sql'),
        sql: readFileSync(join(folder, file), 'utf8'),
      });
    }
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    const [prev, cur] = [migrations[i - 1], migrations[i]];
    if (prev && cur && prev.version === cur.version) {
      throw new Error(`Two migrations share number ${cur.version}: ${prev.name} and ${cur.name}`);
    }
  }
  return migrations;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so several processes
 * starting together apply each migration exactly once. Returns the names applied.
 */
export async function migrate(db: Database): Promise<string[]> {
  const all = listMigrations();
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7272010)`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const done: string[] = [];
    for (const m of all) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.name);
    }
    return done;
  });
}

/** Pending migrations (for readiness: the server is ready only when none are pending). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const all = listMigrations();
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return all.map((m) => m.name);
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  return all.filter((m) => !applied.has(m.version)).map((m) => m.name);
}
