/**
 * Read-only access to the customers module's records (accounts, contacts, leads) for this module and
 * the relationships module: whether a referenced record exists, its owner, and its display name.
 * This is the one place that reads the customers tables; when the customers module exports service
 * functions for these look-ups, only this file changes.
 */
import { raw, type Sql, type Transaction } from '../../platform/db/database.js';
import { type FieldError, invalid } from '../../platform/http/problem.js';
import { type Actor, can } from '../../platform/permissions/can.js';

/** The customers module's permission key (accounts, contacts and leads share it). */
export const CUSTOMERS_MODULE = 'customers';

export type CustomerKind = 'account' | 'contact' | 'lead';

export interface CustomerRefs {
  contactId?: string | null | undefined;
  accountId?: string | null | undefined;
  leadId?: string | null | undefined;
}

const TABLE: Record<CustomerKind, string> = { account: 'accounts', contact: 'contacts', lead: 'leads' };
const NAME: Record<CustomerKind, string> = {
  account: 'name',
  contact: 'display_name',
  lead: 'full_name',
};

export interface CustomerRecord {
  kind: CustomerKind;
  id: string;
  name: string;
  ownerId: string | null;
  ownerTeamIds: string[];
}

/** A live (not deleted) customer record of the transaction's organisation, or undefined. */
export async function findCustomer(
  tx: Transaction,
  kind: CustomerKind,
  id: string,
): Promise<CustomerRecord | undefined> {
  const { rows } = await tx.query<{ id: string; name: string; owner_id: string | null; team_ids: string[] }>(
    `SELECT c.id, c.${NAME[kind]} AS name, c.owner_id,
       ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = c.tenant_id AND tm.user_id = c.owner_id) AS team_ids
     FROM ${TABLE[kind]} c WHERE c.id = $1 AND c.deleted_at IS NULL`,
    [id],
  );
  const row = rows[0];
  return row
    ? { kind, id: row.id, name: row.name, ownerId: row.owner_id, ownerTeamIds: row.team_ids }
    : undefined;
}

/**
 * The customers table of a kind as `alias` and its display-name column, for lists that join customer
 * records to their own rows (e.g. relationships by phase). Callers add `deleted_at IS NULL` and the scope.
 */
export function customerTable(kind: CustomerKind, alias: string): { from: Sql; name: Sql } {
  if (!/^[a-z]+$/.test(alias)) throw new Error(`Bad table alias: ${alias}`);
  return { from: raw(`${TABLE[kind]} ${alias}`), name: raw(`${alias}.${NAME[kind]}`) };
}

/** The whole stored record (for the customer 360 profile), keys in camelCase, internals left out. */
export async function customerProfile(
  tx: Transaction,
  kind: 'account' | 'contact',
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const { rows } = await tx.query<{ profile: Record<string, unknown> }>(
    `SELECT to_jsonb(c) - 'tenant_id' - 'search_text' - 'name_key' - 'phones_canonical' - 'emails_canonical' AS profile
     FROM ${TABLE[kind]} c WHERE c.id = $1 AND c.deleted_at IS NULL`,
    [id],
  );
  const profile = rows[0]?.profile;
  if (!profile) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  if (kind === 'account') {
    const contacts = await tx.query<{ id: string; name: string; role: string | null; is_primary: boolean }>(
      `SELECT c.id, c.display_name AS name, ca.role, ca.is_primary FROM contact_accounts ca
       JOIN contacts c ON c.tenant_id = ca.tenant_id AND c.id = ca.contact_id AND c.deleted_at IS NULL
       WHERE ca.account_id = $1 ORDER BY ca.is_primary DESC, c.display_name LIMIT 200`,
      [id],
    );
    out.contacts = contacts.rows.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      isPrimary: c.is_primary,
    }));
  } else {
    const accounts = await tx.query<{ id: string; name: string; role: string | null; is_primary: boolean }>(
      `SELECT a.id, a.name, ca.role, ca.is_primary FROM contact_accounts ca
       JOIN accounts a ON a.tenant_id = ca.tenant_id AND a.id = ca.account_id AND a.deleted_at IS NULL
       WHERE ca.contact_id = $1 ORDER BY ca.is_primary DESC, a.name LIMIT 200`,
      [id],
    );
    out.accounts = accounts.rows.map((a) => ({
      id: a.id,
      name: a.name,
      role: a.role,
      isPrimary: a.is_primary,
    }));
  }
  return out;
}

/** Ids of the live contacts linked to an account (an account's timeline includes its people). */
export async function accountContactIds(tx: Transaction, accountId: string): Promise<string[]> {
  const { rows } = await tx.query<{ contact_id: string }>(
    `SELECT contact_id FROM contact_accounts WHERE account_id = $1`,
    [accountId],
  );
  return rows.map((r) => r.contact_id);
}

/**
 * A patch's links on top of the record's current ones, checked like assertCustomerRefs (the changed
 * links must be readable; at least one must remain). Returns the links the record will have.
 */
export async function assertPatchedCustomerRefs(
  tx: Transaction,
  actor: Actor,
  patch: CustomerRefs,
  current: { contactId: string | null; accountId: string | null; leadId: string | null },
  more: FieldError[] = [],
) {
  const refs = {
    contactId: patch.contactId !== undefined ? patch.contactId : current.contactId,
    accountId: patch.accountId !== undefined ? patch.accountId : current.accountId,
    leadId: patch.leadId !== undefined ? patch.leadId : current.leadId,
  };
  await assertCustomerRefs(tx, actor, patch, !refs.contactId && !refs.accountId && !refs.leadId, more);
  return refs;
}

/**
 * Every referenced customer record must exist, not be deleted, and be one the actor may read (their
 * role's scope on the customers module): else 422 "no such …" naming the field, the same answer
 * whether the record is missing or outside the scope. With `atLeastOne`, a record with none of the
 * three is a 422 too.
 */
export async function assertCustomerRefs(
  tx: Transaction,
  actor: Actor,
  refs: CustomerRefs,
  atLeastOne: boolean,
  more: FieldError[] = [],
): Promise<void> {
  const errors: FieldError[] = [...more];
  const checks: [CustomerKind, string, string | null | undefined][] = [
    ['contact', 'contactId', refs.contactId],
    ['account', 'accountId', refs.accountId],
    ['lead', 'leadId', refs.leadId],
  ];
  for (const [kind, path, id] of checks) {
    if (!id) continue;
    const record = await findCustomer(tx, kind, id);
    const visible =
      record &&
      can(actor, 'read', {
        module: CUSTOMERS_MODULE,
        ownerId: record.ownerId,
        ownerTeamIds: record.ownerTeamIds,
      });
    if (!visible) errors.push({ path, message: `No such ${kind}`, code: 'not_found' });
  }
  if (atLeastOne && !checks.some(([, , id]) => id)) {
    errors.push({
      path: 'contactId',
      message: 'Link at least one customer record: contactId, accountId or leadId',
      code: 'required',
    });
  }
  if (errors.length) throw invalid(errors);
}
