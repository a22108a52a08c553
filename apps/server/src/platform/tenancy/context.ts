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
