import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from './app.js';
import { seedDemo } from './modules/demo/seed.js';
import { createUserFromCli } from './modules/organization/service.js';
import { loadConfig } from './platform/config.js';
import { backup, restore } from './platform/db/backup.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';
import { Jobs } from './platform/jobs/jobs.js';
import { run } from './server.js';

const usage = `Usage: peyvand <command>
  start                      serve the app (and run jobs unless WORKERS_IN_PROCESS=false)
  worker                     run jobs only (several may run against one PostgreSQL)
  migrate                    apply pending database migrations
  create-user --email E --name N --password P (--organization O | --tenant ID) [--role owner|admin|manager|agent|read_only]
  seed-demo [--email E] [--password P] [--organization O] [--contacts N]
                             create a demo organisation full of believable data, and its owner
  backup FILE                write every table's data to one file
  restore FILE               load a backup into an empty database (either engine)
Environment: PORT, HOST, DATA_DIR (embedded database), DATABASE_URL (PostgreSQL), SIGNUP_ENABLED, LOG_LEVEL`;

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const config = loadConfig();
  switch (command) {
    case 'start':
    case 'worker': {
      const started = Date.now();
      const running = await run(config, command === 'start' ? 'serve' : 'worker');
      const engine = running.db.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
      console.log(
        command === 'start'
          ? `Peyvand is running at http://localhost:${config.port} on the ${engine} (ready in ${Date.now() - started} ms)`
          : `Peyvand worker running on the ${engine}`,
      );
      const shutdown = async () => {
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      return;
    }
    case 'migrate': {
      const db = await openDatabase(config);
      const applied = await migrate(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      await db.close();
      return;
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          organization: { type: 'string' },
          tenant: { type: 'string' },
          role: { type: 'string', default: 'owner' },
        },
      });
      const db = await openDatabase(config);
      await migrate(db);
      try {
        const result = await createUserFromCli(db, values);
        console.log(`Created ${result.email} as ${result.role} of ${result.tenantName}`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'seed-demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string', default: 'demo@peyvand.example' },
          password: { type: 'string', default: 'peyvand-demo-1405' },
          organization: { type: 'string', default: 'بازرگانی نمونهٔ پیوند' },
          name: { type: 'string', default: 'مدیر نمونه' },
          contacts: { type: 'string', default: '60' },
        },
      });
      const contacts = Number(values.contacts);
      if (!Number.isInteger(contacts) || contacts < 1 || contacts > 5000)
        throw new Error('--contacts must be a whole number from 1 to 5000');
      const db = await openDatabase(config);
      await migrate(db);
      const jobs = new Jobs(db, pino({ level: 'silent' }));
      await jobs.start();
      const app = await buildApp({ config: { ...config, logLevel: 'silent' }, db, jobs });
      try {
        const started = Date.now();
        const { counts } = await seedDemo(app, {
          organization: values.organization,
          name: values.name,
          email: values.email,
          password: values.password,
          contacts,
        });
        console.log(
          `Demo organisation «${values.organization}» ready in ${Math.round((Date.now() - started) / 1000)} s: ` +
            `${counts.accounts} accounts, ${counts.contacts} contacts, ${counts.leads} leads, ` +
            `${counts.interactions} interactions, ${counts.tasks} tasks.\n` +
            `Sign in at http://localhost:${config.port} as ${values.email} with the password ${values.password}`,
        );
      } finally {
        await app.close();
        await jobs.stop();
        await db.close();
      }
      return;
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) throw new Error(`peyvand ${command} needs a FILE`);
      const db = await openDatabase(config);
      try {
        if (command === 'backup') {
          await migrate(db);
          const counts = await backup(db, file);
          console.log(`Wrote ${file}: ${total(counts)} rows in ${Object.keys(counts).length} tables`);
        } else {
          const counts = await restore(db, file);
          console.log(`Restored ${total(counts)} rows in ${Object.keys(counts).length} tables`);
        }
      } finally {
        await db.close();
      }
      return;
    }
    default:
      console.log(usage);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
