// The administration API as the /admin screens use it. Shapes follow apps/server: the organization
// module (members, invitations, teams, roles), platform/auth/token-routes.ts (API tokens),
// platform/tenancy/routes.ts (organisation settings) and customers (custom fields, recycle bin).
import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import type { Calendar, Digits, Locale } from '../../api/types';
import { type CustomerRecord, ENTITIES, type Entity, PLURAL } from '../customers/api';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'admin'] as const;
export type Action = (typeof ACTIONS)[number];
export const SCOPES = ['own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export const BUILTIN_ROLES = ['owner', 'admin', 'manager', 'agent', 'read_only'] as const;
/** The permission modules the server registers today; others it reports are shown by their key. */
export const KNOWN_MODULES = [
  'customers',
  'relationships',
  'interactions',
  'notes',
  'tasks',
  'attachments',
  'products',
  'notifications',
  'jobs',
  'users',
  'teams',
  'roles',
  'tokens',
  'settings',
  'audit',
] as const;

export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'boolean',
  'select',
  'multi_select',
  'email',
  'phone',
  'url',
  'relation',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface Member {
  id: string;
  name: string;
  email: string;
  role: string;
  status: 'active' | 'disabled';
  teamIds: string[];
  version: number;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}
export type CreatedInvitation = Invitation & { token: string; link: string };

export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type Rights = Record<string, Action[]>;
export interface Role {
  id: string;
  key: string;
  name: string;
  builtin: boolean;
  rights: Rights;
  scope: Scope;
  version: number;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export type CreatedToken = ApiToken & { token: string };

export interface FieldOption {
  value: string;
  labelFa: string;
  labelEn: string;
}
/** The records custom fields can be defined for: the customer records, and deals. */
export const CUSTOM_FIELD_ENTITIES = [...ENTITIES, 'deal'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

export interface CustomField {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  labelFa: string;
  labelEn: string;
  type: CustomFieldType;
  options: FieldOption[];
  relationEntity: Entity | null;
  required: boolean;
  position: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface CustomFieldInput {
  entity: CustomFieldEntity;
  key: string;
  labelFa: string;
  labelEn: string;
  type: CustomFieldType;
  options: FieldOption[];
  relationEntity?: Entity;
  required: boolean;
}

export interface OrganizationSettings {
  locale: Locale;
  calendar: Calendar;
  timeZone: string;
  digits: Digits;
  currency: string;
  moneyDisplay: 'rial' | 'toman';
}

/** The letterhead's text fields, in the order the form shows them. */
export const LETTERHEAD_FIELDS = [
  'legalNameFa',
  'legalNameEn',
  'addressFa',
  'addressEn',
  'phone',
  'postalCode',
  'email',
  'website',
  'nationalId',
  'economicCode',
  'registrationNumber',
  'sheba',
] as const;
export type LetterheadField = (typeof LETTERHEAD_FIELDS)[number];
/** The organisation's letterhead (server: modules/organization/profile.ts). */
export type Letterhead = Record<LetterheadField, string | null> & {
  logo: { contentType: string; bytes: number } | null;
  version: number;
};

export type DeletedRecord = CustomerRecord & { deletedAt: string | null };

interface Items<T> {
  items: T[];
  nextCursor: string | null;
}

export const adminKeys = {
  members: ['admin', 'members'] as const,
  invitations: ['admin', 'invitations'] as const,
  teams: ['admin', 'teams'] as const,
  roles: ['admin', 'roles'] as const,
  tokens: ['admin', 'tokens'] as const,
  fields: (entity: CustomFieldEntity) => ['admin', 'custom-fields', entity] as const,
  settings: ['admin', 'settings'] as const,
  letterhead: ['admin', 'letterhead'] as const,
  bin: (entity: Entity) => ['admin', 'bin', entity] as const,
};

const items = async <T>(path: string) => (await api.get<Items<T>>(path)).items;

export const useMembers = () =>
  useQuery({ queryKey: adminKeys.members, queryFn: () => items<Member>('/api/v1/users?limit=200') });
export const useInvitations = () =>
  useQuery({ queryKey: adminKeys.invitations, queryFn: () => items<Invitation>('/api/v1/invitations') });
export const useTeams = () =>
  useQuery({ queryKey: adminKeys.teams, queryFn: () => items<Team>('/api/v1/teams') });
/** Built-in roles from the most to the least powerful, then the custom ones by name. */
function roleOrder(a: Role, b: Role): number {
  const rank = (role: Role) => {
    const index = (BUILTIN_ROLES as readonly string[]).indexOf(role.key);
    return index < 0 ? BUILTIN_ROLES.length : index;
  };
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}
export const useRoles = () =>
  useQuery({
    queryKey: adminKeys.roles,
    queryFn: async () => (await items<Role>('/api/v1/roles')).sort(roleOrder),
  });
export const useTokens = () =>
  useQuery({ queryKey: adminKeys.tokens, queryFn: () => items<ApiToken>('/api/v1/tokens') });
export const useCustomFields = (entity: CustomFieldEntity) =>
  useQuery({
    queryKey: adminKeys.fields(entity),
    queryFn: () => items<CustomField>(`/api/v1/custom-fields?entity=${entity}`),
  });
export const useOrganizationSettings = () =>
  useQuery({
    queryKey: adminKeys.settings,
    queryFn: () => api.get<OrganizationSettings>('/api/v1/settings'),
  });
export const useLetterhead = () =>
  useQuery({
    queryKey: adminKeys.letterhead,
    queryFn: () => api.get<Letterhead>('/api/v1/settings/profile'),
  });
export const useRecycleBin = (entity: Entity) =>
  useQuery({
    queryKey: adminKeys.bin(entity),
    queryFn: () => items<DeletedRecord>(`/api/v1/${PLURAL[entity]}?deleted=true&limit=100`),
  });

/** A mutation that refreshes the given lists when it succeeds. */
export function useAdminMutation<TInput, TResult>(
  mutationFn: (input: TInput) => Promise<TResult>,
  invalidate: QueryKey[],
) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  return useMutation({
    mutationFn,
    onSuccess: refresh,
    // Someone else saved first (409 on If-Match): load their version so the next try starts from it.
    onError: (error) => (isApiError(error, 409) ? refresh() : undefined),
  });
}

/** Every module the roles mention (the owner's role covers all registered ones), known ones first. */
export function permissionModules(roles: Role[]): string[] {
  const reported = new Set(roles.flatMap((role) => Object.keys(role.rights)));
  const known = KNOWN_MODULES.filter((m) => reported.has(m) || reported.size === 0);
  const others = [...reported].filter((m) => !(KNOWN_MODULES as readonly string[]).includes(m)).sort();
  return [...known, ...others];
}
