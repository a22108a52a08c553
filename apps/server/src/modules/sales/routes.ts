import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import type { Transaction } from '../../platform/db/database.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { Action } from '../../platform/permissions/rights.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import * as deals from './deals.js';
import './merge-movers.js';
import { CustomerListFieldSchema } from '../customers/schemas.js';
import { SALES_MODULE } from './permissions.js';
import * as pipelines from './pipelines.js';
import * as reports from './reports.js';
import {
  DealCreateSchema,
  DealListQuerySchema,
  DealPatchSchema,
  DealSchema,
  ForecastQuerySchema,
  ForecastSchema,
  LostReasonCreateSchema,
  LostReasonPatchSchema,
  LostReasonSchema,
  PerformanceQuerySchema,
  PerformanceSchema,
  PipelineCreateSchema,
  PipelinePatchSchema,
  PipelineSchema,
  StagesReportQuerySchema,
  StagesReportSchema,
  StageTotalsSchema,
  StageVisitSchema,
} from './schemas.js';
import './search-source.js';
import './timeline-source.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });
const tags = ['sales'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export function salesRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** The module right, then the work in the actor's organisation. */
  const run = <T>(ctx: Context, action: Action, fn: (tx: Transaction) => Promise<T>) => {
    assertCan(ctx.actor, action, { module: SALES_MODULE });
    return inTenant(db, ctx.actor.tenantId, fn);
  };

  // ---- pipelines (set-up: read for everyone in sales, writes for admins) ----

  r.get(
    '/api/v1/pipelines',
    {
      schema: {
        tags,
        summary: 'Pipelines with their stages in order',
        response: { 200: items(PipelineSchema), ...errors },
      },
    },
    async (request) => ({
      items: await run(contextOf(request), 'read', (tx) => pipelines.listPipelines(tx)),
    }),
  );

  r.post(
    '/api/v1/pipelines',
    {
      schema: {
        tags,
        summary: 'Create a pipeline with its ordered stages (one won, one lost); Idempotency-Key supported',
        body: PipelineCreateSchema,
        response: { 201: PipelineSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const result = await run(ctx, 'admin', (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await pipelines.createPipeline(tx, ctx, request.body),
        })),
      );
      if (!result.replayed) setVersionHeader(reply, result.body.version);
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/pipelines/:id',
    { schema: { tags, summary: 'One pipeline', params: byId, response: { 200: PipelineSchema, ...errors } } },
    async (request, reply) => {
      const found = await run(contextOf(request), 'read', (tx) =>
        pipelines.getPipeline(tx, request.params.id),
      );
      setVersionHeader(reply, found.version);
      return found;
    },
  );

  r.patch(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary:
          'Rename, make default, or rewrite the ordered stages (reorder, add, remove) (If-Match: version)',
        params: byId,
        body: PipelinePatchSchema,
        response: { 200: PipelineSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const changed = await run(ctx, 'admin', (tx) =>
        pipelines.updatePipeline(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Delete a pipeline that has no deals and is not the default (If-Match: version)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await run(ctx, 'admin', (tx) =>
        pipelines.deletePipeline(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/pipelines/:id/totals',
    {
      schema: {
        tags,
        summary: 'Per stage: how many live deals you see and their amounts per currency (the board columns)',
        params: byId,
        response: { 200: StageTotalsSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => reports.stageTotals(tx, ctx, request.params.id));
    },
  );

  // ---- lost reasons ----

  r.get(
    '/api/v1/lost-reasons',
    {
      schema: {
        tags,
        summary: 'Why deals are lost: the list',
        response: { 200: items(LostReasonSchema), ...errors },
      },
    },
    async (request) => ({
      items: await run(contextOf(request), 'read', (tx) => pipelines.listLostReasons(tx)),
    }),
  );

  r.post(
    '/api/v1/lost-reasons',
    {
      schema: {
        tags,
        summary: 'Add a lost reason; Idempotency-Key supported',
        body: LostReasonCreateSchema,
        response: { 201: LostReasonSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const result = await run(ctx, 'admin', (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await pipelines.createLostReason(tx, ctx, request.body),
        })),
      );
      if (!result.replayed) setVersionHeader(reply, result.body.version);
      return sendCreated(reply, result);
    },
  );

  r.patch(
    '/api/v1/lost-reasons/:id',
    {
      schema: {
        tags,
        summary: 'Rename or reorder a lost reason (If-Match: version)',
        params: byId,
        body: LostReasonPatchSchema,
        response: { 200: LostReasonSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const changed = await run(ctx, 'admin', (tx) =>
        pipelines.updateLostReason(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    '/api/v1/lost-reasons/:id',
    {
      schema: {
        tags,
        summary: 'Delete a lost reason no lost deal cites (If-Match: version)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await run(ctx, 'admin', (tx) =>
        pipelines.deleteLostReason(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  // ---- deals ----

  r.get(
    '/api/v1/deals',
    {
      schema: {
        tags,
        summary:
          'List deals: filter, sort, q (search), cursor, limit, total; deleted=true for the recycle bin',
        querystring: DealListQuerySchema,
        response: { 200: listPageSchema(DealSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, request.query.deleted ? 'delete' : 'read', (tx) =>
        deals.listDeals(tx, ctx, request.query),
      );
    },
  );

  listFieldsRoute(app, db, { entity: 'deal', plural: 'deals', tags, item: CustomerListFieldSchema });

  r.post(
    '/api/v1/deals',
    {
      schema: {
        tags,
        summary:
          'Create a deal (default pipeline and its first stage unless named); Idempotency-Key supported',
        body: DealCreateSchema,
        response: { 201: DealSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const result = await run(ctx, 'create', (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await deals.createDeal(tx, ctx, request.body),
        })),
      );
      if (!result.replayed) setVersionHeader(reply, result.body.version);
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'One deal', params: byId, response: { 200: DealSchema, ...errors } } },
    async (request, reply) => {
      const ctx = contextOf(request);
      const found = await run(ctx, 'read', (tx) => deals.getDeal(tx, ctx, request.params.id));
      setVersionHeader(reply, found.version);
      return found;
    },
  );

  r.get(
    '/api/v1/deals/:id/history',
    {
      schema: {
        tags,
        summary: 'The stages the deal was in, oldest first, with when it entered and left each',
        params: byId,
        response: { 200: items(StageVisitSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return { items: await run(ctx, 'read', (tx) => deals.dealHistory(tx, ctx, request.params.id)) };
    },
  );

  r.patch(
    '/api/v1/deals/:id',
    {
      schema: {
        tags,
        summary:
          'Change a deal or move it to another stage (won/lost close it; lost needs a reason) (If-Match)',
        params: byId,
        body: DealPatchSchema,
        response: { 200: DealSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const changed = await run(ctx, 'update', (tx) =>
        deals.updateDeal(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    '/api/v1/deals/:id',
    {
      schema: {
        tags,
        summary: 'Move a deal to the recycle bin (If-Match: version)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await run(ctx, 'delete', (tx) => deals.deleteDeal(tx, ctx, request.params.id, ifMatchVersion(request)));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/deals/:id/restore',
    {
      schema: {
        tags,
        summary: 'Bring a deal back from the recycle bin',
        params: byId,
        response: { 200: DealSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const restored = await run(ctx, 'delete', (tx) =>
        deals.restoreDeal(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      setVersionHeader(reply, restored.version);
      return restored;
    },
  );

  // ---- reports ----

  r.get(
    '/api/v1/sales/stages-report',
    {
      schema: {
        tags,
        summary: 'Per stage: deals entered, moved on, conversion, time in stage; and the win rate',
        querystring: StagesReportQuerySchema,
        response: { 200: StagesReportSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => reports.stagesReport(tx, ctx, request.query));
    },
  );

  r.get(
    '/api/v1/sales/forecast',
    {
      schema: {
        tags,
        summary: 'Weighted forecast (amount × stage probability) of open deals, and won amounts, by group',
        querystring: ForecastQuerySchema,
        response: { 200: ForecastSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => reports.forecast(tx, ctx, request.query));
    },
  );

  r.get(
    '/api/v1/sales/performance',
    {
      schema: {
        tags,
        summary: 'Team performance per member: deals won and lost, revenue, activities (team or all scope)',
        querystring: PerformanceQuerySchema,
        response: { 200: PerformanceSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => reports.performance(tx, ctx, request.query));
    },
  );
}
