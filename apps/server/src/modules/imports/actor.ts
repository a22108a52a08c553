import type { Transaction } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../../platform/permissions/can.js';
import type { Rights, Scope } from '../../platform/permissions/rights.js';

/** Who a background import or export acts as: stored when it is started, re-read before each batch. */
export interface ActorRef {
  kind: Actor['kind'];
  userId: string;
  tokenId?: string;
}

export const actorRef = (actor: Actor): ActorRef => ({
  kind: actor.kind,
  userId: actor.userId,
  ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
});

/**
 * The actor as of now (role, rights, scope, teams), the way a request would see them: a member who
 * was disabled or removed, or a token that was revoked, stops the work (403) instead of it going on
 * with rights they no longer have. Runs in the tenant's transaction (row-level security applies).
 */
export async function currentActor(tx: Transaction, tenantId: string, ref: ActorRef): Promise<Actor> {
  const { rows } = await tx.query<{
    role_id: string;
    key: string;
    rights: Rights;
    scope: Scope;
    team_ids: string[];
  }>(
    ref.tokenId
      ? `SELECT r.id AS role_id, r.key, r.rights, r.scope,
           ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = m.tenant_id AND tm.user_id = m.user_id) AS team_ids
         FROM api_tokens t JOIN roles r ON r.tenant_id = t.tenant_id AND r.id = t.role_id
         JOIN memberships m ON m.tenant_id = t.tenant_id AND m.user_id = t.created_by AND m.status = 'active'
         WHERE t.id = $1 AND t.created_by = $2 AND t.revoked_at IS NULL`
      : `SELECT r.id AS role_id, r.key, r.rights, r.scope,
           ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = m.tenant_id AND tm.user_id = m.user_id) AS team_ids
         FROM memberships m JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
         WHERE m.user_id = $2 AND m.status = 'active' AND $1::uuid IS NULL`,
    [ref.tokenId ?? null, ref.userId],
  );
  const row = rows[0];
  if (!row)
    throw new Problem(
      403,
      'Forbidden',
      ref.tokenId
        ? 'The API token that started this work was revoked'
        : 'The member who started this work is no longer an active member',
    );
  return {
    kind: ref.kind,
    userId: ref.userId,
    ...(ref.tokenId ? { tokenId: ref.tokenId } : {}),
    tenantId,
    role: { id: row.role_id, key: row.key, rights: row.rights, scope: row.scope },
    teamIds: row.team_ids,
  };
}
