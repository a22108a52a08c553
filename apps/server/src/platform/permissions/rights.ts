import { z } from 'zod';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'admin'] as const;
export type Action = (typeof ACTIONS)[number];
export const ActionSchema = z.enum(ACTIONS);

export const SCOPES = ['own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const BUILTIN_ROLES = ['owner', 'admin', 'manager', 'agent', 'read_only'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLES)[number];

/** Rights per module: which actions a role may take there. */
export type Rights = Record<string, Action[]>;

interface PermissionModule {
  key: string;
  /**
   * Business modules hold customer data: managers and agents work in them. Catalogue modules hold
   * what the organisation sells (products, prices): everyone reads them, managers keep them. Others
   * are administration, or personal (each member's own things).
   */
  kind: 'business' | 'catalogue' | 'administration' | 'personal';
}

// Modules register here so custom roles can grant rights on them and built-in roles cover them.
const modules = new Map<string, PermissionModule>();

export function registerPermissionModule(module: PermissionModule): void {
  modules.set(module.key, module);
}

export function permissionModules(): PermissionModule[] {
  return [...modules.values()];
}

for (const key of ['users', 'teams', 'roles', 'tokens', 'settings', 'audit']) {
  registerPermissionModule({ key, kind: 'administration' });
}
// Every signed-in person may watch the progress of their own jobs.
registerPermissionModule({ key: 'jobs', kind: 'personal' });

const ALL: Action[] = [...ACTIONS];
const KEEP: Action[] = ['read', 'create', 'update', 'delete', 'export'];

/** What managers, agents and read-only members may do in each kind of module (owners and admins: all). */
const STAFF_RIGHTS: Record<PermissionModule['kind'], Record<'manager' | 'agent' | 'read_only', Action[]>> = {
  business: { manager: KEEP, agent: ['read', 'create', 'update'], read_only: ['read'] },
  catalogue: { manager: KEEP, agent: ['read'], read_only: ['read'] },
  personal: { manager: ['read', 'create'], agent: ['read', 'create'], read_only: ['read'] },
  administration: { manager: [], agent: [], read_only: [] },
};
/** Every member may see who the members and teams are. */
const EVERYONE_READS = new Set(['users', 'teams']);

/** The rights and scope of a built-in role, computed from the registered modules. */
export function builtinRole(key: BuiltinRoleKey): { rights: Rights; scope: Scope } {
  const rights: Rights = {};
  for (const m of modules.values()) {
    rights[m.key] =
      key === 'owner' || key === 'admin'
        ? [...ALL]
        : EVERYONE_READS.has(m.key)
          ? ['read']
          : [...STAFF_RIGHTS[m.kind][key]];
  }
  const scope: Scope = key === 'manager' ? 'team' : key === 'agent' ? 'own' : 'all';
  return { rights, scope };
}

export const ROLE_NAMES: Record<BuiltinRoleKey, { fa: string; en: string }> = {
  owner: { fa: 'مالک', en: 'Owner' },
  admin: { fa: 'مدیر سیستم', en: 'Administrator' },
  manager: { fa: 'مدیر فروش/تیم', en: 'Manager' },
  agent: { fa: 'کارشناس', en: 'Agent' },
  read_only: { fa: 'فقط خواندنی', en: 'Read-only' },
};
