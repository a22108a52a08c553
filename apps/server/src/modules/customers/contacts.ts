import { audit } from '../../platform/audit/audit.js';
import { bulk, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import type { ListResource } from '../../platform/http/list-query.js';
import { conflict, type FieldError, fieldError } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { visibleTo } from '../../platform/permissions/can.js';
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
import { contactDerived } from './derived.js';
import { type EmailPoint, mergePoints, type PhonePoint } from './fields.js';
import type { AccountLink, ContactCreate, ContactPatch, ContactView, Duplicate } from './schemas.js';

interface LinkRow {
  accountId: string;
  name: string;
  role: string | null;
  primary: boolean;
}

interface ContactRow extends Owned {
  id: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  national_id: string | null;
  phones: PhonePoint[];
  emails: EmailPoint[];
  birth_date: string | null;
  gender: 'female' | 'male' | 'other' | null;
  job_title: string | null;
  customer_type: 'external' | 'internal';
  description: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  accounts: LinkRow[];
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  deleted_at: Date | null;
}

// Links to accounts in the recycle bin are kept but not shown until the account is restored.
const COLUMNS = `t.id, t.first_name, t.last_name, t.display_name, t.national_id, t.phones, t.emails, t.birth_date,
  t.gender, t.job_title, t.customer_type, t.description, t.owner_id, t.tags, t.custom, t.version, t.created_at,
  t.updated_at, t.created_by, t.deleted_at,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('accountId', ca.account_id, 'name', a.name, 'role', ca.role,
      'primary', ca.is_primary) ORDER BY ca.is_primary DESC, ca.created_at, a.name)
    FROM contact_accounts ca JOIN accounts a ON a.tenant_id = ca.tenant_id AND a.id = ca.account_id
    WHERE ca.tenant_id = t.tenant_id AND ca.contact_id = t.id AND a.deleted_at IS NULL), '[]'::jsonb) AS accounts`;

export const contactView = (r: ContactRow): ContactView => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  displayName: r.display_name,
  nationalId: r.national_id,
  email: r.emails[0]?.value ?? null,
  phone: r.phones[0]?.value ?? null,
  emails: r.emails,
  phones: r.phones,
  birthDate: r.birth_date,
  gender: r.gender,
  jobTitle: r.job_title,
  customerType: r.customer_type,
  description: r.description,
  ownerId: r.owner_id,
  accountId: r.accounts.find((a) => a.primary)?.accountId ?? null,
  accounts: r.accounts,
  tags: r.tags,
  custom: r.custom,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
  deletedAt: r.deleted_at,
});

function contactList(defs: Definitions): ListResource {
  return {
    idColumn: sql`t.id`,
    defaultSort: '-createdAt',
    fields: {
      name: textField('t.display_name', 'und-x-icu', { notNull: true }),
      firstName: textField('t.first_name', 'und-x-icu'),
      lastName: textField('t.last_name', 'und-x-icu'),
      nationalId: textField('t.national_id'),
      jobTitle: textField('t.job_title', 'und-x-icu'),
      gender: { column: sql`t.gender`, type: 'enum', values: ['female', 'male', 'other'] },
      birthDate: { column: sql`t.birth_date`, type: 'date' },
      customerType: { column: sql`t.customer_type`, type: 'enum', values: ['external', 'internal'] },
      ...SHARED_LIST_FIELDS,
      accountIds: {
        column: sql`ARRAY(SELECT ca.account_id::text FROM contact_accounts ca WHERE ca.tenant_id = t.tenant_id AND ca.contact_id = t.id)`,
        type: 'text[]',
      },
      accountNames: { column: sql`t.account_names`, type: 'text[]' },
    },
    search: searchCondition,
    customField: customListField(defs),
  };
}

const reads = recordReads<ContactRow, ContactView>({
  entity: 'contact',
  table: 'contacts',
  what: 'Contact',
  columns: COLUMNS,
  view: contactView,
  list: contactList,
});
export const listContacts = reads.list;
export const contactListResource = reads.resource;
export const contactListFields = reads.fields;
/** One live contact the actor may read. */
export const getContact = reads.get;
const contactRow = reads.row;
const contactsByIds = reads.byIds;

/** A contact the actor may update, for linking it elsewhere (lead conversion). */
export async function contactForUpdate(tx: Transaction, ctx: Context, id: string, path: string) {
  const row = await contactRow(tx, id, { lock: true }).catch(() => {
    throw fieldError(path, 'No such contact', 'not_found');
  });
  assertRecordCan(ctx, 'update', row);
  return contactView(row);
}

// ---- links to accounts ----

interface Link {
  accountId: string;
  role: string | null;
  primary: boolean;
  /** Where the id came from, for errors. */
  path: string;
}

/**
 * The links a write asks for: `accounts` (all of them) and/or `accountId` (the primary one). One
 * link per account, exactly one primary when there are any. Undefined: links unchanged.
 */
function requestedLinks(
  input: { accountId?: string | null; accounts?: AccountLink[] },
  current: Link[] | undefined,
  prefix: string,
): Link[] | undefined {
  if (input.accounts === undefined && input.accountId === undefined) return undefined;
  let links: Link[] =
    input.accounts !== undefined
      ? input.accounts.map((a, j) => ({
          accountId: a.accountId,
          role: a.role ?? null,
          primary: a.primary ?? false,
          path: `${prefix}accounts.${j}.accountId`,
        }))
      : (current ?? []).map((l) => ({ ...l }));
  if (input.accountId === null) {
    links =
      input.accounts !== undefined
        ? links.map((l) => ({ ...l, primary: false }))
        : links.filter((l) => !l.primary);
  } else if (input.accountId !== undefined) {
    const id = input.accountId;
    links = links.map((l) => ({ ...l, primary: false }));
    const existing = links.find((l) => l.accountId === id);
    if (existing) existing.primary = true;
    else links.unshift({ accountId: id, role: null, primary: true, path: `${prefix}accountId` });
  }
  const seen = new Set<string>();
  links = links.filter((l) => !seen.has(l.accountId) && seen.add(l.accountId));
  const primary = links.findIndex((l) => l.primary);
  links = links.map((l, i) => ({
    ...l,
    primary: primary < 0 ? i === 0 && input.accountId !== null : i === primary,
  }));
  return links;
}

/** New account references must be live accounts the actor can see. Returns their names by id. */
async function checkAccounts(
  tx: Transaction,
  ctx: Context,
  links: Link[],
  known: Set<string>,
  errors: FieldError[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(links.map((l) => l.accountId).filter((id) => !known.has(id)))];
  if (!wanted.length) return new Map();
  const { rows } = await tx.query<{ id: string; name: string }>(
    sql`SELECT t.id, t.name FROM accounts t WHERE t.id = ANY(${wanted}::uuid[]) AND t.deleted_at IS NULL
        AND ${visibleTo(ctx.actor, sql`t.owner_id`)}`,
  );
  const found = new Map(rows.map((r) => [r.id, r.name]));
  for (const l of links)
    if (!known.has(l.accountId) && !found.has(l.accountId))
      errors.push({ path: l.path, message: 'No such account', code: 'not_found' });
  return found;
}

/** The account_names of a new contact, in the order refreshAccountNames() gives them. */
function accountNamesOf(links: Link[], names: Map<string, string>): string[] {
  const primary = links.filter((l) => l.primary).map((l) => names.get(l.accountId) ?? '');
  const others = links
    .filter((l) => !l.primary)
    .map((l) => names.get(l.accountId) ?? '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...primary, ...others];
}

async function insertLinks(tx: Transaction, ctx: Context, links: { contactId: string; link: Link }[]) {
  if (!links.length) return;
  await tx.query(
    sql`INSERT INTO contact_accounts (tenant_id, contact_id, account_id, role, is_primary) VALUES ${bulk(
      links.map(({ contactId, link }) => [
        ctx.actor.tenantId,
        contactId,
        link.accountId,
        link.role,
        link.primary,
      ]),
    )}`,
  );
}

// ---- writes ----

/**
 * Creates 1–100 contacts in the caller's transaction: all or none. `prefix(i)` is the path prefix
 * of item i in errors ('' for a single create, 'items.3.' in a batch).
 */
export async function createContacts(
  tx: Transaction,
  ctx: Context,
  inputs: ContactCreate[],
  prefix: (i: number) => string = () => '',
): Promise<ContactView[]> {
  const defs = await definitionsOf(tx, 'contact');
  const check: CustomCheck = { errors: [], relations: [] };
  const customs = inputs.map((input, i) => checkCustom(defs, input.custom, undefined, prefix(i), check));
  const owners = await resolveOwners(
    tx,
    ctx,
    'create',
    inputs.map((input, i) => ({ ownerId: input.ownerId, path: `${prefix(i)}ownerId` })),
    check.errors,
  );
  const links = inputs.map((input, i) => requestedLinks(input, undefined, prefix(i)) ?? []);
  const accountNames = await checkAccounts(tx, ctx, links.flat(), new Set(), check.errors);
  await throwIfInvalid(tx, check);
  const ids = inputs.map(() => newId());
  await insertRows(
    tx,
    'contacts',
    inputs.map((input, i) => {
      const phones = mergePoints(input.phone, input.phones);
      const emails = mergePoints(input.email, input.emails);
      const base = {
        first_name: input.firstName ?? null,
        last_name: input.lastName ?? null,
        national_id: input.nationalId ?? null,
        job_title: input.jobTitle ?? null,
        account_names: accountNamesOf(links[i] ?? [], accountNames),
      };
      return {
        tenant_id: ctx.actor.tenantId,
        id: ids[i],
        ...base,
        ...contactDerived({ ...base, emails, phones }),
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        birth_date: input.birthDate ?? null,
        gender: input.gender ?? null,
        customer_type: input.customerType ?? 'external',
        description: input.description ?? null,
        owner_id: owners[i],
        tags: input.tags ?? [],
        custom: JSON.stringify(customs[i]),
        created_by: ctx.actor.userId,
      };
    }),
  );
  const withLinks = ids.flatMap((contactId, i) => (links[i] ?? []).map((link) => ({ contactId, link })));
  await insertLinks(tx, ctx, withLinks);
  const views = await contactsByIds(tx, ids);
  await auditMany(
    tx,
    ctx,
    views.map((v) => ({ entity: 'contact', entityId: v.id, action: 'create', after: v })),
  );
  await emitMany(
    tx,
    ctx,
    views.map((v) => ({ type: 'contact.created', payload: { contactId: v.id, ownerId: v.ownerId } })),
  );
  return views;
}

export function contactDuplicates(tx: Transaction, ctx: Context, v: ContactView): Promise<Duplicate[]> {
  return findDuplicates(
    tx,
    ctx,
    'contact',
    {
      id: v.id,
      emails: v.emails.map((e) => e.canonical),
      phones: v.phones.map((p) => p.canonical),
      nationalId: v.nationalId,
      name: v.displayName,
    },
    ['contact', 'lead'],
  );
}

const SIMPLE: [keyof ContactPatch, string][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['nationalId', 'national_id'],
  ['birthDate', 'birth_date'],
  ['gender', 'gender'],
  ['jobTitle', 'job_title'],
  ['customerType', 'customer_type'],
  ['description', 'description'],
  ['tags', 'tags'],
];

export async function updateContact(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: ContactPatch,
  expectedVersion?: number,
): Promise<ContactView> {
  const row = await contactRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'update', row);
  assertVersion(expectedVersion, row.version, 'This contact');
  const before = contactView(row);
  const check: CustomCheck = { errors: [], relations: [] };
  const columns: Record<string, unknown> = {};
  for (const [key, column] of SIMPLE) if (patch[key] !== undefined) columns[column] = patch[key];
  const first = patch.firstName !== undefined ? patch.firstName : row.first_name;
  const last = patch.lastName !== undefined ? patch.lastName : row.last_name;
  if (!first && !last)
    check.errors.push({ path: 'lastName', message: 'Give a first or a last name', code: 'custom' });
  if (patch.custom !== undefined) {
    const defs = await definitionsOf(tx, 'contact');
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
  // Links include those to accounts in the recycle bin, which the view does not show.
  const { rows: currentLinks } = await tx.query<Link>(
    `SELECT account_id AS "accountId", role, is_primary AS primary, '' AS path FROM contact_accounts WHERE contact_id = $1
     ORDER BY is_primary DESC, created_at`,
    [id],
  );
  const links = requestedLinks(patch, currentLinks, '');
  if (links) await checkAccounts(tx, ctx, links, new Set(currentLinks.map((l) => l.accountId)), check.errors);
  await throwIfInvalid(tx, check);
  await updateRow(tx, 'contacts', id, columns);
  if (links) {
    await tx.query(`DELETE FROM contact_accounts WHERE contact_id = $1`, [id]);
    await insertLinks(
      tx,
      ctx,
      links.map((link) => ({ contactId: id, link })),
    );
    await refreshAccountNames(tx, { contactIds: [id] });
  }
  const after = contactView(await contactRow(tx, id));
  await audit(tx, ctx, { entity: 'contact', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'contact.updated', {
    contactId: id,
    ownerId: after.ownerId,
    fields: [...Object.keys(columns), ...(links ? ['accounts'] : [])],
  });
  return after;
}

/** Adds one account link (lead conversion); the first link of a contact becomes its primary one. */
export async function linkContactToAccount(
  tx: Transaction,
  ctx: Context,
  contactId: string,
  accountId: string,
) {
  const before = await contactRow(tx, contactId);
  const { rowCount } = await tx.query(
    `INSERT INTO contact_accounts (tenant_id, contact_id, account_id, is_primary)
     VALUES ($1, $2, $3, NOT EXISTS (SELECT 1 FROM contact_accounts WHERE contact_id = $2 AND is_primary))
     ON CONFLICT DO NOTHING`,
    [ctx.actor.tenantId, contactId, accountId],
  );
  if (rowCount === 0) return contactView(before);
  await updateRow(tx, 'contacts', contactId, {});
  await refreshAccountNames(tx, { contactIds: [contactId] });
  const after = contactView(await contactRow(tx, contactId));
  await audit(tx, ctx, {
    entity: 'contact',
    entityId: contactId,
    action: 'update',
    before: contactView(before),
    after,
  });
  await emit(tx, ctx, 'contact.updated', { contactId, ownerId: after.ownerId, fields: ['accounts'] });
  return after;
}

/** Soft delete: the contact goes to the recycle bin. */
export async function deleteContact(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await contactRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'delete', row);
  assertVersion(expectedVersion, row.version, 'This contact');
  await updateRow(tx, 'contacts', id, { deleted_at: sql`now()` });
  await audit(tx, ctx, { entity: 'contact', entityId: id, action: 'delete', before: contactView(row) });
  await emit(tx, ctx, 'contact.deleted', { contactId: id, ownerId: row.owner_id });
}

export async function restoreContact(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await contactRow(tx, id, { lock: true, any: true });
  assertRecordCan(ctx, 'delete', row);
  if (row.deleted_at === null) throw conflict('This contact is not in the recycle bin');
  assertVersion(expectedVersion, row.version, 'This contact');
  await updateRow(tx, 'contacts', id, { deleted_at: null });
  const after = contactView(await contactRow(tx, id));
  await audit(tx, ctx, {
    entity: 'contact',
    entityId: id,
    action: 'restore',
    before: contactView(row),
    after,
  });
  await emit(tx, ctx, 'contact.restored', { contactId: id, ownerId: after.ownerId });
  return after;
}
