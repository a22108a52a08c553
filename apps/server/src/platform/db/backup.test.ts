import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from './backup.js';
import type { Database } from './database.js';
import { listMigrations, migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

const PLATFORM_TABLES = [
  'tenants',
  'users',
  'roles',
  'teams',
  'memberships',
  'team_members',
  'sessions',
  'api_tokens',
  'invitations',
  'login_throttle',
  'audit_log',
  'outbox_events',
  'job_runs',
  'idempotency_keys',
];

/**
 * Tables a later module might add, created in the source and in every target: a self-reference with
 * a child stored before its parent, two tables referencing each other, an identity column, a generated
 * column, an insert trigger (must not fire on restore) and the types the platform tables lack.
 */
const EXTRA_SCHEMA = `
  CREATE TABLE zz_nodes (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id integer REFERENCES zz_nodes (id),
    label text NOT NULL,
    label_upper text GENERATED ALWAYS AS (upper(label)) STORED,
    data bytea,
    amount numeric(14, 4),
    ratio double precision,
    tags text[],
    day date,
    local_at timestamp,
    span interval,
    touched text NOT NULL DEFAULT 'no'
  );
  CREATE FUNCTION zz_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.touched := 'trigger fired'; RETURN NEW; END $$;
  CREATE TRIGGER zz_touch BEFORE INSERT ON zz_nodes FOR EACH ROW EXECUTE FUNCTION zz_touch();
  CREATE TABLE zz_a (id integer PRIMARY KEY, b_id integer);
  CREATE TABLE zz_b (id integer PRIMARY KEY, a_id integer REFERENCES zz_a (id));
  ALTER TABLE zz_a ADD CONSTRAINT zz_a_b FOREIGN KEY (b_id) REFERENCES zz_b (id);
`;

const T1 = '01900000-0000-7000-8000-000000000001';
const T2 = '01900000-0000-7000-8000-000000000002';
const U1 = '01900000-0000-7000-8000-0000000000a1';
const U2 = '01900000-0000-7000-8000-0000000000a2';
const U3 = '01900000-0000-7000-8000-0000000000a3';
const R1 = '01900000-0000-7000-8000-0000000000b1';
const R2 = '01900000-0000-7000-8000-0000000000b2';
const R3 = '01900000-0000-7000-8000-0000000000b3';
const TEAM1 = '01900000-0000-7000-8000-0000000000c1';
const TEAM2 = '01900000-0000-7000-8000-0000000000c2';

const NASTY = `O'Brien "quoted" \\ back\\slash\ttab\nnew line\r\n🦊 — پیوند`;

const SEED = `
  INSERT INTO tenants (id, name, settings, created_at, updated_at, version) VALUES
    ('${T1}', 'شرکت پیوند', '{"locale":"fa-IR","calendar":"jalali","nested":{"a":[1,2,{"b":null}],"pi":3.14159265358979}}',
     '2024-03-20 12:34:56.123456+03:30', '2024-03-21 00:00:00.000001+00', 3),
    ('${T2}', $n$Acme "Ltd" \\ O'Neil$n$, '{}', '1999-12-31 23:59:59.999999+00', now(), 1);

  INSERT INTO users (id, email, name, password_hash, settings, password_changed_at) VALUES
    ('${U1}', 'Sara@Example.COM', 'سارا رضایی', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', '{"theme":"dark"}', '2024-01-01 00:00:00.5+00'),
    ('${U2}', 'ali@example.com', '🦊 علی 👩‍💻', 'x', '{"emoji":"😀","rtl":"\u200fمتن"}', now()),
    ('${U3}', 'o.brien@example.com', $n$${NASTY}$n$, 'y', '{"text":"line1\\nline2\\ttab \\"q\\" \\\\ back"}', now());

  INSERT INTO roles (tenant_id, id, key, name, builtin, rights, scope) VALUES
    ('${T1}', '${R1}', 'owner', 'مالک', true, '{"contacts":{"read":true,"write":true,"fields":["*"]},"admin":true}', 'all'),
    ('${T1}', '${R2}', 'member', 'کارشناس', false, '{"contacts":{"read":true,"write":false},"limits":[1,2.50,-3e5]}', 'own'),
    ('${T2}', '${R3}', 'owner', 'Owner', true, '{}', 'team');

  INSERT INTO teams (tenant_id, id, name) VALUES
    ('${T1}', '${TEAM1}', 'فروش'), ('${T2}', '${TEAM2}', 'Sales & "Support"');

  INSERT INTO memberships (tenant_id, user_id, role_id, status) VALUES
    ('${T1}', '${U1}', '${R1}', 'active'), ('${T1}', '${U2}', '${R2}', 'disabled'), ('${T2}', '${U3}', '${R3}', 'active');

  INSERT INTO team_members (tenant_id, team_id, user_id) VALUES
    ('${T1}', '${TEAM1}', '${U1}'), ('${T1}', '${TEAM1}', '${U2}'), ('${T2}', '${TEAM2}', '${U3}');

  INSERT INTO sessions (token_hash, user_id, current_tenant_id, expires_at, user_agent, ip) VALUES
    ('s1', '${U1}', '${T1}', '2030-01-01 00:00:00.000007+00', 'Mozilla/5.0 (X11; "Linux")', '127.0.0.1'),
    ('s2', '${U2}', NULL, now() + interval '1 day', NULL, NULL);

  INSERT INTO api_tokens (tenant_id, id, name, token_hash, prefix, role_id, created_by, last_used_at, revoked_at) VALUES
    ('${T1}', '01900000-0000-7000-8000-0000000000d1', 'ادغام حسابداری', 'th1', 'pv_ab', '${R2}', '${U1}', now(), NULL),
    ('${T2}', '01900000-0000-7000-8000-0000000000d2', 'zapier', 'th2', 'pv_cd', '${R3}', '${U3}', NULL, '2024-05-05 05:05:05.050505+00');

  INSERT INTO invitations (tenant_id, id, email, role_id, token_hash, invited_by, expires_at, accepted_at, accepted_by) VALUES
    ('${T1}', '01900000-0000-7000-8000-0000000000e1', 'New@Example.com', '${R2}', 'inv1', '${U1}', now() + interval '7 days', NULL, NULL),
    ('${T1}', '01900000-0000-7000-8000-0000000000e2', 'ali@example.com', '${R2}', 'inv2', '${U1}', now(), now(), '${U2}');

  INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES
    ('email:sara@example.com', 3, now(), NULL), ('ip:10.0.0.1', 12, now(), now() + interval '15 minutes');

  INSERT INTO audit_log (tenant_id, id, at, actor_id, actor_type, entity, entity_id, action, changes, request_id) VALUES
    ('${T1}', '01900000-0000-7000-8000-0000000000f1', '2024-03-20 08:00:00.000001+00', '${U1}', 'user', 'contact', '42', 'update',
     '{"name":{"from":"سارا","to":"سارا رضایی"},"tags":{"from":[],"to":["vip","🦊"]},"deep":{"a":{"b":{"c":[null,true,false,0.1]}}}}', 'req-1'),
    ('${T2}', '01900000-0000-7000-8000-0000000000f2', now(), NULL, 'system', 'tenant', '${T2}', 'create', '{}', NULL);
  -- Enough rows to read in several chunks and load in several batches.
  INSERT INTO audit_log (tenant_id, id, at, actor_id, actor_type, entity, entity_id, action, changes)
    SELECT '${T1}', gen_random_uuid(), timestamptz '2024-01-01 00:00:00+00' + i * interval '1.000001 second', '${U1}', 'token',
           'deal', i::text, 'update', jsonb_build_object('i', i, 'note', 'ردیف ' || i || E'\\n"x"')
      FROM generate_series(1, 12000) AS i;

  INSERT INTO outbox_events (tenant_id, id, type, payload, actor_id, request_id, dispatched_at) VALUES
    ('${T1}', '01900000-0000-7000-8000-000000000101', 'contact.updated', '{"id":"42","changes":{"x":[1,{"y":"ز"}]}}', '${U1}', 'req-1', NULL),
    ('${T1}', '01900000-0000-7000-8000-000000000102', 'deal.won', '{"amount":"1234567890.12"}', NULL, NULL, now());

  INSERT INTO job_runs (tenant_id, id, queue, status, progress, total, message, input, result, error, attempts, created_by,
                        created_at, started_at, finished_at) VALUES
    ('${T1}', '01900000-0000-7000-8000-000000000201', 'import', 'succeeded', 9007199254740993, 9223372036854775807,
     'وارد شد: ۱۲۰ ردیف', '{"file":"contacts.csv","mapping":{"نام":"name"}}', '{"created":120,"skipped":[3,7]}', NULL, 1, '${U1}',
     '2024-03-20 10:00:00.123456+00', '2024-03-20 10:00:01.000001+00', '2024-03-20 10:05:00.999999+00'),
    ('${T1}', '01900000-0000-7000-8000-000000000202', 'export', 'failed', 0, NULL, NULL, '{}', NULL,
     $n$Error: boom\n    at "somewhere" \\ here$n$, 3, NULL, now(), now(), now()),
    ('${T2}', '01900000-0000-7000-8000-000000000203', 'import', 'queued', 0, NULL, NULL, '{}', NULL, NULL, 0, NULL, now(), NULL, NULL);

  INSERT INTO idempotency_keys (tenant_id, principal, key, method, path, request_hash, status_code, response) VALUES
    ('${T1}', 'user:${U1}', 'k-1', 'POST', '/api/v1/contacts', 'h1', 201, '{"id":"42","name":"سارا"}'),
    ('${T1}', 'token:x', 'k-2', 'PATCH', '/api/v1/deals/1', 'h2', 409, NULL);

  -- A child stored before its parent, and a two-table cycle.
  INSERT INTO zz_nodes (label, data, amount, ratio, tags, day, local_at, span) VALUES
    ('child', '\\x00ff10'::bytea, 12345678.1234, 0.1, ARRAY['a', 'b,c', 'd"e', NULL, ''], '1403-01-01', '2024-02-29 23:59:59.999999', '1 year 2 mons 3 days 04:05:06.789'),
    ('parent', '', -0.0001, 1e-300, '{}', '2024-03-20', NULL, '-3 days'),
    ($n$${NASTY}$n$, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL);
  UPDATE zz_nodes SET parent_id = 2 WHERE id = 1;
  UPDATE zz_nodes SET parent_id = 1 WHERE id = 3;
  UPDATE zz_nodes SET touched = 'original' WHERE id <> 2;
  INSERT INTO zz_a (id, b_id) VALUES (1, NULL), (2, NULL);
  INSERT INTO zz_b (id, a_id) VALUES (10, 1), (20, 2);
  UPDATE zz_a SET b_id = 20 WHERE id = 1;

  -- pg-boss's schema is not part of a backup.
  CREATE SCHEMA IF NOT EXISTS pgboss;
  CREATE TABLE pgboss.zz_job (id integer PRIMARY KEY);
  INSERT INTO pgboss.zz_job VALUES (1);
`;

async function prepareTarget(db: Database): Promise<void> {
  await migrate(db);
  await db.exec(EXTRA_SCHEMA);
}

async function tablesOf(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'schema_migrations'
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Every row of every table as jsonb text (sorted in JS: collations differ between engines). */
async function contents(db: Database): Promise<Record<string, string[]>> {
  const tables = await tablesOf(db);
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL TimeZone = 'UTC'`);
    const result: Record<string, string[]> = {};
    for (const table of tables) {
      const { rows } = await tx.query<{ j: string }>(
        `SELECT to_jsonb(t)::text AS j FROM public."${table}" t`,
      );
      result[table] = rows.map((r) => r.j).sort();
    }
    return result;
  });
}

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesOf(db)) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public."${table}"`);
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

function readBackup(file: string): unknown[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

function writeBackup(file: string, lines: unknown[]): void {
  writeFileSync(file, gzipSync(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`));
}

async function expectEmpty(db: Database): Promise<void> {
  const counts = await rowCounts(db);
  expect(Object.keys(counts).length).toBeGreaterThan(0);
  for (const [table, n] of Object.entries(counts)) expect({ table, n }).toEqual({ table, n: 0 });
}

let dir: string;
let source: Database;
let file: string;
let written: Record<string, number>;
let expected: Record<string, string[]>;
const timings: Record<string, number> = {};

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'peyvand-backup-'));
  source = await openPglite(undefined);
  await prepareTarget(source);
  await source.exec(SEED);
  expected = await contents(source);
  file = join(dir, 'full.peyvand.gz');
  written = await timed('backup (PGlite)', () => backup(source, file));
});

afterAll(async () => {
  await source?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log('backup/restore timings (ms):', timings);
});

describe('backup', () => {
  it('writes every table of public with data, in foreign-key order, and nothing of pg-boss', async () => {
    for (const table of PLATFORM_TABLES) expect(expected[table]?.length, table).toBeGreaterThan(0);
    expect(Object.keys(written).sort()).toEqual(await tablesOf(source));
    expect(written).toEqual(await rowCounts(source));
    expect(written.audit_log).toBe(12_002);

    const [header, ...rest] = readBackup(file) as [Record<string, unknown>, ...unknown[]];
    expect(header).toMatchObject({
      format: 'peyvand-backup',
      version: 1,
      engine: 'pglite',
      migrations: listMigrations().map((m) => m.version),
    });
    const tables = header.tables as string[];
    expect(tables).not.toContain('schema_migrations');
    expect([...tables].sort()).toEqual(await tablesOf(source));
    const before = (parent: string, child: string) =>
      expect(tables.indexOf(parent)).toBeLessThan(tables.indexOf(child));
    for (const child of PLATFORM_TABLES.slice(2)) if (child !== 'login_throttle') before('tenants', child);
    before('users', 'memberships');
    before('roles', 'memberships');
    before('roles', 'api_tokens');
    before('roles', 'invitations');
    before('teams', 'team_members');
    before('memberships', 'team_members');
    before('users', 'sessions');
    expect(header.sequences).toEqual([{ name: 'zz_nodes_id_seq', lastValue: '3', isCalled: true }]);
    expect(rest.at(-1)).toEqual({ end: true, rows: written });
    expect(JSON.stringify(rest)).not.toContain('zz_job');
  });

  it('writes values in their exact text form', () => {
    const lines = readBackup(file);
    const start = lines.findIndex((l) => (l as { table?: string }).table === 'job_runs');
    const { columns } = lines[start] as { columns: string[] };
    const row = lines[start + 1] as (string | null)[];
    const value = (column: string) => row[columns.indexOf(column)];
    expect(value('progress')).toBe('9007199254740993');
    expect(value('total')).toBe('9223372036854775807');
    expect(value('created_at')).toBe('2024-03-20 10:00:00.123456+00');
    expect(value('error')).toBeNull();
  });
});

describe('restore', () => {
  it('round-trips PGlite → file → PGlite, every table identical, and then refuses to load again', async () => {
    const target = await openPglite(undefined);
    try {
      await prepareTarget(target);
      const loaded = await timed('restore (PGlite)', () => restore(target, file));
      expect(loaded).toEqual(written);
      expect(await contents(target)).toEqual(expected);

      // The insert trigger was off for the load and is on again; the identity sequence continues.
      const { rows } = await target.query<{ id: number; touched: string }>(
        `INSERT INTO zz_nodes (label) VALUES ('after') RETURNING id, touched`,
      );
      expect(rows[0]).toEqual({ id: 4, touched: 'trigger fired' });
      // The foreign keys dropped for the load are back.
      await expect(target.query('UPDATE zz_nodes SET parent_id = 99 WHERE id = 1')).rejects.toThrow(
        /foreign key/,
      );
      await expect(target.query('UPDATE zz_a SET b_id = 99 WHERE id = 1')).rejects.toThrow(/foreign key/);

      // A database that holds data is refused and left unchanged.
      const before = await contents(target);
      await expect(restore(target, file)).rejects.toThrow(/needs an empty database.*tenants/);
      expect(await contents(target)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('refuses unknown files before touching the database, and migrates a brand-new database itself', async () => {
    const target = await openPglite(undefined);
    try {
      const newer = join(dir, 'newer.peyvand.gz');
      const lines = readBackup(file);
      (lines[0] as { migrations: number[] }).migrations.push(9999);
      writeBackup(newer, lines);
      await expect(restore(target, newer)).rejects.toThrow(/newer version of Peyvand \(migrations 9999/);
      const other = join(dir, 'other.gz');
      writeFileSync(other, gzipSync('{"hello":"world"}\n'));
      await expect(restore(target, other)).rejects.toThrow(/not a Peyvand backup/);
      writeFileSync(other, 'not gzip at all');
      await expect(restore(target, other)).rejects.toThrow(/incorrect header check/);
      await expect(restore(target, join(dir, 'missing.gz'))).rejects.toThrow(/ENOENT/);
      const { rows } = await target.query<{ t: string | null }>(
        `SELECT to_regclass('schema_migrations')::text AS t`,
      );
      expect(rows[0]?.t).toBeNull();

      // A backup of the platform tables only (the extra test tables exist only where the test made them).
      const onlyPlatform = join(dir, 'platform-only.peyvand.gz');
      const keep: unknown[] = [];
      let skipping = false;
      for (const line of readBackup(file) as Record<string, unknown>[]) {
        if (!Array.isArray(line)) skipping = typeof line.table === 'string' && line.table.startsWith('zz_');
        if (!skipping) keep.push(line);
      }
      const header = keep[0] as { tables: string[]; sequences: unknown[] };
      header.tables = header.tables.filter((t) => !t.startsWith('zz_'));
      header.sequences = [];
      const trailer = keep.at(-1) as { rows: Record<string, number> };
      trailer.rows = Object.fromEntries(Object.entries(trailer.rows).filter(([t]) => !t.startsWith('zz_')));
      writeBackup(onlyPlatform, keep);

      const loaded = await restore(target, onlyPlatform);
      // Every table of this build's schema (module tables included), without the test's own.
      expect(Object.keys(loaded).sort()).toEqual([...header.tables].sort());
      const got = await contents(target);
      expect(Object.keys(got).sort()).toEqual([...header.tables].sort());
      for (const table of PLATFORM_TABLES) expect(got[table], table).toEqual(expected[table]);
    } finally {
      await target.close();
    }
  });

  describe('with a damaged file', () => {
    let target: Database;
    beforeAll(async () => {
      target = await openPglite(undefined);
      await prepareTarget(target);
    });
    afterAll(async () => {
      await target?.close();
    });

    it('fails on a truncated file and leaves the target empty', async () => {
      const truncated = join(dir, 'truncated.peyvand.gz');
      const bytes = readFileSync(file);
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      await expect(restore(target, truncated)).rejects.toThrow(/unexpected end of file/);
      await expectEmpty(target);

      // Complete gzip, but the lines stop early (no trailer).
      const lines = readBackup(file);
      writeBackup(truncated, lines.slice(0, -5));
      await expect(restore(target, truncated)).rejects.toThrow(/incomplete/);
      await expectEmpty(target);

      // A row count that does not match the trailer.
      const trailer = lines.at(-1) as { rows: Record<string, number> };
      writeBackup(truncated, [...lines.slice(0, -1), { end: true, rows: { ...trailer.rows, tenants: 3 } }]);
      await expect(restore(target, truncated)).rejects.toThrow(/tenants has 2 rows but the backup wrote 3/);
      await expectEmpty(target);
    });

    it('fails on a corrupt value late in the file and rolls back everything loaded before it', async () => {
      const corrupt = join(dir, 'corrupt.peyvand.gz');
      const lines = readBackup(file);
      const start = lines.findIndex((l) => (l as { table?: string }).table === 'idempotency_keys');
      (lines[start + 2] as string[])[0] = 'not-a-uuid';
      writeBackup(corrupt, lines);
      await expect(restore(target, corrupt)).rejects.toThrow(/uuid/);
      await expectEmpty(target);

      const broken = join(dir, 'broken.peyvand.gz');
      const text = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
      text[text.length - 20] = '["unterminated';
      writeFileSync(broken, gzipSync(text.join('\n')));
      await expect(restore(target, broken)).rejects.toThrow(/is damaged: line \d+ is not valid JSON/);
      await expectEmpty(target);
    });

    it('still restores a good file after the failed attempts', async () => {
      expect(await restore(target, file)).toEqual(written);
      expect(await contents(target)).toEqual(expected);
    });
  });
});

const maintenanceUrl = process.env.PEYVAND_TEST_POSTGRES;

describe.skipIf(!maintenanceUrl)('restore into PostgreSQL', () => {
  const name = `peyvand_t_${randomBytes(6).toString('hex')}`;
  let target: Database;

  async function admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: maintenanceUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(maintenanceUrl as string);
    url.pathname = `/${name}`;
    target = openPostgres(url.toString(), 4);
  });

  afterAll(async () => {
    await target?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('round-trips PGlite → file → PostgreSQL, every table identical', async () => {
    await prepareTarget(target);
    const loaded = await timed('restore (PostgreSQL)', () => restore(target, file));
    expect(loaded).toEqual(written);
    expect(await contents(target)).toEqual(expected);
    await expect(restore(target, file)).rejects.toThrow(/needs an empty database/);
  });

  it('and back: PostgreSQL → file → PGlite, every table identical', async () => {
    const again = join(dir, 'from-postgres.peyvand.gz');
    const counts = await timed('backup (PostgreSQL)', () => backup(target, again));
    expect(counts).toEqual(written);
    expect((readBackup(again)[0] as { engine: string }).engine).toBe('postgres');
    const copy = await openPglite(undefined);
    try {
      await prepareTarget(copy);
      expect(await restore(copy, again)).toEqual(written);
      expect(await contents(copy)).toEqual(expected);
    } finally {
      await copy.close();
    }
  });
});
