import { audit } from '../../platform/audit/audit.js';
import { sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import type { ListResource } from '../../platform/http/list-query.js';
import { conflict, fieldError, Problem } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { assertCan, visibleTo } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { accountView, createAccounts } from './accounts.js';
import {
  assertRecordCan,
  auditMany,
  emitMany,
  findDuplicates,
  insertRows,
  type Owned,
  patchPoints,
  recordReads,
  resolveOwners,
  SHARED_LIST_FIELDS,
  searchCondition,
  textField,
  throwIfInvalid,
  updateRow,
} from './common.js';
import { contactForUpdate, createContacts, linkContactToAccount } from './contacts.js';
import {
  type CustomCheck,
  checkCustom,
  customListField,
  type Definitions,
  definitionsOf,
} from './custom-fields.js';
import { leadDerived } from './derived.js';
import { type EmailPoint, mergePoints, type PhonePoint } from './fields.js';
import { CUSTOMERS_MODULE } from './permissions.js';
import type {
  AccountCreate,
  AccountView,
  ContactCreate,
  ContactView,
  Duplicate,
  LeadConvert,
  LeadCreate,
  LeadPatch,
  LeadView,
} from './schemas.js';

interface LeadRow extends Owned {
  id: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string;
  company_name: string | null;
  job_title: string | null;
  phones: PhonePoint[];
  emails: EmailPoint[];
  website: string | null;
  source: string | null;
  status: LeadView['status'];
  score: number;
  description: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  converted_at: Date | null;
  converted_account_id: string | null;
  converted_contact_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  deleted_at: Date | null;
}

const COLUMNS = `t.id, t.first_name, t.last_name, t.full_name, t.company_name, t.job_title, t.phones, t.emails,
  t.website, t.source, t.status, t.score, t.description, t.owner_id, t.tags, t.custom, t.converted_at,
  t.converted_account_id, t.converted_contact_id, t.version, t.created_at, t.updated_at, t.created_by, t.deleted_at`;

export const leadView = (r: LeadRow): LeadView => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  fullName: r.full_name,
  companyName: r.company_name,
  jobTitle: r.job_title,
  email: r.emails[0]?.value ?? null,
  phone: r.phones[0]?.value ?? null,
  emails: r.emails,
  phones: r.phones,
  website: r.website,
  source: r.source,
  status: r.status,
  score: r.score,
  description: r.description,
  ownerId: r.owner_id,
  tags: r.tags,
  custom: r.custom,
  convertedAt: r.converted_at,
  convertedAccountId: r.converted_account_id,
  convertedContactId: r.converted_contact_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
  deletedAt: r.deleted_at,
});

function leadList(defs: Definitions): ListResource {
  return {
    idColumn: sql`t.id`,
    defaultSort: '-createdAt',
    fields: {
      name: textField('t.full_name', 'und-x-icu', { notNull: true }),
      firstName: textField('t.first_name', 'und-x-icu'),
      lastName: textField('t.last_name', 'und-x-icu'),
      companyName: textField('t.company_name', 'und-x-icu'),
      jobTitle: textField('t.job_title', 'und-x-icu'),
      source: textField('t.source', 'und-x-icu'),
      status: {
        column: sql`t.status`,
        type: 'enum',
        values: ['new', 'contacted', 'qualified', 'unqualified', 'converted'],
      },
      score: { column: sql`t.score`, type: 'number' },
      ...SHARED_LIST_FIELDS,
      convertedAt: { column: sql`t.converted_at`, type: 'datetime' },
    },
    search: searchCondition,
    customField: customListField(defs),
  };
}

const reads = recordReads<LeadRow, LeadView>({
  entity: 'lead',
  table: 'leads',
  what: 'Lead',
  columns: COLUMNS,
  view: leadView,
  list: leadList,
});
export const listLeads = reads.list;
export const leadListResource = reads.resource;
export const leadListFields = reads.fields;
/** One live lead the actor may read. */
export const getLead = reads.get;
const leadRow = reads.row;
const leadsByIds = reads.byIds;

/** Creates 1–100 leads in the caller's transaction: all or none. */
export async function createLeads(
  tx: Transaction,
  ctx: Context,
  inputs: LeadCreate[],
  prefix: (i: number) => string = () => '',
): Promise<LeadView[]> {
  const defs = await definitionsOf(tx, 'lead');
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
    'leads',
    inputs.map((input, i) => {
      const phones = mergePoints(input.phone, input.phones);
      const emails = mergePoints(input.email, input.emails);
      const base = {
        first_name: input.firstName ?? null,
        last_name: input.lastName ?? null,
        company_name: input.companyName ?? null,
        job_title: input.jobTitle ?? null,
      };
      return {
        tenant_id: ctx.actor.tenantId,
        id: ids[i],
        ...base,
        ...leadDerived({ ...base, emails, phones }),
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        website: input.website ?? null,
        source: input.source ?? null,
        status: input.status ?? 'new',
        score: input.score ?? 0,
        description: input.description ?? null,
        owner_id: owners[i],
        tags: input.tags ?? [],
        custom: JSON.stringify(customs[i]),
        created_by: ctx.actor.userId,
      };
    }),
  );
  const views = await leadsByIds(tx, ids);
  await auditMany(
    tx,
    ctx,
    views.map((v) => ({ entity: 'lead', entityId: v.id, action: 'create', after: v })),
  );
  await emitMany(
    tx,
    ctx,
    views.map((v) => ({ type: 'lead.created', payload: { leadId: v.id, ownerId: v.ownerId } })),
  );
  return views;
}

export function leadDuplicates(tx: Transaction, ctx: Context, v: LeadView): Promise<Duplicate[]> {
  return findDuplicates(
    tx,
    ctx,
    'lead',
    {
      id: v.id,
      emails: v.emails.map((e) => e.canonical),
      phones: v.phones.map((p) => p.canonical),
      name: v.fullName,
    },
    ['lead', 'contact'],
  );
}

const SIMPLE: [keyof LeadPatch, string][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['companyName', 'company_name'],
  ['jobTitle', 'job_title'],
  ['website', 'website'],
  ['source', 'source'],
  ['status', 'status'],
  ['score', 'score'],
  ['description', 'description'],
  ['tags', 'tags'],
];

export async function updateLead(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: LeadPatch,
  expectedVersion?: number,
): Promise<LeadView> {
  const row = await leadRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'update', row);
  assertVersion(expectedVersion, row.version, 'This lead');
  if (row.status === 'converted' && patch.status !== undefined)
    throw conflict('A converted lead keeps its status', [
      { path: 'status', message: 'The lead is converted', code: 'converted' },
    ]);
  const before = leadView(row);
  const check: CustomCheck = { errors: [], relations: [] };
  const columns: Record<string, unknown> = {};
  for (const [key, column] of SIMPLE) if (patch[key] !== undefined) columns[column] = patch[key];
  const first = patch.firstName !== undefined ? patch.firstName : row.first_name;
  const last = patch.lastName !== undefined ? patch.lastName : row.last_name;
  const company = patch.companyName !== undefined ? patch.companyName : row.company_name;
  if (!first && !last && !company)
    check.errors.push({ path: 'lastName', message: 'Give a person’s or a company’s name', code: 'custom' });
  if (patch.custom !== undefined) {
    const defs = await definitionsOf(tx, 'lead');
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
  await updateRow(tx, 'leads', id, columns);
  const after = leadView(await leadRow(tx, id));
  await audit(tx, ctx, { entity: 'lead', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'lead.updated', { leadId: id, ownerId: after.ownerId, fields: Object.keys(columns) });
  return after;
}

export async function deleteLead(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await leadRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'delete', row);
  assertVersion(expectedVersion, row.version, 'This lead');
  await updateRow(tx, 'leads', id, { deleted_at: sql`now()` });
  await audit(tx, ctx, { entity: 'lead', entityId: id, action: 'delete', before: leadView(row) });
  await emit(tx, ctx, 'lead.deleted', { leadId: id, ownerId: row.owner_id });
}

export async function restoreLead(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await leadRow(tx, id, { lock: true, any: true });
  assertRecordCan(ctx, 'delete', row);
  if (row.deleted_at === null) throw conflict('This lead is not in the recycle bin');
  assertVersion(expectedVersion, row.version, 'This lead');
  await updateRow(tx, 'leads', id, { deleted_at: null });
  const after = leadView(await leadRow(tx, id));
  await audit(tx, ctx, { entity: 'lead', entityId: id, action: 'restore', before: leadView(row), after });
  await emit(tx, ctx, 'lead.restored', { leadId: id, ownerId: after.ownerId });
  return after;
}

// ---- conversion ----

/** A live account the actor can see, to link a converted lead to. */
async function accountToLink(tx: Transaction, ctx: Context, id: string): Promise<AccountView> {
  const { rows } = await tx.query(
    sql`SELECT t.* FROM accounts t WHERE t.id = ${id}::uuid AND t.deleted_at IS NULL
        AND ${visibleTo(ctx.actor, sql`t.owner_id`)}`,
  );
  if (!rows[0]) throw fieldError('accountId', 'No such account', 'not_found');
  return accountView(rows[0] as unknown as Parameters<typeof accountView>[0]);
}

/**
 * Converts a lead: links or creates its account and contact (fields default to the lead's), links
 * the contact to the account, and marks the lead converted with both links. The lead is kept as
 * history. One transaction, audited, and announced as lead.converted.
 */
export async function convertLead(
  tx: Transaction,
  ctx: Context,
  id: string,
  input: LeadConvert,
  expectedVersion?: number,
): Promise<{ lead: LeadView; account: AccountView | null; contact: ContactView | null }> {
  const row = await leadRow(tx, id, { lock: true });
  assertRecordCan(ctx, 'update', row);
  assertVersion(expectedVersion, row.version, 'This lead');
  if (row.status === 'converted') throw conflict('This lead is already converted');
  const lead = leadView(row);
  // New records belong to the lead's owner unless the body says otherwise.
  const owner = lead.ownerId ?? undefined;

  let account: AccountView | null = null;
  let createdAccount = false;
  if (input.accountId) {
    account = await accountToLink(tx, ctx, input.accountId);
  } else if (input.account !== null && (input.account || lead.companyName)) {
    assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
    const fields = input.account ?? {};
    const name = fields.name ?? lead.companyName;
    if (!name) throw fieldError('account.name', 'Required: the lead has no company name');
    const data: AccountCreate = {
      ...fields,
      name,
      website: fields.website !== undefined ? fields.website : lead.website,
      ownerId: fields.ownerId !== undefined ? fields.ownerId : owner,
    };
    [account] = (await createAccounts(tx, ctx, [data], () => 'account.')) as [AccountView];
    createdAccount = true;
  }

  let contact: ContactView | null = null;
  let createdContact = false;
  if (input.contactId) {
    contact = await contactForUpdate(tx, ctx, input.contactId, 'contactId');
  } else if (input.contact !== null && (input.contact || lead.firstName || lead.lastName)) {
    assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
    const fields = input.contact ?? {};
    const data: ContactCreate = {
      ...fields,
      firstName: fields.firstName !== undefined ? fields.firstName : lead.firstName,
      lastName: fields.lastName !== undefined ? fields.lastName : lead.lastName,
      jobTitle: fields.jobTitle !== undefined ? fields.jobTitle : lead.jobTitle,
      emails: fields.emails ?? (fields.email ? undefined : lead.emails),
      phones: fields.phones ?? (fields.phone ? undefined : lead.phones),
      tags: fields.tags ?? lead.tags,
      ownerId: fields.ownerId !== undefined ? fields.ownerId : owner,
      // A new contact is linked to the conversion's account as it is created.
      ...(account && fields.accounts === undefined && fields.accountId === undefined
        ? { accountId: account.id }
        : {}),
    };
    if (!data.firstName && !data.lastName)
      throw fieldError('contact.lastName', 'Give a first or a last name');
    [contact] = (await createContacts(tx, ctx, [data], () => 'contact.')) as [ContactView];
    createdContact = true;
  }
  if (!account && !contact)
    throw new Problem(422, 'Unprocessable Entity', 'A conversion needs an account or a contact', [
      {
        path: 'contact',
        message: 'Give a contact (the lead has no person’s name) or an account',
        code: 'required',
      },
    ]);
  if (account && contact && !createdContact)
    contact = await linkContactToAccount(tx, ctx, contact.id, account.id);

  await updateRow(tx, 'leads', id, {
    status: 'converted',
    converted_at: sql`now()`,
    converted_account_id: account?.id ?? null,
    converted_contact_id: contact?.id ?? null,
  });
  const after = leadView(await leadRow(tx, id));
  await audit(tx, ctx, { entity: 'lead', entityId: id, action: 'convert', before: lead, after });
  await emit(tx, ctx, 'lead.converted', {
    leadId: id,
    ownerId: after.ownerId,
    accountId: account?.id ?? null,
    contactId: contact?.id ?? null,
    createdAccount,
    createdContact,
  });
  return { lead: after, account, contact };
}
