import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastChange } from '../audit/audit.js';
import type { Transaction } from '../db/database.js';
import type { Context } from '../tenancy/context.js';
import { conflict, Problem } from './problem.js';

/** The version named by If-Match ("3", W/"3" or 3); undefined when the client sent none. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!match) throw new Problem(400, 'Bad Request', 'If-Match must be the record version, e.g. "3"');
  return Number(match[1]);
}

/** Optimistic concurrency: a write that names a version other than the stored one gets 409. */
export function assertVersion(expected: number | undefined, actual: number, what: string): void {
  if (expected !== undefined && expected !== actual) {
    throw conflict(
      `${what} was changed by someone else (version ${actual}, you had ${expected}); reload or overwrite`,
    );
  }
}

/**
 * As assertVersion, for records people edit together: the 409 also says who made the change the client
 * had not seen, and when (from the record's newest audit row), so the screen can tell the user.
 */
export async function assertCurrent(
  tx: Transaction,
  expected: number | undefined,
  actual: number,
  what: string,
  subject: { entity: string; id: string },
): Promise<void> {
  if (expected === undefined || expected === actual) return;
  const change = await lastChange(tx, subject.entity, subject.id);
  const by = change?.by ? ` by ${change.by.name} at ${change.at.toISOString()}` : '';
  throw new Problem(
    409,
    'Conflict',
    `${what} was changed${by} (version ${actual}, you had ${expected}); reload or overwrite`,
    undefined,
    undefined,
    change
      ? { lastChange: { by: change.by, at: change.at.toISOString(), action: change.action, version: actual } }
      : undefined,
  );
}

export function setVersionHeader(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/**
 * Idempotency-Key for creates: the first request's response is stored in the same transaction as
 * the record, and a retry with the same key gets that response again instead of a second record.
 * A concurrent retry waits on the key's unique index until the first commits.
 */
export async function idempotent<T>(
  tx: Transaction,
  ctx: Context,
  request: FastifyRequest,
  create: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return { ...(await create()), replayed: false };
  if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
    throw new Problem(400, 'Bad Request', 'Idempotency-Key must be 1–200 characters');
  }
  const principal = ctx.actor.tokenId ? `token:${ctx.actor.tokenId}` : `user:${ctx.actor.userId}`;
  const path = request.url.split('?')[0] ?? '';
  const hash = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, principal, key, method, path, request_hash, status_code)
     VALUES ($1, $2, $3, $4, $5, $6, 0) ON CONFLICT DO NOTHING`,
    [ctx.actor.tenantId, principal, key, request.method, path, hash],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await tx.query<{ request_hash: string; path: string; status_code: number; response: T }>(
      `SELECT request_hash, path, status_code, response FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
      [ctx.actor.tenantId, principal, key],
    );
    const previous = rows[0];
    if (!previous || previous.request_hash !== hash || previous.path !== path) {
      throw new Problem(
        422,
        'Unprocessable Entity',
        'This Idempotency-Key was used for a different request',
        [
          {
            path: 'header.idempotency-key',
            message: 'Reused with a different request',
            code: 'idempotency_mismatch',
          },
        ],
      );
    }
    return { status: previous.status_code, body: previous.response, replayed: true };
  }
  const result = await create();
  await tx.query(
    `UPDATE idempotency_keys SET status_code = $4, response = $5 WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
    [ctx.actor.tenantId, principal, key, result.status, JSON.stringify(result.body)],
  );
  return { ...result, replayed: false };
}

/** Sends a create's result; a replayed one is already plain JSON and skips the schema serializer. */
export function sendCreated<T>(reply: FastifyReply, result: { status: number; body: T; replayed: boolean }) {
  if (result.replayed) reply.header('idempotent-replayed', 'true').serializer(JSON.stringify);
  return reply.status(result.status).send(result.body);
}
