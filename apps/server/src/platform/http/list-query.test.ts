import { createHash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bulk, type Database, empty, raw, type Sql, sql } from '../db/database.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import {
  buildListQuery,
  describeListFields,
  escapeLike,
  isListField,
  LIST_LIMITS,
  type ListQuery,
  ListQuerySchema,
  type ListResource,
  listPageSchema,
  listQueryErrors,
  parseListQuery,
  runListQuery,
  toPage,
} from './list-query.js';
import { installProblemHandler, Problem } from './problem.js';

// ---------------------------------------------------------------------------------------------
// Engines: PGlite always, PostgreSQL when PEYVAND_TEST_POSTGRES is set (a fresh database per file).

interface Engine {
  name: string;
  open(): Promise<{ db: Database; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openPglite(undefined);
      return { db, close: () => db.close() };
    },
  },
];
const postgresUrl = process.env.PEYVAND_TEST_POSTGRES;
if (postgresUrl) {
  engines.push({
    name: 'postgres',
    async open() {
      const admin = openPostgres(postgresUrl, 1);
      const name = `peyvand_t_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
      const url = new URL(postgresUrl);
      url.pathname = `/${name}`;
      const db = openPostgres(url.toString(), 4);
      return {
        db,
        async close() {
          await db.close();
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.close();
        },
      };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Deterministic data: 1,000 rows, 950 of them in tenant 1 (the caller's `where`).

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PERSIAN = [
  'پژمان',
  'چنگیز',
  'علی',
  'آرش',
  'ژاله',
  'گلی',
  'کاوه',
  'بهرام',
  'یاسمن',
  'مریم',
  'وحید',
  'هادی',
  'آزاده',
];
const FIRST = [...PERSIAN, 'Adam', 'adam', 'Zoë', 'a%b', 'a_b', 'a\\b', '', null];
const LAST = ['محمدی', 'رضایی', 'احمدی', 'کریمی', 'پورحسینی', 'Johnson', 'Anderson', null, null];
const STATUS = ['lead', 'prospect', 'customer', 'churned'] as const;
const TAGS = ['vip', 'tehran', 'shiraz', 'b2b'];
const NICKNAMES = ['x-ray', 'xeno', 'zed', 'آبی', 'ماه'];
const BASE_MICROS = 1_735_689_600_000_000n; // 2025-01-01T00:00:00Z

interface Row {
  id: string;
  tenant: number;
  name: string | null;
  lastName: string | null;
  age: number | null;
  cents: bigint | null;
  micros: bigint;
  born: string | null;
  active: boolean | null;
  status: string | null;
  tags: string[] | null;
  score: number | null;
  nickname: string | null;
}

const uuidOf = (i: number) => {
  const h = createHash('sha256').update(`row ${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const microsText = (m: bigint) =>
  `${new Date(Number(m / 1000n)).toISOString().slice(0, 19)}.${String(m % 1_000_000n).padStart(6, '0')}+00`;
/** How PostgreSQL prints it (ISO DateStyle, UTC): trailing zeros of the fraction dropped. */
const pgText = (m: bigint) => {
  const fraction = String(m % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${microsText(m).slice(0, 19).replace('T', ' ')}${fraction ? `.${fraction}` : ''}+00`;
};
const isoMicros = (m: bigint) => `${microsText(m).slice(0, 26)}Z`;
const centsText = (c: bigint) => {
  const abs = c < 0n ? -c : c;
  return `${c < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

function makeRows(): Row[] {
  const r = mulberry32(20250101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const rows: Row[] = [];
  for (let i = 0; i < 1000; i++) {
    // ~6 rows per millisecond: identical timestamps and ones a microsecond apart in the same millisecond.
    const micros = BASE_MICROS + BigInt(Math.floor(r() * 150)) * 1000n + pick([0n, 0n, 0n, 1n, 2n, 999n]);
    const score = r() < 0.2 ? null : Math.floor(r() * 100) + (r() < 0.2 ? 0.5 : 0);
    rows.push({
      id: uuidOf(i),
      tenant: i % 20 === 7 ? 2 : 1,
      name: pick(FIRST),
      lastName: pick(LAST),
      age: r() < 0.1 ? null : 18 + Math.floor(r() * 60),
      cents: r() < 0.1 ? null : r() < 0.3 ? 10_000n : BigInt(Math.floor(r() * 40_000) - 5_000),
      micros,
      born:
        r() < 0.15
          ? null
          : new Date(Date.UTC(1960 + Math.floor(r() * 45), Math.floor(r() * 12), 1 + Math.floor(r() * 28)))
              .toISOString()
              .slice(0, 10),
      active: r() < 0.1 ? null : r() < 0.6,
      status: r() < 0.15 ? null : pick(STATUS),
      tags: r() < 0.1 ? null : TAGS.filter(() => r() < 0.3),
      score,
      nickname: r() < 0.3 ? null : pick(NICKNAMES),
    });
  }
  return rows;
}

const ALL = makeRows();
const ROWS = ALL.filter((row) => row.tenant === 1);

async function createTable(db: Database) {
  await db.exec(`
    CREATE TABLE lq_items (
      id uuid PRIMARY KEY, tenant int NOT NULL, name text, last_name text, age int, amount numeric(12,2),
      created_at timestamptz NOT NULL, born date, active boolean, status text, tags text[],
      custom jsonb NOT NULL DEFAULT '{}'
    )`);
  for (let i = 0; i < ALL.length; i += 100) {
    const chunk = ALL.slice(i, i + 100).map((row) => [
      row.id,
      row.tenant,
      row.name,
      row.lastName,
      row.age,
      row.cents === null ? null : centsText(row.cents),
      microsText(row.micros),
      row.born,
      row.active,
      row.status,
      row.tags,
      JSON.stringify({
        ...(row.score === null ? {} : { score: row.score }),
        ...(row.nickname === null ? {} : { nickname: row.nickname }),
      }),
    ]);
    await db.query(
      sql`INSERT INTO lq_items (id, tenant, name, last_name, age, amount, created_at, born, active, status, tags, custom)
          VALUES ${bulk(chunk)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The resource, as a module would declare it.

const resource: ListResource = {
  idColumn: sql`t.id`,
  defaultSort: '-createdAt',
  fields: {
    id: { column: sql`t.id`, type: 'uuid', notNull: true },
    name: { column: sql`t.name`, type: 'text', collate: 'und-x-icu' },
    lastName: { column: sql`t.last_name`, type: 'text', collate: 'und-x-icu' },
    age: { column: sql`t.age`, type: 'number' },
    amount: { column: sql`t.amount`, type: 'money' },
    // NOT NULL columns: their keyset condition starts with an index bound (ListField.notNull).
    createdAt: { column: sql`t.created_at`, type: 'datetime', notNull: true },
    born: { column: sql`t.born`, type: 'date' },
    active: { column: sql`t.active`, type: 'boolean' },
    status: { column: sql`t.status`, type: 'enum', values: STATUS },
    tags: { column: sql`t.tags`, type: 'text[]' },
    secret: { column: sql`t.name`, type: 'text', filterable: false, sortable: false },
  },
  search: (q) => sql`(t.name ILIKE ${`%${escapeLike(q)}%`} OR t.last_name ILIKE ${`%${escapeLike(q)}%`})`,
  customField: (key) => {
    if (key === 'score') return { column: sql`((t.custom->>${key})::numeric)`, type: 'number' };
    if (key === 'nickname') return { column: sql`(t.custom->>${key})`, type: 'text' };
    return undefined;
  },
};
const opts = { from: sql`lq_items t`, select: sql`t.id`, where: sql`t.tenant = ${1}` };

const query = (input: Record<string, unknown> = {}): ListQuery => {
  const { filter, ...rest } = input;
  return parseListQuery({
    ...rest,
    ...(filter === undefined ? {} : { filter: typeof filter === 'string' ? filter : JSON.stringify(filter) }),
  });
};

/** Pages through everything, checking each page's shape, and returns the ids in order. */
async function collect(db: Database, input: Record<string, unknown>, limit = 200) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 2_000; pages++) {
    const page = await runListQuery<{ id: string }>(
      db,
      resource,
      query({ ...input, limit: String(limit), ...(cursor ? { cursor } : {}) }),
      opts,
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    for (const item of page.items) expect(Object.keys(item)).toEqual(['id']);
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) {
      expect(page.items.length).toBeGreaterThan(0);
      return ids;
    }
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

function problemOf(fn: () => unknown): Problem {
  try {
    fn();
  } catch (error) {
    if (error instanceof Problem) return error;
    throw error;
  }
  throw new Error('expected a Problem');
}

const pathsOf = (fn: () => unknown) => {
  const problem = problemOf(fn);
  expect(problem.status).toBe(422);
  return (problem.errors ?? []).map((e) => e.path);
};

const decode = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { s: string; k: unknown[] };
const encode = (data: unknown) => Buffer.from(JSON.stringify(data)).toString('base64url');

// ---------------------------------------------------------------------------------------------
// Expected orders, computed in JS. Text order comes from the database's collation (ranks of the
// distinct values, read once); every other type is compared here.

type Cmp = (a: Row, b: Row) => number;
type Ranks = Map<string, number>;

function keyCompare(get: (r: Row) => unknown, cmp: (a: never, b: never) => number): Cmp {
  return (x, y) => {
    const a = get(x);
    const b = get(y);
    if (a === null && b === null) return 0;
    if (a === null) return 1; // NULL is the greatest value
    if (b === null) return -1;
    return cmp(a as never, b as never);
  };
}
const natural = (a: number | bigint | string | boolean, b: number | bigint | string | boolean) =>
  a < b ? -1 : a > b ? 1 : 0;
const byRank = (ranks: Ranks) => (a: string, b: string) =>
  (ranks.get(a) as number) - (ranks.get(b) as number);

function expectedOrder(sortSpec: string, ranks: Record<string, Ranks>, rows = ROWS): string[] {
  const comparators: Record<string, Cmp> = {
    id: keyCompare((r) => r.id, natural),
    name: keyCompare((r) => r.name, byRank(ranks.name as Ranks)),
    lastName: keyCompare((r) => r.lastName, byRank(ranks.lastName as Ranks)),
    age: keyCompare((r) => r.age, natural),
    amount: keyCompare((r) => r.cents, natural),
    createdAt: keyCompare((r) => r.micros, natural),
    born: keyCompare((r) => r.born, natural),
    active: keyCompare((r) => r.active, natural),
    status: keyCompare((r) => r.status, byRank(ranks.status as Ranks)),
    'custom.score': keyCompare((r) => r.score, natural),
    'custom.nickname': keyCompare((r) => r.nickname, byRank(ranks.nickname as Ranks)),
  };
  const terms = sortSpec
    .split(',')
    .map((t) => ({ desc: t.startsWith('-'), cmp: comparators[t.replace(/^-/, '')] as Cmp }));
  const last = terms[terms.length - 1]?.desc ?? false;
  terms.push({ desc: last, cmp: comparators.id as Cmp });
  return [...rows]
    .sort((a, b) => {
      for (const term of terms) {
        const c = term.cmp(a, b);
        if (c !== 0) return term.desc ? -c : c;
      }
      return 0;
    })
    .map((r) => r.id);
}

async function ranksOf(db: Database, expr: Sql, collate?: string): Promise<Ranks> {
  const c = collate ? raw(`COLLATE "${collate}"`) : empty;
  const { rows } = await db.query<{ v: string }>(
    sql`SELECT v FROM (SELECT DISTINCT ${expr} AS v FROM lq_items t WHERE ${expr} IS NOT NULL) s ORDER BY v ${c}`,
  );
  return new Map(rows.map((row, i) => [row.v, i]));
}

const idsWhere = (pred: (r: Row) => boolean) =>
  ROWS.filter(pred)
    .map((r) => r.id)
    .sort();

// ---------------------------------------------------------------------------------------------

describe('ListQuerySchema / parseListQuery', () => {
  it('parses and defaults the querystring', () => {
    expect(parseListQuery({})).toEqual({ limit: 50, total: false });
    expect(
      parseListQuery({
        filter: '{"field":"age","op":"gt","value":3}',
        sort: ' -createdAt,name ',
        q: ' x ',
        limit: '10',
        total: 'true',
      }),
    ).toEqual({
      filter: { field: 'age', op: 'gt', value: 3 },
      sort: '-createdAt,name',
      q: 'x',
      limit: 10,
      total: true,
    });
    expect(parseListQuery({ filter: '' }).filter).toBeUndefined();
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '201' }, 'limit'],
    [{ limit: 'abc' }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ total: 'yes' }, 'total'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ q: 'a\u0000b' }, 'q'],
    [{ filter: '{"field":' }, 'filter'],
    [{ filter: 'x'.repeat(LIST_LIMITS.maxFilterChars + 1) }, 'filter'],
    [{ cursor: 'x'.repeat(LIST_LIMITS.maxCursorChars + 1) }, 'cursor'],
  ])('rejects %j at %s', (input, path) => {
    expect(pathsOf(() => parseListQuery(input))).toEqual([path]);
  });

  it('is a valid JSON schema for OpenAPI (input side)', () => {
    const schema = z.toJSONSchema(ListQuerySchema, { io: 'input' }) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(schema.properties).sort()).toEqual([
      'cursor',
      'filter',
      'limit',
      'q',
      'sort',
      'total',
    ]);
  });
});

describe('describeListFields / listQueryErrors', () => {
  it('describes each field as filter and sort treat it, custom ones when they resolve', () => {
    const fields = new Map(describeListFields(resource, ['score', 'unknown']).map((f) => [f.name, f]));
    expect(fields.get('status')).toEqual({
      name: 'status',
      type: 'enum',
      sortable: true,
      filterable: true,
      ops: ['eq', 'ne', 'in', 'empty'],
      values: STATUS,
    });
    expect(fields.get('tags')).toMatchObject({ sortable: false, ops: ['contains', 'empty'] });
    expect(fields.get('secret')).toMatchObject({ sortable: false, filterable: false, ops: [] });
    expect(fields.get('custom.score')).toMatchObject({ type: 'number', sortable: true });
    expect(fields.has('custom.unknown')).toBe(false);
    expect(isListField(resource, 'custom.nickname')).toBe(true);
    expect(isListField(resource, '__proto__')).toBe(false);
  });

  it('finds in a stored filter and sort exactly what a list request would refuse', () => {
    expect(
      listQueryErrors(resource, {
        filter: {
          or: [
            { field: 'age', op: 'gte', value: 30 },
            { field: 'custom.score', op: 'lt', value: 2 },
          ],
        },
        sort: '-born,name',
      }),
    ).toEqual([]);
    const errors = listQueryErrors(resource, {
      filter: {
        and: [
          { field: 'nope', op: 'eq', value: 1 },
          { field: 'born', op: 'contains', value: 'x' },
        ],
      },
      sort: 'tags',
    });
    expect(errors.map((e) => e.path)).toEqual(['filter.and.0.field', 'filter.and.1.op', 'sort']);
    // The same paths as the list's own 422.
    let listPaths: string[] = [];
    try {
      buildListQuery(
        resource,
        query({
          filter: {
            and: [
              { field: 'nope', op: 'eq', value: 1 },
              { field: 'born', op: 'contains', value: 'x' },
            ],
          },
          sort: 'tags',
        }),
        opts,
      );
    } catch (problem) {
      listPaths = ((problem as Problem).errors ?? []).map((e) => e.path);
    }
    expect(listPaths).toEqual(['filter.and.0.field', 'filter.and.1.op', 'sort']);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

describe.each(engines)('list queries on $name', (engine) => {
  let db: Database;
  let close: () => Promise<void>;
  const ranks: Record<string, Ranks> = {};

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    await createTable(db);
    ranks.name = await ranksOf(db, sql`t.name`, 'und-x-icu');
    ranks.lastName = await ranksOf(db, sql`t.last_name`, 'und-x-icu');
    ranks.status = await ranksOf(db, sql`t.status`);
    ranks.nickname = await ranksOf(db, sql`(t.custom->>'nickname')`);
  });
  afterAll(async () => {
    await close?.();
  });

  it('stored the data exactly (microseconds included)', async () => {
    const { rows } = await db.query<{ id: string; at: string }>(
      sql`SELECT id, created_at::text AS at FROM lq_items`,
    );
    const byId = new Map(ALL.map((r) => [r.id, pgText(r.micros)]));
    expect(rows).toHaveLength(1000);
    for (const row of rows) expect(row.at).toBe(byId.get(row.id));
    // The data has what the cursor must survive: equal timestamps, and different ones in the same ms.
    const sameMicros = ROWS.filter((a) => ROWS.some((b) => b !== a && b.micros === a.micros));
    const sameMs = ROWS.filter((a) =>
      ROWS.some((b) => b.micros !== a.micros && b.micros / 1000n === a.micros / 1000n),
    );
    expect(sameMicros.length).toBeGreaterThan(100);
    expect(sameMs.length).toBeGreaterThan(100);
  });

  it('sorts Persian text with und-x-icu like ICU root (Intl.Collator("und")), not quite like "fa"', () => {
    const dbOrder = [...(ranks.name as Ranks).keys()].filter((n) => PERSIAN.includes(n));
    expect(dbOrder).toEqual([...PERSIAN].sort(new Intl.Collator('und').compare));
    // Persian order puts و before ه; ICU root has them the other way round (see ListField.collate).
    expect(dbOrder.indexOf('هادی')).toBeLessThan(dbOrder.indexOf('وحید'));
    const fa = [...PERSIAN].sort(new Intl.Collator('fa').compare);
    expect(fa.indexOf('وحید')).toBeLessThan(fa.indexOf('هادی'));
  });

  describe('paging visits every row exactly once, in order', () => {
    it.each([
      ['(default: -createdAt)', undefined, 37],
      ['createdAt', 'createdAt', 3],
      ['-createdAt', '-createdAt', 7],
      ['name (Persian, ICU, many ties)', 'name', 37],
      ['-lastName,name (mixed, nullable)', '-lastName,name', 29],
      ['age,-amount,name (three keys, mixed, nullable)', 'age,-amount,name', 41],
      ['-age (nullable, nulls first)', '-age', 50],
      ['active,-status,born', 'active,-status,born', 33],
      ['custom.score,-createdAt (custom field, nullable)', 'custom.score,-createdAt', 31],
      ['-custom.nickname,id', '-custom.nickname,id', 45],
      ['-id', '-id', 200],
    ])('sort %s', async (_label, sort, limit) => {
      const ids = await collect(db, sort ? { sort } : {}, limit);
      expect(new Set(ids).size).toBe(ROWS.length);
      expect(ids).toEqual(expectedOrder(sort ?? '-createdAt', ranks));
    });

    it('with a filter and a search at the same time', async () => {
      const filter = {
        or: [
          { field: 'active', op: 'eq', value: true },
          { field: 'age', op: 'empty', value: true },
        ],
      };
      const ids = await collect(db, { filter, q: 'ا', sort: '-lastName,createdAt' }, 9);
      const matching = ROWS.filter(
        (r) =>
          (r.active === true || r.age === null) &&
          ((r.name ?? '').includes('ا') || (r.lastName ?? '').includes('ا')),
      );
      expect(matching.length).toBeGreaterThan(50);
      expect(ids).toEqual(expectedOrder('-lastName,createdAt', ranks, matching));
    });
  });

  it('counts the total, ignoring the cursor', async () => {
    const filter = { field: 'status', op: 'in', value: ['lead', 'customer'] };
    const expected = idsWhere((r) => r.status === 'lead' || r.status === 'customer').length;
    const first = await runListQuery(db, resource, query({ filter, total: 'true', limit: '10' }), opts);
    expect(first.total).toBe(expected);
    expect(first.nextCursor).not.toBeNull();
    const second = await runListQuery(
      db,
      resource,
      query({ filter, total: 'true', limit: '10', cursor: first.nextCursor }),
      opts,
    );
    expect(second.total).toBe(expected);
    const noTotal = await runListQuery(db, resource, query({ filter, limit: '10' }), opts);
    expect(noTotal.total).toBeUndefined();
    expect(buildListQuery(resource, query({}), opts).count).toBeUndefined();
  });

  it('returns an empty last page with no cursor', async () => {
    const page = await runListQuery(
      db,
      resource,
      query({ filter: { field: 'name', op: 'eq', value: 'nobody' } }),
      opts,
    );
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  describe('every operator matches what JS computes', () => {
    const someRow = ROWS.find((r) => r.born !== null) as Row;
    const fraction = ROWS.find((r) => r.score !== null && r.score % 1 !== 0)?.score as number;
    const at = (ROWS[100] as Row).micros;
    const cases: [string, unknown, (r: Row) => boolean][] = [
      ['text eq', { field: 'name', op: 'eq', value: 'پژمان' }, (r) => r.name === 'پژمان'],
      ['text eq empty string', { field: 'name', op: 'eq', value: '' }, (r) => r.name === ''],
      ['text ne (includes NULL)', { field: 'name', op: 'ne', value: 'علی' }, (r) => r.name !== 'علی'],
      [
        'text in',
        { field: 'lastName', op: 'in', value: ['محمدی', 'Johnson'] },
        (r) => ['محمدی', 'Johnson'].includes(r.lastName as string),
      ],
      [
        'text contains (Persian)',
        { field: 'name', op: 'contains', value: 'ژ' },
        (r) => !!r.name?.includes('ژ'),
      ],
      [
        'text contains is case-insensitive',
        { field: 'name', op: 'contains', value: 'AD' },
        (r) => !!r.name?.toLowerCase().includes('ad'),
      ],
      ['text contains %', { field: 'name', op: 'contains', value: '%' }, (r) => !!r.name?.includes('%')],
      ['text contains _', { field: 'name', op: 'contains', value: '_' }, (r) => !!r.name?.includes('_')],
      ['text contains \\', { field: 'name', op: 'contains', value: '\\' }, (r) => !!r.name?.includes('\\')],
      [
        'text starts',
        { field: 'name', op: 'starts', value: 'a' },
        (r) => !!r.name?.toLowerCase().startsWith('a'),
      ],
      [
        'text starts (Persian)',
        { field: 'lastName', op: 'starts', value: 'پور' },
        (r) => !!r.lastName?.startsWith('پور'),
      ],
      ['text empty', { field: 'name', op: 'empty', value: true }, (r) => r.name === null || r.name === ''],
      [
        'text not empty',
        { field: 'name', op: 'empty', value: false },
        (r) => r.name !== null && r.name !== '',
      ],
      ['number eq', { field: 'age', op: 'eq', value: 30 }, (r) => r.age === 30],
      ['number ne (includes NULL)', { field: 'age', op: 'ne', value: 30 }, (r) => r.age !== 30],
      ['number lt', { field: 'age', op: 'lt', value: 25 }, (r) => r.age !== null && r.age < 25],
      ['number lte', { field: 'age', op: 'lte', value: 25 }, (r) => r.age !== null && r.age <= 25],
      ['number gt', { field: 'age', op: 'gt', value: 70 }, (r) => r.age !== null && r.age > 70],
      ['number gte', { field: 'age', op: 'gte', value: 70 }, (r) => r.age !== null && r.age >= 70],
      ['number gt fraction', { field: 'age', op: 'gt', value: 29.5 }, (r) => r.age !== null && r.age > 29.5],
      [
        'number in',
        { field: 'age', op: 'in', value: [20, 21, 22] },
        (r) => [20, 21, 22].includes(r.age as number),
      ],
      ['number in with a fraction', { field: 'age', op: 'in', value: [30, 30.5] }, (r) => r.age === 30],
      ['number empty', { field: 'age', op: 'empty', value: true }, (r) => r.age === null],
      ['money eq string', { field: 'amount', op: 'eq', value: '100.00' }, (r) => r.cents === 10_000n],
      ['money eq number', { field: 'amount', op: 'eq', value: 100 }, (r) => r.cents === 10_000n],
      [
        'money lt negative',
        { field: 'amount', op: 'lt', value: '-5.5' },
        (r) => r.cents !== null && r.cents < -550n,
      ],
      [
        'money gte',
        { field: 'amount', op: 'gte', value: 150.25 },
        (r) => r.cents !== null && r.cents >= 15_025n,
      ],
      [
        'money in',
        { field: 'amount', op: 'in', value: ['100', 12.34] },
        (r) => r.cents === 10_000n || r.cents === 1_234n,
      ],
      ['money empty', { field: 'amount', op: 'empty', value: true }, (r) => r.cents === null],
      ['datetime eq (µs)', { field: 'createdAt', op: 'eq', value: isoMicros(at) }, (r) => r.micros === at],
      ['datetime lt (µs)', { field: 'createdAt', op: 'lt', value: isoMicros(at) }, (r) => r.micros < at],
      ['datetime gte (µs)', { field: 'createdAt', op: 'gte', value: isoMicros(at) }, (r) => r.micros >= at],
      [
        'datetime gt with offset',
        { field: 'createdAt', op: 'gt', value: '2025-01-01T03:30:00.050+03:30' },
        (r) => r.micros > BASE_MICROS + 50_000n,
      ],
      ['datetime in', { field: 'createdAt', op: 'in', value: [isoMicros(at)] }, (r) => r.micros === at],
      ['date eq', { field: 'born', op: 'eq', value: someRow.born }, (r) => r.born === someRow.born],
      [
        'date lt',
        { field: 'born', op: 'lt', value: '1980-01-01' },
        (r) => r.born !== null && r.born < '1980-01-01',
      ],
      [
        'date gte',
        { field: 'born', op: 'gte', value: '1990-06-15' },
        (r) => r.born !== null && r.born >= '1990-06-15',
      ],
      [
        'date in',
        { field: 'born', op: 'in', value: [someRow.born, '2000-02-29'] },
        (r) => r.born === someRow.born || r.born === '2000-02-29',
      ],
      ['date empty', { field: 'born', op: 'empty', value: true }, (r) => r.born === null],
      ['boolean eq', { field: 'active', op: 'eq', value: true }, (r) => r.active === true],
      ['boolean ne (includes NULL)', { field: 'active', op: 'ne', value: true }, (r) => r.active !== true],
      ['boolean empty', { field: 'active', op: 'empty', value: true }, (r) => r.active === null],
      ['boolean not empty', { field: 'active', op: 'empty', value: false }, (r) => r.active !== null],
      [
        'uuid eq (any case)',
        { field: 'id', op: 'eq', value: someRow.id.toUpperCase() },
        (r) => r.id === someRow.id,
      ],
      ['uuid ne', { field: 'id', op: 'ne', value: someRow.id }, (r) => r.id !== someRow.id],
      [
        'uuid in',
        { field: 'id', op: 'in', value: ROWS.slice(0, 7).map((r) => r.id) },
        (r) => ROWS.slice(0, 7).includes(r),
      ],
      ['enum eq', { field: 'status', op: 'eq', value: 'lead' }, (r) => r.status === 'lead'],
      ['enum ne (includes NULL)', { field: 'status', op: 'ne', value: 'lead' }, (r) => r.status !== 'lead'],
      [
        'enum in',
        { field: 'status', op: 'in', value: ['lead', 'churned'] },
        (r) => r.status === 'lead' || r.status === 'churned',
      ],
      ['enum empty', { field: 'status', op: 'empty', value: true }, (r) => r.status === null],
      ['text[] contains', { field: 'tags', op: 'contains', value: 'vip' }, (r) => !!r.tags?.includes('vip')],
      [
        'text[] empty',
        { field: 'tags', op: 'empty', value: true },
        (r) => r.tags === null || r.tags.length === 0,
      ],
      [
        'text[] not empty',
        { field: 'tags', op: 'empty', value: false },
        (r) => !!r.tags && r.tags.length > 0,
      ],
      [
        'custom number gt',
        { field: 'custom.score', op: 'gt', value: 50 },
        (r) => r.score !== null && r.score > 50,
      ],
      [
        'custom number eq fraction',
        { field: 'custom.score', op: 'eq', value: fraction },
        (r) => r.score === fraction,
      ],
      ['custom number empty', { field: 'custom.score', op: 'empty', value: true }, (r) => r.score === null],
      [
        'custom text starts',
        { field: 'custom.nickname', op: 'starts', value: 'x' },
        (r) => !!r.nickname?.startsWith('x'),
      ],
      ['custom text eq', { field: 'custom.nickname', op: 'eq', value: 'آبی' }, (r) => r.nickname === 'آبی'],
      [
        'text lt (collation order)',
        { field: 'name', op: 'lt', value: 'ژاله' },
        (r) => r.name !== null && (ranks.name?.get(r.name) as number) < (ranks.name?.get('ژاله') as number),
      ],
      [
        'text gte (collation order)',
        { field: 'lastName', op: 'gte', value: 'کریمی' },
        (r) =>
          r.lastName !== null &&
          (ranks.lastName?.get(r.lastName) as number) >= (ranks.lastName?.get('کریمی') as number),
      ],
      [
        'and/or nesting',
        {
          and: [
            {
              or: [
                { field: 'status', op: 'eq', value: 'lead' },
                { field: 'tags', op: 'contains', value: 'vip' },
              ],
            },
            {
              or: [
                { field: 'age', op: 'lt', value: 30 },
                {
                  and: [
                    { field: 'active', op: 'eq', value: true },
                    { field: 'name', op: 'starts', value: 'پ' },
                  ],
                },
              ],
            },
          ],
        },
        (r) =>
          (r.status === 'lead' || !!r.tags?.includes('vip')) &&
          ((r.age !== null && r.age < 30) || (r.active === true && !!r.name?.startsWith('پ'))),
      ],
      [
        'groups nested 5 deep',
        { and: [{ or: [{ and: [{ or: [{ and: [{ field: 'age', op: 'gte', value: 40 }] }] }] }] }] },
        (r) => r.age !== null && r.age >= 40,
      ],
    ];

    it.each(cases)('%s', async (_label, filter, pred) => {
      const expected = idsWhere(pred);
      const ids = await collect(db, { filter });
      expect(ids.sort()).toEqual(expected);
    });

    it('the cases are not trivial', () => {
      for (const [label, , pred] of cases) {
        const n = idsWhere(pred).length;
        expect(n, label).toBeGreaterThan(0);
        expect(n, label).toBeLessThan(ROWS.length);
      }
    });
  });

  describe('PostgreSQL enum types', () => {
    const stages = ['new', 'won', 'lost'] as const;
    const deals = Array.from({ length: 30 }, (_, i) => ({
      id: uuidOf(5000 + i),
      stage: i % 7 === 0 ? null : (stages[i % 3] as string),
    }));
    const dealResource: ListResource = {
      idColumn: sql`d.id`,
      defaultSort: 'stage',
      fields: { stage: { column: sql`d.stage`, type: 'enum', values: stages } },
    };
    const dealOpts = { from: sql`lq_deals d`, select: sql`d.id, d.stage` };

    beforeAll(async () => {
      await db.exec(`CREATE TYPE lq_stage AS ENUM ('new', 'won', 'lost');
        CREATE TABLE lq_deals (id uuid PRIMARY KEY, stage lq_stage)`);
      await db.query(sql`INSERT INTO lq_deals (id, stage) VALUES ${bulk(deals.map((d) => [d.id, d.stage]))}`);
    });

    it('filters and pages in the enum’s declared order', async () => {
      const run = async (q: ListQuery) => {
        const out: { id: string; stage: string | null }[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string; stage: string | null }[]; nextCursor: string | null } =
            await runListQuery(db, dealResource, { ...q, ...(cursor ? { cursor } : {}) }, dealOpts);
          out.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return out;
      };
      const rank = (s: string | null) => (s === null ? 99 : stages.indexOf(s as (typeof stages)[number]));
      const byStage = (desc: boolean) =>
        [...deals]
          .sort((a, b) => (rank(a.stage) - rank(b.stage) || (a.id < b.id ? -1 : 1)) * (desc ? -1 : 1))
          .map((d) => d.id);
      expect((await run(query({ limit: '4' }))).map((d) => d.id)).toEqual(byStage(false));
      expect((await run(query({ limit: '4', sort: '-stage' }))).map((d) => d.id)).toEqual(byStage(true));
      const eq = await run(query({ filter: { field: 'stage', op: 'eq', value: 'won' } }));
      expect(eq.map((d) => d.id).sort()).toEqual(
        deals
          .filter((d) => d.stage === 'won')
          .map((d) => d.id)
          .sort(),
      );
      const inList = await run(query({ filter: { field: 'stage', op: 'in', value: ['new', 'lost'] } }));
      expect(inList).toHaveLength(deals.filter((d) => d.stage === 'new' || d.stage === 'lost').length);
      const ne = await run(query({ filter: { field: 'stage', op: 'ne', value: 'won' } }));
      expect(ne).toHaveLength(deals.filter((d) => d.stage !== 'won').length);
      const none = await run(query({ filter: { field: 'stage', op: 'empty', value: true } }));
      expect(none).toHaveLength(deals.filter((d) => d.stage === null).length);
    });
  });

  describe('invalid input is a 422 with the right path', () => {
    const age = (op: string, value: unknown) => ({ field: 'age', op, value });
    const invalidFilters: [string, unknown, string[]][] = [
      ['not an object', '[]', ['filter']],
      ['a string', '"name"', ['filter']],
      ['null', 'null', ['filter']],
      ['an empty object', {}, ['filter']],
      ['an empty group', { and: [] }, ['filter.and']],
      ['a group that is not an array', { or: 'x' }, ['filter.or']],
      ['and + or in one object', { and: [age('eq', 1)], or: [age('eq', 1)] }, ['filter']],
      ['a non-object child', { and: [age('eq', 1), 5] }, ['filter.and.1']],
      [
        'an unknown field',
        { and: [age('eq', 1), { field: 'nope', op: 'eq', value: 1 }] },
        ['filter.and.1.field'],
      ],
      ['__proto__', { field: '__proto__', op: 'eq', value: 1 }, ['filter.field']],
      ['constructor', { field: 'constructor', op: 'eq', value: 1 }, ['filter.field']],
      ['a field that is not a string', { field: 5, op: 'eq', value: 1 }, ['filter.field']],
      ['a field that is not filterable', { field: 'secret', op: 'eq', value: 'x' }, ['filter.field']],
      ['an unknown custom field', { field: 'custom.nope', op: 'eq', value: 1 }, ['filter.field']],
      [
        'a custom key that is not an identifier',
        { field: "custom.x'); DROP TABLE lq_items; --", op: 'eq', value: 1 },
        ['filter.field'],
      ],
      ['contains on a number', age('contains', '1'), ['filter.op']],
      ['lt on a boolean', { or: [{ field: 'active', op: 'lt', value: true }] }, ['filter.or.0.op']],
      ['an unknown operator', age('like', 1), ['filter.op']],
      ['a missing operator', { field: 'age', value: 1 }, ['filter.op']],
      ['eq on text[]', { field: 'tags', op: 'eq', value: 'vip' }, ['filter.op']],
      ['starts on an enum', { field: 'status', op: 'starts', value: 'l' }, ['filter.op']],
      ['a string for a number', { or: [age('eq', '30')] }, ['filter.or.0.value']],
      ['null for eq', age('eq', null), ['filter.value']],
      ['a missing value', { field: 'age', op: 'eq' }, ['filter.value']],
      ['in with a non-array', age('in', 5), ['filter.value']],
      ['in with an empty array', age('in', []), ['filter.value']],
      ['in with a bad element', age('in', [1, 'x', 3]), ['filter.value.1']],
      [
        'in with too many values',
        age(
          'in',
          Array.from({ length: 201 }, (_, i) => i),
        ),
        ['filter.value'],
      ],
      ['a bad calendar date', { field: 'born', op: 'eq', value: '2023-02-29' }, ['filter.value']],
      ['a sloppy date', { field: 'born', op: 'eq', value: '2024-1-5' }, ['filter.value']],
      [
        'a datetime without a zone',
        { field: 'createdAt', op: 'gt', value: '2025-01-01T00:00:00' },
        ['filter.value'],
      ],
      [
        'a datetime in month 13',
        { field: 'createdAt', op: 'gt', value: '2025-13-01T00:00:00Z' },
        ['filter.value'],
      ],
      [
        'a datetime at 24:00',
        { field: 'createdAt', op: 'gt', value: '2025-01-01T24:00:00Z' },
        ['filter.value'],
      ],
      ['an enum value not in the list', { field: 'status', op: 'eq', value: 'vip' }, ['filter.value']],
      [
        'an enum list with a bad value',
        { field: 'status', op: 'in', value: ['lead', 'x'] },
        ['filter.value.1'],
      ],
      ['a bad uuid', { field: 'id', op: 'eq', value: 'not-a-uuid' }, ['filter.value']],
      ['empty with a non-boolean', { field: 'name', op: 'empty', value: 'yes' }, ['filter.value']],
      ['a bad amount', { field: 'amount', op: 'eq', value: '12,5' }, ['filter.value']],
      ['an amount in exponent form', { field: 'amount', op: 'eq', value: '1e5' }, ['filter.value']],
      ['a boolean given as a string', { field: 'active', op: 'eq', value: 'true' }, ['filter.value']],
      ['a number for text', { field: 'name', op: 'eq', value: 5 }, ['filter.value']],
      ['a number for text[] contains', { field: 'tags', op: 'contains', value: 5 }, ['filter.value']],
      ['a NUL character', { field: 'name', op: 'eq', value: 'a\u0000b' }, ['filter.value']],
      ['an unknown key', { field: 'age', op: 'eq', value: 1, extra: true }, ['filter.extra']],
      [
        'groups nested 6 deep',
        { and: [{ or: [{ and: [{ or: [{ and: [{ or: [age('eq', 1)] }] }] }] }] }] },
        ['filter.and.0.or.0.and.0.or.0.and.0.or'],
      ],
      ['51 conditions', { or: Array.from({ length: 51 }, (_, i) => age('eq', i)) }, ['filter']],
      [
        'several mistakes at once',
        {
          and: [
            { field: 'nope', op: 'eq', value: 1 },
            age('contains', 'x'),
            { field: 'born', op: 'lt', value: 'yesterday' },
          ],
        },
        ['filter.and.0.field', 'filter.and.1.op', 'filter.and.2.value'],
      ],
    ];

    it.each(invalidFilters)('filter: %s', (_label, filter, paths) => {
      expect(pathsOf(() => buildListQuery(resource, query({ filter }), opts))).toEqual(paths);
    });

    it.each([
      ['an unknown field', 'nope'],
      ['four fields', 'name,age,amount,born'],
      ['a field that is not sortable', 'secret'],
      ['a text[] field', 'tags'],
      ['a field twice', 'name,-name'],
      ['an empty term', 'name,,age'],
      ['a bare minus', '-'],
      ['an unknown custom field', 'custom.nope'],
      ['injection', 'name;DROP TABLE lq_items'],
      ['injection in a custom key', 'custom.x)--'],
    ])('sort: %s', (_label, sort) => {
      expect(pathsOf(() => buildListQuery(resource, query({ sort }), opts))).toEqual(['sort']);
    });

    it('q without a search function', () => {
      const { search: _, ...noSearch } = resource;
      expect(pathsOf(() => buildListQuery(noSearch, query({ q: 'x' }), opts))).toEqual(['q']);
    });

    it('a limit out of range given directly', () => {
      expect(pathsOf(() => buildListQuery(resource, { limit: 0, total: false }, opts))).toEqual(['limit']);
    });

    it('filter and sort mistakes are reported together', () => {
      const q = query({ filter: { field: 'nope', op: 'eq', value: 1 }, sort: 'nope' });
      expect(pathsOf(() => buildListQuery(resource, q, opts))).toEqual(['filter.field', 'sort']);
    });

    it('cursors: garbage, another sort, tampering', async () => {
      const first = await runListQuery(db, resource, query({ sort: 'createdAt,name', limit: '5' }), opts);
      const cursor = first.nextCursor as string;
      const { s, k } = decode(cursor);
      expect(k).toHaveLength(3); // createdAt, name, id
      const bad = (c: string, sort = 'createdAt,name') =>
        pathsOf(() => buildListQuery(resource, query({ sort, cursor: c }), opts));
      expect(bad('not a cursor!')).toEqual(['cursor']);
      expect(bad(Buffer.from('not json').toString('base64url'))).toEqual(['cursor']);
      expect(bad(encode([1, 2]))).toEqual(['cursor']);
      expect(bad(cursor, 'createdAt,-name')).toEqual(['cursor']);
      expect(bad(cursor, 'name')).toEqual(['cursor']);
      expect(bad(cursor, '')).toEqual(['cursor']); // the default sort is another sort
      expect(problemOf(() => buildListQuery(resource, query({ cursor }), opts)).errors?.[0]?.code).toBe(
        'cursor_mismatch',
      );
      expect(bad(encode({ s, k: k.slice(1) }))).toEqual(['cursor']);
      expect(bad(encode({ s, k: ['yesterday', k[1], k[2]] }))).toEqual(['cursor']);
      expect(bad(encode({ s, k: ['2025-02-30 00:00:00+00', k[1], k[2]] }))).toEqual(['cursor']);
      expect(bad(encode({ s, k: [k[0], 5, k[2]] }))).toEqual(['cursor']);
      expect(bad(encode({ s, k: [k[0], k[1], null] }))).toEqual(['cursor']);
      expect(bad(encode({ s, k: [k[0], k[1], "x' OR 1=1"] }))).toEqual(['cursor']);
      // A cursor for an int column holding a number too big for int4 is fine (compared as int8).
      const ageCursor = (await runListQuery(db, resource, query({ sort: 'age', limit: '5' }), opts))
        .nextCursor as string;
      const aged = decode(ageCursor);
      const big = encode({ s: aged.s, k: ['99999999999999999999', aged.k[1]] });
      const page = await runListQuery(db, resource, query({ sort: 'age', limit: '5', cursor: big }), opts);
      expect(page.items).toHaveLength(5); // only the rows with no age are "after" it
      expect(bad(encode({ s: aged.s, k: ['12abc', aged.k[1]] }), 'age')).toEqual(['cursor']);
    });
  });

  describe('SQL injection is harmless', () => {
    const evil = [
      "'; DROP TABLE lq_items; --",
      "%' OR 1=1 --",
      '") OR true; --',
      "x\\'; SELECT pg_sleep(1); --",
    ];

    it.each(evil)('in values: %s', async (value) => {
      for (const op of ['eq', 'contains', 'starts', 'lt']) {
        const built = buildListQuery(
          resource,
          query({ filter: { field: 'name', op, value }, q: value }),
          opts,
        );
        expect(built.page.text).not.toContain(value);
        expect(built.page.text).not.toContain('DROP');
        const { rows } = await db.query(built.page);
        expect(rows).toEqual([]);
      }
      const inList = await collect(db, { filter: { field: 'lastName', op: 'in', value: [value, 'محمدی'] } });
      expect(inList.sort()).toEqual(idsWhere((r) => r.lastName === 'محمدی'));
    });

    it('in a forged text cursor value, which is only a position', async () => {
      const first = await runListQuery(db, resource, query({ sort: 'name', limit: '3' }), opts);
      const { s, k } = decode(first.nextCursor as string);
      const forged = encode({ s, k: ["'; DROP TABLE lq_items; --", k[1]] });
      const page = await runListQuery(
        db,
        resource,
        query({ sort: 'name', limit: '3', cursor: forged }),
        opts,
      );
      expect(page.items).toHaveLength(3);
    });

    afterAll(async () => {
      const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM lq_items`);
      expect(rows[0]?.n).toBe(1000);
    });
  });

  it('toPage strips the helper columns and stops after the last page', async () => {
    const q = query({ sort: 'name', limit: '2', filter: { field: 'name', op: 'eq', value: 'چنگیز' } });
    const built = buildListQuery(resource, q, { ...opts, select: sql`t.id, t.name` });
    const { rows } = await db.query<{ id: string; name: string }>(built.page);
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0] as object)).toEqual(['id', 'name', '__lq_k0', '__lq_k1']);
    const page = toPage(rows, q, resource);
    expect(page).toEqual(built.toPage(rows));
    expect(page.items.map((i) => Object.keys(i))).toEqual([
      ['id', 'name'],
      ['id', 'name'],
    ]);
    expect(page.nextCursor).not.toBeNull();
    expect(toPage(rows.slice(0, 2), q, resource).nextCursor).toBeNull();
  });

  it('works as a Fastify route (fastify-type-provider-zod)', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installProblemHandler(app);
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/items',
      {
        schema: {
          querystring: ListQuerySchema,
          response: { 200: listPageSchema(z.object({ id: z.string() })) },
        },
      },
      async (request) => runListQuery<{ id: string }>(db, resource, request.query, opts),
    );
    try {
      const filter = encodeURIComponent(JSON.stringify({ field: 'status', op: 'eq', value: 'lead' }));
      const ok = await app.inject({
        url: `/api/v1/items?filter=${filter}&sort=-createdAt&limit=5&total=true`,
      });
      expect(ok.statusCode).toBe(200);
      const body = ok.json() as { items: { id: string }[]; nextCursor: string; total: number };
      expect(body.items).toHaveLength(5);
      expect(body.total).toBe(idsWhere((r) => r.status === 'lead').length);
      const next = await app.inject({
        url: `/api/v1/items?filter=${filter}&sort=-createdAt&limit=5&cursor=${body.nextCursor}`,
      });
      expect((next.json() as { items: { id: string }[] }).items[0]?.id).toBe(
        expectedOrder(
          '-createdAt',
          ranks,
          ROWS.filter((r) => r.status === 'lead'),
        )[5],
      );

      const badLimit = await app.inject({ url: '/api/v1/items?limit=0' });
      expect(badLimit.statusCode).toBe(422);
      expect(badLimit.headers['content-type']).toContain('application/problem+json');
      expect((badLimit.json() as { errors: { path: string }[] }).errors[0]?.path).toMatch(/(^|\.)limit$/);

      const badFilter = await app.inject({
        url: `/api/v1/items?filter=${encodeURIComponent('{"and":[{"field":"age","op":"eq","value":1},{"field":"x","op":"eq","value":1}]}')}`,
      });
      expect(badFilter.statusCode).toBe(422);
      expect((badFilter.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
        'filter.and.1.field',
      ]);
    } finally {
      await app.close();
    }
  });
});
