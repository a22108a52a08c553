import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { acceptUploads, byteLimit, fileHeaders, uploadOf } from '../../platform/files/upload.js';
import { ifMatchVersion, setVersionHeader } from '../../platform/http/concurrency.js';
import { ListQuerySchema, listPageSchema } from '../../platform/http/list-query.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { CUSTOMERS_MODULE } from '../customers/permissions.js';
import {
  assertMayExport,
  assertMayExportAny,
  exportFile,
  getExport,
  listExportColumns,
  startExport,
} from './exports.js';
import {
  EXPORT_TYPES,
  ExportColumnsSchema,
  ExportCreateSchema,
  ExportSchema,
  ImportCreateQuerySchema,
  ImportPatchSchema,
  ImportRowSchema,
  ImportRowsQuerySchema,
  ImportSchema,
  JobStartedSchema,
  RejectsQuerySchema,
} from './schemas.js';
import * as imports from './service.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  415: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });
const tags = ['imports'];

/** The largest upload: PEYVAND_IMPORT_MAX_BYTES (default 512 MiB). */
export const importLimit = (env: NodeJS.ProcessEnv = process.env) =>
  byteLimit(env, 'PEYVAND_IMPORT_MAX_BYTES', 512 * 1024 * 1024);

/** Content types of a raw upload (the body is the file). Not text/plain: a cross-site form can send that. */
const RAW_TYPES = [
  'text/csv',
  'application/csv',
  'text/tab-separated-values',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/vcard',
  'text/x-vcard',
  'text/directory',
  'application/octet-stream',
];

const FileBody = z
  .any()
  .describe(
    'The file: either the raw bytes with the file’s Content-Type (CSV, XLSX, vCard, or application/octet-stream), ' +
      'or multipart/form-data with the file in a part named "file". Any encoding: UTF-8 (with or without BOM), ' +
      'UTF-16 or Windows-1256 is detected.',
  );

export function importsRoutes(app: FastifyInstance, deps: PlatformDeps) {
  const { db, jobs } = deps;
  const limit = importLimit();

  // The upload route parses its own bodies (streamed to the database, never buffered whole), so it
  // lives in its own plugin scope: the raw and multipart parsers apply to it alone.
  app.register(async (scope) => {
    await acceptUploads(scope, limit, RAW_TYPES);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/imports',
      {
        schema: {
          tags,
          summary:
            'Upload a file to import (CSV, XLSX or vCard): answers with its columns, a sample and a guessed mapping',
          consumes: ['multipart/form-data', ...RAW_TYPES],
          querystring: ImportCreateQuerySchema,
          body: FileBody,
          response: { 201: ImportSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
        const upload = await uploadOf(request, limit, RAW_TYPES);
        const result = await imports.createImport(db, ctx, {
          entity: request.query.type,
          fileName: upload.name ?? request.query.name ?? 'import',
          contentType: upload.contentType,
          body: upload.stream,
          limit,
        });
        return reply.status(201).send(result);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Imports you can see (yours; your team’s or everyone’s by your role’s scope)',
        querystring: ListQuerySchema,
        response: { 200: listPageSchema(ImportSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => imports.listImports(tx, ctx, request.query));
    },
  );

  r.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import: detected columns, sample rows, mapping, status, counts and the last dry run',
        params: byId,
        response: { 200: ImportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        imports.getImport(tx, ctx, request.params.id),
      );
      setVersionHeader(reply, result.version);
      return result;
    },
  );

  r.patch(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary:
          'Set the mapping and duplicate policy, or how to read the file (encoding, delimiter, header row)',
        params: byId,
        body: ImportPatchSchema,
        response: { 200: ImportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      const result = await imports.updateImport(
        db,
        ctx,
        request.params.id,
        request.body,
        ifMatchVersion(request),
      );
      setVersionHeader(reply, result.version);
      return result;
    },
  );

  r.delete(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'Delete an import, its report and its file (the records it wrote stay)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      await imports.deleteImport(db, ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  const started = (
    summary: string,
    action: (id: string, ctx: ReturnType<typeof contextOf>) => Promise<unknown>,
  ) =>
    ({
      schema: { tags, summary, params: byId, response: { 202: JobStartedSchema, ...errors } },
      handler: async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
        return reply.status(202).send(await action(request.params.id, ctx));
      },
    }) as const;

  r.post(
    '/api/v1/imports/:id/dry-run',
    started(
      'Check every row without writing anything (a job; its report lists each row that would fail)',
      (id, ctx) => imports.startDryRun(db, jobs, ctx, id),
    ),
  );
  r.post(
    '/api/v1/imports/:id/run',
    started('Run the import (a job: GET /api/v1/jobs/{jobId} shows rows done, rows/s and ETA)', (id, ctx) =>
      imports.startRun(db, jobs, ctx, id, false),
    ),
  );
  r.post(
    '/api/v1/imports/:id/resume',
    started('Resume a stopped, failed or stuck import after its last committed batch', (id, ctx) =>
      imports.startRun(db, jobs, ctx, id, true),
    ),
  );

  r.post(
    '/api/v1/imports/:id/stop',
    {
      schema: {
        tags,
        summary: 'Stop a run after its current batch (resume later), or cancel a dry run',
        params: byId,
        response: { 200: ImportSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      return imports.stopImport(db, ctx, request.params.id);
    },
  );

  r.get(
    '/api/v1/imports/:id/rows',
    {
      schema: {
        tags,
        summary: 'The report row by row: rejected rows with every error, duplicates skipped or updated',
        params: byId,
        querystring: ImportRowsQuerySchema,
        response: {
          200: z.object({ items: z.array(ImportRowSchema), nextAfter: z.number().int().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) =>
        imports.importRows(tx, ctx, request.params.id, request.query),
      );
    },
  );

  r.get(
    '/api/v1/imports/:id/rejects.csv',
    {
      schema: {
        tags,
        summary:
          'Every rejected row with why, as CSV (UTF-8 with BOM): row, errors, then the row’s own cells',
        params: byId,
        querystring: RejectsQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV'), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      const { stream, fileName } = await imports.rejectsCsv(db, ctx, request.params.id, request.query.mode);
      fileHeaders(reply, { name: fileName, contentType: 'text/csv; charset=utf-8' });
      return reply.send(stream as never);
    },
  );

  // ---- exports ----

  r.get(
    '/api/v1/exports/columns',
    {
      schema: {
        tags,
        summary: 'The columns an export of this type can have (custom fields included)',
        querystring: z.object({ type: z.enum(EXPORT_TYPES) }),
        response: { 200: ExportColumnsSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertMayExport(ctx.actor, request.query.type);
      return {
        columns: await inTenant(db, ctx.actor.tenantId, (tx) => listExportColumns(tx, request.query.type)),
      };
    },
  );

  r.post(
    '/api/v1/exports',
    {
      schema: {
        tags,
        summary:
          'Export a list — accounts, contacts, leads or tasks (filter, sort, q and columns as in GET /api/v1/<type>s; only what you can see) — to CSV, XLSX or vCard, as a job',
        body: ExportCreateSchema,
        response: { 202: ExportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertMayExport(ctx.actor, request.body.type);
      return reply.status(202).send(await startExport(db, jobs, ctx, request.body));
    },
  );

  r.get(
    '/api/v1/exports/:id',
    {
      schema: {
        tags,
        summary: 'An export: status, rows written, the job to follow',
        params: byId,
        response: { 200: ExportSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      // Which list's export right an export needs is checked once it is read (404 if not held).
      assertMayExportAny(ctx.actor);
      return inTenant(db, ctx.actor.tenantId, (tx) => getExport(tx, ctx, request.params.id));
    },
  );

  r.get(
    '/api/v1/exports/:id/file',
    {
      schema: {
        tags,
        summary: 'Download the file of a completed export',
        params: byId,
        produces: [
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'text/vcard',
        ],
        response: { 200: z.string().describe('The file'), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertMayExportAny(ctx.actor);
      const file = await exportFile(db, ctx, request.params.id);
      fileHeaders(reply, { name: file.fileName, contentType: file.contentType, size: file.size });
      return reply.send(file.stream as never);
    },
  );
}
