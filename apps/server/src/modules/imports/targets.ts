/**
 * What an import writes into and an export reads from: accounts, contacts and leads, through the
 * customers module's own schemas and service functions (the same validation, normalisation, duplicate
 * rule, audit rows and events as the API). This file only maps columns to fields and back.
 */
import { normalizeForDisplay, normalizeForSearch, toLatinDigits } from '@peyvand/persian';
import type { z } from 'zod';
import { join, raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { asOwner, type Context } from '../../platform/tenancy/context.js';
import { createAccounts, getAccount, listAccounts, updateAccount } from '../customers/accounts.js';
import { createContacts, getContact, listContacts, updateContact } from '../customers/contacts.js';
import { listCustomFields } from '../customers/custom-fields.js';
import { createLeads, getLead, listLeads, updateLead } from '../customers/leads.js';
import {
  AccountCreateSchema,
  AccountPatchSchema,
  ContactCreateSchema,
  ContactPatchSchema,
  type CustomFieldView,
  type Entity,
  LeadCreateSchema,
  LeadPatchSchema,
} from '../customers/schemas.js';

// ---------------------------------------------------------------------------------------------
// Fields a column can be mapped to

export interface TargetField {
  key: string;
  labelEn: string;
  labelFa: string;
  /** Several columns may map here; each cell may hold several values (split on ; , ، ؛ | or new lines). */
  list?: boolean;
  /** Header names that suggest this field (English and Persian), compared after headerKey(). */
  headers: string[];
}

const f = (key: string, labelEn: string, labelFa: string, headers: string[], list = false): TargetField => ({
  key,
  labelEn,
  labelFa,
  headers: [key, labelEn, labelFa, ...headers],
  ...(list ? { list } : {}),
});

const PERSON = {
  firstName: f('firstName', 'First name', 'نام', [
    'first',
    'given name',
    'forename',
    'name first',
    'نام کوچک',
  ]),
  lastName: f('lastName', 'Last name', 'نام خانوادگی', [
    'last',
    'surname',
    'family name',
    'family',
    'name last',
    'فامیلی',
    'فامیل',
    'نام فامیلی',
    'نام‌خانوادگی',
  ]),
  fullName: f('fullName', 'Full name', 'نام و نام خانوادگی', [
    'name',
    'display name',
    'contact name',
    'contact',
    'person',
    'نام کامل',
    'اسم',
    'نام شخص',
  ]),
};
const POINTS = {
  phones: f(
    'phones',
    'Phones',
    'تلفن‌ها',
    [
      'phone',
      'phone number',
      'phone numbers',
      'mobile',
      'mobile phone',
      'mobile number',
      'cell',
      'cellphone',
      'cell phone',
      'telephone',
      'tel',
      'work phone',
      'home phone',
      'business phone',
      'موبایل',
      'تلفن همراه',
      'شماره همراه',
      'همراه',
      'شماره موبایل',
      'تلفن',
      'شماره تلفن',
      'تلفن ثابت',
      'شماره',
      'تلفن محل کار',
      'تلفن منزل',
    ],
    true,
  ),
  emails: f(
    'emails',
    'Emails',
    'ایمیل‌ها',
    [
      'email',
      'e-mail',
      'email address',
      'e-mail address',
      'mail',
      'work email',
      'ایمیل',
      'پست الکترونیک',
      'پست الکترونیکی',
      'رایانامه',
      'آدرس ایمیل',
      'نشانی ایمیل',
    ],
    true,
  ),
};
const COMMON = {
  tags: f(
    'tags',
    'Tags',
    'برچسب‌ها',
    ['tag', 'labels', 'categories', 'category', 'برچسب', 'دسته', 'گروه'],
    true,
  ),
  description: f('description', 'Description', 'توضیحات', [
    'notes',
    'note',
    'comments',
    'comment',
    'remarks',
    'یادداشت',
    'شرح',
    'توضیح',
  ]),
  ownerId: f('ownerId', 'Owner ID', 'شناسه مالک', ['owner id']),
  customerType: f('customerType', 'Customer type', 'نوع مشتری', ['type of customer']),
};

export const FIELDS: Record<Entity, TargetField[]> = {
  contact: [
    PERSON.firstName,
    PERSON.lastName,
    PERSON.fullName,
    f('nationalId', 'National ID', 'کد ملی', [
      'national code',
      'national id number',
      'melli code',
      'code melli',
      'شماره ملی',
      'کدملی',
      'شناسه ملی',
    ]),
    POINTS.phones,
    POINTS.emails,
    f('birthDate', 'Birth date', 'تاریخ تولد', ['birthday', 'date of birth', 'dob', 'born', 'تولد']),
    f('gender', 'Gender', 'جنسیت', ['sex', 'جنس']),
    f('jobTitle', 'Job title', 'سمت', ['title', 'position', 'role', 'job', 'عنوان شغلی', 'شغل', 'عنوان']),
    f('company', 'Company', 'شرکت', [
      'company name',
      'organization',
      'organisation',
      'org',
      'account',
      'account name',
      'accounts',
      'employer',
      'سازمان',
      'نام شرکت',
      'محل کار',
      'حساب',
    ]),
    f('accountId', 'Account ID', 'شناسه حساب', []),
    COMMON.customerType,
    COMMON.description,
    COMMON.tags,
    COMMON.ownerId,
  ],
  account: [
    f('name', 'Name', 'نام', [
      'company',
      'company name',
      'account',
      'account name',
      'organization',
      'organisation',
      'شرکت',
      'نام شرکت',
      'سازمان',
      'نام سازمان',
      'عنوان',
    ]),
    f('nationalId', 'National ID', 'شناسه ملی', ['legal id', 'national code', 'شناسه', 'کد ملی']),
    f('economicCode', 'Economic code', 'کد اقتصادی', ['tax id', 'vat number']),
    f('registrationNumber', 'Registration number', 'شماره ثبت', ['registration no', 'reg no']),
    POINTS.phones,
    POINTS.emails,
    f('website', 'Website', 'وب‌سایت', ['web', 'url', 'site', 'web site', 'وبسایت', 'سایت', 'تارنما']),
    f('industry', 'Industry', 'صنعت', ['sector', 'حوزه فعالیت', 'زمینه فعالیت']),
    f('country', 'Country', 'کشور', []),
    f('province', 'Province', 'استان', ['state', 'region']),
    f('city', 'City', 'شهر', ['town']),
    f('address', 'Address', 'نشانی', ['street', 'آدرس']),
    f('postalCode', 'Postal code', 'کد پستی', ['zip', 'zip code', 'postcode', 'کدپستی']),
    COMMON.customerType,
    COMMON.description,
    COMMON.tags,
    COMMON.ownerId,
  ],
  lead: [
    PERSON.firstName,
    PERSON.lastName,
    PERSON.fullName,
    f('companyName', 'Company', 'شرکت', [
      'company name',
      'organization',
      'organisation',
      'account',
      'سازمان',
      'نام شرکت',
    ]),
    f('jobTitle', 'Job title', 'سمت', ['title', 'position', 'role', 'عنوان شغلی', 'شغل']),
    POINTS.phones,
    POINTS.emails,
    f('website', 'Website', 'وب‌سایت', ['web', 'url', 'site', 'وبسایت', 'سایت']),
    f('source', 'Source', 'منبع', ['lead source', 'origin', 'channel', 'منبع سرنخ', 'کانال']),
    f('status', 'Status', 'وضعیت', ['lead status']),
    f('score', 'Score', 'امتیاز', ['rating', 'lead score']),
    COMMON.description,
    COMMON.tags,
    COMMON.ownerId,
  ],
};

/** A header compared loosely: Persian/Arabic letters and digits unified, case and punctuation ignored. */
export function headerKey(header: string): string {
  return normalizeForSearch(header).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Custom fields of the entity, as mapping targets `custom.<key>`. */
export function customTargets(defs: CustomFieldView[]): TargetField[] {
  return defs.map((d) => ({
    key: `custom.${d.key}`,
    labelEn: d.labelEn || d.key,
    labelFa: d.labelFa,
    headers: [d.key, `custom.${d.key}`, d.labelFa, d.labelEn].filter(Boolean),
    ...(d.type === 'multi_select' ? { list: true } : {}),
  }));
}

export function targetsOf(entity: Entity, defs: CustomFieldView[]): TargetField[] {
  return [...FIELDS[entity], ...customTargets(defs)];
}

export interface MappingEntry {
  column: number;
  field: string | null;
}

/**
 * The mapping suggested by the headers: each column to the field whose names match it, custom
 * fields first (an organisation's own label wins), each single-valued field used once. A bare
 * "نام" / "Name" is the first name when a last-name column exists, else the full name.
 */
export function guessMapping(entity: Entity, headers: string[], defs: CustomFieldView[]): MappingEntry[] {
  const targets = [...customTargets(defs), ...FIELDS[entity]];
  const index = new Map<string, TargetField>();
  for (const t of targets)
    for (const h of t.headers) if (!index.has(headerKey(h))) index.set(headerKey(h), t);
  const keys = headers.map(headerKey);
  const hasLast = keys.some((k) => index.get(k)?.key === 'lastName');
  const used = new Set<string>();
  return keys.map((key, column) => {
    let target = index.get(key);
    if (target && entity !== 'account' && (key === headerKey('نام') || key === 'name'))
      target = FIELDS[entity].find((t) => t.key === (hasLast ? 'firstName' : 'fullName'));
    if (!target || (!target.list && used.has(target.key))) return { column, field: null };
    used.add(target.key);
    return { column, field: target.key };
  });
}

// ---------------------------------------------------------------------------------------------
// A row → the API's create input

/** Where each input path came from (a column header), to name the column in a row's errors. */
export type Origin = Map<string, string>;

export interface RowInput {
  /** The create input as the API would receive it (strings as typed, lists, custom values). */
  input: Record<string, unknown>;
  origin: Origin;
  /** Contacts: the company (account) name to link, resolved by the import. */
  company: string | null;
  /** Every mapped cell was blank. */
  blank: boolean;
}

const LIST_SPLIT = /\s*(?:[\n;,|\u060C\u061B])\s*/;
const splitList = (cell: string) => cell.split(LIST_SPLIT).filter((v) => v !== '');

const GENDERS: Record<string, 'female' | 'male' | 'other'> = {
  male: 'male',
  m: 'male',
  man: 'male',
  مرد: 'male',
  اقا: 'male',
  آقا: 'male',
  مذکر: 'male',
  female: 'female',
  f: 'female',
  woman: 'female',
  زن: 'female',
  خانم: 'female',
  مونث: 'female',
  مؤنث: 'female',
  other: 'other',
  دیگر: 'other',
  سایر: 'other',
};
const CUSTOMER_TYPE: Record<string, string> = {
  external: 'external',
  internal: 'internal',
  خارجی: 'external',
  مشتری: 'external',
  داخلی: 'internal',
};
const LEAD_STATUS: Record<string, string> = {
  new: 'new',
  contacted: 'contacted',
  qualified: 'qualified',
  unqualified: 'unqualified',
  جدید: 'new',
  'تماس گرفته شده': 'contacted',
  'تماس گرفته‌شده': 'contacted',
  'واجد شرایط': 'qualified',
  'فاقد شرایط': 'unqualified',
};
const BOOLEAN: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
  بله: true,
  بلی: true,
  آری: true,
  اری: true,
  خیر: false,
  نه: false,
  درست: true,
  نادرست: false,
};

const lookup = <T>(table: Record<string, T>, cell: string): T | string => {
  const key = normalizeForSearch(cell);
  return Object.hasOwn(table, key) ? (table[key] as T) : cell;
};

/** A Gregorian date written YYYY/MM/DD (or with dots) → YYYY-MM-DD; anything else as typed. */
function dateCell(cell: string): string {
  const m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(toLatinDigits(cell).trim());
  if (m && Number(m[1]) >= 1700)
    return `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return cell;
}

/** A number as people type it (any digits, thousands separators); not a number → the text, so validation names it. */
function numberCell(cell: string): number | string {
  const s = toLatinDigits(cell)
    .replace(/[,\u066C\s]/g, '')
    .replace('\u066B', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : cell;
}

/** A cell → the JSON value a custom field of this type accepts (what the API's clients would send). */
function customValue(def: CustomFieldView, cell: string): unknown {
  switch (def.type) {
    case 'number':
      return numberCell(cell);
    case 'boolean':
      return lookup(BOOLEAN, cell);
    case 'select': {
      const key = normalizeForSearch(cell);
      const option = def.options.find(
        (o) =>
          o.value === cell || normalizeForSearch(o.labelFa) === key || normalizeForSearch(o.labelEn) === key,
      );
      return option ? option.value : cell;
    }
    case 'multi_select':
      return splitList(cell).map((v) => customValue({ ...def, type: 'select' }, v));
    case 'date':
      return dateCell(cell);
    default:
      return cell;
  }
}

/** Builds the create input of one row from its cells and the mapping. */
export function rowInput(
  mapping: MappingEntry[],
  headers: string[],
  cells: string[],
  defs: Map<string, CustomFieldView>,
): RowInput {
  const input: Record<string, unknown> = {};
  const origin: Origin = new Map();
  const custom: Record<string, unknown> = {};
  let company: string | null = null;
  let blank = true;
  let fullName: { value: string; column: string } | null = null;
  for (const { column, field } of mapping) {
    if (!field) continue;
    const cell = cells[column] ?? '';
    if (cell === '') continue;
    blank = false;
    const header = headers[column] ?? `Column ${column + 1}`;
    if (field.startsWith('custom.')) {
      const def = defs.get(field.slice('custom.'.length));
      if (!def) continue;
      custom[def.key] = customValue(def, cell);
      origin.set(field, header);
      continue;
    }
    switch (field) {
      case 'phones':
      case 'emails':
      case 'tags': {
        const list = (input[field] as string[] | undefined) ?? [];
        for (const value of splitList(cell)) {
          origin.set(`${field}.${list.length}`, header);
          list.push(value);
        }
        input[field] = list;
        origin.set(field, header);
        break;
      }
      case 'fullName':
        fullName = { value: cell, column: header };
        break;
      case 'company':
        company = normalizeForDisplay(cell) || null;
        origin.set('accountId', header);
        break;
      case 'gender':
        input.gender = lookup(GENDERS, cell);
        origin.set(field, header);
        break;
      case 'customerType':
        input.customerType = lookup(CUSTOMER_TYPE, cell);
        origin.set(field, header);
        break;
      case 'status':
        input.status = lookup(LEAD_STATUS, cell);
        origin.set(field, header);
        break;
      case 'score':
        input.score = numberCell(cell);
        origin.set(field, header);
        break;
      case 'birthDate':
        input.birthDate = dateCell(cell);
        origin.set(field, header);
        break;
      default:
        input[field] = cell;
        origin.set(field, header);
    }
  }
  // A full name fills the first and last names the row does not give: first word / the rest.
  if (fullName && input.firstName === undefined && input.lastName === undefined) {
    const [first, ...rest] = normalizeForDisplay(fullName.value).split(' ');
    if (first) input.firstName = first;
    if (rest.length) input.lastName = rest.join(' ');
    origin.set('firstName', fullName.column);
    origin.set('lastName', fullName.column);
  }
  if (Object.keys(custom).length) input.custom = custom;
  return { input, origin, company, blank };
}

// ---------------------------------------------------------------------------------------------
// The customers module's services, per entity

/** A record's identifiers for duplicate matching: canonical e-mails and phones, national/legal ID. */
export interface Identifiers {
  emails: string[];
  phones: string[];
  nationalId: string | null;
}

export interface Adapter {
  entity: Entity;
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  create(tx: Transaction, ctx: Context, inputs: unknown[], prefix: (i: number) => string): Promise<Rec[]>;
  update(tx: Transaction, ctx: Context, id: string, patch: unknown): Promise<Rec>;
  get(tx: Transaction, ctx: Context, id: string): Promise<Rec>;
  list(tx: Transaction, ctx: Context, query: ListQuery): Promise<{ items: Rec[]; nextCursor: string | null }>;
  identifiers(parsed: Record<string, unknown>): Identifiers;
}

/** The fields every record view shares that the import reads. */
export interface Rec {
  id: string;
  phones: { value: string; canonical: string; label: string | null }[];
  emails: { value: string; canonical: string; label: string | null }[];
  tags: string[];
  [key: string]: unknown;
}

const points = (v: unknown): { canonical: string }[] =>
  Array.isArray(v) ? (v as { canonical: string }[]) : [];

const ids = (parsed: Record<string, unknown>, nationalId = true): Identifiers => ({
  emails: points(parsed.emails).map((p) => p.canonical),
  phones: points(parsed.phones).map((p) => p.canonical),
  nationalId: nationalId ? ((parsed.nationalId as string | null | undefined) ?? null) : null,
});

const as = <T>(v: unknown) => v as T;

export const ADAPTERS: Record<Entity, Adapter> = {
  contact: {
    entity: 'contact',
    createSchema: ContactCreateSchema,
    patchSchema: ContactPatchSchema,
    create: (tx, ctx, inputs, prefix) => createContacts(tx, ctx, as(inputs), prefix) as Promise<Rec[]>,
    update: (tx, ctx, id, patch) => updateContact(tx, ctx, id, as(patch)) as Promise<Rec>,
    get: (tx, ctx, id) => getContact(tx, ctx, id) as Promise<Rec>,
    list: (tx, ctx, query) => listContacts(tx, ctx, query) as never,
    identifiers: (p) => ids(p),
  },
  account: {
    entity: 'account',
    createSchema: AccountCreateSchema,
    patchSchema: AccountPatchSchema,
    create: (tx, ctx, inputs, prefix) => createAccounts(tx, ctx, as(inputs), prefix) as Promise<Rec[]>,
    update: (tx, ctx, id, patch) => updateAccount(tx, ctx, id, as(patch)) as Promise<Rec>,
    get: (tx, ctx, id) => getAccount(tx, ctx, id) as Promise<Rec>,
    list: (tx, ctx, query) => listAccounts(tx, ctx, query) as never,
    identifiers: (p) => ids(p),
  },
  lead: {
    entity: 'lead',
    createSchema: LeadCreateSchema,
    patchSchema: LeadPatchSchema,
    create: (tx, ctx, inputs, prefix) => createLeads(tx, ctx, as(inputs), prefix) as Promise<Rec[]>,
    update: (tx, ctx, id, patch) => updateLead(tx, ctx, id, as(patch)) as Promise<Rec>,
    get: (tx, ctx, id) => getLead(tx, ctx, id) as Promise<Rec>,
    list: (tx, ctx, query) => listLeads(tx, ctx, query) as never,
    identifiers: (p) => ids(p, false),
  },
};

/** A record a row matches: by which identifier, and how new the record is (newest wins a tie). */
export interface KeyMatch {
  id: string;
  createdAt: number;
}

const ID_SOURCES: Record<Entity, { table: string; nationalId: string | null; where: string }> = {
  contact: { table: 'contacts', nationalId: 'national_id', where: '' },
  account: { table: 'accounts', nationalId: 'legal_id', where: '' },
  lead: { table: 'leads', nationalId: null, where: `AND t.status <> 'converted'` },
};

/**
 * The records that have any of these identifier keys, by key — the customers module's duplicate
 * rule (findDuplicates: the same canonical e-mail, phone or national/legal ID, among live records the
 * actor can see, leads not yet converted) without its similar-name hint, which is never a reason to
 * skip or overwrite a row: two people may share a name.
 *
 * One query for a window of thousands of rows, in one of two shapes chosen by the table's size now
 * (not by the planner: its statistics lag a table an import is growing, and it costs a GIN look-up
 * of an unknown key so high that on a table of a few thousand rows it chose to read the whole table
 * for each key — 2.5 ms a key):
 * - small table: every record's identifiers unnested and hash-joined with the keys, one pass;
 * - large table: each key looked up on its own in the indexes (GIN on the canonical arrays, btree on
 *   the ID), so the cost follows the window, not the organisation. One pass per window over a
 *   million contacts made an import quadratic in the organisation's size (docs/PERFORMANCE.md).
 * The switch is where one pass costs about as much as the look-ups (a page read ≈ 8 key look-ups).
 */
export async function lookupKeys(
  tx: Transaction,
  ctx: Context,
  entity: Entity,
  keys: string[],
): Promise<Map<string, KeyMatch[]>> {
  const found = new Map<string, KeyMatch[]>();
  const wanted = { e: new Set<string>(), p: new Set<string>(), n: new Set<string>() };
  for (const key of keys) wanted[key.slice(0, 1) as keyof typeof wanted]?.add(key.slice(2));
  const count = wanted.e.size + wanted.p.size + wanted.n.size;
  if (!count) return found;
  const { table, nationalId, where } = ID_SOURCES[entity];
  const { rows: size } = await tx.query<{ pages: number }>(
    sql`SELECT pg_relation_size(${table}::regclass) / current_setting('block_size')::int AS pages`,
  );
  const live = sql`t.tenant_id = ${ctx.actor.tenantId}::uuid AND t.deleted_at IS NULL
    AND ${visibleTo(ctx.actor, sql`t.owner_id`)} ${raw(where)}`;
  const query =
    Number(size[0]?.pages ?? 0) * 8 > count
      ? keyByKey(wanted, table, nationalId, live, ctx.actor.tenantId)
      : onePass([...new Set(keys)], table, nationalId, live);
  // Either shape's estimate is large enough for PostgreSQL to compile it (JIT), which cost 0.6 s a
  // window; the caller's transaction is the window's look-up alone.
  await tx.query('SET LOCAL jit = off');
  // As the row-level-security role the GIN indexes cannot be used (`@>` is not leakproof, so the
  // policy must filter first): the look-up ran as a scan per key. The query names the tenant itself.
  const { rows } = await asOwner(tx, () => tx.query<{ key: string; id: string; created_at: Date }>(query));
  for (const r of rows) {
    const list = found.get(r.key) ?? [];
    list.push({ id: r.id, createdAt: r.created_at.getTime() });
    found.set(r.key, list);
  }
  return found;
}

type Wanted = Record<'e' | 'p' | 'n', Set<string>>;

/**
 * Each key its own index look-up. The records with the identifier are found first, in a subquery
 * of their own (OFFSET 0 keeps it apart), and only then kept to the organisation's live ones: given
 * the tenant too, the planner also read the organisation's rows by tenant for each key (a small
 * organisation's estimate is a few rows — until an import grows it), and pulled into the outer
 * query the look-up became a hash join over all records.
 */
function keyByKey(
  wanted: Wanted,
  table: string,
  nationalId: string | null,
  live: Sql,
  tenantId: string,
): Sql {
  const byKey = (kind: keyof Wanted, match: Sql) =>
    sql`SELECT ${`${kind}:`} || k.v AS key, t.id, t.created_at FROM unnest(${[...wanted[kind]]}::text[]) k(v)
        CROSS JOIN LATERAL (SELECT t.id, t.created_at
          FROM (SELECT * FROM ${raw(table)} t WHERE ${match} OFFSET 0) t WHERE ${live}) t`;
  return join(
    [
      ...(wanted.e.size ? [byKey('e', sql`t.emails_canonical @> ARRAY[k.v]`)] : []),
      ...(wanted.p.size ? [byKey('p', sql`t.phones_canonical @> ARRAY[k.v]`)] : []),
      ...(nationalId && wanted.n.size
        ? [byKey('n', sql`t.tenant_id = ${tenantId}::uuid AND t.${raw(nationalId)} = k.v`)]
        : []),
    ],
    ' UNION ALL ',
  );
}

/** Every record's identifiers as keys, hash-joined with the wanted ones: one pass over the table. */
function onePass(keys: string[], table: string, nationalId: string | null, live: Sql): Sql {
  const parts = [
    sql`SELECT 'e:' || e AS key, t.id, t.created_at FROM ${raw(table)} t CROSS JOIN LATERAL unnest(t.emails_canonical) e WHERE ${live}`,
    sql`SELECT 'p:' || p AS key, t.id, t.created_at FROM ${raw(table)} t CROSS JOIN LATERAL unnest(t.phones_canonical) p WHERE ${live}`,
    ...(nationalId
      ? [
          sql`SELECT 'n:' || t.${raw(nationalId)} AS key, t.id, t.created_at FROM ${raw(table)} t
              WHERE t.${raw(nationalId)} IS NOT NULL AND ${live}`,
        ]
      : []),
  ];
  return sql`WITH probe AS (SELECT unnest(${keys}::text[]) AS key)
    SELECT x.key, x.id, x.created_at FROM (${join(parts, ' UNION ALL ')}) x JOIN probe ON probe.key = x.key`;
}

/** The identifiers of a row as keys: e:<e-mail>, p:<phone>, n:<national ID>. */
export function identifierKeys(i: Identifiers): string[] {
  return [
    ...i.emails.map((e) => `e:${e}`),
    ...i.phones.map((p) => `p:${p}`),
    ...(i.nationalId ? [`n:${i.nationalId}`] : []),
  ];
}

export async function customDefinitions(tx: Transaction, entity: Entity): Promise<CustomFieldView[]> {
  return listCustomFields(tx, entity);
}
