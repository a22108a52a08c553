import { z } from 'zod';
import { EmailSchema, NameSchema, PasswordSchema } from '../../platform/auth/schemas.js';
import { ACTIONS, SCOPES } from '../../platform/permissions/rights.js';

export const MemberSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.enum(['active', 'disabled']),
    teamIds: z.array(z.uuid()),
    version: z.number().int(),
    createdAt: z.date(),
  })
  .meta({ id: 'Member' });
export const MemberPatchSchema = z
  .object({
    role: z.string().min(1).max(64),
    status: z.enum(['active', 'disabled']),
    teamIds: z.array(z.uuid()).max(100),
  })
  .partial()
  .strict();

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.string(),
    createdAt: z.date(),
    expiresAt: z.date(),
    acceptedAt: z.date().nullable(),
  })
  .meta({ id: 'Invitation' });
export const InvitationCreateSchema = z.object({
  email: EmailSchema,
  role: z.string().min(1).max(64).default('agent'),
});
// `name` is needed only when the invitation creates a new account.
export const InvitationAcceptSchema = z.object({ name: NameSchema.optional(), password: PasswordSchema });

export const TeamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    memberIds: z.array(z.uuid()),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Team' });
export const TeamCreateSchema = z.object({
  name: NameSchema,
  memberIds: z.array(z.uuid()).max(1000).default([]),
});
export const TeamPatchSchema = z
  .object({ name: NameSchema, memberIds: z.array(z.uuid()).max(1000) })
  .partial()
  .strict();

export const RightsSchema = z.record(z.string().min(1).max(64), z.array(z.enum(ACTIONS)).max(ACTIONS.length));
export const RoleSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    builtin: z.boolean(),
    rights: RightsSchema,
    scope: z.enum(SCOPES),
    version: z.number().int(),
  })
  .meta({ id: 'Role' });
export const RoleCreateSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'Lower-case letters, digits and _'),
  name: NameSchema,
  rights: RightsSchema,
  scope: z.enum(SCOPES),
});
export const RolePatchSchema = RoleCreateSchema.omit({ key: true }).partial().strict();

export const PasswordResetSchema = z.object({ password: PasswordSchema });
