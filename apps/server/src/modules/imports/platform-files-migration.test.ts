/**
 * Upgrading a database made before files moved to the platform: its import and export files (rows
 * and chunks) move from imports_files to files, the references follow, and the bytes read back.
 */
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../platform/db/migrate.js';
import { openPglite } from '../../platform/db/pglite.js';
import { readFile } from '../../platform/files/storage.js';

/** A database made before the move: every migration up to imports' 0050, except the platform's 0002. */
const existedBefore = (version: number) => version < 51 && version !== 2;

describe('migration 0051: imports’ files move to the platform’s files table', () => {
  it('keeps every file, chunk and reference of an existing database', { timeout: 120_000 }, async () => {
    const db = await openPglite(undefined);
    try {
      await db.transaction(async (tx) => {
        await tx.exec(`CREATE TABLE schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const m of listMigrations()) {
          if (!existedBefore(m.version)) continue;
          await tx.exec(m.sql);
          await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            m.version,
            m.name,
          ]);
        }
      });
      const tenant = '0195f5a0-0000-7000-8000-000000000001';
      const user = '0195f5a0-0000-7000-8000-000000000002';
      const upload = '0195f5a0-0000-7000-8000-000000000003';
      const result = '0195f5a0-0000-7000-8000-000000000004';
      await db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Old')`, [tenant]);
      await db.query(
        `INSERT INTO imports_files (tenant_id, id, purpose, name, content_type, size_bytes, chunks, status)
         VALUES ($1, $2, 'import', 'people.csv', 'text/csv', 14, 2, 'ready'),
                ($1, $3, 'export', 'out.csv', 'text/csv', 3, 1, 'ready')`,
        [tenant, upload, result],
      );
      await db.query(
        `INSERT INTO imports_file_chunks (tenant_id, file_id, seq, data)
         VALUES ($1, $2, 0, convert_to('name,phone' || chr(10), 'UTF8')),
                ($1, $2, 1, convert_to('علی', 'UTF8')), ($1, $3, 0, convert_to('a,b', 'UTF8'))`,
        [tenant, upload, result],
      );
      await db.query(
        `INSERT INTO imports (tenant_id, id, entity, file_id, file_name, format, created_by)
         VALUES ($1, gen_random_uuid(), 'contact', $2, 'people.csv', 'csv', $3)`,
        [tenant, upload, user],
      );
      await db.query(
        `INSERT INTO exports (tenant_id, id, entity, format, file_id, created_by)
         VALUES ($1, gen_random_uuid(), 'contact', 'csv', $2, $3)`,
        [tenant, result, user],
      );

      // The two that move the files come first; later modules' migrations follow.
      expect((await migrate(db)).slice(0, 2)).toEqual(['0002_files', '0051_imports_platform_files']);

      const { rows } = await db.query<{ t: string | null }>(`SELECT to_regclass('imports_files')::text AS t`);
      expect(rows[0]?.t).toBeNull();
      const files = await db.query<{ id: string; purpose: string; name: string }>(
        `SELECT id, purpose, name FROM files ORDER BY name`,
      );
      expect(files.rows).toEqual([
        { id: result, purpose: 'export', name: 'out.csv' },
        { id: upload, purpose: 'import', name: 'people.csv' },
      ]);
      expect(await text(readFile(db, tenant, upload))).toBe('name,phone\nعلی');
      // The references now point at `files`: the import's file cannot go while the import exists,
      // and an export loses its file reference (not itself) when the file is removed.
      await expect(db.query(`DELETE FROM files WHERE id = $1`, [upload])).rejects.toThrow(/foreign key/);
      await db.query(`DELETE FROM files WHERE id = $1`, [result]);
      const exports = await db.query<{ file_id: string | null }>(`SELECT file_id FROM exports`);
      expect(exports.rows).toEqual([{ file_id: null }]);
    } finally {
      await db.close();
    }
  });
});
