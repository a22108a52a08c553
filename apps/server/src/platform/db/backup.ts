import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { pipeline as pipelineCallback, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, Queryable } from './database.js';
import { listMigrations, migrate } from './migrate.js';

/*
 * Backup file: gzip-compressed JSON lines.
 *
 *   {"format":"peyvand-backup","version":1,"createdAt":…,"engine":…,"migrations":[1,…],
 *    "tables":[…in load order…],"sequences":[{"name":…,"lastValue":"…","isCalled":true},…]}
 *   {"table":"tenants","columns":["id","name",…]}
 *   ["0190…","Acme",…]                 one line per row: every value as PostgreSQL's text form, or null
 *   …
 *   {"end":true,"rows":{"tenants":2,…}}  the trailer; a file without it is incomplete
 *
 * Values are read as `column::text` and loaded with `$n::text::<column type>`, so every type
 * (numeric, int8, bytea, jsonb, arrays, timestamptz with microseconds, citext, enums, domains…)
 * round-trips exactly through PostgreSQL's own text input/output, the same on both engines. Both
 * sides fix the settings that text forms depend on (DateStyle, IntervalStyle, TimeZone, bytea_output).
 *
 * Contents: every ordinary or partitioned table of schema `public` except `schema_migrations` (its
 * versions go into the header; the target gets its schema from `migrate`), found in the catalogue so
 * that tables added by later migrations and modules are included without changes here; plus the
 * values of the sequences of `public`. The `pgboss` schema is deliberately left out: queued jobs are
 * transient and pg-boss re-creates its schema on start, while the progress users see of their work
 * (`public.job_runs`) is included like every other table.
 */

const SCHEMA = 'public';
const FORMAT = 'peyvand-backup';
const VERSION = 1;
/** Rows per FETCH when reading a table (never a whole table in memory). */
const READ_CHUNK = 5000;
/** Rows per multi-row INSERT when loading, lowered for wide tables to stay under 65,535 parameters. */
const INSERT_ROWS = 500;
const MAX_PARAMS = 65_535;

/** The settings that text forms of values depend on; the same on both sides of a backup. */
const TEXT_FORM_SETTINGS = [
  `SET LOCAL DateStyle = 'ISO, YMD'`,
  `SET LOCAL IntervalStyle = 'postgres'`,
  `SET LOCAL TimeZone = 'UTC'`,
  `SET LOCAL bytea_output = 'hex'`,
  `SET LOCAL extra_float_digits = 1`,
  // The connecting user owns the tables, so row-level security does not apply to it. Should it ever
  // apply (FORCE ROW LEVEL SECURITY, another user), this makes queries fail instead of silently
  // reading or writing only the rows of no tenant.
  `SET LOCAL row_security = off`,
].join(';\n');

interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  engine: Database['engine'];
  migrations: number[];
  tables: string[];
  sequences: SequenceValue[];
}

interface SequenceValue {
  name: string;
  /** bigint as text */
  lastValue: string;
  isCalled: boolean;
}

interface TableSection {
  table: string;
  columns: string[];
}

interface Trailer {
  end: true;
  rows: Record<string, number>;
}

interface TableInfo {
  name: string;
}

interface ColumnInfo {
  name: string;
  /** format_type(): the full type including modifiers, schema-qualified when needed */
  type: string;
  identityAlways: boolean;
}

interface ForeignKey {
  table: string;
  references: string;
  name: string;
  definition: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (table: string) => `${ident(SCHEMA)}.${ident(table)}`;

/** Ordinary and partitioned tables of the schema (partitions are read and loaded through their parent). */
async function listTables(q: Queryable): Promise<TableInfo[]> {
  const { rows } = await q.query<TableInfo>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1::text AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> 'schema_migrations'
      ORDER BY c.relname`,
    [SCHEMA],
  );
  return rows;
}

/** Foreign keys between tables of the schema, with their definition for re-creating them. */
async function listForeignKeys(q: Queryable): Promise<ForeignKey[]> {
  const { rows } = await q.query<ForeignKey>(
    `SELECT child.relname AS table, parent.relname AS references, con.conname AS name,
            pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class child ON child.oid = con.conrelid
       JOIN pg_class parent ON parent.oid = con.confrelid
       JOIN pg_namespace cn ON cn.oid = child.relnamespace
       JOIN pg_namespace pn ON pn.oid = parent.relnamespace
      WHERE con.contype = 'f' AND con.conparentid = 0 AND cn.nspname = $1::text AND pn.nspname = $1::text
      ORDER BY child.relname, con.conname`,
    [SCHEMA],
  );
  return rows;
}

/** Columns that hold data (generated columns are computed again on load), in table order. */
async function listColumns(q: Queryable, table: string): Promise<ColumnInfo[]> {
  const { rows } = await q.query<ColumnInfo>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attidentity = 'a' AS "identityAlways"
       FROM pg_attribute a
      WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [qualified(table)],
  );
  return rows;
}

async function primaryKey(q: Queryable, table: string): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1::text::regclass AND i.indisprimary
      ORDER BY k.ord`,
    [qualified(table)],
  );
  return rows.map((r) => r.name);
}

async function listSequences(q: Queryable): Promise<SequenceValue[]> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1::text AND c.relkind = 'S' ORDER BY c.relname`,
    [SCHEMA],
  );
  const values: SequenceValue[] = [];
  for (const { name } of rows) {
    const { rows: v } = await q.query<{ lastValue: string; isCalled: boolean }>(
      `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${qualified(name)}`,
    );
    if (v[0]) values.push({ name, ...v[0] });
  }
  return values;
}

/**
 * Orders tables so that every table comes after the tables its foreign keys reference (Kahn's
 * algorithm, ties by name for a stable file). Foreign keys within a cycle (a table referencing
 * itself, or tables referencing each other) cannot be satisfied by any order; restore handles them by
 * dropping and re-adding those constraints around the load, so here they are simply ignored.
 */
function loadOrder(tables: string[], foreignKeys: Pick<ForeignKey, 'table' | 'references'>[]): string[] {
  const known = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const fk of foreignKeys) {
    if (fk.table !== fk.references && known.has(fk.table) && known.has(fk.references)) {
      parents.get(fk.table)?.add(fk.references);
    }
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = new Set([...tables].sort());
  while (remaining.size > 0) {
    let next = [...remaining].find((t) => [...(parents.get(t) ?? [])].every((p) => placed.has(p)));
    // A cycle between tables: take the first remaining table; its back-references get deferred.
    next ??= [...remaining][0] as string;
    remaining.delete(next);
    placed.add(next);
    order.push(next);
  }
  return order;
}

async function* backupLines(tx: Queryable, engine: Database['engine'], counts: Record<string, number>) {
  await tx.exec(TEXT_FORM_SETTINGS);
  const tables = await listTables(tx);
  const order = loadOrder(
    tables.map((t) => t.name),
    await listForeignKeys(tx),
  );
  const { rows: applied } = await tx.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  const header: BackupHeader = {
    format: FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    engine,
    migrations: applied.map((r) => Number(r.version)),
    tables: order,
    // Read after the snapshot was taken (by the queries above), so every value in the rows below
    // was drawn from the sequences before these values.
    sequences: await listSequences(tx),
  };
  yield `${JSON.stringify(header)}\n`;

  for (const table of order) {
    const columns = await listColumns(tx, table);
    const section: TableSection = { table, columns: columns.map((c) => c.name) };
    yield `${JSON.stringify(section)}\n`;
    const select = columns.map((c, i) => `${ident(c.name)}::text AS c${i}`).join(', ');
    const pk = await primaryKey(tx, table);
    const orderBy = pk.length > 0 ? ` ORDER BY ${pk.map(ident).join(', ')}` : '';
    await tx.exec(
      `DECLARE peyvand_backup NO SCROLL CURSOR FOR SELECT ${select || 'NULL'} FROM ${qualified(table)}${orderBy}`,
    );
    let count = 0;
    for (;;) {
      const { rows } = await tx.query<Record<string, string | null>>(
        `FETCH ${READ_CHUNK} FROM peyvand_backup`,
      );
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) {
        chunk += `${JSON.stringify(columns.map((_, i) => row[`c${i}`] ?? null))}\n`;
      }
      count += rows.length;
      yield chunk;
      if (rows.length < READ_CHUNK) break;
    }
    await tx.exec('CLOSE peyvand_backup');
    counts[table] = count;
  }
  const trailer: Trailer = { end: true, rows: counts };
  yield `${JSON.stringify(trailer)}\n`;
}

/**
 * Writes all data of the database to `file` (gzip JSON lines, see above) from one consistent
 * snapshot, streaming table by table. The file appears only when complete (written under a temporary
 * name, then renamed). Returns the rows written per table.
 */
export async function backup(db: Database, file: string): Promise<Record<string, number>> {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.partial`;
  const counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await pipeline(
        // One chunk (up to READ_CHUNK rows) buffered ahead at most.
        Readable.from(backupLines(tx, db.engine, counts), { highWaterMark: 1 }),
        createGzip(),
        createWriteStream(temporary),
      );
    });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  return counts;
}

/** The decompressed lines of a backup file; read errors (missing file, broken gzip) are thrown. */
async function* readLines(file: string): AsyncGenerator<string> {
  const stream = pipelineCallback(createReadStream(file), createGunzip(), () => {});
  stream.setEncoding('utf8');
  // Only the new chunk is searched for line ends, so a long line (a large jsonb value) costs no more
  // than a short one per character.
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    let nl = chunk.indexOf('\n');
    if (nl === -1) {
      rest += chunk;
      continue;
    }
    yield rest + chunk.slice(0, nl);
    let start = nl + 1;
    for (nl = chunk.indexOf('\n', start); nl !== -1; nl = chunk.indexOf('\n', start)) {
      yield chunk.slice(start, nl);
      start = nl + 1;
    }
    rest = chunk.slice(start);
  }
  if (rest.length > 0) yield rest;
}

class LineReader {
  private readonly lines: AsyncGenerator<string>;
  lineNumber = 0;
  constructor(private readonly file: string) {
    this.lines = readLines(file);
  }

  /** The next line parsed, or undefined at the end of the file. */
  async next(): Promise<unknown> {
    const { value, done } = await this.lines.next();
    if (done) return undefined;
    this.lineNumber++;
    try {
      return JSON.parse(value);
    } catch {
      throw new Error(`${this.file} is damaged: line ${this.lineNumber} is not valid JSON`);
    }
  }

  async close(): Promise<void> {
    await this.lines.return(undefined);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkHeader(file: string, value: unknown): BackupHeader {
  if (!isObject(value) || value.format !== FORMAT) throw new Error(`${file} is not a Peyvand backup`);
  if (value.version !== VERSION) {
    throw new Error(
      `${file} is a backup of format version ${String(value.version)}; this build reads version ${VERSION}`,
    );
  }
  const header = value as unknown as BackupHeader;
  if (
    !Array.isArray(header.migrations) ||
    !Array.isArray(header.tables) ||
    !Array.isArray(header.sequences)
  ) {
    throw new Error(`${file} is damaged: its header is incomplete`);
  }
  const known = new Set(listMigrations().map((m) => m.version));
  const unknown = header.migrations.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new Error(
      `${file} was made by a newer version of Peyvand (migrations ${unknown.join(', ')} are unknown to this one); ` +
        'upgrade Peyvand before restoring it',
    );
  }
  return header;
}

/** The tables that already hold rows. */
async function nonEmptyTables(q: Queryable, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const { rows } = await q.query<{ name: string }>(
    tables
      .map((t, i) => `SELECT $${i + 1}::text AS name WHERE EXISTS (SELECT 1 FROM ${qualified(t)})`)
      .join(' UNION ALL '),
    tables,
  );
  return rows.map((r) => r.name);
}

interface UserTrigger {
  table: string;
  name: string;
  enabled: 'O' | 'A' | 'R';
}

/**
 * Loads a backup into an empty database of either engine: migrates it first, then loads every table
 * in one transaction, so a failed restore (damaged file, constraint violation) leaves nothing behind.
 * Returns the rows loaded per table.
 */
export async function restore(db: Database, file: string): Promise<Record<string, number>> {
  const reader = new LineReader(file);
  try {
    const header = checkHeader(file, await reader.next());
    await migrate(db);
    return await db.transaction(async (tx) => {
      await tx.exec(TEXT_FORM_SETTINGS);
      const present = new Set((await listTables(tx)).map((t) => t.name));
      const missing = header.tables.filter((t) => !present.has(t));
      if (missing.length > 0) {
        throw new Error(`This database has no table ${missing.join(', ')} that ${file} holds data for`);
      }
      const filled = await nonEmptyTables(tx, [...present]);
      if (filled.length > 0) {
        throw new Error(
          `Restore needs an empty database, but ${filled.join(', ')} already hold data; ` +
            'restore into a new database or data directory',
        );
      }

      // Foreign keys that the file's order cannot satisfy (self-references, cycles, or a different
      // order than this database's) are dropped for the load and re-added after it, which checks
      // every row. Triggers of the application must not fire for restored rows.
      const position = new Map(header.tables.map((t, i) => [t, i]));
      const deferred = (await listForeignKeys(tx)).filter((fk) => {
        const [child, parent] = [position.get(fk.table), position.get(fk.references)];
        return child !== undefined && parent !== undefined && parent >= child;
      });
      for (const fk of deferred) {
        await tx.exec(`ALTER TABLE ${qualified(fk.table)} DROP CONSTRAINT ${ident(fk.name)}`);
      }
      const loaded = new Set(header.tables);
      const triggers = (
        await tx.query<UserTrigger>(
          `SELECT c.relname AS table, t.tgname AS name, t.tgenabled AS enabled
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1::text AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgparentid = 0`,
          [SCHEMA],
        )
      ).rows.filter((t) => loaded.has(t.table));
      for (const t of triggers) {
        await tx.exec(`ALTER TABLE ${qualified(t.table)} DISABLE TRIGGER ${ident(t.name)}`);
      }

      const counts = await loadTables(tx, reader, file, header);

      for (const fk of deferred) {
        await tx.exec(`ALTER TABLE ${qualified(fk.table)} ADD CONSTRAINT ${ident(fk.name)} ${fk.definition}`);
      }
      const enable = { O: 'ENABLE', A: 'ENABLE ALWAYS', R: 'ENABLE REPLICA' } as const;
      for (const t of triggers) {
        await tx.exec(`ALTER TABLE ${qualified(t.table)} ${enable[t.enabled]} TRIGGER ${ident(t.name)}`);
      }
      for (const table of header.tables) await tx.exec(`ANALYZE ${qualified(table)}`);
      // Last, because setting a sequence is not undone by a rollback.
      for (const s of header.sequences) {
        await tx.query(`SELECT setval($1::text::regclass, $2::text::bigint, $3::text::boolean)`, [
          qualified(s.name),
          String(s.lastValue),
          String(s.isCalled),
        ]);
      }
      return counts;
    });
  } finally {
    await reader.close();
  }
}

async function loadTables(
  tx: Queryable,
  reader: LineReader,
  file: string,
  header: BackupHeader,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const damaged = (why: string) => new Error(`${file} is damaged: ${why} (line ${reader.lineNumber})`);
  let expected = 0;
  let line = await reader.next();
  for (;;) {
    if (line === undefined) throw new Error(`${file} is incomplete: it ends before its last table`);
    if (!isObject(line)) throw damaged('a row where a table was expected');
    if (line.end === true) break;
    const { table, columns } = line as unknown as TableSection;
    if (table !== header.tables[expected]) {
      throw damaged(
        `found table ${String(table)} where ${header.tables[expected] ?? 'the end'} was expected`,
      );
    }
    expected++;
    if (!Array.isArray(columns) || columns.length === 0) throw damaged(`table ${table} has no columns`);

    const targetColumns = new Map((await listColumns(tx, table)).map((c) => [c.name, c]));
    const types = columns.map((name) => {
      const column = targetColumns.get(name);
      if (!column) throw new Error(`Column ${table}.${name} of the backup does not exist in this database`);
      return column;
    });
    const overriding = types.some((c) => c.identityAlways) ? ' OVERRIDING SYSTEM VALUE' : '';
    const insertInto = `INSERT INTO ${qualified(table)} (${columns.map(ident).join(', ')})${overriding} VALUES `;
    const batchSize = Math.max(1, Math.min(INSERT_ROWS, Math.floor(MAX_PARAMS / columns.length)));
    const statements = new Map<number, string>();
    const statement = (rows: number) => {
      let text = statements.get(rows);
      if (!text) {
        const tuples: string[] = [];
        for (let r = 0; r < rows; r++) {
          tuples.push(`(${types.map((c, i) => `$${r * types.length + i + 1}::text::${c.type}`).join(', ')})`);
        }
        text = insertInto + tuples.join(', ');
        statements.set(rows, text);
      }
      return text;
    };

    let params: (string | null)[] = [];
    let pending = 0;
    let count = 0;
    const flush = async () => {
      if (pending === 0) return;
      await tx.query(statement(pending), params);
      count += pending;
      params = [];
      pending = 0;
    };
    for (;;) {
      line = await reader.next();
      if (!Array.isArray(line)) break;
      if (line.length !== columns.length || !line.every((v) => v === null || typeof v === 'string')) {
        throw damaged(`a row of ${table} does not match its columns`);
      }
      params.push(...(line as (string | null)[]));
      pending++;
      if (pending === batchSize) await flush();
    }
    await flush();
    counts[table] = count;
  }

  const trailer = line as unknown as Trailer;
  if (expected !== header.tables.length) throw damaged('it ends before its last table');
  for (const table of header.tables) {
    if (trailer.rows?.[table] !== counts[table]) {
      throw damaged(
        `table ${table} has ${counts[table]} rows but the backup wrote ${String(trailer.rows?.[table])}`,
      );
    }
  }
  if ((await reader.next()) !== undefined) throw damaged('there is data after the end');
  return counts;
}
