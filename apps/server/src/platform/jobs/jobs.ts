import { fromPglite, type JobResult, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Transaction } from '../db/database.js';
import type { PgliteDatabase } from '../db/pglite.js';
import type { PostgresDatabase } from '../db/postgres.js';
import { newId } from '../ids.js';
import { asOwner, type Context, inTenant } from '../tenancy/context.js';

/** What a job handler receives: who asked, the input, and a way to report progress. */
export interface JobRun<I> {
  runId: string;
  tenantId: string;
  createdBy: string | null;
  input: I;
  db: Database;
  progress(done: number, total?: number | null, message?: string): Promise<void>;
}
export type JobHandler<I = unknown> = (run: JobRun<I>) => Promise<unknown>;

interface JobDefinition {
  queue: string;
  handler: JobHandler<never>;
  batchSize: number;
}

const definitions = new Map<string, JobDefinition>();

/** Modules declare their job kinds once, at import time; every worker process then serves them. */
export function defineJob<I>(
  queue: string,
  handler: JobHandler<I>,
  options: { batchSize?: number } = {},
): void {
  definitions.set(queue, {
    queue,
    handler: handler as JobHandler<never>,
    batchSize: options.batchSize ?? 10,
  });
}

interface QueuedJob {
  tenantId: string;
  runId: string;
  createdBy: string | null;
  input: unknown;
}

/** The job system over pg-boss: one code path on both engines (pg-boss has a PGlite backend). */
export class Jobs {
  private readonly boss: PgBoss;
  private working = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
  ) {
    this.boss =
      db.engine === 'pglite'
        ? new PgBoss({
            db: fromPglite((db as PgliteDatabase).pglite),
            backend: 'pglite',
            useListenNotify: true,
            supervise: true,
            schedule: false,
          })
        : new PgBoss({
            db: poolAdapter(db as PostgresDatabase),
            useListenNotify: false,
            supervise: true,
            schedule: false,
          });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const def of definitions.values())
      await this.boss.createQueue(def.queue, { notify: true, retryLimit: 2, retryBackoff: true });
  }

  /** Starts serving every defined queue in this process. Safe in several processes at once. */
  async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    for (const def of definitions.values()) {
      // Each job of a batch is settled on its own: one failing job must not fail (and so skip, retry
      // and eventually bury) the others fetched with it.
      const options = {
        batchSize: def.batchSize,
        pollingIntervalSeconds: 0.5,
        notifyPollingIntervalSeconds: 2,
        burstWhenBatchFull: true,
        includeMetadata: true,
        perJobResults: true,
      } as const;
      await this.boss.work<QueuedJob, unknown, typeof options>(def.queue, options, async (jobs) => {
        const results: JobResult[] = [];
        for (const job of jobs) {
          try {
            await this.execute(def, job.data, job.retryCount >= job.retryLimit);
            results.push({ id: job.id, status: 'completed' });
          } catch (err) {
            results.push({
              id: job.id,
              status: 'failed',
              output: { message: err instanceof Error ? err.message : String(err) },
            });
          }
        }
        return results;
      });
    }
  }

  /**
   * Queues a job in the caller's transaction: the job exists if and only if the caller commits.
   * Returns the run id that GET /api/v1/jobs/:id and its event stream report on.
   */
  enqueue(tx: Transaction, ctx: Context, queue: string, input: Record<string, unknown>): Promise<string> {
    return this.queueRun(tx, ctx.actor.tenantId, ctx.actor.userId, queue, input);
  }

  /** Queues the job a subscriber gets for one outbox event (called by the dispatcher). */
  sendEvent(
    tx: Transaction,
    queue: string,
    event: {
      tenant_id: string;
      id: string;
      type: string;
      payload: unknown;
      actor_id: string | null;
      created_at: Date;
    },
  ): Promise<string> {
    return this.queueRun(tx, event.tenant_id, event.actor_id, queue, {
      eventId: event.id,
      type: event.type,
      payload: event.payload,
      occurredAt: event.created_at,
    });
  }

  private async queueRun(
    tx: Transaction,
    tenantId: string,
    createdBy: string | null,
    queue: string,
    input: Record<string, unknown>,
  ) {
    if (!definitions.has(queue)) throw new Error(`Unknown job queue ${queue}`);
    const runId = newId();
    await tx.query(
      `INSERT INTO job_runs (tenant_id, id, queue, input, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, runId, queue, JSON.stringify(input), createdBy],
    );
    const data: QueuedJob = { tenantId, runId, createdBy, input };
    // A request's transaction runs as peyvand_app (inTenant), which has no rights on pg-boss's schema.
    await asOwner(tx, () =>
      this.boss.send(
        queue,
        { ...data },
        { id: runId, db: { executeSql: (text, values) => tx.query(text, values) } },
      ),
    );
    return runId;
  }

  /** Runs one delivery of a job; `lastAttempt` when pg-boss will not retry it after a failure. */
  private async execute(def: JobDefinition, job: QueuedJob, lastAttempt: boolean): Promise<void> {
    const { tenantId, runId } = job;
    const claimed = await inTenant(this.db, tenantId, (tx) =>
      tx.query(
        `UPDATE job_runs SET status = 'running', started_at = COALESCE(started_at, now()), attempts = attempts + 1,
           updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running', 'failed') RETURNING id`,
        [tenantId, runId],
      ),
    );
    // A run that finished already (e.g. the queue redelivered after a crash past the commit) is not repeated.
    if (claimed.rowCount === 0) return;
    try {
      const result = await def.handler({
        runId,
        tenantId,
        createdBy: job.createdBy,
        input: job.input as never,
        db: this.db,
        progress: async (done, total, message) => {
          await inTenant(this.db, tenantId, async (tx) => {
            await tx.query(
              `UPDATE job_runs SET progress = $3, total = COALESCE($4, total), message = COALESCE($5, message), updated_at = now()
               WHERE tenant_id = $1 AND id = $2`,
              [tenantId, runId, done, total ?? null, message ?? null],
            );
          });
          // PGlite runs in this thread and its promises settle without I/O: a job that never gave the
          // event loop a turn would hold every HTTP request (its own progress too) until it ended.
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
      });
      await inTenant(this.db, tenantId, (tx) =>
        tx.query(
          `UPDATE job_runs SET status = 'succeeded', result = $3, finished_at = now(), updated_at = now(), error = NULL
           WHERE tenant_id = $1 AND id = $2`,
          [tenantId, runId, JSON.stringify(result ?? null)],
        ),
      );
    } catch (err) {
      this.log.warn({ err, runId, queue: def.queue, lastAttempt }, 'job failed');
      // Only the last attempt is final: before it the run waits for its retry (as queued, with the
      // error so far), so readers and event streams do not report an outcome that a retry then changes.
      await inTenant(this.db, tenantId, (tx) =>
        tx.query(
          lastAttempt
            ? `UPDATE job_runs SET status = 'failed', error = $3, finished_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2`
            : `UPDATE job_runs SET status = 'queued', error = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
          [tenantId, runId, err instanceof Error ? err.message : String(err)],
        ),
      );
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5_000, close: true });
  }
}

// pg-boss runs on our own pool, so a process keeps one pool for both the app and its queue.
function poolAdapter(db: PostgresDatabase) {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await db.pool.query(text, values);
      // A multi-statement script comes back as one result per statement.
      return Array.isArray(result) ? { rows: result.flatMap((r) => r.rows ?? []) } : { rows: result.rows };
    },
  };
}
