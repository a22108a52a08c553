import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { acceptUploads, uploadOf } from '../../platform/files/upload.js';
import { ifMatchVersion, setVersionHeader } from '../../platform/http/concurrency.js';
import { fieldError, notFound, ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { getProfile, readLogo, removeLogo, setLogo, updateProfile } from './profile.js';
import {
  LOGO_MAX_BYTES,
  LOGO_TYPES,
  OrganisationProfilePatchSchema,
  OrganisationProfileSchema,
} from './schemas.js';

const errors = {
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const tags = ['organisation'];
const logoLimit = { maxBytes: LOGO_MAX_BYTES, setting: 'the logo size limit' };

/** The letterhead (legal name, address, codes, logo) that quotes and invoices print; part of the settings. */
export function organisationProfileRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/settings/profile',
    {
      schema: {
        tags,
        summary: "The organisation's letterhead, as its documents print it",
        response: { 200: OrganisationProfileSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'settings' });
      const profile = await inTenant(db, ctx.actor.tenantId, (tx) => getProfile(tx));
      setVersionHeader(reply, profile.version);
      return profile;
    },
  );

  r.patch(
    '/api/v1/settings/profile',
    {
      schema: {
        tags,
        summary: 'Change the letterhead (If-Match: version); a blank value clears a field',
        body: OrganisationProfilePatchSchema,
        response: { 200: OrganisationProfileSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: 'settings' });
      const profile = await inTenant(db, ctx.actor.tenantId, (tx) =>
        updateProfile(tx, ctx, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, profile.version);
      return profile;
    },
  );

  r.get(
    '/api/v1/settings/logo',
    {
      schema: {
        tags,
        summary: "The organisation's logo image",
        response: { 200: z.any().describe('PNG or JPEG'), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'settings' });
      const logo = await inTenant(db, ctx.actor.tenantId, (tx) => readLogo(tx));
      if (!logo) throw notFound('Logo');
      return reply
        .header('content-type', logo.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(logo.bytes);
    },
  );

  // The upload parses its own bodies (the image raw, or multipart), so it has a scope of its own.
  app.register(async (scope) => {
    await acceptUploads(scope, logoLimit, [...LOGO_TYPES]);
    scope.withTypeProvider<ZodTypeProvider>().put(
      '/api/v1/settings/logo',
      {
        schema: {
          tags,
          summary: `Set the logo: a PNG or JPEG of at most ${LOGO_MAX_BYTES / 1024} KiB, raw or multipart (part "file")`,
          consumes: ['multipart/form-data', ...LOGO_TYPES],
          body: z.any().describe('The image'),
          response: { 200: OrganisationProfileSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'update', { module: 'settings' });
        const upload = await uploadOf(request, logoLimit, [...LOGO_TYPES]);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of upload.stream) {
          size += chunk.length;
          if (size > LOGO_MAX_BYTES)
            throw fieldError('logo', `The logo may be at most ${LOGO_MAX_BYTES / 1024} KiB`, 'image_too_big');
          chunks.push(chunk);
        }
        const profile = await inTenant(db, ctx.actor.tenantId, (tx) =>
          setLogo(tx, ctx, Buffer.concat(chunks), ifMatchVersion(request)),
        );
        setVersionHeader(reply, profile.version);
        return profile;
      },
    );
  });

  r.delete(
    '/api/v1/settings/logo',
    {
      schema: {
        tags,
        summary: 'Remove the logo (If-Match: version)',
        response: { 200: OrganisationProfileSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: 'settings' });
      const profile = await inTenant(db, ctx.actor.tenantId, (tx) =>
        removeLogo(tx, ctx, ifMatchVersion(request)),
      );
      setVersionHeader(reply, profile.version);
      return profile;
    },
  );
}
