/**
 * Profiles one GET route under load, for the bench figures that miss (issue 6: "profile, fix the hot
 * path, record before/after"). Boots the app as the bench does (fresh database, admin API token, one
 * contact), then lets autocannon (a child process) hit the path while this process records a CPU profile:
 *
 *   npx tsx apps/server/scripts/profile-route.ts --engine postgres --seconds 10 [--path /api/v1/contacts/:id]
 *
 * `:id` is replaced by the contact's id. Writes `profile-route.cpuprofile` (open it in Chrome DevTools)
 * and prints req/s and the functions with the most self time.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import pino from 'pino';
import { openBenchDatabase } from '../bench/support.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import type { Engine } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { Jobs } from '../src/platform/jobs/jobs.js';
import { call, signupOrg } from '../src/platform/testing/harness.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const engine = (arg('engine') ?? 'postgres') as Engine;
const seconds = Number(arg('seconds') ?? 10);
const path = arg('path') ?? '/api/v1/contacts/:id';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

const opened = await openBenchDatabase(
  engine,
  process.env.PEYVAND_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
);
const jobs = new Jobs(opened.db, pino({ level: 'silent' }));
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: opened.db, jobs });
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
  const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
  writeFileSync('profile-route.cpuprofile', JSON.stringify(profile));
  const result = JSON.parse(out) as {
    requests: { average: number };
    non2xx: number;
    latency: { p50: number };
  };
  console.log(
    `${path}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, non-2xx ${result.non2xx}`,
  );
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
  await opened.db.close();
  await opened.drop();
}
