import { type Sql, sql } from '../db/database.js';
import { forbidden } from '../http/problem.js';
import type { Action, Rights, Scope } from './rights.js';

/** Who is acting: a signed-in person or an API token, always inside one organisation. */
export interface Actor {
  kind: 'user' | 'token';
  /** The person; for a token, the person who created it (records it creates are theirs). */
  userId: string;
  tokenId?: string;
  tenantId: string;
  role: { id: string; key: string; rights: Rights; scope: Scope };
  teamIds: string[];
}

/** What is acted on: a module, and for one record its organisation, owner and the owner's teams. */
export interface Resource {
  module: string;
  tenantId?: string;
  ownerId?: string | null;
  ownerTeamIds?: string[];
}

/** The one decision every route asks: may this actor take this action on this resource? */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
  if (resource.tenantId !== undefined && resource.tenantId !== actor.tenantId) return false;
  const granted = actor.role.rights[resource.module] ?? [];
  if (!granted.includes(action) && !granted.includes('admin')) return false;
  if (resource.ownerId === undefined) return true;
  return withinScope(actor, resource.ownerId, resource.ownerTeamIds ?? []);
}

function withinScope(actor: Actor, ownerId: string | null, ownerTeamIds: string[]): boolean {
  switch (actor.role.scope) {
    case 'all':
      return true;
    case 'team':
      return ownerId === actor.userId || ownerTeamIds.some((t) => actor.teamIds.includes(t));
    case 'own':
      return ownerId === actor.userId;
  }
}

export function assertCan(actor: Actor, action: Action, resource: Resource): void {
  if (!can(actor, action, resource)) throw forbidden();
}

/** The same scope rule as SQL for lists: a condition on the table's owner column. */
export function visibleTo(actor: Actor, ownerColumn: Sql): Sql {
  switch (actor.role.scope) {
    case 'all':
      return sql`TRUE`;
    case 'own':
      return sql`${ownerColumn} = ${actor.userId}`;
    case 'team':
      return sql`(${ownerColumn} = ${actor.userId} OR ${ownerColumn} IN (
        SELECT tm.user_id FROM team_members tm WHERE tm.team_id = ANY(${actor.teamIds}::uuid[])))`;
  }
}
