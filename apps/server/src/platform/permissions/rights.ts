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
  /** Business modules hold customer data: managers and agents work in them. Others are administration. */
  kind: 'business' | 'administration' | 'personal';
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

/** The rights and scope of a built-in role, computed from the registered modules. */
export function builtinRole(key: BuiltinRoleKey): { rights: Rights; scope: Scope } {
  const rights: Rights = {};
  for (const m of modules.values()) {
    switch (key) {
      case 'owner':
      case 'admin':
        rights[m.key] = ALL;
        break;
      case 'manager':
        rights[m.key] =
          m.kind === 'business'
            ? ['read', 'create', 'update', 'delete', 'export']
            : m.kind === 'personal'
              ? ['read', 'create']
              : m.key === 'users' || m.key === 'teams'
                ? ['read']
                : [];
        break;
      case 'agent':
        rights[m.key] =
          m.kind === 'business'
            ? ['read', 'create', 'update']
            : m.kind === 'personal'
              ? ['read', 'create']
              : m.key === 'users' || m.key === 'teams'
                ? ['read']
                : [];
        break;
      case 'read_only':
        rights[m.key] =
          m.kind === 'business' || m.kind === 'personal'
            ? ['read']
            : m.key === 'users' || m.key === 'teams'
              ? ['read']
              : [];
        break;
    }
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
