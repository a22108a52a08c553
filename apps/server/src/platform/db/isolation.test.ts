import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../tenancy/context.js';
import { testEngines } from '../testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../testing/harness.js';

// Row-level security is the database's own guard behind the application's checks.
describe.each(testEngines())('tenant isolation by row-level security on %s', (engine) => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof signupOrg>>;
  let b: Awaited<ReturnType<typeof signupOrg>>;
  const tenantTables = [
    'tenants',
    'users',
    'roles',
    'teams',
    'memberships',
    'team_members',
    'api_tokens',
    'invitations',
    'audit_log',
    'outbox_events',
    'job_runs',
    'idempotency_keys',
  ];
  beforeAll(async () => {
    t = await startTestApp(engine);
    a = await signupOrg(t.app, 'A');
    b = await signupOrg(t.app, 'B');
    for (const org of [a, b]) {
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/teams',
        cookie: org.cookie,
        headers: { 'idempotency-key': 'k' },
        body: { name: 'Sales', memberIds: [org.userId] },
      });
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/invitations',
        cookie: org.cookie,
        body: { email: `x${org.tenantId}@example.com`, role: 'agent' },
      });
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/tokens',
        cookie: org.cookie,
        body: { name: 't', role: 'agent' },
      });
    }
    await t.db.query(
      `INSERT INTO job_runs (tenant_id, id, queue) VALUES ($1, gen_random_uuid(), 'q'), ($2, gen_random_uuid(), 'q')`,
      [a.tenantId, b.tenantId],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has row-level security enabled with a policy on every tenant table', async () => {
    const { rows } = await t.db.query<{ relname: string; relrowsecurity: boolean; policies: number }>(
      `SELECT c.relname, c.relrowsecurity, (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
       FROM pg_class c WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace`,
      [tenantTables],
    );
    expect(rows).toHaveLength(tenantTables.length);
    for (const r of rows)
      expect({ table: r.relname, rls: r.relrowsecurity, policies: r.policies > 0 }).toEqual({
        table: r.relname,
        rls: true,
        policies: true,
      });
  });

  it('every table with tenant_id (platform and modules alike) keys on it first, references by it, and has RLS', async () => {
    const { rows } = await t.db.query<{
      table: string;
      pk_first: string | null;
      rls: boolean;
      policies: number;
      bad_fks: string[];
    }>(
      `SELECT c.relname AS table,
         (SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
          WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk_first,
         c.relrowsecurity AS rls,
         (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
         ARRAY(SELECT k.conname FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
               WHERE k.conrelid = c.oid AND k.contype = 'f'
                 AND EXISTS (SELECT 1 FROM pg_attribute ra WHERE ra.attrelid = r.oid AND ra.attname = 'tenant_id')
                 AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = k.conkey[1]) <> 'tenant_id'
         )::text[] AS bad_fks
       FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
       ORDER BY c.relname`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(tenantTables.length - 2);
    const problems = rows.flatMap((r) => [
      ...(r.pk_first === 'tenant_id' ? [] : [`${r.table}: primary key does not start with tenant_id`]),
      ...(r.rls && r.policies > 0 ? [] : [`${r.table}: no row-level security policy`]),
      ...r.bad_fks.map(
        (fk) => `${r.table}: foreign key ${fk} to a tenant table does not start with tenant_id`,
      ),
    ]);
    expect(problems).toEqual([]);
  });

  it('as the app role without a tenant, every tenant table looks empty', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('role', 'peyvand_app', true)`);
      for (const table of tenantTables) {
        const { rows } = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        expect({ table, n: rows[0]?.n }).toEqual({ table, n: 0 });
      }
    });
  });

  it('tenant A never reads B’s rows, even through a hand-written query, and cannot write into B', async () => {
    await inTenant(t.db, a.tenantId, async (tx) => {
      for (const table of tenantTables) {
        const column = table === 'tenants' ? 'id' : table === 'users' ? null : 'tenant_id';
        if (!column) continue;
        const { rows } = await tx.query<{ foreign: number; own: number }>(
          `SELECT count(*) FILTER (WHERE ${column} <> $1) AS foreign, count(*) FILTER (WHERE ${column} = $1) AS own FROM ${table}`,
          [a.tenantId],
        );
        expect({ table, foreign: rows[0]?.foreign }).toEqual({ table, foreign: 0 });
        expect(rows[0]?.own).toBeGreaterThan(0);
      }
      const users = await tx.query<{ id: string }>(`SELECT id FROM users`);
      expect(users.rows.map((u) => u.id)).toEqual([a.userId]);
      const direct = await tx.query(`SELECT * FROM teams WHERE tenant_id = $1`, [b.tenantId]);
      expect(direct.rowCount).toBe(0);
      const update = await tx.query(`UPDATE teams SET name = 'hijacked' WHERE tenant_id = $1`, [b.tenantId]);
      expect(update.rowCount).toBe(0);
    });
    await expect(
      inTenant(t.db, a.tenantId, (tx) =>
        tx.query(`INSERT INTO teams (tenant_id, id, name) VALUES ($1, gen_random_uuid(), 'planted')`, [
          b.tenantId,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(inTenant(t.db, a.tenantId, (tx) => tx.query(`SELECT * FROM sessions`))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('the tenant setting is transaction-local: it does not leak to the next transaction on the connection', async () => {
    await inTenant(t.db, a.tenantId, (tx) => tx.query(`SELECT 1`));
    const { rows } = await t.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('role', 'peyvand_app', true)`);
      return tx.query<{ t: string | null; n: number }>(
        `SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*) FROM teams) AS n`,
      );
    });
    expect(rows[0]?.n).toBe(0);
    expect(rows[0]?.t || null).toBeNull();
  });
});
