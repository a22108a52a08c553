import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { Jobs } from '../jobs/jobs.js';

// Which queues want which event types ('*' for all). Modules subscribe at import time.
const subscriptions = new Map<string, Set<string>>();

export function subscribe(eventType: string, queue: string): void {
  const queues = subscriptions.get(eventType) ?? new Set<string>();
  queues.add(queue);
  subscriptions.set(eventType, queues);
}

export function queuesFor(eventType: string): string[] {
  // A set: a queue subscribed both to the type and to '*' gets the event once, not twice.
  return [...new Set([...(subscriptions.get(eventType) ?? []), ...(subscriptions.get('*') ?? [])])];
}

interface OutboxRow {
  tenant_id: string;
  id: string;
  type: string;
  payload: Record<string, unknown>;
  actor_id: string | null;
  created_at: Date;
}

/**
 * Moves committed outbox events into job queues. Each batch is claimed with SKIP LOCKED and its jobs
 * are sent in the same transaction that marks the events dispatched, so several processes can run
 * this loop and every event becomes its jobs exactly once.
 */
export async function dispatchOutbox(db: Database, jobs: Jobs, batch = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<OutboxRow>(
      `SELECT tenant_id, id, type, payload, actor_id, created_at FROM outbox_events
       WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    for (const event of rows) {
      for (const queue of queuesFor(event.type)) {
        await jobs.sendEvent(tx, queue, event);
      }
    }
    if (rows.length > 0) {
      await tx.query(
        `UPDATE outbox_events SET dispatched_at = now() WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        [rows.map((r) => r.tenant_id), rows.map((r) => r.id)],
      );
    }
    return rows.length;
  });
}

/** Runs the dispatcher every `intervalMs` until stopped; returns the stop function. */
export function startDispatcher(
  db: Database,
  jobs: Jobs,
  log: Logger,
  intervalMs = 250,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    running = dispatchOutbox(db, jobs).catch((err) => log.error({ err }, 'outbox dispatch failed'));
    await running;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
