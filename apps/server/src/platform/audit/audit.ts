import type { Transaction } from '../db/database.js';
import { newId } from '../ids.js';
import type { Context } from '../tenancy/context.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'merge' | string;
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

// Secrets never enter the audit log, only the fact that they changed.
const REDACTED = new Set(['passwordHash', 'password_hash', 'tokenHash', 'token_hash']);

function comparable(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
}

/** Field-level before/after of two versions of a record (either may be absent: create, delete). */
export function diff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'version' || key === 'updatedAt' || key === 'updated_at') continue;
    const b = before?.[key];
    const a = after?.[key];
    if (comparable(b) === comparable(a)) continue;
    changes[key] = REDACTED.has(key)
      ? { before: '[redacted]', after: '[redacted]' }
      : { before: b ?? null, after: a ?? null };
  }
  return changes;
}

/** Writes the audit row in the caller's transaction, so the change and its record commit together. */
export async function audit(
  tx: Transaction,
  ctx: Context,
  entry: {
    entity: string;
    entityId: string;
    action: AuditAction;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    changes?: FieldChanges;
  },
): Promise<void> {
  const changes = entry.changes ?? diff(entry.before ?? null, entry.after ?? null);
  await tx.query(
    `INSERT INTO audit_log (tenant_id, id, actor_id, actor_type, entity, entity_id, action, changes, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ctx.actor.tenantId,
      newId(),
      ctx.actor.userId,
      ctx.actor.kind,
      entry.entity,
      entry.entityId,
      entry.action,
      JSON.stringify(changes),
      ctx.requestId,
    ],
  );
}

export interface LastChange {
  by: { id: string; name: string } | null;
  at: Date;
  action: string;
}

/** Who last changed a record and when: its newest audit row (a member's name; null for tokens and the system). */
export async function lastChange(
  tx: Transaction,
  entity: string,
  entityId: string,
): Promise<LastChange | null> {
  const { rows } = await tx.query<{ actor_id: string | null; name: string | null; at: Date; action: string }>(
    `SELECT a.actor_id, u.name, a.at, a.action FROM audit_log a
       LEFT JOIN users u ON a.actor_type = 'user' AND u.id = a.actor_id
      WHERE a.entity = $1 AND a.entity_id = $2
      ORDER BY a.at DESC LIMIT 1`,
    [entity, entityId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    by: row.actor_id && row.name ? { id: row.actor_id, name: row.name } : null,
    at: row.at,
    action: row.action,
  };
}
