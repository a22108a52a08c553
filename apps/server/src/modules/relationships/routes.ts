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
import { listPageSchema } from '../../platform/http/list-query.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { RELATIONSHIPS_MODULE } from './permissions.js';
import {
  AcceptSuggestionSchema,
  AssessmentListQuerySchema,
  BulkPhaseChangeSchema,
  CommitmentCreateSchema,
  CommitmentSchema,
  Customer360Schema,
  EpisodeCreateSchema,
  EpisodeListQuerySchema,
  EpisodePatchSchema,
  EpisodeSchema,
  PhaseChangeSchema,
  PhaseHistoryEntrySchema,
  RelationshipListItemSchema,
  RelationshipListQuerySchema,
  RelationshipStateSchema,
  SignalsSchema,
  SubjectParams,
  TimelinePageSchema,
  TimelineQuerySchema,
  TrustCreateSchema,
  TrustSchema,
} from './schemas.js';
import * as svc from './service.js';
import './merge-movers.js';
import './timeline-sources.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });

export function relationshipsRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const M = RELATIONSHIPS_MODULE;

  for (const type of ['account', 'contact'] as const) {
    const base = `/api/v1/${type}s/:id`;
    const tags = ['relationships'];
    const what = type === 'account' ? 'an account' : 'a contact';

    r.get(
      `${base}/phase`,
      {
        schema: {
          tags,
          summary: `The relationship phase of ${what}`,
          params: SubjectParams,
          response: { 200: RelationshipStateSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        const state = await inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.getPhase(tx, await svc.loadSubject(tx, ctx, type, request.params.id, 'read')),
        );
        setVersionHeader(reply, state.version);
        return state;
      },
    );

    r.post(
      `${base}/phase`,
      {
        schema: {
          tags,
          summary: `Move ${what} to a relationship phase (If-Match: the relationship version)`,
          params: SubjectParams,
          body: PhaseChangeSchema,
          response: { 200: RelationshipStateSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'update', { module: M });
        const state = await inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.changePhase(
            tx,
            ctx,
            await svc.loadSubject(tx, ctx, type, request.params.id, 'update'),
            request.body,
            'user',
            ifMatchVersion(request),
          ),
        );
        setVersionHeader(reply, state.version);
        return state;
      },
    );

    r.get(
      `${base}/phase-history`,
      {
        schema: {
          tags,
          summary: `Every phase change of ${what}, newest first`,
          params: SubjectParams,
          response: { 200: z.object({ items: z.array(PhaseHistoryEntrySchema) }), ...errors },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        const items = await inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.phaseHistory(tx, await svc.loadSubject(tx, ctx, type, request.params.id, 'read')),
        );
        return { items: items as z.infer<typeof PhaseHistoryEntrySchema>[] };
      },
    );

    r.post(
      `${base}/phase/accept-suggestion`,
      {
        schema: {
          tags,
          summary: `Accept the suggested phase of ${what} (409 when there is none or it changed)`,
          params: SubjectParams,
          body: AcceptSuggestionSchema,
          response: { 200: RelationshipStateSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'update', { module: M });
        const state = await inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.acceptSuggestion(
            tx,
            ctx,
            await svc.loadSubject(tx, ctx, type, request.params.id, 'update'),
            request.body,
            ifMatchVersion(request),
          ),
        );
        setVersionHeader(reply, state.version);
        return state;
      },
    );

    r.get(
      `${base}/signals`,
      {
        schema: {
          tags,
          summary: `Signals derived from the interactions of ${what}, and a suggested phase`,
          params: SubjectParams,
          response: { 200: SignalsSchema, ...errors },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        return inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.signals(tx, await svc.loadSubject(tx, ctx, type, request.params.id, 'read')),
        );
      },
    );

    r.post(
      `${base}/trust`,
      {
        schema: {
          tags,
          summary: `Record a trust assessment (اعتماد) of ${what}`,
          params: SubjectParams,
          body: TrustCreateSchema,
          response: { 201: TrustSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'create', { module: M });
        const result = await inTenant(db, ctx.actor.tenantId, async (tx) => {
          const subject = await svc.loadSubject(tx, ctx, type, request.params.id, 'create');
          return idempotent(tx, ctx, request, async () => ({
            status: 201,
            body: await svc.addTrust(tx, ctx, subject, request.body),
          }));
        });
        return sendCreated(reply, result);
      },
    );

    r.get(
      `${base}/trust`,
      {
        schema: {
          tags,
          summary: `Trust assessments of ${what}, oldest first (for charts)`,
          params: SubjectParams,
          querystring: AssessmentListQuerySchema,
          response: {
            200: z.object({ items: z.array(TrustSchema), latest: TrustSchema.nullable() }),
            ...errors,
          },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        return inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.listTrust(
            tx,
            await svc.loadSubject(tx, ctx, type, request.params.id, 'read'),
            request.query.limit,
          ),
        );
      },
    );

    r.post(
      `${base}/commitment`,
      {
        schema: {
          tags,
          summary: `Record a commitment assessment (تعهد) of ${what}`,
          params: SubjectParams,
          body: CommitmentCreateSchema,
          response: { 201: CommitmentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'create', { module: M });
        const result = await inTenant(db, ctx.actor.tenantId, async (tx) => {
          const subject = await svc.loadSubject(tx, ctx, type, request.params.id, 'create');
          return idempotent(tx, ctx, request, async () => ({
            status: 201,
            body: await svc.addCommitment(tx, ctx, subject, request.body),
          }));
        });
        return sendCreated(reply, result);
      },
    );

    r.get(
      `${base}/commitment`,
      {
        schema: {
          tags,
          summary: `Commitment assessments of ${what}, oldest first (for charts)`,
          params: SubjectParams,
          querystring: AssessmentListQuerySchema,
          response: {
            200: z.object({ items: z.array(CommitmentSchema), latest: CommitmentSchema.nullable() }),
            ...errors,
          },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        return inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.listCommitment(
            tx,
            await svc.loadSubject(tx, ctx, type, request.params.id, 'read'),
            request.query.limit,
          ),
        );
      },
    );

    r.get(
      `${base}/360`,
      {
        schema: {
          tags: ['customer 360'],
          summary: `Everything about ${what}: profile, phase, signals, trust, commitment, open tasks, timeline`,
          params: SubjectParams,
          querystring: TimelineQuerySchema,
          response: { 200: Customer360Schema, ...errors },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        return inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.customer360(
            tx,
            ctx,
            await svc.loadSubject(tx, ctx, type, request.params.id, 'read'),
            request.query,
          ),
        );
      },
    );

    r.get(
      `${base}/timeline`,
      {
        schema: {
          tags: ['customer 360'],
          summary: `The timeline of ${what}, newest first, in keyset pages (?cursor=&limit=&channels=&kinds=)`,
          params: SubjectParams,
          querystring: TimelineQuerySchema,
          response: { 200: TimelinePageSchema, ...errors },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'read', { module: M });
        return inTenant(db, ctx.actor.tenantId, async (tx) =>
          svc.customerTimeline(
            tx,
            ctx,
            await svc.loadSubject(tx, ctx, type, request.params.id, 'read'),
            request.query,
          ),
        );
      },
    );
  }

  r.get(
    '/api/v1/relationships',
    {
      schema: {
        tags: ['relationships'],
        summary:
          'Accounts or contacts with their relationship phase (?type=&phase=&sort=-since|name&limit=&cursor=&total=)',
        querystring: RelationshipListQuerySchema,
        response: { 200: listPageSchema(RelationshipListItemSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: M });
      return inTenant(db, ctx.actor.tenantId, (tx) => svc.listByPhase(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/relationships/phase',
    {
      schema: {
        tags: ['relationships'],
        summary:
          'Move up to 500 accounts or contacts to one phase with one reason: all or none (errors at ids.N)',
        body: BulkPhaseChangeSchema,
        response: {
          200: z.object({
            changed: z.number().int(),
            items: z.array(z.object({ id: z.uuid(), version: z.number().int() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: M });
      return inTenant(db, ctx.actor.tenantId, (tx) => svc.changePhases(tx, ctx, request.body));
    },
  );

  // ---- episodes (اپیزودهای تعاملی) ----
  r.get(
    '/api/v1/episodes',
    {
      schema: {
        tags: ['relationships'],
        summary: 'Episodes you may see (filter: accountId, contactId, open)',
        querystring: EpisodeListQuerySchema,
        response: { 200: listPageSchema(EpisodeSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: M });
      return inTenant(db, ctx.actor.tenantId, (tx) => svc.listEpisodes(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/episodes',
    {
      schema: {
        tags: ['relationships'],
        summary: 'Start an episode (open until endedAt is set)',
        body: EpisodeCreateSchema,
        response: { 201: EpisodeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: M });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await svc.createEpisode(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/episodes/:id',
    {
      schema: {
        tags: ['relationships'],
        summary: 'One episode',
        params: byId,
        response: { 200: EpisodeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: M });
      const episode = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.getEpisode(tx, ctx, request.params.id),
      );
      setVersionHeader(reply, episode.version);
      return episode;
    },
  );

  r.patch(
    '/api/v1/episodes/:id',
    {
      schema: {
        tags: ['relationships'],
        summary: 'Change or end an episode (If-Match: version)',
        params: byId,
        body: EpisodePatchSchema,
        response: { 200: EpisodeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: M });
      const episode = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.updateEpisode(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, episode.version);
      return episode;
    },
  );

  r.delete(
    '/api/v1/episodes/:id',
    {
      schema: {
        tags: ['relationships'],
        summary: 'Delete an episode (to the recycle bin)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: M });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.deleteEpisode(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );
}
