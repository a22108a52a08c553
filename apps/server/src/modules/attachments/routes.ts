import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { acceptUploads, byteLimit, fileHeaders, uploadOf } from '../../platform/files/upload.js';
import { ifMatchVersion, setVersionHeader } from '../../platform/http/concurrency.js';
import { listPageSchema } from '../../platform/http/list-query.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { ATTACHMENTS_MODULE } from './permissions.js';
import {
  AttachmentContentQuerySchema,
  AttachmentListQuerySchema,
  AttachmentPatchSchema,
  AttachmentSchema,
  AttachmentUploadQuerySchema,
} from './schemas.js';
import * as svc from './service.js';
import './timeline-source.js';
import './merge-movers.js';

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
const tags = ['attachments'];

/** The largest attachment: PEYVAND_ATTACHMENT_MAX_BYTES (default 25 MiB). */
export const attachmentLimit = (env: NodeJS.ProcessEnv = process.env) =>
  byteLimit(env, 'PEYVAND_ATTACHMENT_MAX_BYTES', 25 * 1024 * 1024);

export function attachmentsRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const limit = attachmentLimit();

  // The upload parses its own bodies (any type, streamed to the database), so it has a scope of its own.
  app.register(async (scope) => {
    await acceptUploads(scope, limit, '*');
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/attachments',
      {
        schema: {
          tags,
          summary:
            'Attach a file to a contact, account or lead: multipart/form-data (part "file") or the raw bytes with ?name=',
          consumes: ['multipart/form-data', 'application/octet-stream', '*/*'],
          querystring: AttachmentUploadQuerySchema,
          body: z.any().describe('The file'),
          response: { 201: AttachmentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'create', { module: ATTACHMENTS_MODULE });
        const upload = await uploadOf(request, limit, '*');
        const attachment = await svc.uploadAttachment(db, ctx, request.query, { ...upload, limit });
        setVersionHeader(reply, attachment.version);
        return reply.status(201).send(attachment);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/attachments',
    {
      schema: {
        tags,
        summary:
          'Attachments you may see (filter: contactId, accountId, leadId; q searches name and description)',
        querystring: AttachmentListQuerySchema,
        response: { 200: listPageSchema(AttachmentSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: ATTACHMENTS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => svc.listAttachments(tx, ctx, request.query));
    },
  );

  r.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags,
        summary: 'One attachment (its description; the bytes are at …/content)',
        params: byId,
        response: { 200: AttachmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: ATTACHMENTS_MODULE });
      const attachment = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.getAttachment(tx, ctx, request.params.id),
      );
      setVersionHeader(reply, attachment.version);
      return attachment;
    },
  );

  r.get(
    '/api/v1/attachments/:id/content',
    {
      schema: {
        tags,
        summary:
          'The file: a download, or shown in the browser (?disposition=inline) when it is an image or PDF',
        params: byId,
        querystring: AttachmentContentQuerySchema,
        produces: ['application/octet-stream', 'image/*', 'application/pdf'],
        response: { 200: z.string().describe('The bytes'), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: ATTACHMENTS_MODULE });
      const { attachment, disposition, stream } = await svc.attachmentContent(
        db,
        ctx,
        request.params.id,
        request.query.disposition,
      );
      const etag = `"${attachment.sha256}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      // Whatever a file holds, it never runs as a page of this site: no scripts, no plugins, no frames.
      // A PDF shown inline is left to the browser's own viewer, which a sandbox would block.
      if (!(disposition === 'inline' && attachment.preview === 'pdf'))
        reply.header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox");
      if (request.headers['if-none-match'] === etag) {
        stream.destroy();
        return reply.status(304).send(null as never);
      }
      fileHeaders(
        reply,
        { name: attachment.name, contentType: attachment.contentType, size: attachment.size },
        disposition,
      );
      return reply.send(stream as never);
    },
  );

  r.patch(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Rename, describe, reassign or re-link an attachment (If-Match: version)',
        params: byId,
        body: AttachmentPatchSchema,
        response: { 200: AttachmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: ATTACHMENTS_MODULE });
      const attachment = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.updateAttachment(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, attachment.version);
      return attachment;
    },
  );

  r.delete(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Delete an attachment (to the recycle bin)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: ATTACHMENTS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.deleteAttachment(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );
}
