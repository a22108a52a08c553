import { audit } from '../audit/audit.js';
import type { Database, Transaction } from '../db/database.js';
import { conflict, fieldError, Problem, unauthorized } from '../http/problem.js';
import { hashSecret, newId, newSecret } from '../ids.js';
import type { Rights, Scope } from '../permissions/rights.js';
import {
  completeTenantSettings,
  effectiveUserSettings,
  type TenantSettings,
  type UserSettings,
} from '../settings/settings.js';
import type { Context } from '../tenancy/context.js';
import { createTenant, tenantsOf } from '../tenancy/tenants.js';
import { burnPasswordTime, hashPassword, verifyPassword } from './passwords.js';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './throttle.js';

export interface SessionInfo {
  token: string;
  expiresAt: Date;
}

export interface MeView {
  user: { id: string; name: string; email: string; settings: UserSettings };
  tenant: { id: string; name: string; settings: TenantSettings } | null;
  role: { key: string; name: string; scope: Scope; rights: Rights } | null;
  tenants: { id: string; name: string; role: string }[];
}

async function openSession(
  tx: Transaction,
  userId: string,
  tenantId: string | null,
  ttlDays: number,
  meta: { ip: string; userAgent?: string },
): Promise<SessionInfo> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + ttlDays * 86_400_000);
  await tx.query(
    `INSERT INTO sessions (token_hash, user_id, current_tenant_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
    [hashSecret(token), userId, tenantId, expiresAt, meta.ip, meta.userAgent ?? null],
  );
  return { token, expiresAt };
}

export async function signup(
  db: Database,
  input: { organization: string; name: string; email: string; password: string; locale: 'fa' | 'en' },
  meta: { ip: string; userAgent?: string; requestId: string; ttlDays: number },
): Promise<SessionInfo & { userId: string; tenantId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const exists = await tx.query(`SELECT 1 FROM users WHERE email = $1`, [input.email]);
    if (exists.rowCount > 0) {
      throw conflict('An account with this e-mail exists; sign in and create the organisation from there', [
        { path: 'email', message: 'Already registered', code: 'exists' },
      ]);
    }
    const userId = newId();
    await tx.query(
      `INSERT INTO users (id, email, name, password_hash, settings) VALUES ($1, $2, $3, $4, $5)`,
      [userId, input.email, input.name, passwordHash, JSON.stringify({ locale: input.locale })],
    );
    const { tenant, owner } = await createTenant(
      tx,
      { name: input.organization, locale: input.locale, ownerId: userId },
      meta.requestId,
    );
    await audit(
      tx,
      { actor: owner, requestId: meta.requestId },
      { entity: 'user', entityId: userId, action: 'create', after: { email: input.email, name: input.name } },
    );
    const session = await openSession(tx, userId, tenant.id, meta.ttlDays, meta);
    return { ...session, userId, tenantId: tenant.id };
  });
}

export async function login(
  db: Database,
  input: { email: string; password: string },
  meta: { ip: string; userAgent?: string; ttlDays: number },
): Promise<SessionInfo & { userId: string; tenantId: string | null }> {
  await assertLoginAllowed(db, input.email, meta.ip);
  const { rows } = await db.query<{ id: string; password_hash: string }>(
    `SELECT id, password_hash FROM users WHERE email = $1`,
    [input.email],
  );
  const user = rows[0];
  if (!user) await burnPasswordTime(input.password);
  if (!user || !(await verifyPassword(user.password_hash, input.password))) {
    await recordLoginFailure(db, input.email, meta.ip);
    throw unauthorized('E-mail or password is wrong');
  }
  await clearLoginFailures(db, input.email);
  const first = await db.transaction(async (tx) => {
    const tenants = await tenantsOf(tx, user.id);
    // Start in the organisation used last, else the first one.
    const last = await tx.query<{ tenant_id: string }>(
      `SELECT current_tenant_id AS tenant_id FROM sessions WHERE user_id = $1 AND current_tenant_id IS NOT NULL ORDER BY last_seen_at DESC LIMIT 1`,
      [user.id],
    );
    const lastId = last.rows[0]?.tenant_id;
    const tenantId = tenants.find((t) => t.id === lastId)?.id ?? tenants[0]?.id ?? null;
    return { ...(await openSession(tx, user.id, tenantId, meta.ttlDays, meta)), tenantId };
  });
  return { ...first, userId: user.id };
}

export async function logout(db: Database, sessionHash: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE token_hash = $1`, [sessionHash]);
}

export async function switchTenant(
  db: Database,
  sessionHash: string,
  userId: string,
  tenantId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const member = await tx.query(
      `SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND status = 'active'`,
      [tenantId, userId],
    );
    if (member.rowCount === 0)
      throw new Problem(404, 'Not Found', 'Organisation not found', [
        { path: 'tenantId', message: 'Not a member', code: 'not_found' },
      ]);
    await tx.query(`UPDATE sessions SET current_tenant_id = $1 WHERE token_hash = $2`, [
      tenantId,
      sessionHash,
    ]);
  });
}

export async function me(db: Database, userId: string, tenantId: string | undefined): Promise<MeView> {
  return db.transaction(async (tx) => {
    const u = await tx.query<{ id: string; name: string; email: string; settings: Partial<UserSettings> }>(
      `SELECT id, name, email, settings FROM users WHERE id = $1`,
      [userId],
    );
    const user = u.rows[0];
    if (!user) throw unauthorized();
    const tenants = await tenantsOf(tx, userId);
    let tenant: MeView['tenant'] = null;
    let role: MeView['role'] = null;
    if (tenantId) {
      const t = await tx.query<{
        id: string;
        name: string;
        settings: Partial<TenantSettings>;
        role_key: string;
        role_name: string;
        scope: Scope;
        rights: Rights;
      }>(
        `SELECT t.id, t.name, t.settings, r.key AS role_key, r.name AS role_name, r.scope, r.rights FROM tenants t
         JOIN memberships m ON m.tenant_id = t.id AND m.user_id = $2 JOIN roles r ON r.tenant_id = t.id AND r.id = m.role_id
         WHERE t.id = $1`,
        [tenantId, userId],
      );
      const row = t.rows[0];
      if (row) {
        tenant = { id: row.id, name: row.name, settings: completeTenantSettings(row.settings) };
        role = { key: row.role_key, name: row.role_name, scope: row.scope, rights: row.rights };
      }
    }
    return {
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        settings: effectiveUserSettings(tenant?.settings ?? {}, user.settings),
      },
      tenant,
      role,
      tenants,
    };
  });
}

export async function changePassword(
  db: Database,
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionHash?: string,
) {
  const { rows } = await db.query<{ password_hash: string }>(
    `SELECT password_hash FROM users WHERE id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
    throw fieldError('currentPassword', 'Current password is wrong', 'wrong_password');
  }
  await setPassword(db, userId, newPassword, keepSessionHash);
}

/** Sets a password and ends every other session of that person (a stolen session dies with it). */
export async function setPassword(db: Database, userId: string, password: string, keepSessionHash?: string) {
  const passwordHash = await hashPassword(password);
  await db.transaction((tx) => storePassword(tx, userId, passwordHash, keepSessionHash));
}

export async function storePassword(
  tx: Transaction,
  userId: string,
  passwordHash: string,
  keepSessionHash?: string,
) {
  await tx.query(
    `UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = $1`,
    [userId, passwordHash],
  );
  await tx.query(`DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
    userId,
    keepSessionHash ?? null,
  ]);
}

/** A person's own settings; audited in the organisation they are working in, when there is one. */
export async function updateMySettings(
  db: Database,
  userId: string,
  patch: Partial<UserSettings>,
  ctx?: Context,
) {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ settings: Partial<UserSettings> }>(
      `SELECT settings FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    const before = rows[0]?.settings ?? {};
    const after = { ...before, ...patch };
    await tx.query(
      `UPDATE users SET settings = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
      [userId, JSON.stringify(after)],
    );
    if (ctx) await audit(tx, ctx, { entity: 'user', entityId: userId, action: 'update', before, after });
  });
}

export { openSession };
