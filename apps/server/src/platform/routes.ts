import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/routes.js';
import { tokenRoutes } from './auth/token-routes.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Jobs } from './jobs/jobs.js';
import { jobRoutes } from './jobs/routes.js';
import { tenantRoutes } from './tenancy/routes.js';

export interface PlatformDeps {
  db: Database;
  jobs: Jobs;
  config: Config;
}

export function platformRoutes(app: FastifyInstance, deps: PlatformDeps) {
  tenantRoutes(app, deps);
  tokenRoutes(app, deps);
  auditRoutes(app, deps);
  jobRoutes(app, deps);
}
