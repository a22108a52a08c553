import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';
import { startDispatcher } from './platform/events/dispatcher.js';
import { Jobs } from './platform/jobs/jobs.js';

export interface Running {
  app: FastifyInstance | undefined;
  db: Database;
  jobs: Jobs;
  stop(): Promise<void>;
}

/**
 * Opens the database, applies migrations, starts the job system (and, unless turned off, its
 * workers and the outbox dispatcher in this process) and, for `serve`, the HTTP server.
 */
export async function run(config: Config, mode: 'serve' | 'worker', db?: Database): Promise<Running> {
  const log = pino({ level: config.logLevel });
  const database = db ?? (await openDatabase(config));
  await migrate(database);
  const jobs = new Jobs(database, log);
  await jobs.start();
  const background = mode === 'worker' || config.workersInProcess;
  let stopDispatcher: (() => Promise<void>) | undefined;
  if (background) {
    await jobs.work();
    stopDispatcher = startDispatcher(database, jobs, log);
  }
  let app: FastifyInstance | undefined;
  if (mode === 'serve') {
    app = await buildApp({ config, db: database, jobs });
    await app.listen({ port: config.port, host: config.host });
  }
  return {
    app,
    db: database,
    jobs,
    async stop() {
      await app?.close();
      await stopDispatcher?.();
      await jobs.stop();
      if (!db) await database.close();
    },
  };
}
