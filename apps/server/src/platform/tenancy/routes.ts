import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { contextOf, requirePrincipal } from '../auth/authenticate.js';
import { NameSchema, TenantSchema } from '../auth/schemas.js';
import { notFound, Problem, ProblemSchema } from '../http/problem.js';
import { assertCan } from '../permissions/can.js';
import type { PlatformDeps } from '../routes.js';
import {
  completeTenantSettings,
  LocaleSchema,
  type TenantSettings,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
} from '../settings/settings.js';
import { inTenant } from './context.js';
import { createTenant } from './tenants.js';

const errors = {
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

export function tenantRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/tenants',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Create another organisation that you own',
        body: z.object({ name: NameSchema, locale: LocaleSchema.default('fa') }),
        response: { 201: TenantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (principal.kind !== 'user')
        throw new Problem(403, 'Forbidden', 'API tokens cannot create organisations');
      const { tenant } = await db.transaction((tx) =>
        createTenant(tx, { ...request.body, ownerId: principal.userId }, String(request.id)),
      );
      return reply
        .status(201)
        .send({ id: tenant.id, name: tenant.name, settings: completeTenantSettings(tenant.settings) });
    },
  );

  r.get(
    '/api/v1/settings',
    {
      schema: {
        tags: ['organisation'],
        summary: "The organisation's settings",
        response: { 200: TenantSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'settings' });
      const { rows } = await inTenant(db, ctx.actor.tenantId, (tx) =>
        tx.query<{ settings: Partial<TenantSettings> }>(`SELECT settings FROM tenants`),
      );
      return completeTenantSettings(rows[0]?.settings ?? {});
    },
  );

  r.patch(
    '/api/v1/settings',
    {
      schema: {
        tags: ['organisation'],
        summary: "Change the organisation's defaults",
        body: TenantSettingsPatchSchema,
        response: { 200: TenantSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: 'settings' });
      return inTenant(db, ctx.actor.tenantId, async (tx) => {
        const before = await tx.query<{ settings: Partial<TenantSettings> }>(
          `SELECT settings FROM tenants FOR UPDATE`,
        );
        const row = before.rows[0];
        if (!row) throw notFound('Organisation');
        const next = completeTenantSettings({ ...row.settings, ...request.body });
        await tx.query(`UPDATE tenants SET settings = $1, updated_at = now(), version = version + 1`, [
          JSON.stringify(next),
        ]);
        await audit(tx, ctx, {
          entity: 'tenant',
          entityId: ctx.actor.tenantId,
          action: 'update',
          before: completeTenantSettings(row.settings),
          after: next,
        });
        return next;
      });
    },
  );
}
