/**
 * Customer groups (wholesalers, resellers…): named sets of accounts and contacts that price lists are
 * made for. Members are referenced by tenant_id + id (checked live through customers' refs) and leave
 * their groups when the customer record is removed for good.
 */
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { conflict, type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { customerRefs } from '../customers/refs.js';
import { assertFree, lockedRow, recordChange } from './records.js';
import type { CustomerGroup, CustomerGroupCreate, CustomerGroupPatch } from './schemas.js';

interface Row {
  id: string;
  name: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = sql`SELECT id, name, version, created_at, updated_at FROM customer_groups`;

/** The link table, its member column and the customers' record type, for accounts and for contacts. */
const MEMBERS = [
  { type: 'account', path: 'accountIds', table: 'customer_group_accounts', column: 'account_id' },
  { type: 'contact', path: 'contactIds', table: 'customer_group_contacts', column: 'contact_id' },
] as const;

/** The live members of `groupIds` of one kind, by group, ordered by name. */
async function membersOf(tx: Transaction, kind: (typeof MEMBERS)[number], groupIds: string[]) {
  const { rows } = await tx.query<{ group_id: string; member_id: string }>(
    sql`SELECT group_id, ${raw(kind.column)} AS member_id FROM ${raw(kind.table)}
        WHERE group_id = ANY(${groupIds}::uuid[])`,
  );
  // Records in the recycle bin stay members (a restore brings them back) but are not listed.
  const refs = await customerRefs(tx, kind.type, [...new Set(rows.map((r) => r.member_id))]);
  return (groupId: string) =>
    rows
      .flatMap((r) => {
        const ref = r.group_id === groupId ? refs.get(r.member_id) : undefined;
        return ref ? [{ id: ref.id, title: ref.title }] : [];
      })
      .sort((a, b) => a.title.localeCompare(b.title, 'fa'));
}

/** The groups with their members' names, in the order of `rows`. */
async function withMembers(tx: Transaction, rows: Row[]): Promise<CustomerGroup[]> {
  const ids = rows.map((r) => r.id);
  const accounts = await membersOf(tx, MEMBERS[0], ids);
  const contacts = await membersOf(tx, MEMBERS[1], ids);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    accounts: accounts(r.id),
    contacts: contacts(r.id),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function listCustomerGroups(tx: Transaction): Promise<CustomerGroup[]> {
  const { rows } = await tx.query<Row>(sql`${SELECT} ORDER BY name COLLATE "und-x-icu", id`);
  return withMembers(tx, rows);
}

export async function getCustomerGroup(tx: Transaction, id: string): Promise<CustomerGroup> {
  const { rows } = await tx.query<Row>(sql`${SELECT} WHERE id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Customer group');
  return (await withMembers(tx, rows))[0] as CustomerGroup;
}

/** The ids of the groups an account or contact belongs to. */
export async function groupsOf(
  tx: Transaction,
  customer: { accountId?: string; contactId?: string },
): Promise<string[]> {
  const { rows } = await tx.query<{ group_id: string }>(
    sql`SELECT group_id FROM customer_group_accounts WHERE account_id = ${customer.accountId ?? null}::uuid
        UNION SELECT group_id FROM customer_group_contacts WHERE contact_id = ${customer.contactId ?? null}::uuid`,
  );
  return rows.map((r) => r.group_id);
}

/** Replaces the members named; every one must be a live account or contact (422 at accountIds.N…). */
async function setMembers(
  tx: Transaction,
  ctx: Context,
  id: string,
  members: { accountIds?: string[]; contactIds?: string[] },
) {
  const errors: FieldError[] = [];
  for (const { type, path, table, column } of MEMBERS) {
    const ids = members[path];
    if (ids === undefined) continue;
    const unique = [...new Set(ids)];
    const found = await customerRefs(tx, type, unique);
    ids.forEach((memberId, i) => {
      if (!found.has(memberId))
        errors.push({ path: `${path}.${i}`, message: `No such ${type}`, code: 'not_found' });
    });
    if (errors.length) continue;
    await tx.query(sql`DELETE FROM ${raw(table)} WHERE group_id = ${id}::uuid`);
    await tx.query(
      sql`INSERT INTO ${raw(table)} (tenant_id, group_id, ${raw(column)})
          SELECT ${ctx.actor.tenantId}::uuid, ${id}::uuid, m FROM unnest(${unique}::uuid[]) AS m`,
    );
  }
  if (errors.length)
    throw invalid(errors, `Some members are unknown: ${errors.map((e) => e.path).join(', ')}`);
}

export async function createCustomerGroup(
  tx: Transaction,
  ctx: Context,
  input: CustomerGroupCreate,
): Promise<CustomerGroup> {
  const id = newId();
  await assertFree(tx, 'customer_groups', 'name', input.name, id, 'name');
  await tx.query(
    sql`INSERT INTO customer_groups (tenant_id, id, name) VALUES (${ctx.actor.tenantId}, ${id}, ${input.name})`,
  );
  await setMembers(tx, ctx, id, input);
  const after = await getCustomerGroup(tx, id);
  await recordChange(tx, ctx, 'customer_group', { action: 'create', id, after });
  return after;
}

export async function updateCustomerGroup(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: CustomerGroupPatch,
  version?: number,
): Promise<CustomerGroup> {
  await lockedRow<Row>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Customer group', version);
  const before = await getCustomerGroup(tx, id);
  if (patch.name !== undefined) await assertFree(tx, 'customer_groups', 'name', patch.name, id, 'name');
  await setMembers(tx, ctx, id, patch);
  await tx.query(
    sql`UPDATE customer_groups SET name = ${patch.name ?? before.name}, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  const after = await getCustomerGroup(tx, id);
  await recordChange(tx, ctx, 'customer_group', { action: 'update', id, before, after });
  return after;
}

/** A group that price lists are made for stays until they are changed or deleted (409). */
export async function deleteCustomerGroup(tx: Transaction, ctx: Context, id: string, version?: number) {
  await lockedRow<Row>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Customer group', version);
  const { rows } = await tx.query(
    sql`SELECT 1 FROM price_lists WHERE customer_group_id = ${id}::uuid LIMIT 1`,
  );
  if (rows[0]) {
    const message = 'Price lists are made for this group; change or delete them first';
    throw conflict(message, [{ path: 'id', message, code: 'in_use' }]);
  }
  const before = await getCustomerGroup(tx, id);
  await tx.query(sql`DELETE FROM customer_groups WHERE id = ${id}::uuid`);
  await recordChange(tx, ctx, 'customer_group', { action: 'delete', id, before });
}
