import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import { newId } from '../ids.js';
import { defineJob, Jobs } from '../jobs/jobs.js';
import { type Context, inTenant } from '../tenancy/context.js';
import { openTestDatabase, testEngines } from '../testing/engines.js';
import { ownerContext, signupOrg, startTestApp, type TestApp } from '../testing/harness.js';
import { dispatchOutbox, queuesFor, startDispatcher, subscribe } from './dispatcher.js';
import { emit } from './outbox.js';

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

interface EventInput {
  eventId: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}
interface Delivery extends EventInput {
  queue: string;
  tenantId: string;
  createdBy: string | null;
}

// Two subscriber queues for one event type, and a third queue for a second type. Nobody subscribes to
// 'test.nobody.listens'. Subscribing to '*' is tested last, in its own block, since it would catch that.
const deliveries: Delivery[] = [];
for (const queue of ['test.audit-trail', 'test.notify', 'test.wildcard']) {
  defineJob<EventInput>(queue, async (run) => {
    deliveries.push({ queue, tenantId: run.tenantId, createdBy: run.createdBy, ...run.input });
    return { seen: run.input.eventId };
  });
}
subscribe('test.thing.happened', 'test.audit-trail');
subscribe('test.thing.happened', 'test.notify');
subscribe('test.other.happened', 'test.notify');

const deliveriesOf = (eventId: string) => deliveries.filter((d) => d.eventId === eventId);

interface OutboxRow {
  id: string;
  type: string;
  dispatched_at: Date | null;
}

/** Dispatches until the outbox is empty; returns how many events were dispatched. */
async function drain(db: Database, jobs: Jobs, batch?: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await dispatchOutbox(db, jobs, batch);
    if (n === 0) return total;
    total += n;
  }
}

describe.each(testEngines())('outbox on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let ctx: Context;

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Outbox');
    ctx = ownerContext(owner.tenantId, owner.userId);
    await drain(t.db, t.jobs); // the sign-up's own events
  });
  afterAll(async () => {
    await t?.close();
  });

  const outbox = async (ids: string[]) =>
    (
      await t.db.query<OutboxRow>(
        `SELECT id, type, dispatched_at FROM outbox_events WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows;
  const runsFor = async (eventId: string) =>
    (
      await t.db.query<{ queue: string; status: string; created_by: string | null; tenant_id: string }>(
        `SELECT queue, status, created_by, tenant_id FROM job_runs WHERE input->>'eventId' = $1 ORDER BY queue`,
        [eventId],
      )
    ).rows;

  it('dispatches committed events exactly once into each subscribed queue and marks them dispatched', async () => {
    const ids = await inTenant(t.db, owner.tenantId, async (tx) => [
      await emit(tx, ctx, 'test.thing.happened', { n: 1, name: 'سارا' }),
      await emit(tx, ctx, 'test.thing.happened', { n: 2 }),
      await emit(tx, ctx, 'test.other.happened', { n: 3 }),
    ]);
    const [first, second, other] = ids as [string, string, string];
    const before = await outbox(ids);
    expect(before.map((r) => r.dispatched_at)).toEqual([null, null, null]);

    const started = new Date();
    expect(await dispatchOutbox(t.db, t.jobs)).toBe(3);
    expect(await dispatchOutbox(t.db, t.jobs)).toBe(0);
    for (const row of await outbox(ids)) {
      expect(row.dispatched_at).toBeInstanceOf(Date);
      expect(row.dispatched_at?.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1_000);
    }
    expect((await runsFor(first)).map((r) => r.queue)).toEqual(['test.audit-trail', 'test.notify']);
    expect((await runsFor(other)).map((r) => r.queue)).toEqual(['test.notify']);

    await until('every delivery', async () => deliveries.filter((d) => ids.includes(d.eventId)).length === 5);
    await sleep(300); // nothing more arrives
    expect(
      deliveriesOf(first)
        .map((d) => d.queue)
        .sort(),
    ).toEqual(['test.audit-trail', 'test.notify']);
    expect(
      deliveriesOf(second)
        .map((d) => d.queue)
        .sort(),
    ).toEqual(['test.audit-trail', 'test.notify']);
    expect(deliveriesOf(other).map((d) => d.queue)).toEqual(['test.notify']);
    expect(deliveriesOf(first)[0]).toMatchObject({
      tenantId: owner.tenantId,
      createdBy: owner.userId,
      type: 'test.thing.happened',
      payload: { n: 1, name: 'سارا' },
    });
    expect(Number.isNaN(Date.parse(deliveriesOf(first)[0]?.occurredAt ?? ''))).toBe(false);
    await until('the runs to succeed', async () =>
      (await runsFor(first)).every((r) => r.status === 'succeeded'),
    );
    expect(await runsFor(first)).toEqual([
      { queue: 'test.audit-trail', status: 'succeeded', created_by: owner.userId, tenant_id: owner.tenantId },
      { queue: 'test.notify', status: 'succeeded', created_by: owner.userId, tenant_id: owner.tenantId },
    ]);
  });

  it('never dispatches events of a rolled-back transaction', async () => {
    let lost = '';
    await expect(
      inTenant(t.db, owner.tenantId, async (tx) => {
        lost = await emit(tx, ctx, 'test.thing.happened', { lost: true });
        throw new Error('the request failed after emitting');
      }),
    ).rejects.toThrow('the request failed after emitting');
    const kept = await inTenant(t.db, owner.tenantId, (tx) =>
      emit(tx, ctx, 'test.thing.happened', { lost: false }),
    );
    expect(await drain(t.db, t.jobs)).toBe(1);
    expect(await outbox([lost])).toEqual([]);
    await until('the committed event', async () => deliveriesOf(kept).length === 2);
    await sleep(200);
    expect(deliveriesOf(lost)).toEqual([]);
    expect(await runsFor(lost)).toEqual([]);
  });

  it('marks an event nobody subscribes to dispatched and queues no job for it', async () => {
    const id = await inTenant(t.db, owner.tenantId, (tx) => emit(tx, ctx, 'test.nobody.listens', { x: 1 }));
    expect(queuesFor('test.nobody.listens')).toEqual([]);
    const { rows: jobsBefore } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_runs`);
    expect(await dispatchOutbox(t.db, t.jobs)).toBe(1);
    const [row] = await outbox([id]);
    expect(row?.dispatched_at).toBeInstanceOf(Date);
    const { rows: jobsAfter } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_runs`);
    expect(jobsAfter[0]?.n).toBe(jobsBefore[0]?.n);
    expect(await runsFor(id)).toEqual([]);
    expect(await dispatchOutbox(t.db, t.jobs)).toBe(0);
  });

  it('keeps other organisations events apart and reports each in its own tenant', async () => {
    const other = await signupOrg(t.app, 'Other outbox');
    await drain(t.db, t.jobs);
    const mine = await inTenant(t.db, owner.tenantId, (tx) =>
      emit(tx, ctx, 'test.other.happened', { org: 'mine' }),
    );
    const theirs = await inTenant(t.db, other.tenantId, (tx) =>
      emit(tx, ownerContext(other.tenantId, other.userId), 'test.other.happened', { org: 'theirs' }),
    );
    expect(await drain(t.db, t.jobs)).toBe(2);
    await until(
      'both deliveries',
      async () => deliveriesOf(mine).length === 1 && deliveriesOf(theirs).length === 1,
    );
    expect(deliveriesOf(mine)[0]).toMatchObject({
      tenantId: owner.tenantId,
      createdBy: owner.userId,
      payload: { org: 'mine' },
    });
    expect(deliveriesOf(theirs)[0]).toMatchObject({
      tenantId: other.tenantId,
      createdBy: other.userId,
      payload: { org: 'theirs' },
    });
    // Row-level security: each organisation sees only its own events.
    const visible = await inTenant(t.db, owner.tenantId, async (tx) =>
      (
        await tx.query<{ id: string }>(`SELECT id FROM outbox_events WHERE id = ANY($1::uuid[])`, [
          [mine, theirs],
        ])
      ).rows.map((r) => r.id),
    );
    expect(visible).toEqual([mine]);
  });

  it('dispatches continuously with startDispatcher until stopped', async () => {
    const stop = startDispatcher(t.db, t.jobs, pino({ level: 'silent' }), 50);
    try {
      const id = await inTenant(t.db, owner.tenantId, (tx) =>
        emit(tx, ctx, 'test.thing.happened', { loop: true }),
      );
      await until('the dispatcher to deliver it', async () => deliveriesOf(id).length === 2);
      const [row] = await outbox([id]);
      expect(row?.dispatched_at).toBeInstanceOf(Date);
    } finally {
      await stop();
    }
    // Stopped: a new event stays in the outbox.
    const later = await inTenant(t.db, owner.tenantId, (tx) =>
      emit(tx, ctx, 'test.thing.happened', { loop: false }),
    );
    await sleep(200);
    expect((await outbox([later]))[0]?.dispatched_at).toBeNull();
    await drain(t.db, t.jobs);
  });

  // Two dispatchers on PGlite would share its one connection, which runs one transaction at a time;
  // the race that SKIP LOCKED settles only exists with several connections, i.e. on PostgreSQL.
  it.runIf(engine === 'postgres')(
    'never sends an event twice when two processes dispatch at once',
    async () => {
      const test = await openTestDatabase('postgres');
      const url = test.url as string;
      const pools: Database[] = [];
      const dispatchers: Jobs[] = [];
      try {
        await migrate(test.db);
        const tenantId = newId();
        const userId = newId();
        await test.db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Race')`, [tenantId]);
        for (let i = 0; i < 2; i++) {
          const db = openPostgres(url, 4);
          pools.push(db);
          const jobs = new Jobs(db, pino({ level: 'silent' }));
          await jobs.start();
          dispatchers.push(jobs);
        }
        const events = 200;
        const ids: string[] = [];
        for (let batch = 0; batch < 4; batch++) {
          ids.push(
            ...(await inTenant(test.db, tenantId, async (tx) => {
              const out: string[] = [];
              for (let i = 0; i < events / 4; i++) {
                out.push(
                  await emit(
                    tx,
                    ownerContext(tenantId, userId),
                    i % 2 ? 'test.thing.happened' : 'test.other.happened',
                    { i },
                  ),
                );
              }
              return out;
            })),
          );
        }
        const expectedJobs = ids.length / 2 + ids.length; // 2 queues for the even type, 1 for the other

        // Both dispatch loops run at once, each with small batches so their claims interleave.
        let mark = Date.now();
        const counts = await Promise.all(pools.map((db, i) => drain(db, dispatchers[i] as Jobs, 10)));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(events);
        console.info(
          `concurrent dispatch: ${events} events in ${Date.now() - mark} ms, per dispatcher ${JSON.stringify(counts)}`,
        );

        const { rows: pending } = await test.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`,
        );
        expect(pending[0]?.n).toBe(0);
        const { rows: perEvent } = await test.db.query<{ queue: string; event_id: string; n: number }>(
          `SELECT queue, input->>'eventId' AS event_id, count(*)::int AS n FROM job_runs GROUP BY 1, 2`,
        );
        expect(perEvent).toHaveLength(expectedJobs);
        expect(perEvent.filter((r) => r.n !== 1)).toEqual([]);
        const { rows: boss } = await test.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'test.%'`,
        );
        expect(boss[0]?.n).toBe(expectedJobs);

        // And the queued jobs then run once each, in both processes.
        mark = Date.now();
        const before = deliveries.length;
        await Promise.all(dispatchers.map((d) => d.work()));
        await until('every job to run', async () => deliveries.length - before >= expectedJobs, 20_000);
        await sleep(300);
        const ran = deliveries.slice(before).filter((d) => d.tenantId === tenantId);
        expect(ran).toHaveLength(expectedJobs);
        expect(new Set(ran.map((d) => `${d.queue} ${d.eventId}`)).size).toBe(expectedJobs);
        console.info(`concurrent dispatch: ${expectedJobs} jobs ran in ${Date.now() - mark} ms`);
      } finally {
        for (const jobs of dispatchers) await jobs.stop();
        for (const db of pools) await db.close();
        await test.close();
      }
    },
  );
});

// Last, because a '*' subscription stays for the rest of the file.
describe.each(testEngines())('wildcard subscriptions on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends every event to a * subscriber, once even when the queue also subscribes to the type', async () => {
    subscribe('*', 'test.wildcard');
    subscribe('*', 'test.notify'); // test.notify also subscribes to both test types by name
    expect(queuesFor('test.thing.happened').sort()).toEqual([
      'test.audit-trail',
      'test.notify',
      'test.wildcard',
    ]);
    expect(queuesFor('test.nobody.listens').sort()).toEqual(['test.notify', 'test.wildcard']);

    const owner = await signupOrg(t.app, 'Wildcard');
    const ctx = ownerContext(owner.tenantId, owner.userId);
    const [thing, nobody] = await inTenant(t.db, owner.tenantId, async (tx) => [
      await emit(tx, ctx, 'test.thing.happened', { w: 1 }),
      await emit(tx, ctx, 'test.nobody.listens', { w: 2 }),
    ]);
    await drain(t.db, t.jobs);
    await until(
      'the deliveries',
      async () => deliveriesOf(thing as string).length === 3 && deliveriesOf(nobody as string).length === 2,
    );
    await sleep(300);
    expect(
      deliveriesOf(thing as string)
        .map((d) => d.queue)
        .sort(),
    ).toEqual(['test.audit-trail', 'test.notify', 'test.wildcard']);
    expect(
      deliveriesOf(nobody as string)
        .map((d) => d.queue)
        .sort(),
    ).toEqual(['test.notify', 'test.wildcard']);
    // The sign-up's own events reached the wildcard queue too.
    await until('the sign-up event', async () =>
      deliveries.some(
        (d) => d.queue === 'test.wildcard' && d.type === 'tenant.created' && d.tenantId === owner.tenantId,
      ),
    );
  });
});
