import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import { newId } from '../ids.js';
import { inTenant } from '../tenancy/context.js';
import { openTestDatabase, testEngines } from '../testing/engines.js';
import { addMember, call, ownerContext, signupOrg, startTestApp, type TestApp } from '../testing/harness.js';
import { defineJob, Jobs } from './jobs.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` every 50 ms until it returns something truthy; fails with `what` after the deadline. */
async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

// --- Job kinds defined by this test (before any Jobs instance starts, as modules do at import time) ---

/** Executions per run id, across every Jobs instance of this process. */
const executions = new Map<string, number>();
const ran = (runId: string) => executions.set(runId, (executions.get(runId) ?? 0) + 1);

defineJob<{ total: number; values: number[] }>('test.count', async (run) => {
  ran(run.runId);
  let sum = 0;
  for (let i = 0; i < run.input.total; i++) {
    await sleep(5);
    sum += run.input.values[i] ?? 0;
    await run.progress(i + 1, run.input.total, `step ${i + 1}`);
  }
  return { sum };
});

/** Reports `holdAt` of `total`, waits until the test opens its gate, then finishes slowly. */
const gates = new Map<string, () => void>();
defineJob<{ total: number; holdAt: number; stepMs: number }>('test.gate', async (run) => {
  ran(run.runId);
  for (let i = 1; i <= run.input.holdAt; i++) {
    await sleep(10);
    await run.progress(i, run.input.total, 'before the gate');
  }
  await new Promise<void>((resolve) => gates.set(run.runId, resolve));
  for (let i = run.input.holdAt + 1; i <= run.input.total; i++) {
    await sleep(run.input.stepMs);
    await run.progress(i, run.input.total, `after the gate ${i}`);
  }
  return { done: run.input.total };
});

defineJob<{ why: string }>('test.fail', async (run) => {
  ran(run.runId);
  await run.progress(1, 3, 'about to fail');
  throw new Error(`always broken: ${run.input.why}`);
});

/** Fails when asked to; shares one queue (and so batches) with jobs that succeed. */
defineJob<{ fail: boolean; value: number }>('test.mixed', async (run) => {
  ran(run.runId);
  if (run.input.fail) throw new Error(`mixed failure ${run.input.value}`);
  return { value: run.input.value };
});

/** Fails on its first attempt only. */
defineJob<Record<string, never>>('test.flaky', async (run) => {
  ran(run.runId);
  if ((executions.get(run.runId) ?? 0) === 1) throw new Error('first attempt fails');
  return { attempt: executions.get(run.runId) };
});

/** For the exactly-once test: which process (Jobs instance) ran each run. */
const processOf = new Map<Database, string>();
defineJob<{ n: number }>(
  'test.exactly',
  async (run) => {
    const label = processOf.get(run.db) ?? 'unknown';
    await run.db.query(`INSERT INTO test_executions (run_id, process) VALUES ($1, $2)`, [run.runId, label]);
    await run.db.query(`INSERT INTO test_once (run_id, process) VALUES ($1, $2)`, [run.runId, label]);
    await sleep(10);
    return { n: run.input.n };
  },
  { batchSize: 5 },
);

interface RunRow {
  status: string;
  progress: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: string | null;
  attempts: number;
}

describe.each(testEngines())('jobs on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Jobs');
  });
  afterAll(async () => {
    await t?.close();
  });

  const enqueue = (queue: string, input: Record<string, unknown>, who = owner) =>
    inTenant(t.db, who.tenantId, (tx) =>
      t.jobs.enqueue(tx, ownerContext(who.tenantId, who.userId), queue, input),
    );

  const row = async (id: string) =>
    (await t.db.query<RunRow>(`SELECT * FROM job_runs WHERE id = $1`, [id])).rows[0];
  const finished = (id: string, timeoutMs?: number) =>
    until(
      `job ${id} to finish`,
      async () => {
        const r = await row(id);
        return r && ['succeeded', 'failed', 'cancelled'].includes(r.status) ? r : undefined;
      },
      timeoutMs,
    );

  it('runs a job queued in a committed transaction once and reports its result and progress', async () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const id = await enqueue('test.count', { total: values.length, values });
    const r = await finished(id);
    expect(r).toMatchObject({
      status: 'succeeded',
      progress: 8,
      total: 8,
      message: 'step 8',
      result: { sum: 31 },
      error: null,
      attempts: 1,
    });
    expect(executions.get(id)).toBe(1);

    const res = await call(t.app, { method: 'GET', url: `/api/v1/jobs/${id}`, cookie: owner.cookie });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      id,
      queue: 'test.count',
      status: 'succeeded',
      progress: 8,
      total: 8,
      message: 'step 8',
      result: { sum: 31 },
      error: null,
      etaSeconds: null,
    });
    expect(view.ratePerSecond).toBeGreaterThan(0);
    const seconds = (Date.parse(view.finishedAt) - Date.parse(view.startedAt)) / 1000;
    expect(view.ratePerSecond).toBeCloseTo(8 / seconds, 6);
    expect(Date.parse(view.startedAt)).toBeGreaterThanOrEqual(Date.parse(view.createdAt));

    // Still once, a moment later (a redelivery would have run it again).
    await sleep(300);
    expect(executions.get(id)).toBe(1);
  });

  it('reports progress, rate and ETA of a running job', async () => {
    const id = await enqueue('test.gate', { total: 20, holdAt: 5, stepMs: 5 });
    await until('the job to reach its gate', async () => gates.get(id));
    const res = await call(t.app, { method: 'GET', url: `/api/v1/jobs/${id}`, cookie: owner.cookie });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      status: 'running',
      progress: 5,
      total: 20,
      message: 'before the gate',
      finishedAt: null,
      result: null,
    });
    expect(view.ratePerSecond).toBeGreaterThan(0);
    expect(view.etaSeconds).toBeGreaterThan(0);
    expect(view.etaSeconds).toBeCloseTo(15 / view.ratePerSecond, 6);
    gates.get(id)?.();
    expect(await finished(id)).toMatchObject({ status: 'succeeded', progress: 20, result: { done: 20 } });
  });

  it('never runs a job whose transaction rolls back, and keeps no trace of it', async () => {
    let rolledBack = '';
    await expect(
      inTenant(t.db, owner.tenantId, async (tx) => {
        rolledBack = await t.jobs.enqueue(tx, ownerContext(owner.tenantId, owner.userId), 'test.count', {
          total: 1,
          values: [1],
        });
        throw new Error('the request failed after queueing');
      }),
    ).rejects.toThrow('the request failed after queueing');
    expect(rolledBack).not.toBe('');
    // A job committed afterwards on the same queue has run, so the rolled-back one would have by now.
    const later = await enqueue('test.count', { total: 1, values: [7] });
    expect(await finished(later)).toMatchObject({ status: 'succeeded', result: { sum: 7 } });
    await sleep(200);
    expect(executions.has(rolledBack)).toBe(false);
    expect(await row(rolledBack)).toBeUndefined();
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE id = $1`,
      [rolledBack],
    );
    expect(rows[0]?.n).toBe(0);
    const api = await call(t.app, { method: 'GET', url: `/api/v1/jobs/${rolledBack}`, cookie: owner.cookie });
    expect(api.statusCode).toBe(404);
  });

  // The retry tests wait out pg-boss's retry backoff (about 1 s, then 2 s), so they run side by side.
  it.concurrent('ends a job that always fails as failed with its error once the retries are spent, and never ran it more than 1 + retryLimit times', async ({
    expect,
  }) => {
    const id = await enqueue('test.fail', { why: 'disk on fire' });
    // While retries remain the run is not reported as finished: it waits, queued, with the error so far.
    const between = await until('the run to wait for its first retry', async () => {
      const r = await row(id);
      return r?.status === 'queued' && r.attempts === 1 ? r : undefined;
    });
    expect(between).toMatchObject({ error: 'always broken: disk on fire', progress: 1 });
    const waiting = await call(t.app, { method: 'GET', url: `/api/v1/jobs/${id}`, cookie: owner.cookie });
    expect(waiting.json()).toMatchObject({
      status: 'queued',
      error: 'always broken: disk on fire',
      finishedAt: null,
    });
    const r = await finished(id, 20_000);
    expect(r).toMatchObject({ status: 'failed', error: 'always broken: disk on fire', attempts: 3 });
    expect(executions.get(id)).toBe(3);
    const res = await call(t.app, { method: 'GET', url: `/api/v1/jobs/${id}`, cookie: owner.cookie });
    expect(res.json()).toMatchObject({
      status: 'failed',
      error: 'always broken: disk on fire',
      result: null,
      etaSeconds: null,
    });
    const { rows } = await t.db.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
    expect(rows[0]?.state).toBe('failed');
  });

  it.concurrent('retries a job that fails once and then reports it succeeded, with no error left', async ({
    expect,
  }) => {
    const id = await enqueue('test.flaky', {});
    const r = await finished(id, 20_000);
    expect(r).toMatchObject({ status: 'succeeded', error: null, attempts: 2, result: { attempt: 2 } });
    expect(executions.get(id)).toBe(2);
  });

  it.concurrent('runs the jobs batched with a failing one exactly once, without spending their retries', async ({
    expect,
  }) => {
    // Queued in one transaction, so they are fetched together in one batch, the failing one first.
    const ids = await inTenant(t.db, owner.tenantId, async (tx) => {
      const ctx = ownerContext(owner.tenantId, owner.userId);
      const bad = await t.jobs.enqueue(tx, ctx, 'test.mixed', { fail: true, value: -1 });
      const good: string[] = [];
      for (let i = 0; i < 4; i++)
        good.push(await t.jobs.enqueue(tx, ctx, 'test.mixed', { fail: false, value: i }));
      return { bad, good };
    });
    for (const [i, id] of ids.good.entries()) {
      expect(await finished(id)).toMatchObject({ status: 'succeeded', result: { value: i }, attempts: 1 });
    }
    expect(await finished(ids.bad, 20_000)).toMatchObject({
      status: 'failed',
      error: 'mixed failure -1',
      attempts: 3,
    });
    expect(executions.get(ids.bad)).toBe(3);
    for (const id of ids.good) expect(executions.get(id)).toBe(1);
    const { rows } = await t.db.query<{ state: string; retry_count: number }>(
      `SELECT state, retry_count FROM pgboss.job WHERE id = ANY($1::uuid[])`,
      [ids.good],
    );
    expect(rows.map((r) => [r.state, r.retry_count])).toEqual(ids.good.map(() => ['completed', 0]));
  });

  it('streams progress as server-sent events and ends with done', async () => {
    const id = await enqueue('test.gate', { total: 10, holdAt: 2, stepMs: 150 });
    await until('the job to reach its gate', async () => gates.get(id));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/${id}/events`, {
      headers: { cookie: owner.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    if (!res.body) throw new Error('no body');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const events = () =>
      text
        .split('\n\n')
        .filter((block) => block.includes('data: '))
        .map((block) => {
          const [eventLine, dataLine] = block.split('\n');
          return {
            event: eventLine?.replace('event: ', ''),
            data: JSON.parse(dataLine?.replace('data: ', '') ?? 'null'),
          };
        });
    const read = async () => {
      const chunk = await reader.read();
      if (chunk.done) return false;
      text += decoder.decode(chunk.value, { stream: true });
      return true;
    };
    // The first event arrives while the job still waits at its gate: the response streams.
    while (!text.includes('\n\n')) await read();
    expect(events()[0]).toMatchObject({
      event: 'progress',
      data: { id, status: 'running', progress: 2, total: 10 },
    });
    gates.get(id)?.();
    while (await read());
    const all = events();
    expect(all.length).toBeGreaterThan(2);
    expect(all.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
    const progress = all.filter((e) => e.event === 'progress').map((e) => e.data.progress as number);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThan(2);
    expect(all.at(-1)).toMatchObject({
      event: 'done',
      data: { id, status: 'succeeded', progress: 10, result: { done: 10 } },
    });
    expect(text.endsWith('\n\n')).toBe(true);

    // inject() handles the hijacked reply too: a finished job answers with one progress event and done.
    const injected = await t.app.inject({
      method: 'GET',
      url: `/api/v1/jobs/${id}/events`,
      headers: { cookie: owner.cookie },
    });
    expect(injected.statusCode).toBe(200);
    expect(injected.body.match(/^event: \w+$/gm)).toEqual(['event: progress', 'event: done']);

    // The stream answers like the plain read for jobs the caller may not see.
    const stranger = await signupOrg(t.app, 'Stranger');
    const denied = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/${id}/events`, {
      headers: { cookie: stranger.cookie },
    });
    expect(denied.status).toBe(404);
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/${id}/events`);
    expect(anonymous.status).toBe(401);
  });

  it('shows a job to its creator and to jobs admins only', async () => {
    const id = await enqueue('test.count', { total: 1, values: [1] });
    await finished(id);
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const manager = await addMember(t.app, owner.cookie, 'manager');
    const admin = await addMember(t.app, owner.cookie, 'admin');
    const otherOrg = await signupOrg(t.app, 'Other');
    const get = (cookie?: string, jobId = id) =>
      call(t.app, { method: 'GET', url: `/api/v1/jobs/${jobId}`, ...(cookie ? { cookie } : {}) });

    expect((await get(owner.cookie)).statusCode).toBe(200);
    expect((await get(admin.cookie)).statusCode).toBe(200);
    const hidden = await get(agent.cookie);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    expect((await get(manager.cookie)).statusCode).toBe(404);
    expect((await get(otherOrg.cookie)).statusCode).toBe(404);
    expect((await get(undefined)).statusCode).toBe(401);
    expect((await get(owner.cookie, newId())).statusCode).toBe(404);
    expect((await get(owner.cookie, 'not-a-uuid')).statusCode).toBeGreaterThanOrEqual(400);

    // An agent sees their own job; the owner (jobs admin) sees it too; the other organisation does not.
    const own = await enqueue(
      'test.count',
      { total: 1, values: [2] },
      { ...owner, userId: agent.userId, cookie: agent.cookie },
    );
    await finished(own);
    expect((await get(agent.cookie, own)).statusCode).toBe(200);
    expect((await get(owner.cookie, own)).statusCode).toBe(200);
    expect((await get(otherOrg.cookie, own)).statusCode).toBe(404);
  });

  // PGlite is single-process by design: the app holds a lock on its data directory, so only one
  // process (with one in-memory queue connection) ever works its jobs. Several processes sharing one
  // queue is a PostgreSQL deployment, tested there.
  it.runIf(engine === 'postgres')(
    'runs each job exactly once when three connection pools in this process work the same queue',
    async () => {
      const x = await exactlyOnceDatabase();
      const connections: Database[] = [];
      const workers: Jobs[] = [];
      try {
        // Two "servers" and one "worker", each with its own pool and its own pg-boss.
        for (const label of ['server-1', 'server-2', 'worker']) {
          const db = openPostgres(x.url, 5);
          connections.push(db);
          processOf.set(db, label);
          const jobs = new Jobs(db, pino({ level: 'silent' }));
          await jobs.start();
          workers.push(jobs);
        }
        await Promise.all(workers.map((w) => w.work()));
        const spread = await x.runAndVerify(connections.slice(0, 2).map((db, i) => [db, workers[i] as Jobs]));
        expect(Object.keys(spread).length).toBeGreaterThan(1);
      } finally {
        for (const w of workers) await w.stop();
        for (const db of connections) await db.close();
        await x.close();
      }
    },
  );

  it.runIf(engine === 'postgres')(
    'runs each job exactly once when a server and two separate worker processes work the same queue',
    async () => {
      const x = await exactlyOnceDatabase();
      const dir = mkdtempSync(join(tmpdir(), 'peyvand-worker-'));
      const script = join(dir, 'worker.mjs');
      writeFileSync(script, childWorker);
      const children: ChildProcess[] = [];
      const server = openPostgres(x.url, 5);
      processOf.set(server, 'server');
      const jobs = new Jobs(server, pino({ level: 'silent' }));
      try {
        await jobs.start();
        for (const label of ['child-1', 'child-2']) {
          const child = spawn(process.execPath, ['--import', 'tsx', script], {
            cwd: repoRoot,
            env: { ...process.env, DATABASE_URL: x.url, WORKER_LABEL: label },
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          children.push(child);
        }
        // Each child says "ready" once its pg-boss works the queue.
        await Promise.all(
          children.map(
            (child) =>
              new Promise<void>((resolve, reject) => {
                let out = '';
                child.stdout?.on('data', (d: Buffer) => {
                  out += d.toString();
                  if (out.includes('ready')) resolve();
                });
                child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
              }),
          ),
        );
        await jobs.work();
        const spread = await x.runAndVerify([[server, jobs]]);
        expect(Object.keys(spread).length).toBeGreaterThan(1);
        expect((spread['child-1'] ?? 0) + (spread['child-2'] ?? 0)).toBeGreaterThan(0);
      } finally {
        await Promise.all(
          children.map(
            (child) =>
              new Promise<void>((resolve) => {
                if (child.exitCode !== null) return resolve();
                child.once('exit', () => resolve());
                child.kill('SIGTERM');
              }),
          ),
        );
        rmSync(dir, { recursive: true, force: true });
        await jobs.stop();
        await server.close();
        await x.close();
      }
    },
  );
});

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** A worker process: the same job kind as `test.exactly`, served by its own pool and pg-boss. */
const childWorker = `
import { openPostgres } from ${JSON.stringify(new URL('../db/postgres.ts', import.meta.url).href)};
import { defineJob, Jobs } from ${JSON.stringify(new URL('./jobs.ts', import.meta.url).href)};
const label = process.env.WORKER_LABEL;
const db = openPostgres(process.env.DATABASE_URL, 5);
defineJob('test.exactly', async (run) => {
  await run.db.query('INSERT INTO test_executions (run_id, process) VALUES ($1, $2)', [run.runId, label]);
  await run.db.query('INSERT INTO test_once (run_id, process) VALUES ($1, $2)', [run.runId, label]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { n: run.input.n };
}, { batchSize: 5 });
const quiet = () => {};
const jobs = new Jobs(db, { error: quiet, warn: quiet, info: quiet, debug: quiet });
await jobs.start();
await jobs.work();
process.stdout.write('ready\\n');
process.once('SIGTERM', async () => {
  await jobs.stop();
  await db.close();
  process.exit(0);
});
`;

/**
 * A fresh PostgreSQL database for the exactly-once tests: a tenant, a table that counts executions
 * and one whose primary key refuses a second execution of a run.
 */
async function exactlyOnceDatabase() {
  const test = await openTestDatabase('postgres');
  await migrate(test.db);
  await test.db.exec(`
    CREATE TABLE test_executions (run_id uuid NOT NULL, process text NOT NULL);
    CREATE TABLE test_once (run_id uuid PRIMARY KEY, process text NOT NULL);`);
  const tenantId = newId();
  await test.db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Exactly once')`, [tenantId]);
  const db = test.db;
  return {
    url: test.url as string,
    close: () => test.close(),
    /** Queues 300 jobs from the given servers, waits for all, checks each ran once; returns runs per process. */
    async runAndVerify(servers: [Database, Jobs][]): Promise<Record<string, number>> {
      const total = 300;
      const started = Date.now();
      const ids: string[] = [];
      for (let batch = 0; batch < 6; batch++) {
        const [serverDb, jobs] = servers[batch % servers.length] as [Database, Jobs];
        ids.push(
          ...(await inTenant(serverDb, tenantId, async (tx) => {
            const out: string[] = [];
            for (let i = 0; i < total / 6; i++)
              out.push(
                await jobs.enqueue(tx, ownerContext(tenantId, newId()), 'test.exactly', {
                  n: batch * 50 + i,
                }),
              );
            return out;
          })),
        );
      }
      await until(
        `all ${total} jobs to succeed`,
        async () => {
          const { rows } = await db.query<{ status: string; n: number }>(
            `SELECT status, count(*)::int AS n FROM job_runs WHERE queue = 'test.exactly' GROUP BY status`,
          );
          if (rows.some((r) => r.status === 'failed'))
            throw new Error(`a job failed: ${JSON.stringify(rows)}`);
          return rows.length === 1 && rows[0]?.status === 'succeeded' && rows[0].n === total;
        },
        25_000,
      );
      const elapsed = Date.now() - started;
      const { rows: exec } = await db.query<{ n: number; distinct_runs: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT run_id)::int AS distinct_runs FROM test_executions`,
      );
      expect(exec[0]).toEqual({ n: total, distinct_runs: total });
      const { rows: once } = await db.query<{ run_id: string }>(
        `SELECT run_id FROM test_once ORDER BY run_id`,
      );
      expect(once.map((r) => r.run_id)).toEqual([...ids].sort());
      const { rows: attempts } = await db.query<{ attempts: number; n: number }>(
        `SELECT attempts, count(*)::int AS n FROM job_runs WHERE queue = 'test.exactly' GROUP BY attempts`,
      );
      expect(attempts).toEqual([{ attempts: 1, n: total }]);
      const { rows: boss } = await db.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'test.exactly' GROUP BY state`,
      );
      expect(boss).toEqual([{ state: 'completed', n: total }]);
      const { rows: spread } = await db.query<{ process: string; n: number }>(
        `SELECT process, count(*)::int AS n FROM test_executions GROUP BY process ORDER BY process`,
      );
      const perProcess = Object.fromEntries(spread.map((r) => [r.process, r.n]));
      console.info(`exactly-once: ${total} jobs in ${elapsed} ms, per process ${JSON.stringify(perProcess)}`);
      return perProcess;
    },
  };
}
