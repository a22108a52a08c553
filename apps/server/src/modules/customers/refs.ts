/**
 * Look-ups other modules may use instead of reading the customers tables themselves: whether a
 * referenced record exists (live, in the transaction's organisation), its display name and its
 * owner with the owner's teams (for assertCan on things attached to it).
 */
import type { Transaction } from '../../platform/db/database.js';
import type { Entity } from './schemas.js';

export interface CustomerRef {
  type: Entity;
  id: string;
  title: string;
  ownerId: string | null;
  ownerTeamIds: string[];
}

const SOURCES: Record<Entity, { table: string; title: string }> = {
  account: { table: 'accounts', title: 't.name' },
  contact: { table: 'contacts', title: 't.display_name' },
  lead: { table: 'leads', title: `COALESCE(NULLIF(t.full_name, ''), t.company_name, '')` },
};

/** The live records among `ids` (any order; missing, deleted or other organisations' ids are left out). */
export async function customerRefs(
  tx: Transaction,
  type: Entity,
  ids: string[],
): Promise<Map<string, CustomerRef>> {
  if (!ids.length) return new Map();
  const source = SOURCES[type];
  const { rows } = await tx.query<{
    id: string;
    title: string;
    owner_id: string | null;
    owner_team_ids: string[];
  }>(
    `SELECT t.id, ${source.title} AS title, t.owner_id,
       ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = t.tenant_id AND tm.user_id = t.owner_id) AS owner_team_ids
     FROM ${source.table} t WHERE t.id = ANY($1::uuid[]) AND t.deleted_at IS NULL`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { type, id: r.id, title: r.title, ownerId: r.owner_id, ownerTeamIds: r.owner_team_ids },
    ]),
  );
}

export async function customerRef(
  tx: Transaction,
  type: Entity,
  id: string,
): Promise<CustomerRef | undefined> {
  return (await customerRefs(tx, type, [id])).get(id);
}
