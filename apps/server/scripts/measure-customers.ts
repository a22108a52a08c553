/**
 * Measures customer search, list-with-q and the duplicate scan on a realistic data set.
 *
 *   npx tsx apps/server/scripts/measure-customers.ts --engine postgres --contacts 100000
 *   npx tsx apps/server/scripts/measure-customers.ts --engine pglite --contacts 20000
 *
 * A fresh database (PostgreSQL: `peyvand_measure_<ts>` created through PEYVAND_MEASURE_POSTGRES,
 * default postgres://postgres@127.0.0.1:5432/test, dropped at the end unless --keep), the real app
 * in-process (app.inject), one organisation, N contacts loaded through `POST /api/v1/contacts/batch`
 * (100 a request: the same validation, derived columns, audit and outbox as any client). The contacts
 * and the queries are the benchmark's (bench/generate.ts: messy Persian/English rows with planted
 * duplicates); `npm run bench` measures more, over HTTP, beside baselines.
 * `--db <name>` (PostgreSQL) measures an existing database kept by --keep: pending migrations are
 * applied, nothing is loaded. `--dump <file>` writes every answer (ids and scores in order), so two
 * versions of the code can be compared on one database.
 *
 * Prints a table; the last line of stdout is the JSON of every figure.
 */
import { writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { COMPANY_NAMES, people, queries } from '../bench/generate.js';
import { log, machine, openBenchDatabase, percentiles, withAccounts } from '../bench/support.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import type { Engine } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { Jobs } from '../src/platform/jobs/jobs.js';
import { call, sessionCookie, signupOrg } from '../src/platform/testing/harness.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const engine = (arg('engine') ?? 'postgres') as Engine;
const contacts = Number(arg('contacts') ?? 20_000);
const reuse = arg('db');
const keep = args.includes('--keep');
const dump = arg('dump');
const WARMUP = 20;
const PASSWORD = 'correct horse battery';
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine postgres|pglite');
if (reuse && engine !== 'postgres') throw new Error('--db needs --engine postgres');

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Running

const openDatabase = () =>
  openBenchDatabase(
    engine,
    process.env.PEYVAND_MEASURE_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
    {
      reuse,
      keep,
      prefix: 'peyvand_measure',
    },
  );

async function timed(app: FastifyInstance, cookie: string, url: string) {
  const started = performance.now();
  const res = await call(app, { method: 'GET', url, cookie });
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
  const { items } = res.json() as { items: { id: string; score?: number }[] };
  answers.push({ url, hits: items.map((i) => [i.id, i.score ?? null]) });
  return { ms, count: items.length };
}
/** Every answer (ids and scores in order), written to --dump to compare two versions on one database. */
const answers: { url: string; hits: [string, number | null][] }[] = [];

async function measureUrls(
  app: FastifyInstance,
  cookie: string,
  qs: { kind: string; q: string }[],
  url: (q: string) => string,
) {
  for (const { q } of qs.slice(0, WARMUP)) await timed(app, cookie, url(q));
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  let empty = 0;
  for (const { kind, q } of qs) {
    const { ms, count } = await timed(app, cookie, url(q));
    all.push(ms);
    byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    if (!count) empty += 1;
  }
  return {
    ...percentiles(all),
    empty,
    byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, percentiles(v)])),
  };
}

async function main() {
  const start = machine();
  log(`machine at start: ${JSON.stringify(start)}`);
  const opened = await openDatabase();
  const { db } = opened;
  let jobs: Jobs | undefined;
  let app: FastifyInstance | undefined;
  try {
    await migrate(db);
    jobs = new Jobs(db, pino({ level: 'silent' }));
    await jobs.start();
    await jobs.work();
    app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, jobs });
    await app.ready();
    const a = app;

    let cookie: string;
    let loadSeconds: number | null = null;
    const companies = new Map<string, string>();
    if (reuse) {
      const { rows } = await db.query<{ email: string }>(
        `SELECT email FROM users ORDER BY created_at LIMIT 1`,
      );
      const res = await call(a, {
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { email: rows[0]?.email, password: PASSWORD },
      });
      cookie = sessionCookie(res);
    } else {
      cookie = (await signupOrg(a, 'Measure')).cookie;
      for (const name of COMPANY_NAMES) {
        const res = await call(a, { method: 'POST', url: '/api/v1/accounts', cookie, body: { name } });
        if (res.statusCode !== 201) throw new Error(`account: ${res.statusCode} ${res.body}`);
        companies.set(name, (res.json() as { id: string }).id);
      }
      companies.set('شركت پارس', companies.get('شرکت پارس') as string);
    }
    const { contacts: list } = people(contacts);
    const inputs = withAccounts(list, companies);

    if (!reuse) {
      const started = performance.now();
      let loaded = 0;
      let refused = 0;
      for (let i = 0; i < inputs.length; i += 100) {
        let items = inputs.slice(i, i + 100);
        for (;;) {
          const res = await call(a, {
            method: 'POST',
            url: '/api/v1/contacts/batch',
            cookie,
            body: { items },
          });
          if (res.statusCode === 201 || res.statusCode === 200) break;
          // A messy value the API refuses (as it would a client's): drop that item and retry the batch.
          const bad = new Set(
            ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) =>
              Number(/^items\.(\d+)\./.exec(e.path)?.[1]),
            ),
          );
          if (res.statusCode !== 422 || !bad.size || bad.has(Number.NaN))
            throw new Error(`batch: ${res.statusCode} ${res.body}`);
          refused += bad.size;
          items = items.filter((_, k) => !bad.has(k));
        }
        loaded += items.length;
        if ((i / 100) % 100 === 0)
          log(`loaded ${loaded} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
      loadSeconds = (performance.now() - started) / 1000;
      log(`loaded ${loaded} contacts in ${loadSeconds.toFixed(1)} s (${refused} refused by validation)`);
      if (engine === 'postgres') await db.query('ANALYZE');
    }
    const { rows: counted } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL`,
    );
    const stored = Number(counted[0]?.n);

    const qs = queries(list);
    log(`measuring ${qs.length} queries (after ${WARMUP} warm-up) on ${stored} contacts`);
    const searchFigures = await measureUrls(
      a,
      cookie,
      qs,
      (q) => `/api/v1/search?q=${encodeURIComponent(q)}`,
    );
    log(`search: ${JSON.stringify({ ...searchFigures, byKind: undefined })}`);
    const listFigures = await measureUrls(
      a,
      cookie,
      qs,
      (q) => `/api/v1/contacts?q=${encodeURIComponent(q)}`,
    );
    log(`list q: ${JSON.stringify({ ...listFigures, byKind: undefined })}`);

    // Duplicate scan: the job through the API, wall time until it succeeded, RSS sampled meanwhile.
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const scanStarted = performance.now();
    const res = await call(a, {
      method: 'POST',
      url: '/api/v1/duplicates/scan',
      cookie,
      body: { types: ['contact'] },
    });
    if (res.statusCode !== 202) throw new Error(`scan: ${res.statusCode} ${res.body}`);
    const { jobId } = res.json() as { jobId: string };
    let job: { status: string; result: unknown; error: string | null };
    for (;;) {
      job = (await call(a, { method: 'GET', url: `/api/v1/jobs/${jobId}`, cookie })).json();
      if (job.status === 'succeeded' || job.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const scanSeconds = (performance.now() - scanStarted) / 1000;
    clearInterval(sampler);
    if (job.status !== 'succeeded') throw new Error(`scan failed: ${job.error}`);
    const scan = {
      seconds: Math.round(scanSeconds * 100) / 100,
      rssBeforeMiB: Math.round(rssBefore / MiB),
      rssPeakMiB: Math.round(rssPeak / MiB),
      result: (job.result as { contact: unknown }).contact,
    };
    log(`scan: ${JSON.stringify(scan)}`);

    if (dump) writeFileSync(dump, JSON.stringify(answers, null, 1));
    const end = machine();
    const row = (name: string, f: { p50: number; p95: number; p99: number; max: number; empty: number }) =>
      `${name.padEnd(22)}${String(f.p50).padStart(9)}${String(f.p95).padStart(9)}${String(f.p99).padStart(9)}${String(f.max).padStart(9)}${String(f.empty).padStart(8)}`;
    console.log(`\n${engine}, ${stored} contacts, ${qs.length} queries each (ms, in-process inject)`);
    console.log(
      `${''.padEnd(22)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}${'no hit'.padStart(8)}`,
    );
    console.log(row('GET /search?q=', searchFigures));
    for (const [k, f] of Object.entries(searchFigures.byKind)) console.log(row(`  ${k}`, { ...f, empty: 0 }));
    console.log(row('GET /contacts?q=', listFigures));
    for (const [k, f] of Object.entries(listFigures.byKind)) console.log(row(`  ${k}`, { ...f, empty: 0 }));
    console.log(
      `duplicate scan: ${scan.seconds} s, RSS ${scan.rssBeforeMiB} → peak ${scan.rssPeakMiB} MiB, ${JSON.stringify(scan.result)}`,
    );
    console.log(`machine: start ${JSON.stringify(start)}; end ${JSON.stringify(end)}`);
    console.log(
      JSON.stringify({
        engine,
        contacts: stored,
        database: opened.name ?? null,
        loadSeconds,
        search: searchFigures,
        list: listFigures,
        scan,
        machine: { start, end },
      }),
    );
  } finally {
    await app?.close();
    await jobs?.stop();
    await db.close();
    await opened.drop();
  }
}

await main();
