/**
 * Crashes, stops and resumes: a batch is all or nothing, last_row moves with it, and however an
 * import is interrupted and continued (the job's own retry, POST …/resume, a stop, a second runner
 * taking over) the records come out exactly once with exactly the planted totals.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { existingPeople, type Fate, messyContacts } from './generator.js';
import { BATCH_ROWS, importTestHooks } from './runner.js';
import { getJson, type JobView, until, upload, waitForJob } from './test-support.js';

interface Imp {
  id: string;
  status: string;
  lastRow: number;
  error: string | null;
  jobId: string;
  counts: Record<string, number>;
}

const ROWS = 2_600; // 6 batches, the last one short

describe.each(testEngines())('stopping, crashing and resuming imports on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
  });
  afterEach(() => {
    importTestHooks.inBatch = undefined;
    importTestHooks.afterBatch = undefined;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh organisation's import of a planted file (each test its own, so counts are its own). */
  async function prepared(seed: number) {
    const org = await signupOrg(t.app, `Resume ${seed}`);
    const { csv, plan } = messyContacts(ROWS, seed, existingPeople(0));
    const res = await upload(t.app, org.cookie, 'contact', csv, 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    return { org, imp: res.json() as Imp, plan };
  }
  const expected = (plan: ReturnType<typeof messyContacts>['plan']) => ({
    created: plan.expect.created,
    rejected: plan.expect.rejected,
    skipped: plan.expect.skipped,
    updated: 0,
    blank: 0,
    accountsCreated: plan.companiesCreated.size,
  });
  /** The records of an organisation: every planted person once, nobody twice. */
  async function assertRecords(
    tenantId: string,
    fates: Map<number, Fate>,
    upToRow = Number.POSITIVE_INFINITY,
  ) {
    const { rows } = await t.db.query<{ phone: string; n: number }>(
      `SELECT phones_canonical[1] AS phone, count(*) AS n FROM contacts WHERE tenant_id = $1 GROUP BY 1`,
      [tenantId],
    );
    const want = [...fates]
      .filter(([row, f]) => row <= upToRow && f.kind === 'created')
      .map(([, f]) => (f as Extract<Fate, { kind: 'created' }>).person.mobile as string)
      .sort();
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(rows.map((r) => r.phone).sort()).toEqual(want);
  }
  const start = async (cookie: string, id: string, step: 'run' | 'resume') => {
    const res = await call(t.app, { method: 'POST', url: `/api/v1/imports/${id}/${step}`, cookie });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as { jobId: string }).jobId;
  };

  it("a crash between batches: the job's own retry continues after the last committed batch", async () => {
    const { org, imp, plan } = await prepared(11);
    let crashed = false;
    importTestHooks.afterBatch = ({ importId, batch }) => {
      if (importId === imp.id && batch === 2 && !crashed) {
        crashed = true;
        throw new Error('simulated crash after batch 2');
      }
    };
    const jobId = await start(org.cookie, imp.id, 'run');
    const job = await waitForJob(t.app, org.cookie, jobId);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(crashed).toBe(true);
    const done = await getJson<Imp>(t.app, org.cookie, `/api/v1/imports/${imp.id}`);
    expect(done).toMatchObject({ status: 'completed', lastRow: ROWS + 1, counts: expected(plan) });
    const attempts = await t.db.query<{ attempts: number }>(`SELECT attempts FROM job_runs WHERE id = $1`, [
      jobId,
    ]);
    expect(attempts.rows[0]?.attempts).toBe(2);
    await assertRecords(org.tenantId, plan.fates);
  });

  it('a crash inside a batch rolls the whole batch back; after the job gives up, POST …/resume finishes exactly', async () => {
    const { org, imp, plan } = await prepared(12);
    // Every attempt dies while writing the third batch of the file (before its commit).
    importTestHooks.inBatch = ({ importId, lastRow }) => {
      if (importId === imp.id && lastRow > 2 * BATCH_ROWS + 1)
        throw new Error('simulated crash inside batch 3');
    };
    const jobId = await start(org.cookie, imp.id, 'run');
    const job: JobView = await waitForJob(t.app, org.cookie, jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('simulated crash');
    const failed = await getJson<Imp>(t.app, org.cookie, `/api/v1/imports/${imp.id}`);
    // Three attempts (the first and two retries), each stopped by the third batch: two batches stand.
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('simulated crash');
    const lastRow = failed.lastRow;
    expect(lastRow).toBe(2 * BATCH_ROWS + 1);
    const attempts = await t.db.query<{ attempts: number }>(`SELECT attempts FROM job_runs WHERE id = $1`, [
      jobId,
    ]);
    expect(attempts.rows[0]?.attempts).toBe(3);
    await assertRecords(org.tenantId, plan.fates, lastRow);
    const rows = await getJson<{ items: { row: number }[] }>(
      t.app,
      org.cookie,
      `/api/v1/imports/${imp.id}/rows?limit=1000`,
    );
    expect(rows.items.every((r) => r.row <= lastRow)).toBe(true);

    importTestHooks.inBatch = undefined;
    const resumed = await waitForJob(t.app, org.cookie, await start(org.cookie, imp.id, 'resume'));
    expect(resumed.status, resumed.error ?? '').toBe('succeeded');
    const done = await getJson<Imp>(t.app, org.cookie, `/api/v1/imports/${imp.id}`);
    expect(done).toMatchObject({
      status: 'completed',
      lastRow: ROWS + 1,
      counts: expected(plan),
      error: null,
    });
    await assertRecords(org.tenantId, plan.fates);
    const again = await call(t.app, {
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/resume`,
      cookie: org.cookie,
    });
    expect(again.statusCode).toBe(409);
  });

  it('stop after the current batch, then resume; a resume while running takes over without doubles', async () => {
    const { org, imp, plan } = await prepared(13);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached = false;
    importTestHooks.afterBatch = async ({ importId, batch }) => {
      if (importId !== imp.id || batch !== 1) return;
      reached = true;
      await gate;
    };
    const first = await start(org.cookie, imp.id, 'run');
    await until('the first batch', async () => reached);
    const stopped = await call(t.app, {
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/stop`,
      cookie: org.cookie,
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect((stopped.json() as Imp).status).toBe('stopped');
    release();
    const firstJob = await waitForJob(t.app, org.cookie, first);
    expect(firstJob.status).toBe('succeeded');
    expect(firstJob.result).toMatchObject({ superseded: true });
    const paused = await getJson<Imp>(t.app, org.cookie, `/api/v1/imports/${imp.id}`);
    expect(paused).toMatchObject({ status: 'stopped', lastRow: BATCH_ROWS + 1 });

    // Resume, and while it waits after its first batch, resume again: the second runner takes over.
    let release2: () => void = () => {};
    const gate2 = new Promise<void>((resolve) => {
      release2 = resolve;
    });
    let reached2 = false;
    importTestHooks.afterBatch = async ({ importId, batch }) => {
      if (importId !== imp.id || batch !== 1 || reached2) return;
      reached2 = true;
      await gate2;
    };
    const second = await start(org.cookie, imp.id, 'resume');
    await until('the resumed first batch', async () => reached2);
    const third = await start(org.cookie, imp.id, 'resume');
    release2();
    expect((await waitForJob(t.app, org.cookie, second)).result).toMatchObject({ superseded: true });
    const thirdJob = await waitForJob(t.app, org.cookie, third);
    expect(thirdJob.status, thirdJob.error ?? '').toBe('succeeded');
    expect(thirdJob.total).toBe(ROWS - 2 * BATCH_ROWS);
    const done = await getJson<Imp>(t.app, org.cookie, `/api/v1/imports/${imp.id}`);
    expect(done).toMatchObject({ status: 'completed', lastRow: ROWS + 1, counts: expected(plan) });
    await assertRecords(org.tenantId, plan.fates);
  });

  it('reports progress with rate and ETA through the job, and the dry run can be stopped', async () => {
    const { org, imp, plan } = await prepared(14);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached = false;
    importTestHooks.afterBatch = async ({ importId, batch, mode }) => {
      if (importId !== imp.id || mode !== 'run' || batch !== 2) return;
      reached = true;
      await gate;
    };
    const jobId = await start(org.cookie, imp.id, 'run');
    await until('two batches', async () => reached);
    const mid = await getJson<JobView>(t.app, org.cookie, `/api/v1/jobs/${jobId}`);
    expect(mid).toMatchObject({ status: 'running', progress: 2 * BATCH_ROWS, total: ROWS });
    expect(mid.ratePerSecond).toBeGreaterThan(0);
    expect(mid.etaSeconds).toBeGreaterThan(0);
    release();
    expect((await waitForJob(t.app, org.cookie, jobId)).status).toBe('succeeded');
    expect((await getJson<Imp>(t.app, org.cookie, `/api/v1/imports/${imp.id}`)).counts).toEqual(
      expected(plan),
    );

    const other = await prepared(15);
    let hold: () => void = () => {};
    const dryGate = new Promise<void>((resolve) => {
      hold = resolve;
    });
    let dryReached = false;
    importTestHooks.afterBatch = async ({ importId, mode }) => {
      if (importId !== other.imp.id || mode !== 'dry_run' || dryReached) return;
      dryReached = true;
      await dryGate;
    };
    const dry = await call(t.app, {
      method: 'POST',
      url: `/api/v1/imports/${other.imp.id}/dry-run`,
      cookie: other.org.cookie,
    });
    expect(dry.statusCode).toBe(202);
    await until('the dry run', async () => dryReached);
    const stop = await call(t.app, {
      method: 'POST',
      url: `/api/v1/imports/${other.imp.id}/stop`,
      cookie: other.org.cookie,
    });
    expect((stop.json() as Imp & { dryRun: { status: string } }).dryRun.status).toBe('stopped');
    hold();
    await waitForJob(t.app, other.org.cookie, (dry.json() as { jobId: string }).jobId);
    const after = await getJson<Imp & { dryRun: { status: string } }>(
      t.app,
      other.org.cookie,
      `/api/v1/imports/${other.imp.id}`,
    );
    expect(after).toMatchObject({ status: 'ready', dryRun: { status: 'stopped' } });
    const keys = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM imports_dry_keys WHERE import_id = $1`,
      [other.imp.id],
    );
    expect(keys.rows[0]?.n).toBe(0);
  });
});
