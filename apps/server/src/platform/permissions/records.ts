import type { Transaction } from '../db/database.js';
import { fieldError, forbidden, notFound } from '../http/problem.js';
import { type Actor, assertCan, can } from './can.js';
import type { Action } from './rights.js';

/** An owned record as the permission check sees it. */
export interface Owned {
  ownerId: string | null;
  ownerTeamIds: string[];
}

/** SQL for the owner's team ids of a row aliased `alias` with owner column `column`. */
export const ownerTeamsSql = (alias: string, column = 'owner_id') =>
  `ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = ${alias}.tenant_id AND tm.user_id = ${alias}.${column}) AS owner_team_ids`;

/**
 * A record the actor acts on: without the module right → 403; outside the role's scope → 404, the
 * same answer as a record that does not exist (others' records are not revealed).
 */
export function assertRecordAccess(
  actor: Actor,
  action: Action,
  module: string,
  record: Owned,
  what: string,
) {
  assertCan(actor, action, { module });
  if (!can(actor, action, { module, ownerId: record.ownerId, ownerTeamIds: record.ownerTeamIds })) {
    throw notFound(what);
  }
}

export async function teamsOf(tx: Transaction, userId: string): Promise<string[]> {
  const { rows } = await tx.query<{ team_id: string }>(
    `SELECT team_id FROM team_members WHERE user_id = $1`,
    [userId],
  );
  return rows.map((r) => r.team_id);
}

/**
 * The person a record is given to (owner, assignee): an active member of the organisation (else 422
 * at `path`), and within the actor's own scope for `action` (an agent gives records only to
 * themself, a manager to their team) — else 403.
 */
export async function assertAssignable(
  tx: Transaction,
  actor: Actor,
  action: Action,
  module: string,
  userId: string,
  path: string,
): Promise<void> {
  const { rowCount } = await tx.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND status = 'active'`, [
    userId,
  ]);
  if (rowCount === 0) throw fieldError(path, 'Not an active member of this organisation', 'not_found');
  if (userId === actor.userId) return;
  if (!can(actor, action, { module, ownerId: userId, ownerTeamIds: await teamsOf(tx, userId) })) {
    throw forbidden(`You may not give records to this person (${path})`);
  }
}
