import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { openSession, storePassword } from '../../platform/auth/service.js';
import { type Database, raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import {
  escapeLike,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { conflict, fieldError, forbidden, invalid, notFound, Problem } from '../../platform/http/problem.js';
import { hashSecret, newId, newSecret } from '../../platform/ids.js';
import { permissionModules } from '../../platform/permissions/rights.js';
import type { Context } from '../../platform/tenancy/context.js';
import { createTenant } from '../../platform/tenancy/tenants.js';
import type {
  MemberPatchSchema,
  RoleCreateSchema,
  RolePatchSchema,
  TeamCreateSchema,
  TeamPatchSchema,
} from './schemas.js';

const INVITATION_DAYS = 7;

// ---- members ----

interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: string;
  status: 'active' | 'disabled';
  team_ids: string[];
  version: number;
  created_at: Date;
}
const memberView = (m: MemberRow) => ({
  id: m.id,
  name: m.name,
  email: m.email,
  role: m.role,
  status: m.status,
  teamIds: m.team_ids,
  version: m.version,
  createdAt: m.created_at,
});
export type MemberView = ReturnType<typeof memberView>;

const MEMBER_COLUMNS = `u.id, u.name, u.email::text AS email, r.key AS role, m.status, m.version, m.created_at,
    ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = m.tenant_id AND tm.user_id = m.user_id ORDER BY tm.team_id) AS team_ids`;
const MEMBER_FROM = `memberships m JOIN users u ON u.id = m.user_id JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id`;
const MEMBER_SELECT = `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM}`;

/** Members as a list resource: filter, sort, search and page them like any collection. */
const memberList: ListResource = {
  idColumn: sql`u.id`,
  defaultSort: 'name',
  fields: {
    name: { column: sql`u.name`, type: 'text', collate: 'und-x-icu' },
    email: { column: sql`u.email::text`, type: 'text' },
    role: { column: sql`r.key`, type: 'text' },
    status: { column: sql`m.status`, type: 'enum', values: ['active', 'disabled'] },
    createdAt: { column: sql`m.created_at`, type: 'datetime' },
  },
  search: (q) => sql`(u.name ILIKE ${`%${escapeLike(q)}%`} OR u.email::text ILIKE ${`%${escapeLike(q)}%`})`,
};

export async function listMembers(tx: Transaction, query: ListQuery) {
  const page = await runListQuery<MemberRow>(tx, memberList, query, {
    from: raw(MEMBER_FROM),
    select: raw(MEMBER_COLUMNS),
  });
  return { ...page, items: page.items.map(memberView) };
}

export async function getMember(tx: Transaction, userId: string, lock = false): Promise<MemberView> {
  const { rows } = await tx.query<MemberRow>(
    `${MEMBER_SELECT} WHERE m.user_id = $1${lock ? ' FOR UPDATE OF m' : ''}`,
    [userId],
  );
  if (!rows[0]) throw notFound('Member');
  return memberView(rows[0]);
}

async function roleByKey(tx: Transaction, key: string, path = 'role') {
  const { rows } = await tx.query<{ id: string; key: string }>(`SELECT id, key FROM roles WHERE key = $1`, [
    key,
  ]);
  if (!rows[0]) throw fieldError(path, `Unknown role ${key}`, 'not_found');
  return rows[0];
}

async function assertOwnersRemain(tx: Transaction) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM memberships m JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
     WHERE r.key = 'owner' AND m.status = 'active'`,
  );
  if ((rows[0]?.n ?? 0) < 1) throw conflict('An organisation must keep at least one active owner');
}

/** Only an owner may make, unmake or disable an owner. */
function assertOwnerPower(ctx: Context, touchesOwner: boolean) {
  if (touchesOwner && ctx.actor.role.key !== 'owner') throw forbidden('Only an owner can change an owner');
}

export async function updateMember(
  tx: Transaction,
  ctx: Context,
  userId: string,
  patch: z.infer<typeof MemberPatchSchema>,
  expectedVersion?: number,
) {
  const before = await getMember(tx, userId, true);
  assertVersion(expectedVersion, before.version, 'This member');
  const newRole = patch.role ? await roleByKey(tx, patch.role) : undefined;
  assertOwnerPower(ctx, before.role === 'owner' || patch.role === 'owner');
  if (newRole || patch.status) {
    await tx.query(
      `UPDATE memberships SET role_id = COALESCE($2, role_id), status = COALESCE($3, status), updated_at = now(), version = version + 1
       WHERE user_id = $1`,
      [userId, newRole?.id ?? null, patch.status ?? null],
    );
  } else {
    await tx.query(`UPDATE memberships SET updated_at = now(), version = version + 1 WHERE user_id = $1`, [
      userId,
    ]);
  }
  if (patch.teamIds) {
    const teams = await tx.query<{ id: string }>(`SELECT id FROM teams WHERE id = ANY($1::uuid[])`, [
      patch.teamIds,
    ]);
    const known = new Set(teams.rows.map((t) => t.id));
    const unknown = patch.teamIds.findIndex((t) => !known.has(t));
    if (unknown >= 0) throw fieldError(`teamIds.${unknown}`, 'Unknown team', 'not_found');
    await tx.query(`DELETE FROM team_members WHERE user_id = $1`, [userId]);
    await tx.query(
      `INSERT INTO team_members (tenant_id, team_id, user_id) SELECT $1, t, $2 FROM unnest($3::uuid[]) AS t ON CONFLICT DO NOTHING`,
      [ctx.actor.tenantId, userId, patch.teamIds],
    );
  }
  await assertOwnersRemain(tx);
  const after = await getMember(tx, userId);
  await audit(tx, ctx, { entity: 'membership', entityId: userId, action: 'update', before, after });
  await emit(tx, ctx, 'member.updated', { userId });
  return after;
}

export async function removeMember(tx: Transaction, ctx: Context, userId: string, expectedVersion?: number) {
  const before = await getMember(tx, userId, true);
  assertVersion(expectedVersion, before.version, 'This member');
  assertOwnerPower(ctx, before.role === 'owner');
  await tx.query(`DELETE FROM memberships WHERE user_id = $1`, [userId]);
  await assertOwnersRemain(tx);
  await audit(tx, ctx, { entity: 'membership', entityId: userId, action: 'delete', before });
  await emit(tx, ctx, 'member.removed', { userId });
}

/** An owner or admin sets a member's password (e.g. locked out); that person's sessions end. */
export async function resetMemberPassword(db: Database, ctx: Context, userId: string, password: string) {
  const passwordHash = await hashPassword(password);
  // Runs as the system: sessions are out of the request role's reach; the tenant is checked explicitly.
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ role: string }>(
      `SELECT r.key AS role FROM memberships m JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
       WHERE m.tenant_id = $1 AND m.user_id = $2`,
      [ctx.actor.tenantId, userId],
    );
    if (!rows[0]) throw notFound('Member');
    assertOwnerPower(ctx, rows[0].role === 'owner' && userId !== ctx.actor.userId);
    await storePassword(tx, userId, passwordHash);
    await audit(tx, ctx, {
      entity: 'user',
      entityId: userId,
      action: 'password_reset',
      changes: { password: { before: '[redacted]', after: '[redacted]' } },
    });
  });
}

// ---- invitations ----

interface InvitationRow {
  id: string;
  email: string;
  role: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}
const invitationView = (i: InvitationRow) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  createdAt: i.created_at,
  expiresAt: i.expires_at,
  acceptedAt: i.accepted_at,
});

export async function listInvitations(tx: Transaction) {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT i.id, i.email::text AS email, r.key AS role, i.created_at, i.expires_at, i.accepted_at
     FROM invitations i JOIN roles r ON r.tenant_id = i.tenant_id AND r.id = i.role_id
     WHERE i.revoked_at IS NULL AND i.accepted_at IS NULL AND i.expires_at > now() ORDER BY i.created_at DESC`,
  );
  return rows.map(invitationView);
}

export async function invite(tx: Transaction, ctx: Context, input: { email: string; role: string }) {
  const role = await roleByKey(tx, input.role);
  assertOwnerPower(ctx, role.key === 'owner');
  const already = await tx.query(
    `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
    [input.email],
  );
  if (already.rowCount > 0)
    throw conflict('This person is already a member', [
      { path: 'email', message: 'Already a member', code: 'exists' },
    ]);
  const token = newSecret();
  const id = newId();
  const { rows } = await tx.query<InvitationRow>(
    `INSERT INTO invitations (tenant_id, id, email, role_id, token_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7))
     RETURNING id, email::text AS email, $8::text AS role, created_at, expires_at, accepted_at`,
    [
      ctx.actor.tenantId,
      id,
      input.email,
      role.id,
      hashSecret(token),
      ctx.actor.userId,
      INVITATION_DAYS,
      role.key,
    ],
  );
  const invitation = invitationView(rows[0] as InvitationRow);
  await audit(tx, ctx, {
    entity: 'invitation',
    entityId: id,
    action: 'create',
    after: { email: input.email, role: role.key },
  });
  await emit(tx, ctx, 'invitation.created', { invitationId: id, email: input.email });
  return { ...invitation, token, link: `/invite/${token}` };
}

export async function revokeInvitation(tx: Transaction, ctx: Context, id: string) {
  const { rows } = await tx.query<{ email: string }>(
    `UPDATE invitations SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND accepted_at IS NULL RETURNING email::text AS email`,
    [id],
  );
  if (!rows[0]) throw notFound('Invitation');
  await audit(tx, ctx, {
    entity: 'invitation',
    entityId: id,
    action: 'delete',
    before: { email: rows[0].email },
  });
}

interface OpenInvitation {
  tenant_id: string;
  id: string;
  email: string;
  role_id: string;
  invited_by: string;
  organization: string;
}

/** Invitation links are looked up by their secret across organisations (system context). */
async function openInvitation(tx: Transaction, token: string): Promise<OpenInvitation> {
  const { rows } = await tx.query<OpenInvitation>(
    `SELECT i.tenant_id, i.id, i.email::text AS email, i.role_id, i.invited_by, t.name AS organization
     FROM invitations i JOIN tenants t ON t.id = i.tenant_id
     WHERE i.token_hash = $1 AND i.revoked_at IS NULL AND i.accepted_at IS NULL AND i.expires_at > now() FOR UPDATE OF i`,
    [hashSecret(token)],
  );
  if (!rows[0]) throw notFound('Invitation (it may have expired or been used)');
  return rows[0];
}

export async function describeInvitation(db: Database, token: string) {
  const inv = await db.transaction((tx) => openInvitation(tx, token));
  const { rows } = await db.query(`SELECT 1 FROM users WHERE email = $1`, [inv.email]);
  return { email: inv.email, organization: inv.organization, hasAccount: rows.length > 0 };
}

/** Accepting creates the account (or, for an existing one, checks its password) and joins the organisation. */
export async function acceptInvitation(
  db: Database,
  token: string,
  input: { name?: string | undefined; password: string },
  meta: { ip: string; userAgent?: string; requestId: string; ttlDays: number },
) {
  const newHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const inv = await openInvitation(tx, token);
    const existing = await tx.query<{ id: string; password_hash: string }>(
      `SELECT id, password_hash FROM users WHERE email = $1`,
      [inv.email],
    );
    let userId = existing.rows[0]?.id;
    if (existing.rows[0]) {
      if (!(await verifyPassword(existing.rows[0].password_hash, input.password))) {
        throw fieldError(
          'password',
          'This e-mail already has an account: enter its password',
          'wrong_password',
        );
      }
    } else {
      if (!input.name) throw fieldError('name', 'Required for a new account', 'required');
      userId = newId();
      await tx.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, [
        userId,
        inv.email,
        input.name,
        newHash,
      ]);
    }
    const id = userId as string;
    await tx.query(
      `INSERT INTO memberships (tenant_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [inv.tenant_id, id, inv.role_id],
    );
    await tx.query(
      `UPDATE invitations SET accepted_at = now(), accepted_by = $3 WHERE tenant_id = $1 AND id = $2`,
      [inv.tenant_id, inv.id, id],
    );
    const role = await tx.query<{ key: string; rights: Record<string, never>; scope: 'all' }>(
      `SELECT key, rights, scope FROM roles WHERE tenant_id = $1 AND id = $2`,
      [inv.tenant_id, inv.role_id],
    );
    const ctx: Context = {
      actor: {
        kind: 'user',
        userId: id,
        tenantId: inv.tenant_id,
        role: {
          id: inv.role_id,
          ...(role.rows[0] as { key: string; rights: Record<string, never>; scope: 'all' }),
        },
        teamIds: [],
      },
      requestId: meta.requestId,
    };
    await audit(tx, ctx, {
      entity: 'membership',
      entityId: id,
      action: 'create',
      after: { email: inv.email, invitation: inv.id },
    });
    await emit(tx, ctx, 'member.joined', { userId: id, invitationId: inv.id });
    const session = await openSession(tx, id, inv.tenant_id, meta.ttlDays, meta);
    return { ...session, userId: id, tenantId: inv.tenant_id };
  });
}

// ---- teams ----

interface TeamRow {
  id: string;
  name: string;
  member_ids: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}
const teamView = (t: TeamRow) => ({
  id: t.id,
  name: t.name,
  memberIds: t.member_ids,
  version: t.version,
  createdAt: t.created_at,
  updatedAt: t.updated_at,
});
const TEAM_SELECT = `SELECT t.id, t.name, t.version, t.created_at, t.updated_at,
  ARRAY(SELECT tm.user_id FROM team_members tm WHERE tm.tenant_id = t.tenant_id AND tm.team_id = t.id ORDER BY tm.user_id) AS member_ids FROM teams t`;

export async function listTeams(tx: Transaction) {
  return (await tx.query<TeamRow>(`${TEAM_SELECT} ORDER BY t.name`)).rows.map(teamView);
}

export async function getTeam(tx: Transaction, id: string, lock = false) {
  const { rows } = await tx.query<TeamRow>(
    `${TEAM_SELECT} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
    [id],
  );
  if (!rows[0]) throw notFound('Team');
  return teamView(rows[0]);
}

async function setTeamMembers(tx: Transaction, ctx: Context, teamId: string, memberIds: string[]) {
  const members = await tx.query<{ user_id: string }>(
    `SELECT user_id FROM memberships WHERE user_id = ANY($1::uuid[])`,
    [memberIds],
  );
  const known = new Set(members.rows.map((m) => m.user_id));
  const unknown = memberIds.findIndex((m) => !known.has(m));
  if (unknown >= 0)
    throw fieldError(`memberIds.${unknown}`, 'Not a member of this organisation', 'not_found');
  await tx.query(`DELETE FROM team_members WHERE team_id = $1`, [teamId]);
  await tx.query(
    `INSERT INTO team_members (tenant_id, team_id, user_id) SELECT $1, $2, m FROM unnest($3::uuid[]) AS m ON CONFLICT DO NOTHING`,
    [ctx.actor.tenantId, teamId, memberIds],
  );
}

async function assertTeamNameFree(tx: Transaction, name: string, exceptId?: string) {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM teams WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2`,
    [name, exceptId ?? null],
  );
  if (rowCount > 0)
    throw conflict('A team with this name exists', [
      { path: 'name', message: 'Already exists', code: 'exists' },
    ]);
}

export async function createTeam(tx: Transaction, ctx: Context, input: z.infer<typeof TeamCreateSchema>) {
  await assertTeamNameFree(tx, input.name);
  const id = newId();
  await tx.query(`INSERT INTO teams (tenant_id, id, name) VALUES ($1, $2, $3)`, [
    ctx.actor.tenantId,
    id,
    input.name,
  ]);
  await setTeamMembers(tx, ctx, id, input.memberIds);
  const team = await getTeam(tx, id);
  await audit(tx, ctx, { entity: 'team', entityId: id, action: 'create', after: team });
  await emit(tx, ctx, 'team.created', { teamId: id });
  return team;
}

export async function updateTeam(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof TeamPatchSchema>,
  expectedVersion?: number,
) {
  const before = await getTeam(tx, id, true);
  assertVersion(expectedVersion, before.version, 'This team');
  if (patch.name !== undefined) await assertTeamNameFree(tx, patch.name, id);
  await tx.query(
    `UPDATE teams SET name = COALESCE($2, name), updated_at = now(), version = version + 1 WHERE id = $1`,
    [id, patch.name ?? null],
  );
  if (patch.memberIds) await setTeamMembers(tx, ctx, id, patch.memberIds);
  const after = await getTeam(tx, id);
  await audit(tx, ctx, { entity: 'team', entityId: id, action: 'update', before, after });
  return after;
}

export async function deleteTeam(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const before = await getTeam(tx, id, true);
  assertVersion(expectedVersion, before.version, 'This team');
  await tx.query(`DELETE FROM teams WHERE id = $1`, [id]);
  await audit(tx, ctx, { entity: 'team', entityId: id, action: 'delete', before });
}

// ---- roles ----

interface RoleRow {
  id: string;
  key: string;
  name: string;
  builtin: boolean;
  rights: Record<string, never[]>;
  scope: 'own' | 'team' | 'all';
  version: number;
}
const ROLE_SELECT = `SELECT id, key, name, builtin, rights, scope, version FROM roles`;

export async function listRoles(tx: Transaction) {
  return (await tx.query<RoleRow>(`${ROLE_SELECT} ORDER BY builtin DESC, name`)).rows;
}

export async function getRole(tx: Transaction, id: string, lock = false) {
  const { rows } = await tx.query<RoleRow>(`${ROLE_SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('Role');
  return rows[0];
}

function assertKnownModules(rights: Record<string, unknown>) {
  const known = new Set(permissionModules().map((m) => m.key));
  const unknown = Object.keys(rights).filter((k) => !known.has(k));
  if (unknown.length)
    throw invalid(
      unknown.map((k) => ({ path: `rights.${k}`, message: `Unknown module ${k}`, code: 'unknown_module' })),
    );
}

export async function createRole(tx: Transaction, ctx: Context, input: z.infer<typeof RoleCreateSchema>) {
  assertKnownModules(input.rights);
  const exists = await tx.query(`SELECT 1 FROM roles WHERE key = $1`, [input.key]);
  if (exists.rowCount > 0)
    throw conflict('A role with this key exists', [
      { path: 'key', message: 'Already exists', code: 'exists' },
    ]);
  const id = newId();
  await tx.query(
    `INSERT INTO roles (tenant_id, id, key, name, rights, scope) VALUES ($1, $2, $3, $4, $5, $6)`,
    [ctx.actor.tenantId, id, input.key, input.name, JSON.stringify(input.rights), input.scope],
  );
  const role = await getRole(tx, id);
  await audit(tx, ctx, { entity: 'role', entityId: id, action: 'create', after: { ...role } });
  return role;
}

export async function updateRole(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof RolePatchSchema>,
  expectedVersion?: number,
) {
  const before = await getRole(tx, id, true);
  if (before.builtin)
    throw new Problem(409, 'Conflict', 'Built-in roles cannot be changed; create a custom role instead');
  assertVersion(expectedVersion, before.version, 'This role');
  if (patch.rights) assertKnownModules(patch.rights);
  await tx.query(
    `UPDATE roles SET name = COALESCE($2, name), rights = COALESCE($3, rights), scope = COALESCE($4, scope), updated_at = now(), version = version + 1 WHERE id = $1`,
    [id, patch.name ?? null, patch.rights ? JSON.stringify(patch.rights) : null, patch.scope ?? null],
  );
  const after = await getRole(tx, id);
  await audit(tx, ctx, {
    entity: 'role',
    entityId: id,
    action: 'update',
    before: { ...before },
    after: { ...after },
  });
  return after;
}

export async function deleteRole(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const before = await getRole(tx, id, true);
  if (before.builtin) throw new Problem(409, 'Conflict', 'Built-in roles cannot be deleted');
  assertVersion(expectedVersion, before.version, 'This role');
  const used = await tx.query(
    `SELECT 1 FROM memberships WHERE role_id = $1 UNION ALL SELECT 1 FROM api_tokens WHERE role_id = $1 AND revoked_at IS NULL LIMIT 1`,
    [id],
  );
  if (used.rowCount > 0) throw conflict('The role is still given to members or tokens');
  await tx.query(`DELETE FROM invitations WHERE role_id = $1 AND accepted_at IS NULL`, [id]);
  await tx.query(`DELETE FROM roles WHERE id = $1`, [id]);
  await audit(tx, ctx, { entity: 'role', entityId: id, action: 'delete', before: { ...before } });
}

// ---- command line ----

/** `peyvand create-user`: a new person joins an existing organisation, or founds a new one. */
export async function createUserFromCli(
  db: Database,
  input: {
    email?: string;
    name?: string;
    password?: string;
    organization?: string;
    tenant?: string;
    role?: string;
  },
) {
  const { email, name, password } = input;
  if (!email || !name || !password) throw new Error('--email, --name and --password are required');
  if (password.length < 8) throw new Error('--password needs at least 8 characters');
  if (!input.organization && !input.tenant)
    throw new Error('Give --organization NAME (new) or --tenant ID (existing)');
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const exists = await tx.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email]);
    const userId = exists.rows[0]?.id ?? newId();
    if (!exists.rows[0]) {
      await tx.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, [
        userId,
        email.toLowerCase(),
        name,
        passwordHash,
      ]);
    }
    if (input.organization) {
      const { tenant } = await createTenant(
        tx,
        { name: input.organization, locale: 'fa', ownerId: userId },
        'cli',
      );
      return { email, role: 'owner', tenantName: tenant.name };
    }
    const t = await tx.query<{ name: string }>(`SELECT name FROM tenants WHERE id = $1`, [input.tenant]);
    if (!t.rows[0]) throw new Error(`No organisation ${input.tenant}`);
    const role = await tx.query<{ id: string }>(`SELECT id FROM roles WHERE tenant_id = $1 AND key = $2`, [
      input.tenant,
      input.role ?? 'agent',
    ]);
    if (!role.rows[0]) throw new Error(`No role ${input.role}`);
    await tx.query(`INSERT INTO memberships (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [
      input.tenant,
      userId,
      role.rows[0].id,
    ]);
    return { email, role: input.role ?? 'agent', tenantName: t.rows[0].name };
  });
}
