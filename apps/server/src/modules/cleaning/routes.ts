import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import { registerPermissionModule } from '../../platform/permissions/rights.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { dismissCandidate, listCandidates } from './candidates.js';
import type { RecordType } from './entities.js';
import { getMerge, mergeRecords, undoMerge } from './merge.js';
import { FIX_QUEUE, qualityIssues, qualityReport } from './quality.js';
import { SCAN_QUEUE } from './scan.js';
import {
  CandidateListQuerySchema,
  CandidatePageSchema,
  CandidateSchema,
  FixRequestSchema,
  IssuesPageSchema,
  IssuesQuerySchema,
  JobStartedSchema,
  MergeRequestSchema,
  MergeSchema,
  QualityQuerySchema,
  QualityReportSchema,
  ScanRequestSchema,
} from './schemas.js';

export { columnMover, type MergeMover, registerMergeMover } from './movers.js';

// The records cleaned are the customers module's: its rights decide (registering twice is harmless).
registerPermissionModule({ key: 'customers', kind: 'business' });
const MODULE = { module: 'customers' };

const errors = {
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });

export function cleaningRoutes(app: FastifyInstance, { db, jobs }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/duplicates/scan',
    {
      schema: {
        tags: ['data cleaning'],
        summary: 'Start a duplicate scan of accounts, contacts and/or leads (a job; follow its progress)',
        body: ScanRequestSchema,
        response: { 202: JobStartedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', MODULE);
      const jobId = await inTenant(db, ctx.actor.tenantId, (tx) =>
        jobs.enqueue(tx, ctx, SCAN_QUEUE, { types: request.body.types }),
      );
      return reply.status(202).send({ jobId });
    },
  );

  r.get(
    '/api/v1/duplicates',
    {
      schema: {
        tags: ['data cleaning'],
        summary: 'Possible duplicate pairs whose two records you can see, most alike first',
        querystring: CandidateListQuerySchema,
        response: { 200: CandidatePageSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', MODULE);
      return inTenant(db, ctx.actor.tenantId, (tx) => listCandidates(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/duplicates/:id/dismiss',
    {
      schema: {
        tags: ['data cleaning'],
        summary: 'Mark a pair as not duplicates (later scans leave it dismissed)',
        params: byId,
        response: { 200: CandidateSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', MODULE);
      return inTenant(db, ctx.actor.tenantId, (tx) => dismissCandidate(tx, ctx, request.params.id));
    },
  );

  r.post(
    '/api/v1/duplicates/merge',
    {
      schema: {
        tags: ['data cleaning'],
        summary:
          'Merge two records: field-by-field winner, related records move to the survivor, the merged one goes to the recycle bin',
        body: MergeRequestSchema,
        response: { 200: MergeSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', MODULE);
      assertCan(ctx.actor, 'delete', MODULE);
      return inTenant(db, ctx.actor.tenantId, (tx) => mergeRecords(tx, ctx, request.body));
    },
  );

  r.get(
    '/api/v1/duplicates/merges/:id',
    {
      schema: {
        tags: ['data cleaning'],
        summary: 'One merge: the records, the fields chosen and what moved',
        params: byId,
        response: { 200: MergeSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', MODULE);
      return inTenant(db, ctx.actor.tenantId, (tx) => getMerge(tx, ctx, request.params.id));
    },
  );

  r.post(
    '/api/v1/duplicates/merges/:id/undo',
    {
      schema: {
        tags: ['data cleaning'],
        summary: 'Undo a merge: restore the merged record, the survivor’s fields and everything that moved',
        params: byId,
        response: { 200: MergeSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', MODULE);
      assertCan(ctx.actor, 'delete', MODULE);
      return inTenant(db, ctx.actor.tenantId, (tx) => undoMerge(tx, ctx, request.params.id));
    },
  );

  r.get(
    '/api/v1/data-quality',
    {
      schema: {
        tags: ['data cleaning'],
        summary:
          'Counts of records you can see with invalid phones/e-mails/IDs, no phone or e-mail, no owner, values out of their domain, or text not in display form',
        querystring: QualityQuerySchema,
        response: { 200: QualityReportSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', MODULE);
      const types = (request.query.types?.split(',') ?? ['contact', 'account', 'lead']) as RecordType[];
      return inTenant(db, ctx.actor.tenantId, (tx) => qualityReport(tx, ctx, [...new Set(types)]));
    },
  );

  r.get(
    '/api/v1/data-quality/issues',
    {
      schema: {
        tags: ['data cleaning'],
        summary: 'The records with a data-quality problem (of one check, or all), with what is wrong',
        querystring: IssuesQuerySchema,
        response: { 200: IssuesPageSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', MODULE);
      const { type, check, limit, cursor } = request.query;
      return inTenant(db, ctx.actor.tenantId, (tx) =>
        qualityIssues(tx, ctx, {
          type,
          limit,
          ...(check ? { check } : {}),
          ...(cursor ? { after: cursor } : {}),
        }),
      );
    },
  );

  r.post(
    '/api/v1/data-quality/fix',
    {
      schema: {
        tags: ['data cleaning'],
        summary:
          'Start a job applying the safe fixes (display form of names, canonical phones and e-mails) to the records you may update, with audit rows',
        body: FixRequestSchema,
        response: { 202: JobStartedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', MODULE);
      const jobId = await inTenant(db, ctx.actor.tenantId, (tx) =>
        jobs.enqueue(tx, ctx, FIX_QUEUE, {
          types: request.body.types,
          actor: ctx.actor,
          requestId: ctx.requestId,
        }),
      );
      return reply.status(202).send({ jobId });
    },
  );
}
