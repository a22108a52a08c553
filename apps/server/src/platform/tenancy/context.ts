import { type Database, prepared, type Transaction } from '../db/database.js';
import type { Actor } from '../permissions/can.js';

/** What a service needs to know about the request it serves. */
export interface Context {
  actor: Actor;
  requestId: string;
}

const ENTER_TENANT = prepared(
  'tenancy.enter',
  `SELECT set_config('app.tenant_id', $1, true), set_config('role', 'peyvand_app', true)`,
);

/**
 * Runs `fn` in one transaction as the row-level-security role with the tenant set for that
 * transaction only (set_config(…, true) = SET LOCAL), so the database itself keeps tenants apart.
 */
export function inTenant<T>(db: Database, tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(ENTER_TENANT, [tenantId]);
    return fn(tx);
  });
}

/**
 * Runs `fn` inside the transaction as the connecting user (the tables' owner, outside row-level
 * security), then gives the transaction its role back. Only for statements that name the tenant
 * themselves and cannot run as the row-level-security role: pg-boss's tables, and index look-ups
 * whose operators are not leakproof (under a policy PostgreSQL must not use them in an index scan).
 */
export async function asOwner<T>(tx: Transaction, fn: () => Promise<T>): Promise<T> {
  const { rows } = await tx.query<{ role: string }>(`SELECT current_setting('role') AS role`);
  const role = rows[0]?.role ?? 'none';
  if (role !== 'none') await tx.query(`SELECT set_config('role', 'none', true)`);
  const result = await fn();
  if (role !== 'none') await tx.query(`SELECT set_config('role', $1, true)`, [role]);
  return result;
}
