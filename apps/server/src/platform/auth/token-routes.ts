import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { fieldError, notFound, ProblemSchema } from '../http/problem.js';
import { hashSecret, newId, newSecret } from '../ids.js';
import { assertCan } from '../permissions/can.js';
import type { PlatformDeps } from '../routes.js';
import { inTenant } from '../tenancy/context.js';
import { contextOf } from './authenticate.js';
import { TOKEN_PREFIX } from './principal.js';

const TokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    role: z.string(),
    createdBy: z.uuid(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: 'ApiToken' });
const errors = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
const view = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: t.role,
  createdBy: t.created_by,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

export function tokenRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for an integration (the secret is shown once)',
        body: z.object({ name: z.string().trim().min(1).max(100), role: z.string().min(1).max(64) }),
        response: { 201: TokenSchema.extend({ token: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: 'tokens' });
      const result = await inTenant(db, ctx.actor.tenantId, async (tx) => {
        const role = await tx.query<{ id: string; key: string }>(
          `SELECT id, key FROM roles WHERE tenant_id = $1 AND key = $2`,
          [ctx.actor.tenantId, request.body.role],
        );
        const roleRow = role.rows[0];
        if (!roleRow) throw fieldError('role', 'Unknown role', 'not_found');
        // A token can never hold more power than the person creating it.
        if (roleRow.key === 'owner' && ctx.actor.role.key !== 'owner')
          throw fieldError('role', 'Only an owner can create an owner token', 'forbidden');
        const secret = `${TOKEN_PREFIX}${newSecret()}`;
        const id = newId();
        const { rows } = await tx.query<TokenRow>(
          `INSERT INTO api_tokens (tenant_id, id, name, token_hash, prefix, role_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, name, prefix, $8::text AS role, created_by, created_at, last_used_at, revoked_at`,
          [
            ctx.actor.tenantId,
            id,
            request.body.name,
            hashSecret(secret),
            secret.slice(0, 10),
            roleRow.id,
            ctx.actor.userId,
            roleRow.key,
          ],
        );
        await audit(tx, ctx, {
          entity: 'api_token',
          entityId: id,
          action: 'create',
          after: { name: request.body.name, role: roleRow.key },
        });
        return { ...view(rows[0] as TokenRow), token: secret };
      });
      return reply.status(201).send(result);
    },
  );

  r.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'API tokens of the organisation',
        response: { 200: z.object({ items: z.array(TokenSchema), nextCursor: z.null() }), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'tokens' });
      const rows = await inTenant(db, ctx.actor.tenantId, (tx) =>
        tx.query<TokenRow>(
          `SELECT t.id, t.name, t.prefix, r.key AS role, t.created_by, t.created_at, t.last_used_at, t.revoked_at
         FROM api_tokens t JOIN roles r ON r.tenant_id = t.tenant_id AND r.id = t.role_id ORDER BY t.created_at DESC`,
        ),
      );
      return { items: rows.rows.map(view), nextCursor: null };
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: 'tokens' });
      await inTenant(db, ctx.actor.tenantId, async (tx) => {
        const { rows } = await tx.query<{ name: string }>(
          `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING name`,
          [request.params.id],
        );
        if (!rows[0]) throw notFound('API token');
        await audit(tx, ctx, {
          entity: 'api_token',
          entityId: request.params.id,
          action: 'delete',
          before: { revokedAt: null },
          after: { revokedAt: 'now' },
        });
      });
      return reply.status(204).send(null);
    },
  );
}
