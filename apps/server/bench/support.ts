/** Parts shared by `npm run bench` (bench/run.ts) and scripts/measure-customers.ts. */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import type { Database, Engine } from '../src/platform/db/database.js';
import { openPglite } from '../src/platform/db/pglite.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import type { ContactInput } from './generate.js';

const MiB = 1024 * 1024;
export const log = (s: string) => process.stderr.write(`${s}\n`);

export const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  totalMemoryMiB: Math.round(os.totalmem() / MiB),
  freeMemoryMiB: Math.round(os.freemem() / MiB),
  loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
});

export interface Opened {
  db: Database;
  name?: string;
  drop(): Promise<void>;
}

/**
 * A fresh database of the engine: PGlite in memory, or on PostgreSQL a new database created through
 * `adminUrl` and dropped by drop() (never the admin database's own tables). `reuse` opens an existing
 * database instead and `keep` leaves it; neither is dropped then.
 */
export async function openBenchDatabase(
  engine: Engine,
  adminUrl: string,
  options: { reuse?: string; keep?: boolean; prefix?: string } = {},
): Promise<Opened> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined);
    return { db, drop: async () => {} };
  }
  const name =
    options.reuse ?? `${options.prefix ?? 'peyvand_bench'}_${Date.now()}_${randomBytes(2).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const adminQuery = async (text: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  if (!options.reuse) await adminQuery(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), 10);
  return {
    db,
    name,
    drop: async () => {
      if (options.keep || options.reuse) log(`kept database ${name}`);
      else await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Whether PostgreSQL answers at the URL (the bench skips the engine, saying so, when not). */
export async function postgresReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export function percentiles(ms: number[]): Percentiles {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(at(100)) };
}

/** The bench's contacts with their company as an account id (`companies`: name → account id). */
export function withAccounts(list: ContactInput[], companies: Map<string, string>) {
  return list.map(({ company, ...c }) => {
    const accountId = company ? companies.get(company) : undefined;
    return accountId ? { ...c, accountId } : c;
  });
}

/**
 * Samples the process's resident memory until stop(): the peak, and what it was at the start — the
 * server runs in the bench's process, whose generated data (at size L, a million contacts and the
 * import file) is resident too, so the rise over the start is what the measured work itself took.
 */
export function rssSampler() {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { peakMiB: Math.round(peak / MiB), startMiB: Math.round(start / MiB) };
    },
  };
}
