import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { VIEWS_MODULE } from './permissions.js';
import { ViewCreateSchema, ViewListQuerySchema, ViewPatchSchema, ViewSchema } from './schemas.js';
import * as svc from './service.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });
const tags = ['views'];

export function viewsRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary:
          "Saved views of the customer lists the member sees: own, their teams' and the organisation's",
        querystring: ViewListQuerySchema,
        response: { 200: z.object({ items: z.array(ViewSchema), nextCursor: z.null() }), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: VIEWS_MODULE });
      const items = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.listViews(tx, ctx, request.query.entity),
      );
      return { items, nextCursor: null };
    },
  );

  r.post(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: 'Save a view: filter and sort checked against the list (Idempotency-Key supported)',
        body: ViewCreateSchema,
        response: { 201: ViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: VIEWS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await svc.createView(tx, ctx, request.body),
        })),
      );
      if (!result.replayed) setVersionHeader(reply, result.body.version);
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/views/:id',
    { schema: { tags, summary: 'One saved view', params: byId, response: { 200: ViewSchema, ...errors } } },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: VIEWS_MODULE });
      const found = await inTenant(db, ctx.actor.tenantId, (tx) => svc.getView(tx, ctx, request.params.id));
      setVersionHeader(reply, found.version);
      return found;
    },
  );

  r.patch(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Change a saved view: its owner, or an administrator for a shared one (If-Match: version)',
        params: byId,
        body: ViewPatchSchema,
        response: { 200: ViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: VIEWS_MODULE });
      const changed = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.updateView(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved view: its owner, or an administrator for a shared one (If-Match: version)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: VIEWS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.deleteView(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );
}
