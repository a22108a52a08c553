import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../auth/authenticate.js';
import { invalid, ProblemSchema } from '../http/problem.js';
import { assertCan } from '../permissions/can.js';
import type { PlatformDeps } from '../routes.js';
import { inTenant } from '../tenancy/context.js';

const AuditEntrySchema = z
  .object({
    id: z.uuid(),
    at: z.date(),
    actorId: z.uuid().nullable(),
    actorType: z.string(),
    actorName: z.string().nullable(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_type: string;
  actor_name: string | null;
  entity: string;
  entity_id: string;
  action: string;
  changes: Record<string, { before: unknown; after: unknown }>;
  request_id: string | null;
}

export function auditRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit history of a record (administrators)',
        querystring: z.object({
          entity: z.string().min(1).max(64),
          id: z.string().min(1).max(100),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z
            .string()
            .datetime({ offset: true })
            .optional()
            .describe('Page backwards: entries older than this time'),
        }),
        response: {
          200: z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
          401: ProblemSchema,
          403: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'audit' });
      const { entity, id, limit, before } = request.query;
      if (before && Number.isNaN(Date.parse(before)))
        throw invalid([{ path: 'query.before', message: 'Invalid date', code: 'invalid' }]);
      const { rows } = await inTenant(db, ctx.actor.tenantId, (tx) =>
        tx.query<AuditRow>(
          `SELECT a.id, a.at, a.actor_id, a.actor_type, u.name AS actor_name, a.entity, a.entity_id, a.action, a.changes, a.request_id
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.entity = $1 AND a.entity_id = $2 AND ($3::timestamptz IS NULL OR a.at < $3)
         ORDER BY a.at DESC, a.id DESC LIMIT $4`,
          [entity, id, before ?? null, limit + 1],
        ),
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map((a) => ({
          id: a.id,
          at: a.at,
          actorId: a.actor_id,
          actorType: a.actor_type,
          actorName: a.actor_name,
          entity: a.entity,
          entityId: a.entity_id,
          action: a.action,
          changes: a.changes,
          requestId: a.request_id,
        })),
        nextCursor: rows.length > limit ? (page.at(-1)?.at.toISOString() ?? null) : null,
      };
    },
  );
}
