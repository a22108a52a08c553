/**
 * `npm run bench -- --size S|M|L [--engine pglite|postgres|both] [--seconds N]`
 *
 * Sizes: S 10 000 contacts, M 100 000, L 1 000 000 (PostgreSQL only unless --engine pglite). --seconds
 * is each autocannon run at 10 connections (default 10; the peer protocol's is 20), half that at 1.
 * The real app (buildApp + listen on a local port, workers in process) on a fresh database of each
 * engine — PGlite in memory always; PostgreSQL when PEYVAND_BENCH_POSTGRES (default
 * postgres://postgres@127.0.0.1:5432/test) answers: a database of its own is created there and
 * dropped at the end. Every figure is printed beside a baseline measured in the same run on the
 * same data, and the ratio. Results: bench/results/<date>-<engine>-<size>.json (in apps/server) and
 * the markdown table on stdout (docs/PERFORMANCE.md keeps the measured ones).
 *
 * Before the figures: the organisation's custom fields (the generator's CUSTOM_FIELDS) through the API,
 * the contacts through POST /contacts/batch, then the generator's interactions of those contacts
 * (about 10 each, three years) with COPY straight into the interactions table — the interactions
 * module has no batch create. The import job runs on the generated file as CSV, then as XLSX in a
 * second organisation set up alike (in the first, every row would be a duplicate of the CSV's).
 *
 * The baselines replay "the same SQL": the statements the app itself ran for one request are recorded
 * (a recording wrapper around the Database the app is given) and replayed directly through the driver
 * in one tenant transaction, without HTTP, authentication, permission checks or serialisation.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { formatNumber, numberingYear } from '../src/modules/billing/numbering.js';
import { loadConfig } from '../src/platform/config.js';
import { type Database, type Engine, type Queryable, toQuery } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import type { PgliteDatabase } from '../src/platform/db/pglite.js';
import type { PostgresDatabase } from '../src/platform/db/postgres.js';
import { analyseGrownTables, needsStatisticsKeeper } from '../src/platform/db/statistics.js';
import { Jobs } from '../src/platform/jobs/jobs.js';
import { inTenant } from '../src/platform/tenancy/context.js';
import { call, signupOrg } from '../src/platform/testing/harness.js';
import {
  benchData,
  COMPANY_NAMES,
  CUSTOM_FIELDS,
  interactions,
  isSize,
  orders,
  type Query,
  SIZES,
  type Size,
  writeImportXlsx,
} from './generate.js';
import {
  log,
  machine,
  openBenchDatabase,
  type Percentiles,
  percentiles,
  postgresReachable,
  rssSampler,
  withAccounts,
} from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

// ---------------------------------------------------------------------------------------------
// Recording the app's SQL, to replay it as the baseline

interface Statement {
  text: string;
  values: unknown[];
}

/** The database the app is given: records every statement while a tape is running. */
function recording(db: Database) {
  let tape: Statement[] | null = null;
  const wrap = (target: Queryable): Queryable => ({
    query(query, params) {
      tape?.push(toQuery(query, params));
      return target.query(query, params);
    },
    exec: (script) => target.exec(script),
  });
  const recorded: Database = {
    ...db,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
  };
  return {
    db: recorded,
    /** The statements matching `keep` that ran during `fn` (at least one). */
    async record(fn: () => Promise<unknown>, keep: RegExp): Promise<Statement[]> {
      tape = [];
      try {
        await fn();
        const kept = tape.filter((s) => keep.test(s.text));
        // A baseline that replays nothing would time an empty transaction and flatter the app.
        if (!kept.length) throw new Error(`the request ran no statement matching ${keep}`);
        return kept;
      } finally {
        tape = null;
      }
    },
  };
}

/** The recorded statements, straight through the driver in one tenant transaction (as inTenant). */
function replay(db: Database, tenantId: string, statements: Statement[]) {
  return inTenant(db, tenantId, async (tx) => {
    for (const s of statements) await tx.query(s.text, s.values);
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Http {
  base: string;
  token: string;
}
async function request(http: Http, method: string, path: string, body?: unknown) {
  const res = await fetch(`${http.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${http.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) as unknown, text };
}

/**
 * A GET, sent again once when the server had closed the kept-alive connection it went out on: with
 * PGlite in this process a minutes-long COPY blocks the event loop, and afterwards the server's and
 * the client's keep-alive timers race (the first search at M after the load failed with ECONNRESET).
 */
async function get(http: Http, path: string) {
  try {
    return await request(http, 'GET', path);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return request(http, 'GET', path);
  }
}
async function timedGet(http: Http, path: string) {
  const started = performance.now();
  const res = await get(http, path);
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${res.text.slice(0, 300)}`);
  return { ms, body: res.json() };
}
async function timedMs(fn: () => Promise<unknown>) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

interface Cannon {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}
/** autocannon in a child process (the server keeps this process's event loop to itself). */
function autocannon(url: string, connections: number, seconds: number, headers: Record<string, string>) {
  const args = [autocannonBin, '-j', '-c', String(connections), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise<Cannon>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const r = JSON.parse(out) as {
        requests: { average: number; total: number };
        latency: { p50: number; p99: number };
        errors: number;
        non2xx: number;
      };
      resolve({
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        errors: r.errors,
        non2xx: r.non2xx,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// One engine

interface Options {
  size: Size;
  seconds: number;
}
/** `importXlsx` is null at size L: the XLSX of a million rows is not written (the CSV is imported). */
type Data = ReturnType<typeof benchData> & { importXlsx: Buffer | null };

const WARMUP = 20;
const rounds = (n: number) => Math.round(n);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

async function benchEngine(engine: Engine, adminUrl: string, data: Data, options: Options) {
  const opened = await openBenchDatabase(engine, adminUrl);
  const { db } = opened;
  const jobs = new Jobs(db, pino({ level: 'silent' }));
  const rec = recording(db);
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: rec.db, jobs });
  const bare = Fastify();
  const result: Record<string, unknown> = {
    engine,
    size: options.size,
    startedAt: new Date().toISOString(),
    machineAtStart: machine(),
  };
  try {
    await migrate(db);
    await jobs.start();
    await jobs.work();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    const { owner, http, companies } = await benchOrganisation(app, base, 'Bench');
    const auth = { authorization: `Bearer ${http.token}` };

    // --- Load: the contacts through POST /contacts/batch, 60 a request, 4 in flight (the peer protocol's create).
    const inputs = withAccounts(data.contacts, companies);
    const ids: (string | null)[] = new Array(inputs.length).fill(null);
    let refused = 0;
    const loadBatch = async (start: number) => {
      let indexes = Array.from({ length: Math.min(60, inputs.length - start) }, (_, k) => start + k);
      for (;;) {
        const res = await request(http, 'POST', '/api/v1/contacts/batch', {
          items: indexes.map((i) => inputs[i]),
        });
        if (res.status === 201) {
          const created = (res.json() as { items: { id: string }[] }).items;
          created.forEach((c, k) => {
            ids[indexes[k] as number] = c.id;
          });
          return;
        }
        // A messy value the API refuses (as it would a client's): drop that item and send the rest.
        const bad = new Set(
          ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) =>
            Number(/^items\.(\d+)\./.exec(e.path)?.[1]),
          ),
        );
        if (res.status !== 422 || !bad.size || bad.has(Number.NaN))
          throw new Error(`batch: ${res.status} ${res.text}`);
        refused += bad.size;
        indexes = indexes.filter((_, k) => !bad.has(k));
      }
    };
    // The planner needs statistics of tables that grow this fast, and autovacuum gathers them — but it
    // may be off (it is off on this machine's PostgreSQL; PGlite has none): without them, from about
    // 100,000 contacts each batch's re-read of what it wrote took a second. The app's statistics keeper
    // (platform/db/statistics.ts) checks every five minutes, too seldom for a load of a million in ten;
    // so the load runs the keeper's check after each 50% growth; its time counts in the load's.
    let analysedAt = 0;
    let analysing = false;
    const keeper = await needsStatisticsKeeper(db);
    const loadStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < inputs.length) {
          const start = next;
          next += 60;
          await loadBatch(start);
          if (keeper && !analysing && next - analysedAt >= Math.max(20_000, analysedAt / 2)) {
            analysing = true;
            analysedAt = next;
            await analyseGrownTables(db);
            log(
              `${engine}: ${next} contacts sent in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
            );
            analysing = false;
          }
        }
      }),
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const loaded = ids.filter(Boolean).length;
    result.batchCreate = {
      records: loaded,
      refused,
      seconds: loadSeconds,
      recordsPerSecond: rounds(loaded / loadSeconds),
    };
    log(`${engine}: created ${loaded} contacts in ${loadSeconds.toFixed(1)} s (${refused} refused)`);

    // --- Interactions over three years (about 10 a contact), with COPY: the module has no batch create.
    const history = await loadInteractions(db, engine, owner, data.contacts.length, ids);
    result.interactions = history.figures;
    log(`${engine}: copied ${history.figures.rows} interactions in ${history.figures.seconds.toFixed(1)} s`);
    // --- Sales orders and their lines of the contacts with a company, with COPY as the interactions.
    const sales = await loadOrders(db, engine, owner, data.contacts, ids, companies);
    result.orders = sales;
    log(
      `${engine}: copied ${sales.orders} orders with ${sales.lines} lines in ${sales.seconds.toFixed(1)} s`,
    );
    // Statistics of what was just loaded, as the app's statistics keeper would take within five
    // minutes (PGlite has no autovacuum at all).
    await db.exec('ANALYZE');

    // --- 2. Search while typing, over HTTP, vs the same SQL replayed.
    const searchPath = (q: Query) => `/api/v1/search?q=${encodeURIComponent(q.q)}`;
    for (const q of data.queries.slice(0, WARMUP)) await timedGet(http, searchPath(q));
    const searchHttp: number[] = [];
    const searchSql: number[] = [];
    let searchEmpty = 0;
    for (const q of data.queries) {
      let timed: Awaited<ReturnType<typeof timedGet>> | undefined;
      const statements = await rec.record(async () => {
        timed = await timedGet(http, searchPath(q));
      }, /search_customer_candidates|pg_trgm/);
      const t = timed as Awaited<ReturnType<typeof timedGet>>;
      searchHttp.push(t.ms);
      if (!(t.body as { items: unknown[] }).items.length) searchEmpty += 1;
      searchSql.push(await timedMs(() => replay(db, owner.tenantId, statements)));
    }
    result.search = {
      http: percentiles(searchHttp),
      sql: percentiles(searchSql),
      queries: data.queries.length,
      empty: searchEmpty,
    };

    // --- 3. List: a filter, a sort and keyset paging; page 1 and page 500 (or the last), vs the same SQL.
    const filter = encodeURIComponent(JSON.stringify({ field: 'customerType', op: 'eq', value: 'external' }));
    const listBase = `/api/v1/contacts?filter=${filter}&sort=name&limit=50`;
    const cursors: (string | null)[] = [null];
    for (let page = 1; page < 500; page++) {
      const { body } = await timedGet(
        http,
        `${listBase}&cursor=${encodeURIComponent(cursors.at(-1) as string)}`.replace('&cursor=null', ''),
      );
      const nextCursor = (body as { nextCursor: string | null }).nextCursor;
      if (!nextCursor) break;
      cursors.push(nextCursor);
    }
    const lastPage = cursors.length;
    const pagePath = (cursor: string | null) =>
      cursor ? `${listBase}&cursor=${encodeURIComponent(cursor)}` : listBase;
    const listFigures: Record<string, { page: number; http: Percentiles; sql: Percentiles }> = {};
    for (const [label, page] of [
      ['first', 1],
      ['deep', lastPage],
    ] as const) {
      const path = pagePath(cursors[page - 1] ?? null);
      const statements = await rec.record(() => timedGet(http, path), /FROM contacts t/);
      const h: number[] = [];
      const s: number[] = [];
      for (let i = 0; i < 100 + WARMUP; i++) {
        const ms = (await timedGet(http, path)).ms;
        const sms = await timedMs(() => replay(db, owner.tenantId, statements));
        if (i >= WARMUP) {
          h.push(ms);
          s.push(sms);
        }
      }
      listFigures[label] = { page, http: percentiles(h), sql: percentiles(s) };
    }
    result.list = listFigures;

    // --- 4. Customer 360 with its first 50 timeline items, on 100 contacts spread over the loaded ones
    // (each with the history the generator gave it: a few items for most, dozens for some).
    const sample = spread(
      ids.flatMap((id, i) =>
        id && history.perContact[i] ? [{ id, items: history.perContact[i] as number }] : [],
      ),
      100,
    );
    const c360: number[] = [];
    for (let i = 0; i < 100 + WARMUP; i++) {
      const { ms, body } = await timedGet(http, `/api/v1/contacts/${sample[i % sample.length]?.id}/360`);
      if (i === 0 && !(body as { timeline: { items: unknown[] } }).timeline.items.length)
        throw new Error('360 page without its timeline');
      if (i >= WARMUP) c360.push(ms);
    }
    const items = sample.map((c) => c.items);
    result.customer360 = {
      ...percentiles(c360),
      contacts: sample.length,
      interactionsMean: Math.round((items.reduce((a, b) => a + b, 0) / items.length) * 10) / 10,
      interactionsMax: Math.max(...items),
      withFullFirstPage: items.filter((k) => k >= 50).length,
    };

    // --- 5. GET /contacts/:id throughput vs a bare Fastify route (same process) doing the same SELECT.
    const someone = sample[0]?.id as string;
    const getStatements = await rec.record(
      () => timedGet(http, `/api/v1/contacts/${someone}`),
      /FROM contacts t WHERE t\.id = \$1/,
    );
    const select = getStatements[0];
    if (!select) throw new Error('GET /contacts/:id ran no SELECT on contacts');
    bare.get<{ Params: { id: string } }>('/contacts/:id', (req) =>
      inTenant(db, owner.tenantId, async (tx) => (await tx.query(select.text, [req.params.id])).rows[0]),
    );
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareAddress = bare.server.address();
    if (!bareAddress || typeof bareAddress === 'string') throw new Error('no port');
    const getById = await autocannon(`${http.base}/api/v1/contacts/${someone}`, 10, options.seconds, auth);
    const bareRoute = await autocannon(
      `http://127.0.0.1:${bareAddress.port}/contacts/${someone}`,
      10,
      options.seconds,
      {},
    );
    result.getById = { app: getById, bare: bareRoute };

    // --- The peer protocol's reads (Twenty's figures as constants in TWENTY below).
    const peer: Record<string, { c10: Cannon; c1: Cannon }> = {};
    const q = (f: unknown) => encodeURIComponent(JSON.stringify(f));
    const peerPaths: Record<string, string> = {
      list: '/api/v1/contacts?limit=50',
      filterSon: `/api/v1/contacts?limit=50&filter=${q({ field: 'lastName', op: 'contains', value: 'son' })}`,
      orAnn: `/api/v1/contacts?limit=50&filter=${q({
        or: [
          { field: 'firstName', op: 'contains', value: 'ann' },
          { field: 'lastName', op: 'contains', value: 'ann' },
        ],
      })}`,
      sortLastName: '/api/v1/contacts?limit=50&sort=lastName',
      sortCreatedDesc: '/api/v1/contacts?limit=50&sort=-createdAt',
      getById: `/api/v1/contacts/${someone}`,
      search: `/api/v1/search?q=${encodeURIComponent('ann')}`,
    };
    for (const [name, path] of Object.entries(peerPaths)) {
      const c10 = await autocannon(`${http.base}${path}`, 10, options.seconds, auth);
      const c1 = await autocannon(
        `${http.base}${path}`,
        1,
        Math.max(2, Math.round(options.seconds / 2)),
        auth,
      );
      peer[name] = { c10, c1 };
      log(`${engine}: peer ${name}: ${Math.round(c10.requestsPerSecond)} req/s at c=10`);
    }
    result.peer = peer;

    // --- 6. Duplicate detection over the whole set, with precision and recall; 7. RSS meanwhile.
    const scanRss = rssSampler();
    const scanStarted = performance.now();
    const scanRes = await request(http, 'POST', '/api/v1/duplicates/scan', { types: ['contact'] });
    if (scanRes.status !== 202) throw new Error(`scan: ${scanRes.status} ${scanRes.text}`);
    await waitForJob(http, (scanRes.json() as { jobId: string }).jobId);
    const scanSeconds = (performance.now() - scanStarted) / 1000;
    const scanMemory = scanRss.stop();
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const { rows: found } = await inTenant(db, owner.tenantId, (tx) =>
      tx.query<{ record_a: string; record_b: string }>(
        `SELECT record_a, record_b FROM duplicate_candidates WHERE entity = 'contact'`,
      ),
    );
    const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
    const loadedPair = ([a, b]: [number, number]) => ids[a] && ids[b];
    const truth = new Set(data.truePairs.filter(loadedPair).map(([a, b]) => key(a, b)));
    const foundKeys = new Set(
      found.map((p) => key(indexOf.get(p.record_a) as number, indexOf.get(p.record_b) as number)),
    );
    const hits = [...foundKeys].filter((k) => truth.has(k)).length;
    // The first missed pairs by name, so whoever improves recall sees what the scan does not catch.
    const nameOf = (i: number) =>
      `${data.contacts[i]?.firstName ?? ''} ${data.contacts[i]?.lastName ?? ''}`.trim();
    const missed = [...truth]
      .filter((k) => !foundKeys.has(k))
      .slice(0, 20)
      .map((k) => k.split(',').map((i) => nameOf(Number(i))));
    result.duplicates = {
      seconds: Math.round(scanSeconds * 100) / 100,
      pairsFound: foundKeys.size,
      truePairs: truth.size,
      precision: foundKeys.size ? Math.round((hits / foundKeys.size) * 1000) / 1000 : 0,
      recall: truth.size ? Math.round((hits / truth.size) * 1000) / 1000 : 0,
      missed,
      rssPeakMiB: scanMemory.peakMiB,
      rssStartMiB: scanMemory.startMiB,
    };

    // --- 1. Import through the import job, vs COPY of the same rows into the same table; then the same
    // rows as XLSX into an organisation of their own (here they would all be duplicates of the CSV's).
    const csvImport = await timedImport(
      app,
      http,
      'bench.csv',
      'text/csv',
      Buffer.from(data.importCsv, 'utf8'),
    );
    const copy = await copyBaseline(db, engine, owner.tenantId, csvImport.startedAt, app);
    const rows = data.importPlan.rows;
    let xlsx: Record<string, unknown> | null = null;
    if (data.importXlsx) {
      const other = await benchOrganisation(app, base, 'Bench xlsx');
      const xlsxImport = await timedImport(app, other.http, 'bench.xlsx', XLSX, data.importXlsx);
      xlsx = {
        ...xlsxImport,
        rowsPerSecond: rounds(rows / xlsxImport.seconds),
        bytes: data.importXlsx.length,
      };
    }
    result.import = {
      rows,
      ...csvImport,
      rowsPerSecond: rounds(rows / csvImport.seconds),
      copy,
      xlsx,
    };
    result.machine = machine();
    result.finishedAt = new Date().toISOString();
    return result;
  } finally {
    await bare.close();
    await app.close();
    await jobs.stop();
    await db.close();
    await opened.drop();
  }
}

/**
 * A new organisation with an API token of the admin role (scope all), the generator's custom fields
 * and an account per company (`companies`: name → account id), so contacts and import files can
 * carry their values and the imports of two organisations find the same accounts.
 */
async function benchOrganisation(app: Parameters<typeof signupOrg>[0], base: string, name: string) {
  const owner = await signupOrg(app, name);
  const tokenRes = await call(app, {
    method: 'POST',
    url: '/api/v1/tokens',
    cookie: owner.cookie,
    body: { name: 'bench', role: 'admin' },
  });
  if (tokenRes.statusCode !== 201) throw new Error(`token: ${tokenRes.statusCode} ${tokenRes.body}`);
  const http: Http = { base, token: (tokenRes.json() as { token: string }).token };
  for (const field of CUSTOM_FIELDS) {
    const res = await request(http, 'POST', '/api/v1/custom-fields', field);
    if (res.status !== 201) throw new Error(`custom field: ${res.status} ${res.text}`);
  }
  const companies = new Map<string, string>();
  for (const name of COMPANY_NAMES) {
    const res = await request(http, 'POST', '/api/v1/accounts', { name });
    if (res.status !== 201) throw new Error(`account: ${res.status} ${res.text}`);
    companies.set(name, (res.json() as { id: string }).id);
  }
  companies.set('شركت پارس', companies.get('شرکت پارس') as string);
  return { owner, http, companies };
}

/** `count` items evenly spaced over the list (all of it when shorter). */
function spread<T>(list: T[], count: number): T[] {
  const step = Math.max(1, list.length / count);
  return Array.from({ length: Math.min(count, list.length) }, (_, k) => list[Math.floor(k * step)] as T);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Uploads a file and runs its import job with the suggested mapping; the job's own time and the peak RSS. */
async function timedImport(
  app: Parameters<typeof signupOrg>[0],
  http: Http,
  name: string,
  contentType: string,
  file: Buffer,
) {
  const upload = await app.inject({
    method: 'POST',
    url: `/api/v1/imports?type=contact&name=${encodeURIComponent(name)}`,
    headers: { authorization: `Bearer ${http.token}`, 'content-type': contentType },
    payload: file,
  });
  if (upload.statusCode !== 201) throw new Error(`upload: ${upload.statusCode} ${upload.body}`);
  const importId = (upload.json() as { id: string }).id;
  const rss = rssSampler();
  const run = await request(http, 'POST', `/api/v1/imports/${importId}/run`);
  if (run.status !== 202) throw new Error(`import run: ${run.status} ${run.text}`);
  const job = await waitForJob(http, (run.json() as { jobId: string }).jobId);
  const memory = rss.stop();
  const imported = (await request(http, 'GET', `/api/v1/imports/${importId}`)).json() as {
    counts: Record<string, number>;
  };
  const startedAt = job.startedAt as string;
  const seconds = (Date.parse(job.finishedAt as string) - Date.parse(startedAt)) / 1000;
  return {
    counts: imported.counts,
    seconds,
    startedAt,
    rssPeakMiB: memory.peakMiB,
    rssStartMiB: memory.startMiB,
  };
}

/**
 * The generator's interactions of the loaded contacts, written with COPY into the interactions table
 * as the owner's (the module has no batch create, and millions one request at a time would take
 * hours). No audit rows or events, as a migration from another system would write them; search_text
 * is generated by the table. Chunks of 50 000 rows keep the text of size L out of memory.
 */
async function loadInteractions(
  db: Database,
  engine: Engine,
  owner: { tenantId: string; userId: string },
  contacts: number,
  ids: (string | null)[],
) {
  const target =
    'interactions (tenant_id, id, channel, direction, initiator, subject, occurred_at, duration_seconds, contact_id, owner_id, created_by)';
  const perContact = new Array<number>(contacts).fill(0);
  let chunk: string[] = [];
  let rows = 0;
  let ms = 0;
  const flush = async () => {
    const copied = await copyIn(db, engine, target, Buffer.from(chunk.join(''), 'utf8'));
    rows += copied.rows;
    ms += copied.ms;
    chunk = [];
  };
  for (const i of interactions(contacts)) {
    const contactId = ids[i.contact];
    if (!contactId) continue;
    perContact[i.contact] = (perContact[i.contact] as number) + 1;
    const values = [
      owner.tenantId,
      randomUUID(),
      i.channel,
      i.direction,
      i.initiator,
      i.subject,
      i.occurredAt,
      i.durationSeconds,
      contactId,
      owner.userId,
      owner.userId,
    ];
    chunk.push(`${values.map(copyText).join('\t')}\n`);
    if (chunk.length === 50_000) await flush();
  }
  if (chunk.length) await flush();
  if (engine === 'postgres') await db.exec('ANALYZE interactions');
  return { perContact, figures: { rows, seconds: ms / 1000, rowsPerSecond: rounds(rows / (ms / 1000)) } };
}
/**
 * The generator's sales orders (status open, numbered SO-<Jalali year>-NNNNNN as the app numbers them,
 * totals with 10% VAT as packages/billing computes them for whole-Rial prices) and their lines, with
 * COPY into sales_documents and sales_document_lines, then the number counters where the app would
 * continue. Chunks of 20 000 orders, each chunk's orders copied before their lines.
 */
async function loadOrders(
  db: Database,
  engine: Engine,
  owner: { tenantId: string; userId: string },
  contacts: Data['contacts'],
  ids: (string | null)[],
  companies: Map<string, string>,
) {
  const documents =
    'sales_documents (tenant_id, id, type, status, number, account_id, contact_id, owner_id, currency, issue_date, gross, line_discounts, subtotal, document_discount, taxable, tax, total, issued_at, created_at, updated_at, created_by)';
  const lineTable =
    'sales_document_lines (tenant_id, document_id, position, description, quantity, unit_price, tax_rate, gross, line_discount, net, document_discount, taxable, tax, total)';
  const counters = new Map<number, number>();
  let docChunk: string[] = [];
  let lineChunk: string[] = [];
  let orderCount = 0;
  let lineCount = 0;
  let ms = 0;
  const flush = async () => {
    const d = await copyIn(db, engine, documents, Buffer.from(docChunk.join(''), 'utf8'));
    const l = await copyIn(db, engine, lineTable, Buffer.from(lineChunk.join(''), 'utf8'));
    orderCount += d.rows;
    lineCount += l.rows;
    ms += d.ms + l.ms;
    docChunk = [];
    lineChunk = [];
  };
  const row = (values: (string | number | undefined)[]) => `${values.map(copyText).join('\t')}\n`;
  for (const order of orders(contacts)) {
    const contactId = ids[order.contact];
    const company = contacts[order.contact]?.company;
    const accountId = company ? companies.get(company) : undefined;
    if (!contactId || !accountId) continue;
    const id = randomUUID();
    // Tehran is UTC+3:30: the issue day (and so the numbering year) is Tehran's.
    const day = new Date(Date.parse(order.issuedAt) + 3.5 * 3_600_000).toISOString().slice(0, 10);
    const year = numberingYear(day, 'jalali');
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    let net = 0;
    order.lines.forEach((line, position) => {
      const gross = line.quantity * line.unitPrice;
      const tax = gross / 10;
      net += gross;
      lineChunk.push(
        row([
          owner.tenantId,
          id,
          position,
          line.description,
          line.quantity,
          line.unitPrice,
          10,
          gross,
          0,
          gross,
          0,
          gross,
          tax,
          gross + tax,
        ]),
      );
    });
    const at = order.issuedAt;
    docChunk.push(
      row([
        owner.tenantId,
        id,
        'sales_order',
        'open',
        formatNumber('sales_order', year, n),
        accountId,
        contactId,
        owner.userId,
        'IRR',
        day,
        net,
        0,
        net,
        0,
        net,
        net / 10,
        net + net / 10,
        at,
        at,
        at,
        owner.userId,
      ]),
    );
    if (docChunk.length === 20_000) await flush();
  }
  if (docChunk.length) await flush();
  for (const [year, last] of counters)
    await db.query(
      `INSERT INTO document_counters (tenant_id, type, year, last) VALUES ($1, 'sales_order', $2, $3)`,
      [owner.tenantId, year, last],
    );
  if (engine === 'postgres') await db.exec('ANALYZE sales_documents; ANALYZE sales_document_lines');
  return {
    orders: orderCount,
    lines: lineCount,
    seconds: ms / 1000,
    rowsPerSecond: rounds((orderCount + lineCount) / (ms / 1000)),
  };
}

/** A value in COPY's text format. */
const copyText = (v: string | number | undefined) =>
  v === undefined
    ? '\\N'
    : String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? '\\\\');

interface JobView {
  status: string;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}
async function waitForJob(http: Http, jobId: string): Promise<JobView> {
  for (;;) {
    const job = (await request(http, 'GET', `/api/v1/jobs/${jobId}`)).json() as JobView;
    if (job.status === 'succeeded') return job;
    if (job.status === 'failed' || job.status === 'cancelled')
      throw new Error(`job ${job.status}: ${job.error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The rows the import created, as stored, copied with COPY … FROM into the same contacts table (same
 * indexes, generated columns, constraints) under another organisation with new ids: the database's
 * own fastest load of exactly those rows. PGlite: its COPY FROM '/dev/blob'; PostgreSQL: COPY FROM
 * STDIN through pg-copy-streams.
 */
async function copyBaseline(
  db: Database,
  engine: Engine,
  tenantId: string,
  since: string,
  app: Parameters<typeof signupOrg>[0],
) {
  const other = await signupOrg(app, 'Bench copy');
  const { rows: cols } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_name = 'contacts' AND table_schema = current_schema() AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
  );
  const names = cols.map((c) => c.column_name);
  const fresh: Record<string, string> = {
    tenant_id: `'${other.tenantId}'::uuid`,
    id: 'gen_random_uuid()',
    owner_id: 'NULL',
    created_by: 'NULL',
  };
  const select = names.map((n) => fresh[n] ?? n).join(', ');
  const source = `SELECT ${select} FROM contacts WHERE tenant_id = '${tenantId}' AND created_at >= '${since}'`;
  const target = `contacts (${names.join(', ')})`;
  const { rows, ms } = await copyIn(db, engine, target, await copyOut(db, engine, source));
  return {
    method: engine === 'pglite' ? "PGlite COPY FROM '/dev/blob'" : 'COPY FROM STDIN (pg-copy-streams)',
    rows,
    seconds: ms / 1000,
    rowsPerSecond: rounds(rows / (ms / 1000)),
  };
}

/** The rows of a SELECT in COPY's text format. */
async function copyOut(db: Database, engine: Engine, select: string): Promise<Buffer> {
  if (engine === 'pglite') {
    const out = await (db as PgliteDatabase).pglite.query(`COPY (${select}) TO '/dev/blob'`);
    return Buffer.from(await (out.blob as Blob).arrayBuffer());
  }
  const client: pg.PoolClient = await (db as PostgresDatabase).pool.connect();
  try {
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    return Buffer.concat(chunks);
  } finally {
    client.release();
  }
}

/**
 * COPY … FROM of rows in text format into `target` ("table (columns)"), as superuser: tenant_id is a
 * column like any other here, no tenant context. PGlite: its COPY FROM '/dev/blob'; PostgreSQL: COPY
 * FROM STDIN through pg-copy-streams. The rows written and the milliseconds the COPY took.
 */
async function copyIn(db: Database, engine: Engine, target: string, text: Buffer) {
  if (engine === 'pglite') {
    const blob = new Blob([new Uint8Array(text)]);
    const started = performance.now();
    const copied = await (db as PgliteDatabase).pglite.query(`COPY ${target} FROM '/dev/blob'`, [], { blob });
    return { rows: copied.affectedRows ?? 0, ms: performance.now() - started };
  }
  const client: pg.PoolClient = await (db as PostgresDatabase).pool.connect();
  try {
    const started = performance.now();
    const sink = client.query(copyFrom(`COPY ${target} FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      sink.on('finish', () => resolve());
      sink.on('error', reject);
      sink.end(text);
    });
    return { rows: Number(sink.rowCount), ms: performance.now() - started };
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// Twenty's published figures and the report

/** Source: issue 6 "The peer protocol" — Twenty v1.3.1 (server + worker + PostgreSQL 15 + Redis) on one 2-core, 24 GiB machine. */
export const TWENTY = {
  source:
    'issue 6, "The peer protocol": Twenty v1.3.1, server + worker + PostgreSQL 15 + Redis, one 2-core 24 GiB machine',
  createPerSecond: [421, 526],
  c10: {
    list: { rps: [30, 35], p50: [280, 320] },
    filterSon: { rps: [19, 19], p50: [510, 510] },
    orAnn: { rps: [12.5, 12.5], p50: [780, 780] },
    sortLastName: { rps: [31, 33], p50: [300, 300] },
    sortCreatedDesc: { rps: [30, 33], p50: [300, 325] },
    getById: { rps: [151, 156], p50: [62, 65] },
    search: { rps: [103, 114], p50: [85, 96] },
  },
  c1p50: { list: [47, 57], filterSon: [98, 100], orAnn: [110, 130], getById: [8, 10], search: [11, 13] },
} as const;

type Result = Awaited<ReturnType<typeof benchEngine>>;
const span = (r: readonly number[]) => (r[0] === r[1] ? String(r[0]) : `${r[0]}–${r[1]}`);
const n = (x: number) => (x >= 100 ? String(Math.round(x)) : String(Math.round(x * 10) / 10));

/** The markdown tables of one engine's run. */
export function report(r: Result): string {
  const get = <T>(k: string) => r[k] as T;
  const imp = get<{
    rowsPerSecond: number;
    rssPeakMiB: number;
    rssStartMiB?: number;
    counts: Record<string, number>;
    copy: { method: string; rowsPerSecond: number };
    xlsx: { rowsPerSecond: number; counts: Record<string, number> } | null;
  }>('import');
  const search = get<{ http: Percentiles; sql: Percentiles; empty: number; queries: number }>('search');
  const list = get<Record<string, { page: number; http: Percentiles; sql: Percentiles }>>('list');
  const c360 = get<Percentiles & { contacts: number; interactionsMean: number; withFullFirstPage: number }>(
    'customer360',
  );
  const byId = get<{ app: Cannon; bare: Cannon }>('getById');
  const dup = get<{
    seconds: number;
    precision: number;
    recall: number;
    pairsFound: number;
    truePairs: number;
    rssPeakMiB: number;
    rssStartMiB?: number;
  }>('duplicates');
  const create = get<{ recordsPerSecond: number }>('batchCreate');
  const orders = get<{ orders: number; lines: number } | undefined>('orders');
  const peer = get<Record<string, { c10: Cannon; c1: Cannon }>>('peer');
  const m = get<ReturnType<typeof machine>>('machine');
  const atStart = get<ReturnType<typeof machine> | undefined>('machineAtStart');
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    `### ${r.engine}, size ${r.size} (${SIZES[r.size as Size].toLocaleString('en')} contacts), ${m.cpus} cores (${m.cpuModel}), ${Math.round(m.totalMemoryMiB / 1024)} GiB, load average ${atStart?.loadavg[0] ?? '?'} → ${m.loadavg[0]}, ${r.startedAt}`,
    '',
    row(['figure', 'Peyvand', 'baseline (same run, same data)', 'ratio', 'target (PostgreSQL, size L)']),
    row(['---', '---', '---', '---', '---']),
    row([
      '1 import job, rows/s',
      n(imp.rowsPerSecond),
      `${n(imp.copy.rowsPerSecond)} (${imp.copy.method})`,
      `COPY ${ratio(imp.copy.rowsPerSecond, imp.rowsPerSecond)}× the job`,
      '≥ 30 000 rows/s, within 3× of COPY',
    ]),
    ...(imp.xlsx
      ? [
          row([
            '1 import job, XLSX, rows/s',
            n(imp.xlsx.rowsPerSecond),
            `${n(imp.copy.rowsPerSecond)} (the same COPY)`,
            `COPY ${ratio(imp.copy.rowsPerSecond, imp.xlsx.rowsPerSecond)}× the job`,
            '—',
          ]),
        ]
      : []),
    row([
      '2 search p50 / p95 / p99 ms (HTTP)',
      `${search.http.p50} / ${search.http.p95} / ${search.http.p99}`,
      `${search.sql.p50} / ${search.sql.p95} / ${search.sql.p99} (same SQL via driver)`,
      `${ratio(search.http.p95, search.sql.p95)}× at p95`,
      'p95 ≤ 25 ms',
    ]),
    ...Object.values(list).map((l) =>
      row([
        `3 list page ${l.page} p50 / p95 ms`,
        `${l.http.p50} / ${l.http.p95}`,
        `${l.sql.p50} / ${l.sql.p95} (same SQL via driver)`,
        `${ratio(l.http.p95, l.sql.p95)}× at p95`,
        'p95 ≤ 15 ms (pages 1 and 500)',
      ]),
    ),
    row([
      '4 customer 360 p50 / p95 ms',
      `${c360.p50} / ${c360.p95}`,
      `${c360.contacts} contacts, ${c360.interactionsMean} interactions on average, ${c360.withFullFirstPage} with ≥ 50`,
      '—',
      'p95 ≤ 30 ms',
    ]),
    row([
      '5 GET /contacts/:id req/s (c=10)',
      n(byId.app.requestsPerSecond),
      `${n(byId.bare.requestsPerSecond)} (bare Fastify route, same SELECT)`,
      `${Math.round((byId.app.requestsPerSecond / byId.bare.requestsPerSecond) * 100)}% of bare`,
      '≥ 70% of bare',
    ]),
    row([
      '6 duplicate scan',
      `${dup.seconds} s, precision ${dup.precision}, recall ${dup.recall}`,
      `${dup.truePairs} true pairs, ${dup.pairsFound} found`,
      '—',
      '≤ 120 s, precision ≥ 0.98, recall ≥ 0.95',
    ]),
    row([
      '7 peak RSS MiB (server process)',
      `import ${imp.rssPeakMiB}, scan ${dup.rssPeakMiB}`,
      `at their start (the bench's data in the same process): ${imp.rssStartMiB ?? '?'}, ${dup.rssStartMiB ?? '?'}`,
      '—',
      '≤ 400 MB',
    ]),
    '',
    `Peer protocol (Twenty's figures from ${TWENTY.source}); goal ≥ 10× Twenty's req/s at c=10 on reads.`,
    '',
    row([
      '',
      'Peyvand req/s c=10',
      'p50 ms c=10',
      'p50 ms c=1',
      'Twenty req/s c=10',
      'Twenty p50 c=10',
      'Twenty p50 c=1',
      '× Twenty',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---', '---']),
    row([
      'batch create (60/request, 4 in flight), records/s',
      n(create.recordsPerSecond),
      '—',
      '—',
      span(TWENTY.createPerSecond),
      '—',
      '—',
      `${ratio(create.recordsPerSecond, TWENTY.createPerSecond[1])}×`,
    ]),
    ...Object.entries(peer).map(([name, p]) => {
      const t = TWENTY.c10[name as keyof typeof TWENTY.c10];
      const c1 = TWENTY.c1p50[name as keyof typeof TWENTY.c1p50] as readonly number[] | undefined;
      const bad = p.c10.errors + p.c10.non2xx + p.c1.errors + p.c1.non2xx;
      return row([
        `${name}${bad ? ` (${bad} errors!)` : ''}`,
        n(p.c10.requestsPerSecond),
        String(p.c10.p50),
        String(p.c1.p50),
        span(t.rps),
        span(t.p50),
        c1 ? span(c1) : '—',
        `${ratio(p.c10.requestsPerSecond, t.rps[1])}×`,
      ]);
    }),
    '',
    `Import counts: CSV ${JSON.stringify(imp.counts)}${imp.xlsx ? `, XLSX ${JSON.stringify(imp.xlsx.counts)}` : ' (no XLSX at size L)'}; search: ${search.empty} of ${search.queries} queries found nothing.`,
    ...(orders
      ? [`Data: ${orders.orders} sales orders with ${orders.lines} lines beside the interactions.`]
      : []),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Command line

/** The import file as the XLSX bytes the generator writes to import.xlsx. */
async function xlsxOf(csv: string): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (part: Buffer) => parts.push(part));
  await writeImportXlsx(csv, out);
  return Buffer.concat(parts);
}

async function main(argv: string[]) {
  const at = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const size = at('size') ?? 'S';
  if (!isSize(size)) throw new Error(`--size S|M|L, not ${size}`);
  const which = at('engine') ?? 'both';
  if (!['pglite', 'postgres', 'both'].includes(which)) throw new Error('--engine pglite|postgres|both');
  const seconds = Number(at('seconds') ?? 10);
  if (!(seconds >= 1)) throw new Error('--seconds must be a number ≥ 1');
  const adminUrl = process.env.PEYVAND_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
  const engines: Engine[] = [];
  // The issue runs PGlite at S and M only: an embedded database of a million contacts is not its use.
  if (which === 'pglite' || (which === 'both' && size !== 'L')) engines.push('pglite');
  else if (which === 'both')
    log('size L: PGlite skipped (PGlite is measured at S and M; --engine pglite forces it)');
  if (which !== 'pglite') {
    if (await postgresReachable(adminUrl)) engines.push('postgres');
    else
      log(
        `PostgreSQL at ${new URL(adminUrl).host} does not answer: PostgreSQL skipped (set PEYVAND_BENCH_POSTGRES)`,
      );
  }
  log(`generating size ${size}…`);
  const generated = benchData(size);
  const data: Data = { ...generated, importXlsx: size === 'L' ? null : await xlsxOf(generated.importCsv) };
  const outDir = join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  for (const engine of engines) {
    log(
      `${engine}: running size ${size} (${data.contacts.length} contacts, ${data.importPlan.rows} import rows)`,
    );
    const started = performance.now();
    const result = await benchEngine(engine, adminUrl, data, { size, seconds });
    result.wallSeconds = Math.round((performance.now() - started) / 1000);
    const file = join(outDir, `${date}-${engine}-${size}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${report(result)}\n\n(${result.wallSeconds} s; ${file})\n`);
  }
}

await main(process.argv.slice(2));
