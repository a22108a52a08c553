import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../app.js';
import { type Config, loadConfig } from '../config.js';
import type { Database, Engine } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { newId } from '../ids.js';
import { Jobs } from '../jobs/jobs.js';
import { builtinRole } from '../permissions/rights.js';
import type { Context } from '../tenancy/context.js';
import { openTestDatabase } from './engines.js';

export interface TestApp {
  engine: Engine;
  app: FastifyInstance;
  db: Database;
  jobs: Jobs;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh database of the engine, driven in-process with inject(). */
export async function startTestApp(
  engine: Engine,
  overrides: Partial<Config> = {},
  options: { workers?: boolean } = {},
): Promise<TestApp> {
  const test = await openTestDatabase(engine);
  await migrate(test.db);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), ...overrides };
  const jobs = new Jobs(test.db, pino({ level: 'silent' }));
  await jobs.start();
  if (options.workers) await jobs.work();
  const app = await buildApp({ config, db: test.db, jobs });
  await app.ready();
  return {
    engine,
    app,
    db: test.db,
    jobs,
    config,
    async close() {
      await app.close();
      await jobs.stop();
      await test.close();
    },
  };
}

export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
}

export function call(app: FastifyInstance, c: Call): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  return app.inject({
    method: c.method,
    url: c.url,
    headers,
    ...(c.body !== undefined ? { payload: c.body as object } : {}),
  });
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((k) => k.name === 'pvd_session');
  if (!cookie) throw new Error(`No session cookie (status ${res.statusCode}: ${res.body})`);
  return `pvd_session=${cookie.value}`;
}

let counter = 0;
/** Signs up a new organisation; returns the owner's cookie and the ids. */
export async function signupOrg(app: FastifyInstance, name = 'Org', locale: 'fa' | 'en' = 'fa') {
  counter += 1;
  const email = `owner${counter}.${Date.now()}@example.com`;
  const res = await call(app, {
    method: 'POST',
    url: '/api/v1/auth/signup',
    body: {
      organization: `${name} ${counter}`,
      name: `Owner ${counter}`,
      email,
      password: 'correct horse battery',
      locale,
    },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string }; tenant: { id: string } };
  return {
    cookie: sessionCookie(res),
    userId: body.user.id,
    tenantId: body.tenant.id,
    email,
    password: 'correct horse battery',
  };
}

/** Invites a person with a role and accepts the invitation; returns their cookie and id. */
export async function addMember(app: FastifyInstance, ownerCookie: string, role: string) {
  counter += 1;
  const email = `${role}${counter}.${Date.now()}@example.com`;
  const inv = await call(app, {
    method: 'POST',
    url: '/api/v1/invitations',
    cookie: ownerCookie,
    body: { email, role },
  });
  if (inv.statusCode !== 201) throw new Error(`invite failed ${inv.statusCode} ${inv.body}`);
  const { token } = inv.json() as { token: string };
  const acc = await call(app, {
    method: 'POST',
    url: `/api/v1/invitations/${token}/accept`,
    body: { name: `${role} ${counter}`, password: 'correct horse battery' },
  });
  if (acc.statusCode !== 200) throw new Error(`accept failed ${acc.statusCode} ${acc.body}`);
  return { cookie: sessionCookie(acc), userId: (acc.json() as { user: { id: string } }).user.id, email };
}

/** A service context for an organisation's owner, for tests that call service functions directly. */
export function ownerContext(tenantId: string, userId: string, requestId = 'test'): Context {
  return {
    actor: {
      kind: 'user',
      userId,
      tenantId,
      role: { id: newId(), key: 'owner', ...builtinRole('owner') },
      teamIds: [],
    },
    requestId,
  };
}
