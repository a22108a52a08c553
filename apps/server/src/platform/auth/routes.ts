import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { Problem, ProblemSchema } from '../http/problem.js';
import { UserSettingsPatchSchema } from '../settings/settings.js';
import { requirePrincipal } from './authenticate.js';
import { SESSION_COOKIE } from './principal.js';
import {
  LoginSchema,
  MeSchema,
  PasswordChangeSchema,
  SessionResponseSchema,
  SignupSchema,
  SwitchSchema,
} from './schemas.js';
import * as auth from './service.js';

const errors = {
  401: ProblemSchema,
  403: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
};

export function authRoutes(app: FastifyInstance, db: Database, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const setCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      expires,
    });
  const sessionView = async (userId: string, tenantId: string | undefined) => {
    const view = await auth.me(db, userId, tenantId);
    return { user: view.user, tenant: view.tenant };
  };

  r.get(
    '/api/v1/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'What the first screen should offer',
        response: { 200: z.object({ signupEnabled: z.boolean(), needsSetup: z.boolean() }) },
      },
    },
    async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM tenants`);
      return { signupEnabled: config.signupEnabled, needsSetup: (rows[0]?.n ?? 0) === 0 };
    },
  );

  r.post(
    '/api/v1/auth/signup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an organisation and its owner',
        body: SignupSchema,
        response: { 201: SessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!config.signupEnabled)
        throw new Problem(403, 'Forbidden', 'Sign-up is turned off on this installation');
      const result = await auth.signup(db, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: String(request.id),
        ttlDays: config.sessionTtlDays,
      });
      setCookie(reply, result.token, result.expiresAt);
      return reply.status(201).send(await sessionView(result.userId, result.tenantId));
    },
  );

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: LoginSchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await auth.login(db, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        ttlDays: config.sessionTtlDays,
      });
      setCookie(reply, result.token, result.expiresAt);
      return sessionView(result.userId, result.tenantId ?? undefined);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.sessionHash) await auth.logout(db, principal.sessionHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/switch',
    {
      schema: {
        tags: ['auth'],
        summary: 'Switch to another organisation you belong to',
        body: SwitchSchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      if (!principal.sessionHash)
        throw new Problem(400, 'Bad Request', 'API tokens belong to one organisation');
      await auth.switchTenant(db, principal.sessionHash, principal.userId, request.body.tenantId);
      return sessionView(principal.userId, request.body.tenantId);
    },
  );

  r.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in person, organisation and settings',
        response: { 200: MeSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return auth.me(db, principal.userId, principal.actor?.tenantId);
    },
  );

  r.patch(
    '/api/v1/me/settings',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your language, calendar, time zone or digits',
        body: UserSettingsPatchSchema,
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      await auth.updateMySettings(
        db,
        principal.userId,
        request.body,
        principal.actor ? { actor: principal.actor, requestId: String(request.id) } : undefined,
      );
      return auth.me(db, principal.userId, principal.actor?.tenantId);
    },
  );

  r.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your password (ends your other sessions)',
        body: PasswordChangeSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (principal.kind !== 'user' || !principal.sessionHash)
        throw new Problem(403, 'Forbidden', 'Only a signed-in person can change their password');
      await auth.changePassword(
        db,
        principal.userId,
        request.body.currentPassword,
        request.body.newPassword,
        principal.sessionHash,
      );
      return reply.status(204).send(null);
    },
  );
}
