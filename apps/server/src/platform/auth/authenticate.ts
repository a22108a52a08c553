import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { forbidden, Problem, unauthorized } from '../http/problem.js';
import type { Actor } from '../permissions/can.js';
import type { Context } from '../tenancy/context.js';
import {
  type Principal,
  principalFromSession,
  principalFromToken,
  SESSION_COOKIE,
  TOKEN_PREFIX,
} from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the principal from `Authorization: Bearer` or the session cookie, and guards
 * cookie-authenticated writes against cross-site requests by the standard headers: a browser
 * names the requesting site in Sec-Fetch-Site and Origin, and we accept writes only from our own.
 */
export function installAuthentication(app: FastifyInstance, db: Database, publicUrl: string | undefined) {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token?.startsWith(TOKEN_PREFIX)) {
        throw unauthorized('Authorization must be "Bearer pvd_…"');
      }
      request.principal = await principalFromToken(db, token);
      if (!request.principal) throw unauthorized('The API token is invalid or revoked');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    if (!SAFE_METHODS.has(request.method)) assertSameSite(request, publicUrl);
    request.principal = await principalFromSession(db, cookie);
  });
}

function assertSameSite(request: FastifyRequest, publicUrl: string | undefined) {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw forbidden('Cross-site request refused');
  }
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    const own = `${request.protocol}://${request.host}`;
    const allowed = publicUrl ? [own, new URL(publicUrl).origin] : [own];
    if (!allowed.includes(origin)) throw forbidden('Cross-site request refused');
  } else if (origin === 'null') {
    throw forbidden('Cross-site request refused');
  }
}

/** The acting person or token inside an organisation; 401 when signed out, 403 without membership. */
export function requireActor(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (!principal) throw unauthorized();
  if (!principal.actor)
    throw new Problem(403, 'Forbidden', 'You are not an active member of this organisation');
  return principal.actor;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

export function contextOf(request: FastifyRequest): Context {
  return { actor: requireActor(request), requestId: String(request.id) };
}
