import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './platform/testing/engines.js';

const bin = resolve(import.meta.dirname, '..', 'bin', 'peyvand.mjs');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'peyvand-cli-'));
  dirs.push(dir);
  return dir;
};
const peyvand = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('peyvand command line', () => {
  it('migrates, creates a user and backs up the embedded database; a second process is refused the data dir', async () => {
    const data = tempDir();
    const migrate = peyvand(['migrate'], { DATA_DIR: data });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/Applied: 0001_platform/);
    expect(peyvand(['migrate'], { DATA_DIR: data }).stdout).toMatch(/up to date/);

    const created = peyvand(
      [
        'create-user',
        '--email',
        'Admin@Example.com',
        '--name',
        'مدیر',
        '--password',
        'long enough pw',
        '--organization',
        'شرکت نمونه',
      ],
      { DATA_DIR: data },
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('as owner of شرکت نمونه');
    const short = peyvand(
      [
        'create-user',
        '--email',
        'x@example.com',
        '--name',
        'x',
        '--password',
        'short',
        '--organization',
        'x',
      ],
      { DATA_DIR: data },
    );
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('--password');

    // Hold the data dir with a running server, then try to open it again.
    const server: ChildProcess = spawn(process.execPath, [bin, 'start'], {
      env: { ...process.env, DATA_DIR: data, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    });
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(() => fail(new Error('server did not start')), 90_000);
        server.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Peyvand is running')) {
            clearTimeout(timer);
            ready();
          }
        });
        server.on('exit', (code) => fail(new Error(`server exited ${code}`)));
      });
      const second = peyvand(['migrate'], { DATA_DIR: data });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/in use by another Peyvand process/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((done) => server.once('exit', done));
    }

    const file = join(tempDir(), 'backup.jsonl.gz');
    const backup = peyvand(['backup', file], { DATA_DIR: data });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Wrote .* rows in \d+ tables/);

    const target = process.env.PEYVAND_TEST_POSTGRES ? await openTestDatabase('postgres') : undefined;
    const restoreEnv: Record<string, string> = target?.url
      ? { DATABASE_URL: target.url }
      : { DATA_DIR: tempDir() };
    try {
      const restore = peyvand(['restore', file], restoreEnv);
      expect(restore.status, restore.stderr).toBe(0);
      const again = peyvand(['restore', file], restoreEnv);
      expect(again.status).toBe(1);
      if (target) {
        const { rows } = await target.db.query<{ email: string }>(`SELECT email::text AS email FROM users`);
        expect(rows.map((r) => r.email)).toEqual(['admin@example.com']);
      }
    } finally {
      await target?.close();
    }
  }, 300_000);

  it('prints usage for an unknown command and exits non-zero', () => {
    const res = peyvand(['frobnicate'], { DATA_DIR: tempDir() });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('Usage: peyvand');
  });

  it('names the variable when configuration is invalid', () => {
    const res = peyvand(['migrate'], { PORT: 'ninety', DATA_DIR: tempDir() });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('PORT');
  });
});
