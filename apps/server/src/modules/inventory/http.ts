/** What the inventory routes share: the error responses and one way to check a right and enter the tenant. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import type { Database, Transaction } from '../../platform/db/database.js';
import { idempotent, sendCreated, setVersionHeader } from '../../platform/http/concurrency.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { Action } from '../../platform/permissions/rights.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { INVENTORY_MODULE } from './permissions.js';

export const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
export const byId = z.object({ id: z.uuid() });
export const tags = ['inventory'];

/** Checks the inventory right, then runs `fn` in the request's organisation (one transaction). */
export function runner(db: Database) {
  return <T>(request: FastifyRequest, action: Action, fn: (tx: Transaction, ctx: Context) => Promise<T>) => {
    const ctx = contextOf(request);
    assertCan(ctx.actor, action, { module: INVENTORY_MODULE });
    return inTenant(db, ctx.actor.tenantId, (tx) => fn(tx, ctx));
  };
}

/** A create under Idempotency-Key: 201 with the version header (unless replayed). */
export async function created<T>(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  make: (tx: Transaction, ctx: Context) => Promise<T>,
) {
  const result = await runner(db)(request, 'create', (tx, ctx) =>
    idempotent(tx, ctx, request, async () => ({ status: 201, body: await make(tx, ctx) })),
  );
  const body = result.body as { version?: unknown };
  if (!result.replayed && typeof body.version === 'number') setVersionHeader(reply, body.version);
  return sendCreated(reply, result);
}
