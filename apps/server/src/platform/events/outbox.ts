import type { Transaction } from '../db/database.js';
import { newId } from '../ids.js';
import type { Context } from '../tenancy/context.js';

/** Appends a domain event in the caller's transaction; the dispatcher later turns it into jobs. */
export async function emit(
  tx: Transaction,
  ctx: Context,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const id = newId();
  await tx.query(
    `INSERT INTO outbox_events (tenant_id, id, type, payload, actor_id, request_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [ctx.actor.tenantId, id, type, JSON.stringify(payload), ctx.actor.userId, ctx.requestId],
  );
  return id;
}
