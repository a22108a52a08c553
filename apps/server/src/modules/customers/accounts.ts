import { audit } from '../../platform/audit/audit.js';
import { sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import type { ListResource } from '../../platform/http/list-query.js';
import { conflict } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import {
  assertRecordCan,
  auditMany,
  emitMany,
  findDuplicates,
  insertRows,
  type Owned,
  patchPoints,
  recordReads,
  refreshAccountNames,
  resolveOwners,
  SHARED_LIST_FIELDS,
  searchCondition,
  textField,
  throwIfInvalid,
  updateRow,
} from './common.js';
import {
  type CustomCheck,
  checkCustom,
  customListField,
  type Definitions,
  definitionsOf,
} from './custom-fields.js';
import { accountDerived } from './derived.js';
import { type EmailPoint, mergePoints, type PhonePoint } from './fields.js';
import type { AccountCreate, AccountPatch, AccountView, Duplicate } from './schemas.js';

interface AccountRow extends Owned {
  id: string;
  name: string;
  legal_id: string | null;
  economic_code: string | null;
  registration_number: string | null;
  phones: PhonePoint[];
  emails: EmailPoint[];
  website: string | null;
  industry: string | null;
  country: string | null;
  province: string | null;
  city: string | null;
  address: string | null;
  postal_code: string | null;
  customer_type: 'external' | 'internal';
  description: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  deleted_at: Date | null;
}

const COLUMNS = `t.id, t.name, t.legal_id, t.economic_code, t.registration_number, t.phones, t.emails, t.website,
  t.industry, t.country, t.province, t.city, t.address, t.postal_code, t.customer_type, t.description, t.owner_id,
  t.tags, t.custom, t.version, t.created_at, t.updated_at, t.created_by, t.deleted_at`;

export const accountView = (r: AccountRow): AccountView => ({
  id: r.id,
  name: r.name,
  nationalId: r.legal_id,
  economicCode: r.economic_code,
  registrationNumber: r.registration_number,
  email: r.emails[0]?.value ?? null,
  phone: r.phones[0]?.value ?? null,
  emails: r.emails,
  phones: r.phones,
  website: r.website,
  industry: r.industry,
  country: r.country,
  province: r.province,
  city: r.city,
  address: r.address,
  postalCode: r.postal_code,
  customerType: r.customer_type,
  description: r.description,
  ownerId: r.owner_id,
  tags: r.tags,
  custom: r.custom,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
  deletedAt: r.deleted_at,
});

function accountList(defs: Definitions): ListResource {
  return {
    idColumn: sql`t.id`,
    defaultSort: '-createdAt',
    fields: {
      name: textField('t.name', 'und-x-icu', { notNull: true }),
      nationalId: textField('t.legal_id'),
      economicCode: textField('t.economic_code'),
      industry: textField('t.industry', 'und-x-icu'),
      country: textField('t.country', 'und-x-icu'),
      province: textField('t.province', 'und-x-icu'),
      city: textField('t.city', 'und-x-icu'),
      postalCode: textField('t.postal_code'),
      website: textField('t.website'),
      customerType: { column: sql`t.customer_type`, type: 'enum', values: ['external', 'internal'] },
      ...SHARED_LIST_FIELDS,
    },
    search: searchCondition,
    customField: customListField(defs),
  };
}

const reads = recordReads<AccountRow, AccountView>({
  entity: 'account',
  table: 'accounts',
  what: 'Account',
  columns: COLUMNS,
  view: accountView,
  list: accountList,
});
export const listAccounts = reads.list;
export const accountListResource = reads.resource;
export const accountListFields = reads.fields;
/** One live account the actor may read. */
export const getAccount = reads.get;
const accountRow = reads.row;
const accountsByIds = reads.byIds;

/** The row (with the owner's teams); a record in the recycle bin is found only with `any`. */
/** One live account the actor may read. */
/**
 * Creates 1–100 accounts in the caller's transaction: all or none. `prefix(i)` is the path prefix
 * of item i in errors ('' for a single create, 'items.3.' in a batch).
 */
export async function createAccounts(
  tx: Transaction,
  ctx: Context,
  inputs: AccountCreate[],
  prefix: (i: number) => string = () => '',
): Promise<AccountView[]> {
  const defs = await definitionsOf(tx, 'account');
  const check: CustomCheck = { errors: [], relations: [] };
  const customs = inputs.map((input, i) => checkCustom(defs, input.custom, undefined, prefix(i), check));
  const owners = await resolveOwners(
    tx,
    ctx,
    'create',
    inputs.map((input, i) => ({ ownerId: input.ownerId, path: `${prefix(i)}ownerId` })),
    check.errors,
  );
  await throwIfInvalid(tx, check);
  const ids = inputs.map(() => newId());
  await insertRows(
    tx,
    'accounts',
    inputs.map((input, i) => {
      const phones = mergePoints(input.phone, input.phones);
      const emails = mergePoints(input.email, input.emails);
      const base = {
        name: input.name,
        legal_id: input.nationalId ?? null,
        economic_code: input.economicCode ?? null,
        website: input.website ?? null,
      };
      return {
        tenant_id: ctx.actor.tenantId,
        id: ids[i],
        ...base,
        ...accountDerived({ ...base, emails, phones }),
        registration_number: input.registrationNumber ?? null,
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        industry: input.industry ?? null,
        country: input.country ?? null,
        province: input.province ?? null,
        city: input.city ?? null,
        address: input.address ?? null,
        postal_code: input.postalCode ?? null,
        customer_type: input.customerType ?? 'external',
        description: input.description ?? null,
        owner_id: owners[i],
        tags: input.tags ?? [],
        custom: JSON.stringify(customs[i]),
        created_by: ctx.actor.userId,
      };
    }),
  );
  const views = await accountsByIds(tx, ids);
  await auditMany(
    tx,
    ctx,
    views.map((v) => ({ entity: 'account', entityId: v.id, action: 'create', after: v })),
  );
  await emitMany(
    tx,
    ctx,
    views.map((v) => ({ type: 'account.created', payload: { accountId: v.id, ownerId: v.ownerId } })),
  );
  return views;
}

export function accountDuplicates(tx: Transaction, ctx: Context, v: AccountView): Promise<Duplicate[]> {
  return findDuplicates(
    tx,
    ctx,
    'account',
    {
      id: v.id,
      emails: v.emails.map((e) => e.canonical),
      phones: v.phones.map((p) => p.canonical),
      nationalId: v.nationalId,
      name: v.name,
    },
    ['account'],
  );
}

const SIMPLE: [keyof AccountPatch, string][] = [
  ['name', 'name'],
  ['nationalId', 'legal_id'],
  ['economicCode', 'economic_code'],
  ['registrationNumber', 'registration_number'],
  ['website', 'website'],
  ['industry', 'industry'],
  ['country', 'country'],
  ['province', 'province'],
  ['city', 'city'],
  ['address', 'address'],
  ['postalCode', 'postal_code'],
  ['customerType', 'customer_type'],
  ['description', 'description'],
  ['tags', 'tags'],
];

export async function updateAccount(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: AccountPatch,
  expectedVersion?: number,
): Promise<AccountView> {
  const row = await accountRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'update', row);
  assertVersion(expectedVersion, row.version, 'This account');
  const before = accountView(row);
  const check: CustomCheck = { errors: [], relations: [] };
  const columns: Record<string, unknown> = {};
  for (const [key, column] of SIMPLE) if (patch[key] !== undefined) columns[column] = patch[key];
  if (patch.custom !== undefined) {
    const defs = await definitionsOf(tx, 'account');
    columns.custom = JSON.stringify(checkCustom(defs, patch.custom, row.custom, '', check));
  }
  if (patch.ownerId !== undefined && patch.ownerId !== row.owner_id) {
    [columns.owner_id] = await resolveOwners(
      tx,
      ctx,
      'update',
      [{ ownerId: patch.ownerId, path: 'ownerId' }],
      check.errors,
    );
  }
  const phones = patchPoints(patch.phone, patch.phones, row.phones);
  if (phones) columns.phones = JSON.stringify(phones);
  const emails = patchPoints(patch.email, patch.emails, row.emails);
  if (emails) columns.emails = JSON.stringify(emails);
  await throwIfInvalid(tx, check);
  await updateRow(tx, 'accounts', id, columns);
  if (patch.name !== undefined && patch.name !== row.name) await refreshAccountNames(tx, { accountId: id });
  const after = accountView(await accountRow(tx, id));
  await audit(tx, ctx, { entity: 'account', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'account.updated', {
    accountId: id,
    ownerId: after.ownerId,
    fields: Object.keys(columns),
  });
  return after;
}

/** Soft delete: the account goes to the recycle bin (contacts keep their links, hidden meanwhile). */
export async function deleteAccount(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await accountRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'delete', row);
  assertVersion(expectedVersion, row.version, 'This account');
  await updateRow(tx, 'accounts', id, { deleted_at: sql`now()` });
  await audit(tx, ctx, { entity: 'account', entityId: id, action: 'delete', before: accountView(row) });
  await emit(tx, ctx, 'account.deleted', { accountId: id, ownerId: row.owner_id });
}

export async function restoreAccount(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await accountRow(tx, id, { lock: true, any: true });
  assertRecordCan(ctx, 'delete', row);
  if (row.deleted_at === null) throw conflict('This account is not in the recycle bin');
  assertVersion(expectedVersion, row.version, 'This account');
  await updateRow(tx, 'accounts', id, { deleted_at: null });
  const after = accountView(await accountRow(tx, id));
  await audit(tx, ctx, {
    entity: 'account',
    entityId: id,
    action: 'restore',
    before: accountView(row),
    after,
  });
  await emit(tx, ctx, 'account.restored', { accountId: id, ownerId: after.ownerId });
  return after;
}
