import { audit } from '../audit/audit.js';
import type { Transaction } from '../db/database.js';
import { emit } from '../events/outbox.js';
import { newId } from '../ids.js';
import type { Actor } from '../permissions/can.js';
import { BUILTIN_ROLES, builtinRole, ROLE_NAMES } from '../permissions/rights.js';
import { defaultTenantSettings } from '../settings/settings.js';

export interface TenantRow {
  id: string;
  name: string;
  settings: Record<string, unknown>;
}

/**
 * Creates an organisation with its built-in roles and makes `ownerId` its owner. Runs as the system
 * (no tenant context yet) inside the caller's transaction; audited as the new owner's act.
 */
export async function createTenant(
  tx: Transaction,
  input: { name: string; locale: 'fa' | 'en'; ownerId: string },
  requestId: string,
): Promise<{ tenant: TenantRow; owner: Actor }> {
  const tenantId = newId();
  const settings = defaultTenantSettings(input.locale);
  await tx.query(`INSERT INTO tenants (id, name, settings) VALUES ($1, $2, $3)`, [
    tenantId,
    input.name,
    JSON.stringify(settings),
  ]);
  const roleIds: Record<string, string> = {};
  for (const key of BUILTIN_ROLES) {
    const { rights, scope } = builtinRole(key);
    roleIds[key] = newId();
    await tx.query(
      `INSERT INTO roles (tenant_id, id, key, name, builtin, rights, scope) VALUES ($1, $2, $3, $4, true, $5, $6)`,
      [tenantId, roleIds[key], key, ROLE_NAMES[key][input.locale], JSON.stringify(rights), scope],
    );
  }
  const ownerRoleId = roleIds.owner as string;
  await tx.query(`INSERT INTO memberships (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [
    tenantId,
    input.ownerId,
    ownerRoleId,
  ]);
  const owner: Actor = {
    kind: 'user',
    userId: input.ownerId,
    tenantId,
    role: { id: ownerRoleId, key: 'owner', ...builtinRole('owner') },
    teamIds: [],
  };
  const ctx = { actor: owner, requestId };
  await audit(tx, ctx, {
    entity: 'tenant',
    entityId: tenantId,
    action: 'create',
    after: { name: input.name, settings },
  });
  await audit(tx, ctx, {
    entity: 'membership',
    entityId: input.ownerId,
    action: 'create',
    after: { role: 'owner' },
  });
  await emit(tx, ctx, 'tenant.created', { tenantId, name: input.name });
  return { tenant: { id: tenantId, name: input.name, settings }, owner };
}

/** Organisations a person is an active member of, for the switcher. */
export async function tenantsOf(tx: Transaction, userId: string) {
  const { rows } = await tx.query<{ id: string; name: string; role: string }>(
    `SELECT t.id, t.name, r.key AS role FROM memberships m
     JOIN tenants t ON t.id = m.tenant_id JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
     WHERE m.user_id = $1 AND m.status = 'active' ORDER BY t.name`,
    [userId],
  );
  return rows;
}
