/**
 * Measures customer search, list-with-q and the duplicate scan on a realistic data set.
 *
 *   npx tsx apps/server/scripts/measure-customers.ts --engine postgres --contacts 100000
 *   npx tsx apps/server/scripts/measure-customers.ts --engine pglite --contacts 20000
 *
 * A fresh database (PostgreSQL: `peyvand_measure_<ts>` created through PEYVAND_MEASURE_POSTGRES,
 * default postgres://postgres@127.0.0.1:5432/test, dropped at the end unless --keep), the real app
 * in-process (app.inject), one organisation, N contacts loaded through `POST /api/v1/contacts/batch`
 * (100 a request: the same validation, derived columns, audit and outbox as any client). Names,
 * phones, e-mails, national IDs, birth dates and companies come from the import generator's messy
 * rows (Persian/Arabic digits, ي/ك, ZWNJ, +98/0098…); names are widened with the lists below so that
 * a name pair is not shared by hundreds of people, and 2% of contacts repeat an earlier person's name
 * with a typo or another spelling plus their mobile (planted duplicates).
 * `--db <name>` (PostgreSQL) measures an existing database kept by --keep: pending migrations are
 * applied, nothing is loaded. `--dump <file>` writes every answer (ids and scores in order), so two
 * versions of the code can be compared on one database.
 *
 * Prints a table; the last line of stdout is the JSON of every figure.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { messyContacts, prng } from '../src/modules/imports/generator.js';
import { loadConfig } from '../src/platform/config.js';
import type { Database, Engine } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPglite } from '../src/platform/db/pglite.js';
import { openPostgres } from '../src/platform/db/postgres.js';
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
const QUERIES = 200;
const WARMUP = 20;
const PASSWORD = 'correct horse battery';
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine postgres|pglite');
if (reuse && engine !== 'postgres') throw new Error('--db needs --engine postgres');

const MiB = 1024 * 1024;
const machine = () => ({
  cpus: os.cpus().length,
  totalMemoryMiB: Math.round(os.totalmem() / MiB),
  freeMemoryMiB: Math.round(os.freemem() / MiB),
  loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
});
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------------------------------------
// Data

const FIRST =
  'امیر امیرحسین ابوالفضل مهدی حامد سعید مجید بهروز فرهاد کامران بابک آرش سیاوش مسعود نادر هوشنگ جواد یوسف اکبر اصغر حمید وحید پویا شهرام کیوان مهرداد بهزاد سهراب فریدون داریوش نگار شیرین لیلا الهام مهسا نازنین پریسا سمیرا فرشته طاهره معصومه کبری صدیقه منیژه شهلا پروین آزاده ترانه هستی ستاره مهتاب بهاره سپیده رویا نسرین اعظم فرزانه مینا هانیه کیمیا'.split(
    ' ',
  );
const LAST =
  'اکبری امینی باقری بهرامی جلالی حیدری خسروی داوودی رحیمی رستمی زارعی سلطانی شریفی شکوهی صالحی طاهری عباسی عزیزی عسگری فتحی فرهادی قربانی کامرانی کرمانی کیانی گودرزی لطفی مرادی مظفری ملکی منصوری نجفی نصیری نوری هاشمی یزدانی یوسفی اصفهانی شیرازی تبریزی کاشانی قزوینی خراسانی بهبهانی دهقان کشاورز آهنگر نجار زرگر عطار صراف میرزایی حسن‌زاده علی‌پور قلی‌زاده شاه‌محمدی عبدالهی نیک‌نام خوش‌نویس پاک‌نژاد فراهانی کلانتری مستوفی افشار قاجار زند پهلوان سپهری فردوسی سعدی'.split(
    ' ',
  );
const EN_FIRST = 'Reza Nima Arash Kian Shirin Laleh Peter Anna Mark Julia'.split(' ');
const EN_LAST = 'Rahimi Sadeghi Johnson Wilson Moradi Taylor Navabi Clark'.split(' ');
const JOBS = ['مدیر فروش', 'کارشناس خرید', 'مدیرعامل', 'حسابدار', 'Sales Manager', 'CTO', null, null, null];

/** Another spelling people use: Arabic ي/ك, or ZWNJ/space/nothing between the parts of a name. */
function respell(name: string, r: ReturnType<typeof prng>): string {
  switch (r.int(4)) {
    case 0:
      return name.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
    case 1:
      return name.includes('\u200c') ? name.replace(/\u200c/g, r.chance(0.5) ? ' ' : '') : `${name}\u200c`;
    default:
      return name;
  }
}
/** One letter replaced, dropped or doubled (not the first letter). */
function typo(word: string, r: ReturnType<typeof prng>): string {
  const chars = [...word];
  if (chars.length < 4) return word;
  const i = 1 + r.int(chars.length - 1);
  const letters = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی'];
  switch (r.int(3)) {
    case 0:
      chars[i] = r.pick(letters);
      break;
    case 1:
      chars.splice(i, 1);
      break;
    default:
      chars.splice(i, 0, chars[i] as string);
  }
  return chars.join('');
}

interface ContactInput {
  firstName?: string;
  lastName?: string;
  phones?: string[];
  emails?: string[];
  nationalId?: string;
  birthDate?: string;
  jobTitle?: string;
  accountId?: string;
}

/** N contact inputs; `companies` maps a company name of the generator to an account id. */
function people(n: number, companies: Map<string, string>): ContactInput[] {
  const r = prng(20_261_127);
  const { csv, plan } = messyContacts(Math.ceil(n * 1.15) + 100, 42, []);
  const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  const out: ContactInput[] = [];
  for (let i = 1; i < rows.length && out.length < n; i++) {
    if (plan.fates.get(i + 1)?.kind === 'rejected') continue;
    const [first, last, mobile, landline, email, nid, birth, company] = rows[i] as string[];
    const c: ContactInput = {};
    if (r.chance(0.02) && out.length > 100) {
      // A planted duplicate: an earlier person's name, respelt or with a typo, and their mobile.
      const of = out[r.int(out.length)] as ContactInput;
      c.firstName = of.firstName ? respell(of.firstName, r) : undefined;
      c.lastName = of.lastName ? (r.chance(0.5) ? typo(of.lastName, r) : respell(of.lastName, r)) : undefined;
      if (of.phones?.[0]) c.phones = [of.phones[0]];
    } else {
      const english = /^[A-Za-z]/.test(first ?? '');
      const widen = r.chance(0.8);
      c.firstName = widen ? respell(r.pick(english ? EN_FIRST : FIRST), r) : first || undefined;
      c.lastName = widen ? respell(r.pick(english ? EN_LAST : LAST), r) : last || undefined;
      const phones = [mobile, landline].filter((p): p is string => !!p);
      if (phones.length) c.phones = phones;
      if (email?.trim()) c.emails = [email.trim()];
      if (nid) c.nationalId = nid;
      if (birth) c.birthDate = birth;
      const job = r.pick(JOBS);
      if (job) c.jobTitle = job;
      const account = company ? companies.get(company) : undefined;
      if (account) c.accountId = account;
    }
    if (!c.firstName && !c.lastName) continue;
    out.push(c);
  }
  return out;
}

/** ~200 queries people type: prefixes, full names, other spellings, typos, phone fragments, e-mails. */
function queries(list: ContactInput[]): { kind: string; q: string }[] {
  const r = prng(7);
  const out: { kind: string; q: string }[] = [];
  const anyone = () => list[r.int(list.length)] as ContactInput;
  const persian = () => {
    for (;;) {
      const p = anyone();
      if (p.lastName && /^[\u0600-\u06ff]/.test(p.lastName)) return p;
    }
  };
  const latin = () => {
    for (;;) {
      const p = anyone();
      if (p.lastName && /^[A-Za-z]/.test(p.lastName)) return p;
    }
  };
  const prefix = (s: string) => [...s].slice(0, 2 + r.int(5)).join('');
  const toFa = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string);
  for (let i = 0; i < 30; i++) out.push({ kind: 'fa-prefix', q: prefix(persian().lastName as string) });
  for (let i = 0; i < 15; i++) out.push({ kind: 'latin-prefix', q: prefix(latin().lastName as string) });
  for (let i = 0; i < 30; i++) {
    const p = persian();
    out.push({ kind: 'full-name', q: `${p.firstName ?? ''} ${p.lastName}`.trim() });
  }
  for (let i = 0; i < 10; i++) {
    const p = latin();
    out.push({ kind: 'full-name', q: `${p.firstName ?? ''} ${p.lastName}`.trim() });
  }
  for (let i = 0; i < 25; i++) {
    const p = persian();
    out.push({
      kind: 'arabic-zwnj',
      q: `${p.firstName ?? ''} ${p.lastName}`
        .replace(/ی/g, 'ي')
        .replace(/ک/g, 'ك')
        .replace(/\u200c/g, ' '),
    });
  }
  for (let i = 0; i < 30; i++) {
    const p = persian();
    out.push({
      kind: 'typo',
      q: r.chance(0.5) ? typo(p.lastName as string, r) : `${p.firstName} ${typo(p.lastName as string, r)}`,
    });
  }
  for (let i = 0; i < 30; i++) {
    const digits = (anyone().phones?.[0] ?? '09121234567')
      .replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)))
      .replace(/[٠-٩]/g, (d) => String('٠١٢٣٤٥٦٧٨٩'.indexOf(d)))
      .replace(/\D/g, '');
    const whole = r.chance(0.3);
    const fragment = whole ? digits : digits.slice(digits.length - 4 - r.int(4));
    out.push({ kind: whole ? 'phone' : 'phone-fragment', q: r.chance(0.3) ? toFa(fragment) : fragment });
  }
  for (let i = 0; i < 30; i++) {
    let p = anyone();
    while (!p.emails?.length) p = anyone();
    const e = (p.emails as string[])[0] as string;
    out.push({ kind: 'email', q: r.chance(0.5) ? e : e.slice(0, 4 + r.int(6)) });
  }
  return out.slice(0, QUERIES);
}

// ---------------------------------------------------------------------------------------------
// Running

interface Opened {
  db: Database;
  name?: string;
  drop(): Promise<void>;
}

async function openDatabase(): Promise<Opened> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined);
    return { db, drop: async () => {} };
  }
  const admin = process.env.PEYVAND_MEASURE_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = reuse ?? `peyvand_measure_${Date.now()}_${randomBytes(2).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const adminQuery = async (text: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  if (!reuse) await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), 10);
  return {
    db,
    name,
    drop: async () => {
      if (keep || reuse) log(`kept database ${name}`);
      else await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(at(100)) };
}

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
      for (const name of [
        'شرکت پارس',
        'گروه صنعتی نوین',
        'Alpha Trading',
        'بانک ملت',
        'پتروشیمی جم',
        'شرکت داده‌پردازان',
        'فولاد مبارکه',
        'Tehran Soft',
        'کارخانه قند',
      ]) {
        const res = await call(a, { method: 'POST', url: '/api/v1/accounts', cookie, body: { name } });
        if (res.statusCode !== 201) throw new Error(`account: ${res.statusCode} ${res.body}`);
        companies.set(name, (res.json() as { id: string }).id);
      }
      companies.set('شركت پارس', companies.get('شرکت پارس') as string);
    }
    const list = people(contacts, companies);

    if (!reuse) {
      const started = performance.now();
      let loaded = 0;
      let refused = 0;
      for (let i = 0; i < list.length; i += 100) {
        let items = list.slice(i, i + 100);
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
