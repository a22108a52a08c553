/**
 * Custom fields: definitions per organisation and entity, values in the record's `custom` jsonb.
 * Values are checked on every write against the definitions (unknown key, wrong type, missing
 * required value → 422 at `custom.<key>`), stored in one canonical JSON form per type, and made
 * filterable and sortable through ListResource.customField with the column cast by type.
 */
import { normalizeEmail, normalizeForDisplay, parseIranPhone, toLatinDigits } from '@peyvand/persian';
import { audit } from '../../platform/audit/audit.js';
import { raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { describeListFields, type ListField, type ListResource } from '../../platform/http/list-query.js';
import { conflict, type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { dateValue, parseWebUrl } from './fields.js';
import type {
  CustomerListField,
  CustomFieldCreate,
  CustomFieldEntity,
  CustomFieldPatch,
  CustomFieldType,
  CustomFieldView,
  Entity,
} from './schemas.js';

const TABLE_OF: Record<Entity, string> = { account: 'accounts', contact: 'contacts', lead: 'leads' };

/**
 * The table holding each entity's `custom` values, cleared when a definition is deleted. Another
 * module's entity is registered by that module (sales: `deal` → `deals`), so this one names no table
 * it does not own.
 */
const valueTables = new Map<CustomFieldEntity, string>(Object.entries(TABLE_OF) as [Entity, string][]);

export function registerCustomFieldTable(entity: Exclude<CustomFieldEntity, Entity>, table: string): void {
  valueTables.set(entity, table);
}

interface FieldRow {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label_fa: string;
  label_en: string;
  type: CustomFieldType;
  options: { value: string; labelFa: string; labelEn: string }[];
  relation_entity: Entity | null;
  required: boolean;
  position: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const view = (r: FieldRow): CustomFieldView => ({
  id: r.id,
  entity: r.entity,
  key: r.key,
  labelFa: r.label_fa,
  labelEn: r.label_en,
  type: r.type,
  options: r.options,
  relationEntity: r.relation_entity,
  required: r.required,
  position: r.position,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const SELECT = `SELECT id, entity, key, label_fa, label_en, type, options, relation_entity, required, position,
  version, created_at, updated_at FROM custom_fields`;

export async function listCustomFields(
  tx: Transaction,
  entity?: CustomFieldEntity,
): Promise<CustomFieldView[]> {
  const { rows } = await tx.query<FieldRow>(
    `${SELECT} WHERE ($1::text IS NULL OR entity = $1) ORDER BY entity, position, key`,
    [entity ?? null],
  );
  return rows.map(view);
}

export async function getCustomField(tx: Transaction, id: string, lock = false): Promise<CustomFieldView> {
  const { rows } = await tx.query<FieldRow>(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('Custom field');
  return view(rows[0]);
}

export async function createCustomField(tx: Transaction, ctx: Context, input: CustomFieldCreate) {
  const exists = await tx.query(`SELECT 1 FROM custom_fields WHERE entity = $1 AND key = $2`, [
    input.entity,
    input.key,
  ]);
  if (exists.rowCount > 0)
    throw conflict(`The ${input.entity} already has a custom field ${input.key}`, [
      { path: 'key', message: 'Already exists', code: 'exists' },
    ]);
  const id = newId();
  await tx.query(
    `INSERT INTO custom_fields (tenant_id, id, entity, key, label_fa, label_en, type, options, relation_entity,
       required, position, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      ctx.actor.tenantId,
      id,
      input.entity,
      input.key,
      input.labelFa,
      input.labelEn,
      input.type,
      JSON.stringify(input.options),
      input.relationEntity ?? null,
      input.required,
      input.position,
      ctx.actor.userId,
    ],
  );
  const field = await getCustomField(tx, id);
  await audit(tx, ctx, { entity: 'custom_field', entityId: id, action: 'create', after: field });
  await emit(tx, ctx, 'custom_field.created', { customFieldId: id, entity: field.entity, key: field.key });
  return field;
}

export async function updateCustomField(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: CustomFieldPatch,
  expectedVersion?: number,
) {
  const before = await getCustomField(tx, id, true);
  assertVersion(expectedVersion, before.version, 'This custom field');
  if (patch.options !== undefined) {
    const selects = before.type === 'select' || before.type === 'multi_select';
    if (selects && patch.options.length === 0)
      throw invalid([{ path: 'options', message: 'A select field needs options', code: 'invalid' }]);
    if (!selects && patch.options.length > 0)
      throw invalid([{ path: 'options', message: 'Only select fields have options', code: 'invalid' }]);
  }
  await tx.query(
    `UPDATE custom_fields SET label_fa = COALESCE($2, label_fa), label_en = COALESCE($3, label_en),
       options = COALESCE($4, options), required = COALESCE($5, required), position = COALESCE($6, position),
       updated_at = now(), version = version + 1
     WHERE id = $1`,
    [
      id,
      patch.labelFa ?? null,
      patch.labelEn ?? null,
      patch.options ? JSON.stringify(patch.options) : null,
      patch.required ?? null,
      patch.position ?? null,
    ],
  );
  const after = await getCustomField(tx, id);
  await audit(tx, ctx, { entity: 'custom_field', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'custom_field.updated', { customFieldId: id, entity: after.entity, key: after.key });
  return after;
}

/** Deleting a definition deletes its values from every record of the entity (one statement). */
export async function deleteCustomField(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const before = await getCustomField(tx, id, true);
  assertVersion(expectedVersion, before.version, 'This custom field');
  await tx.query(`DELETE FROM custom_fields WHERE id = $1`, [id]);
  const table = valueTables.get(before.entity);
  const cleared = table
    ? await tx.query(`UPDATE ${table} SET custom = custom - $1::text WHERE custom ? $1::text`, [before.key])
    : { rowCount: 0 };
  await audit(tx, ctx, {
    entity: 'custom_field',
    entityId: id,
    action: 'delete',
    before: { ...before, recordsCleared: cleared.rowCount },
  });
  await emit(tx, ctx, 'custom_field.deleted', { customFieldId: id, entity: before.entity, key: before.key });
}

// ---------------------------------------------------------------------------------------------
// Values

/** The definitions of one entity, by key: loaded once per request (or per batch). */
export type Definitions = Map<string, CustomFieldView>;

export async function definitionsOf(tx: Transaction, entity: CustomFieldEntity): Promise<Definitions> {
  return new Map((await listCustomFields(tx, entity)).map((f) => [f.key, f]));
}

/** A relation value that still has to be checked in the database. */
export interface RelationCheck {
  path: string;
  entity: Entity;
  id: string;
}

export interface CustomCheck {
  errors: FieldError[];
  relations: RelationCheck[];
}

const DECIMAL = /^-?\d{1,24}(?:\.\d{1,6})?$/;

/** One value → its stored JSON form, or an error message. */
function coerce(
  def: CustomFieldView,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  switch (def.type) {
    case 'text':
    case 'long_text': {
      const max = def.type === 'text' ? 1000 : 20_000;
      if (typeof value !== 'string') return bad('Expected text');
      if (value.length > max) return bad(`At most ${max} characters`);
      return { ok: true, value: normalizeForDisplay(value) };
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('Expected a number');
      return { ok: true, value };
    case 'money': {
      const s =
        typeof value === 'number' && Number.isFinite(value)
          ? String(value)
          : typeof value === 'string'
            ? toLatinDigits(value)
                .replace(/[,\u066C\s]/g, '')
                .replace('\u066B', '.')
            : '';
      if (!DECIMAL.test(s)) return bad('Expected an amount, e.g. 1250000 or "1250000.50"');
      return { ok: true, value: s };
    }
    case 'date': {
      if (typeof value !== 'string') return bad('Expected a date YYYY-MM-DD');
      const r = dateValue.safeParse(value);
      if (!r.success || r.data === null) return bad(r.error?.issues[0]?.message ?? 'Expected a date');
      return { ok: true, value: r.data };
    }
    case 'boolean':
      if (typeof value !== 'boolean') return bad('Expected true or false');
      return { ok: true, value };
    case 'select':
      if (typeof value !== 'string' || !def.options.some((o) => o.value === value))
        return bad(`Expected one of: ${def.options.map((o) => o.value).join(', ')}`);
      return { ok: true, value };
    case 'multi_select': {
      if (!Array.isArray(value)) return bad('Expected a list of options');
      const allowed = new Set(def.options.map((o) => o.value));
      if (!value.every((v) => typeof v === 'string' && allowed.has(v)))
        return bad(`Expected values among: ${[...allowed].join(', ')}`);
      return { ok: true, value: [...new Set(value as string[])] };
    }
    case 'email': {
      if (typeof value !== 'string') return bad('Expected an e-mail address');
      const r = normalizeEmail(value);
      return r.ok ? { ok: true, value: r.value } : bad('Not a valid e-mail address');
    }
    case 'phone': {
      if (typeof value !== 'string') return bad('Expected a phone number');
      const r = parseIranPhone(value);
      return r.ok ? { ok: true, value: r.value } : bad('Not a valid phone number');
    }
    case 'url': {
      const url = typeof value === 'string' && value.length <= 2000 ? parseWebUrl(value) : null;
      return url ? { ok: true, value: url } : bad('Not a web address');
    }
    case 'relation':
      if (typeof value !== 'string' || !isUuid(value)) return bad('Expected the id of a record');
      return { ok: true, value: value.toLowerCase() };
  }
}

/** The kind-of-error code of a wrong custom value, as the built-in fields of that kind answer it. */
const VALUE_CODES: Partial<Record<string, string>> = {
  email: 'invalid_email',
  phone: 'invalid_phone',
  url: 'invalid_url',
  date: 'invalid_date',
};

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/**
 * Checks custom values against the definitions and returns the record's new `custom` object.
 * `current` is the stored object on update (undefined on create); `input` holds the keys written,
 * null (or blank) removing a value. Errors are appended to `check` at `${prefix}custom.<key>`.
 */
export function checkCustom(
  defs: Definitions,
  input: Record<string, unknown> | undefined,
  current: Record<string, unknown> | undefined,
  prefix: string,
  check: CustomCheck,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(input ?? {})) {
    const path = `${prefix}custom.${key}`;
    const def = defs.get(key);
    if (!def) {
      check.errors.push({ path, message: `Unknown custom field ${key}`, code: 'unknown_field' });
      continue;
    }
    if (isEmpty(value)) {
      if (def.required) check.errors.push({ path, message: 'Required', code: 'required' });
      delete result[key];
      continue;
    }
    const coerced = coerce(def, value);
    if (!coerced.ok) {
      check.errors.push({ path, message: coerced.message, code: VALUE_CODES[def.type] ?? 'invalid_value' });
      continue;
    }
    result[key] = coerced.value;
    if (def.type === 'relation' && def.relationEntity)
      check.relations.push({ path, entity: def.relationEntity, id: coerced.value as string });
  }
  // On create every required field needs a value; on update, only clearing one is refused (above),
  // so records made before a field became required can still be edited.
  if (current === undefined) {
    for (const def of defs.values()) {
      if (def.required && isEmpty(result[def.key]) && !(input && def.key in input))
        check.errors.push({ path: `${prefix}custom.${def.key}`, message: 'Required', code: 'required' });
    }
  }
  return result;
}

/** Relation values must name live records of the organisation. */
export async function checkRelations(tx: Transaction, check: CustomCheck): Promise<void> {
  const byEntity = new Map<Entity, RelationCheck[]>();
  for (const r of check.relations) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
  for (const [entity, checks] of byEntity) {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM ${TABLE_OF[entity]} WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      [checks.map((c) => c.id)],
    );
    const found = new Set(rows.map((r) => r.id));
    for (const c of checks)
      if (!found.has(c.id))
        check.errors.push({ path: c.path, message: `No such ${entity}`, code: 'not_found' });
  }
}

/** `custom.<key>` in list queries: the jsonb value cast to the field's type. */
export function customListField(defs: Definitions, alias = 't'): (key: string) => ListField | undefined {
  return (key) => {
    const def = defs.get(key);
    if (!def) return undefined;
    const value: Sql = sql`(${raw(alias)}.custom ->> ${key}::text)`;
    switch (def.type) {
      case 'number':
        return { column: sql`(${value})::numeric`, type: 'number' };
      case 'money':
        return { column: sql`(${value})::numeric`, type: 'money' };
      case 'date':
        return { column: sql`(${value})::date`, type: 'date' };
      case 'boolean':
        return { column: sql`(${value})::boolean`, type: 'boolean' };
      case 'relation':
        return { column: sql`(${value})::uuid`, type: 'uuid' };
      case 'select':
        return { column: value, type: 'enum', values: def.options.map((o) => o.value) };
      case 'multi_select': {
        const json = sql`${raw(alias)}.custom -> ${key}::text`;
        return {
          column: sql`ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} ELSE '[]'::jsonb END))`,
          type: 'text[]',
        };
      }
      default:
        return { column: value, type: 'text', collate: 'und-x-icu' };
    }
  };
}

/** A list's catalogue as clients see it: its custom fields carry their labels and options. */
export function describeCustomListFields(resource: ListResource, defs: Definitions): CustomerListField[] {
  return describeListFields(resource, [...defs.keys()]).map((field) => {
    const def = field.name.startsWith('custom.') ? defs.get(field.name.slice('custom.'.length)) : undefined;
    return def
      ? {
          ...field,
          custom: { labelFa: def.labelFa, labelEn: def.labelEn, type: def.type, options: def.options },
        }
      : field;
  });
}
