/**
 * Planner statistics where nothing else keeps them. PostgreSQL's autovacuum analyses a table once it
 * has changed enough; PGlite has no autovacuum, and a PostgreSQL server may have it turned off. Then a
 * table that grew from nothing to a hundred thousand rows is still planned as empty — measured: the
 * re-read after each batch of new contacts took a second instead of a millisecond. So each serving
 * process checks every few minutes for tables whose size on disk has grown by a fifth since they were
 * last analysed (pg_class.relpages, which ANALYZE sets) and analyses those. The size comes from the
 * files, not from the statistics collector, whose counters PGlite flushes late.
 */
import type { Logger } from 'pino';
import { startPeriodic } from '../periodic.js';
import type { Database } from './database.js';

export const STATISTICS_CHECK_MS = 5 * 60_000;
/** Smaller tables are read whole whatever the plan. */
const MIN_PAGES = 16;

/** Analyses the tables of the current schema that grew by a fifth (or were never analysed); their names. */
export async function analyseGrownTables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
        AND pg_relation_size(c.oid) / current_setting('block_size')::int >= GREATEST(${MIN_PAGES}, c.relpages * 1.2)
      ORDER BY c.relname`,
  );
  for (const { name } of rows) await db.exec(`ANALYZE ${name}`);
  return rows.map((r) => r.name);
}

/** Whether this database needs the keeper: PGlite always, PostgreSQL when autovacuum is off. */
export async function needsStatisticsKeeper(db: Database): Promise<boolean> {
  if (db.engine === 'pglite') return true;
  const { rows } = await db.query<{ autovacuum: string }>('SHOW autovacuum');
  return rows[0]?.autovacuum !== 'on';
}

/** Starts the periodic check when the database needs it; the returned stop waits for a check in progress. */
export async function startStatisticsKeeper(
  db: Database,
  log: Pick<Logger, 'error' | 'info'>,
  intervalMs = STATISTICS_CHECK_MS,
): Promise<() => Promise<void>> {
  if (!(await needsStatisticsKeeper(db))) return async () => {};
  return startPeriodic(
    intervalMs,
    async () => {
      const analysed = await analyseGrownTables(db);
      if (analysed.length) log.info({ tables: analysed }, 'planner statistics refreshed');
    },
    (err) => log.error({ err }, 'refreshing planner statistics failed'),
  );
}
