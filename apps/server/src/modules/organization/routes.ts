import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { SESSION_COOKIE } from '../../platform/auth/principal.js';
import { SessionResponseSchema } from '../../platform/auth/schemas.js';
import { me } from '../../platform/auth/service.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { ListQuerySchema, listPageSchema } from '../../platform/http/list-query.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { organisationProfileRoutes } from './profile-routes.js';
import {
  InvitationAcceptSchema,
  InvitationCreateSchema,
  InvitationSchema,
  MemberPatchSchema,
  MemberSchema,
  PasswordResetSchema,
  RoleCreateSchema,
  RolePatchSchema,
  RoleSchema,
  TeamCreateSchema,
  TeamPatchSchema,
  TeamSchema,
} from './schemas.js';
import * as org from './service.js';

const errors = {
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.null() });

export function organizationRoutes(app: FastifyInstance, deps: PlatformDeps) {
  const { db, config } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  organisationProfileRoutes(app, deps);

  // ---- members ----
  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['organisation'],
        summary:
          'Members of the organisation (filter by name, email, role, status, createdAt; sort; q; cursor)',
        querystring: ListQuerySchema,
        response: { 200: listPageSchema(MemberSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'users' });
      return inTenant(db, ctx.actor.tenantId, (tx) => org.listMembers(tx, request.query));
    },
  );

  r.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'One member',
        params: byId,
        response: { 200: MemberSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'users' });
      const member = await inTenant(db, ctx.actor.tenantId, (tx) => org.getMember(tx, request.params.id));
      setVersionHeader(reply, member.version);
      return member;
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: "Change a member's role, status or teams (If-Match: version)",
        params: byId,
        body: MemberPatchSchema,
        response: { 200: MemberSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: 'users' });
      const member = await inTenant(db, ctx.actor.tenantId, (tx) =>
        org.updateMember(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, member.version);
      return member;
    },
  );

  r.delete(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Remove a member from the organisation',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: 'users' });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        org.removeMember(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/users/:id/password',
    {
      schema: {
        tags: ['organisation'],
        summary: "Reset a member's password (owners and admins)",
        params: byId,
        body: PasswordResetSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'admin', { module: 'users' });
      await org.resetMemberPassword(db, ctx, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  // ---- invitations ----
  r.get(
    '/api/v1/invitations',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Pending invitations',
        response: { 200: list(InvitationSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'users' });
      return {
        items: await inTenant(db, ctx.actor.tenantId, (tx) => org.listInvitations(tx)),
        nextCursor: null,
      };
    },
  );

  r.post(
    '/api/v1/invitations',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Invite a person by e-mail; the response carries the invitation link (shown once)',
        body: InvitationCreateSchema,
        response: { 201: InvitationSchema.extend({ token: z.string(), link: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: 'users' });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await org.invite(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.delete(
    '/api/v1/invitations/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Revoke an invitation',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: 'users' });
      await inTenant(db, ctx.actor.tenantId, (tx) => org.revokeInvitation(tx, ctx, request.params.id));
      return reply.status(204).send(null);
    },
  );

  const tokenParams = z.object({ token: z.string().min(20).max(100) });
  r.get(
    '/api/v1/invitations/:token',
    {
      schema: {
        tags: ['organisation'],
        summary: 'What an invitation link is for (public)',
        params: tokenParams,
        response: {
          200: z.object({ email: z.string(), organization: z.string(), hasAccount: z.boolean() }),
          404: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) => org.describeInvitation(db, request.params.token),
  );

  r.post(
    '/api/v1/invitations/:token/accept',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Accept an invitation and sign in',
        params: tokenParams,
        body: InvitationAcceptSchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await org.acceptInvitation(db, request.params.token, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: String(request.id),
        ttlDays: config.sessionTtlDays,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        expires: result.expiresAt,
      });
      const view = await me(db, result.userId, result.tenantId);
      return { user: view.user, tenant: view.tenant };
    },
  );

  // ---- teams ----
  r.get(
    '/api/v1/teams',
    { schema: { tags: ['organisation'], summary: 'Teams', response: { 200: list(TeamSchema), ...errors } } },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'teams' });
      return { items: await inTenant(db, ctx.actor.tenantId, (tx) => org.listTeams(tx)), nextCursor: null };
    },
  );

  r.get(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'One team',
        params: byId,
        response: { 200: TeamSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'teams' });
      const team = await inTenant(db, ctx.actor.tenantId, (tx) => org.getTeam(tx, request.params.id));
      setVersionHeader(reply, team.version);
      return team;
    },
  );

  r.post(
    '/api/v1/teams',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Create a team',
        body: TeamCreateSchema,
        response: { 201: TeamSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: 'teams' });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await org.createTeam(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Rename a team or set its members (If-Match: version)',
        params: byId,
        body: TeamPatchSchema,
        response: { 200: TeamSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: 'teams' });
      const team = await inTenant(db, ctx.actor.tenantId, (tx) =>
        org.updateTeam(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, team.version);
      return team;
    },
  );

  r.delete(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Delete a team',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: 'teams' });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        org.deleteTeam(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  // ---- roles ----
  r.get(
    '/api/v1/roles',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Roles and their rights',
        response: { 200: list(RoleSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'roles' });
      return { items: await inTenant(db, ctx.actor.tenantId, (tx) => org.listRoles(tx)), nextCursor: null };
    },
  );

  r.get(
    '/api/v1/roles/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'One role',
        params: byId,
        response: { 200: RoleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: 'roles' });
      const role = await inTenant(db, ctx.actor.tenantId, (tx) => org.getRole(tx, request.params.id));
      setVersionHeader(reply, role.version);
      return role;
    },
  );

  r.post(
    '/api/v1/roles',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Create a custom role with per-module rights and a visibility scope',
        body: RoleCreateSchema,
        response: { 201: RoleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: 'roles' });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await org.createRole(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.patch(
    '/api/v1/roles/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Change a custom role (If-Match: version)',
        params: byId,
        body: RolePatchSchema,
        response: { 200: RoleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: 'roles' });
      const role = await inTenant(db, ctx.actor.tenantId, (tx) =>
        org.updateRole(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, role.version);
      return role;
    },
  );

  r.delete(
    '/api/v1/roles/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Delete an unused custom role',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: 'roles' });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        org.deleteRole(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );
}
