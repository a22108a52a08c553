/**
 * Profiles one GET route under load, for the bench figures that miss (issue 6: "profile, fix the hot
 * path, record before/after"). Boots the app as the bench does (fresh database, admin API token, one
 * contact), then lets autocannon (a child process) hit the path while this process records a CPU profile:
 *
 *   npx tsx apps/server/scripts/profile-route.ts --engine postgres --seconds 10 [--path /api/v1/contacts/:id]
 *
 * `:id` is replaced by the contact's id. `--import N` profiles instead an import job of N messy generated
 * rows (the bench's import file) and prints its rows/s and time per phase (PEYVAND_IMPORT_PROFILE).
 * Writes `profile-route.cpuprofile` (open it in Chrome DevTools) and prints the functions with the most
 * self time.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import pino from 'pino';
import { openBenchDatabase } from '../bench/support.js';
import { buildApp } from '../src/app.js';
import { messyContacts } from '../src/modules/imports/generator.js';
import { profile as importPhases } from '../src/modules/imports/runner.js';
import { loadConfig } from '../src/platform/config.js';
import { type Database, type Engine, type Queryable, toQuery } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { Jobs } from '../src/platform/jobs/jobs.js';
import { call, signupOrg } from '../src/platform/testing/harness.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const engine = (arg('engine') ?? 'postgres') as Engine;
const seconds = Number(arg('seconds') ?? 10);
const path = arg('path') ?? '/api/v1/contacts/:id';
const importRows = arg('import') ? Number(arg('import')) : undefined;
if (importRows) process.env.PEYVAND_IMPORT_PROFILE = '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

const opened = await openBenchDatabase(
  engine,
  process.env.PEYVAND_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
);
// Every statement's round trip, summed by its first words: where the database time goes.
const statements = new Map<string, { n: number; ms: number }>();
const timedQueries = (target: Queryable): Queryable => ({
  async query(query, params) {
    const start = performance.now();
    try {
      return await target.query(query, params);
    } finally {
      const key = toQuery(query, params).text.replace(/\s+/g, ' ').trim().slice(0, 70);
      const entry = statements.get(key) ?? { n: 0, ms: 0 };
      entry.n += 1;
      entry.ms += performance.now() - start;
      statements.set(key, entry);
    }
  },
  exec: (script) => target.exec(script),
});
const db: Database = {
  ...opened.db,
  ...timedQueries(opened.db),
  transaction: (fn) => opened.db.transaction((tx) => fn(timedQueries(tx))),
};
const jobs = new Jobs(db, pino({ level: 'silent' }));
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, jobs });
try {
  await migrate(opened.db);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const owner = await signupOrg(app, 'Profile');
  const token = (
    await call(app, {
      method: 'POST',
      url: '/api/v1/tokens',
      cookie: owner.cookie,
      body: { name: 'p', role: 'admin' },
    })
  ).json() as { token: string };
  const contact = (
    await call(app, {
      method: 'POST',
      url: '/api/v1/contacts',
      cookie: owner.cookie,
      body: { firstName: 'مریم', lastName: 'رضایی', phones: ['09121234567'], emails: ['maryam@example.com'] },
    })
  ).json() as { id: string };
  const url = `http://127.0.0.1:${address.port}${path.replace(':id', contact.id)}`;

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  let summary: string;
  if (importRows) {
    await jobs.start();
    await jobs.work();
    const upload = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?type=contact&name=profile.csv',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'text/csv' },
      payload: Buffer.from(messyContacts(importRows, 7, []).csv, 'utf8'),
    });
    const importId = (upload.json() as { id: string }).id;
    const started = performance.now();
    const run = await call(app, {
      method: 'POST',
      url: `/api/v1/imports/${importId}/run`,
      cookie: owner.cookie,
    });
    const jobId = (run.json() as { jobId: string }).jobId;
    for (;;) {
      const job = (
        await call(app, { method: 'GET', url: `/api/v1/jobs/${jobId}`, cookie: owner.cookie })
      ).json() as {
        status: string;
      };
      if (!['created', 'queued', 'running', 'retry', 'active'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    summary = `import of ${importRows} rows: ${Math.round(importRows / seconds)} rows/s; phases (ms): ${JSON.stringify(Object.fromEntries([...importPhases].map(([k, v]) => [k, Math.round(v)])))}`;
  } else {
    const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [bin, '-j', '-c', '10', '-d', String(seconds), '-H', `authorization=Bearer ${token.token}`, url],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    const result = JSON.parse(out) as {
      requests: { average: number };
      non2xx: number;
      latency: { p50: number };
    };
    summary = `${path}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, non-2xx ${result.non2xx}`;
  }
  const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
  writeFileSync('profile-route.cpuprofile', JSON.stringify(profile));
  console.log(summary);
  console.log('statements by total round-trip time (ms, count):');
  for (const [key, v] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
    console.log(`${String(Math.round(v.ms)).padStart(8)} ${String(v.n).padStart(6)}  ${key}`);
  const self = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    total += n.hitCount;
    const where = n.callFrame.url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*\/apps\/server\//, '');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
  }
  for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
} finally {
  await app.close();
  await jobs.stop();
  await opened.db.close();
  await opened.drop();
}
