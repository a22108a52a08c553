import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { moduleRoutes } from './modules/index.js';
import { installAuthentication } from './platform/auth/authenticate.js';
import { authRoutes } from './platform/auth/routes.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { pendingMigrations } from './platform/db/migrate.js';
import { startStatisticsKeeper } from './platform/db/statistics.js';
import { installProblemHandler, notFound, sendProblem } from './platform/http/problem.js';
import { newId } from './platform/ids.js';
import type { Jobs } from './platform/jobs/jobs.js';
import { platformRoutes } from './platform/routes.js';

export const webDist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

export interface AppDeps {
  config: Config;
  db: Database;
  jobs: Jobs;
}

/** The HTTP application: validation, auth, problem+json, OpenAPI, every module's routes, the web app. */
export async function buildApp({ config, db, jobs }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON bodies only: a form or text/plain post (what a cross-site form can send) is refused with 415.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
  });
  installProblemHandler(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Peyvand API',
        version: '1',
        description: 'Peyvand (پیوند) CRM REST API. Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pvd_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { schema: { hide: true } }, async (_request, reply) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) return reply.status(503).send({ status: 'migrating', pending });
      return { status: 'ready', engine: db.engine };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });

  installAuthentication(app, db, config.publicUrl);
  authRoutes(app, db, config);
  // Planner statistics where autovacuum does not keep them (PGlite, or PostgreSQL with it off).
  let stopStatistics: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopStatistics = await startStatisticsKeeper(db, app.log);
  });
  app.addHook('onClose', async () => {
    await stopStatistics?.();
  });
  platformRoutes(app, { db, jobs, config });
  moduleRoutes(app, { db, jobs, config });

  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      cacheControl: false,
      // Built files are named by their content hash and never change; everything else (index.html,
      // sw.js, the manifest) is checked on every load, so a new version reaches users at once.
      setHeaders(res, path) {
        res.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  // Client-side routes of the single-page app fall back to index.html; unknown /api/ routes are 404.
  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/'))
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendProblem(reply, request, notFound(`Route ${request.method} ${request.url.split('?')[0]}`));
  });
  return app;
}
