import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/engines.js';
import { startTestApp, type TestApp } from '../testing/harness.js';
import { analyseGrownTables, needsStatisticsKeeper, startStatisticsKeeper } from './statistics.js';

describe.each(testEngines())('planner statistics without autovacuum on %s', (engine) => {
  let t: TestApp;
  const reltuples = async (table: string) =>
    Number(
      (
        await t.db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = $1`, [
          table,
        ])
      ).rows[0]?.n,
    );
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is kept on PGlite always and on PostgreSQL when autovacuum is off', async () => {
    const autovacuum =
      engine === 'postgres' ? (await t.db.query<{ a: string }>('SHOW autovacuum')).rows[0]?.a : undefined;
    expect(await needsStatisticsKeeper(t.db)).toBe(engine === 'pglite' || autovacuum !== 'on');
  });

  it('analyses a table that was never analysed, then again only after it grew by a fifth', async () => {
    await t.db.exec(`CREATE TABLE stats_probe (id int PRIMARY KEY, label text NOT NULL)`);
    await t.db.exec(`INSERT INTO stats_probe SELECT g, 'row ' || g FROM generate_series(1, 20000) g`);
    expect(await reltuples('stats_probe')).toBeLessThan(1);
    expect(await analyseGrownTables(t.db)).toContain('stats_probe');
    expect(await reltuples('stats_probe')).toBe(20000);
    expect(await analyseGrownTables(t.db)).not.toContain('stats_probe');
    await t.db.exec(`INSERT INTO stats_probe SELECT g, 'row ' || g FROM generate_series(20001, 22000) g`);
    expect(await analyseGrownTables(t.db)).not.toContain('stats_probe');
    await t.db.exec(`INSERT INTO stats_probe SELECT g, 'row ' || g FROM generate_series(22001, 30000) g`);
    expect(await analyseGrownTables(t.db)).toContain('stats_probe');
    expect(await reltuples('stats_probe')).toBe(30000);
  });

  it('runs by itself in the background where it is needed', async () => {
    await t.db.exec(`CREATE TABLE stats_probe_2 (id int PRIMARY KEY)`);
    await t.db.exec(`INSERT INTO stats_probe_2 SELECT generate_series(1, 10000)`);
    const stop = await startStatisticsKeeper(t.db, { info: () => {}, error: () => {} }, 20);
    try {
      if (!(await needsStatisticsKeeper(t.db))) return;
      await expect.poll(() => reltuples('stats_probe_2'), { timeout: 10_000 }).toBe(10000);
    } finally {
      await stop();
    }
  });
});
