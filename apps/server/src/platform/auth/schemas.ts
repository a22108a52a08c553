import { z } from 'zod';
import { ActionSchema, SCOPES } from '../permissions/rights.js';
import { LocaleSchema, TenantSettingsSchema, UserSettingsSchema } from '../settings/settings.js';

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Invalid e-mail address' }))
  .meta({ example: 'sara@example.com' });
export const PasswordSchema = z.string().min(8, 'At least 8 characters').max(200);
export const NameSchema = z.string().trim().min(1, 'Required').max(200);

export const UserSchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), settings: UserSettingsSchema })
  .meta({ id: 'User' });
export const TenantSchema = z
  .object({ id: z.uuid(), name: z.string(), settings: TenantSettingsSchema })
  .meta({ id: 'Tenant' });
export const MeSchema = z
  .object({
    user: UserSchema,
    tenant: TenantSchema.nullable(),
    role: z
      .object({
        key: z.string(),
        name: z.string(),
        scope: z.enum(SCOPES).describe('Whose records the role reaches: own, team or all'),
        rights: z
          .record(z.string(), z.array(ActionSchema))
          .describe('Actions per permission module, so screens show only the controls the server allows'),
      })
      .nullable(),
    tenants: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })),
  })
  .meta({ id: 'Me' });
export const SessionResponseSchema = z
  .object({ user: UserSchema, tenant: TenantSchema.nullable() })
  .meta({ id: 'Session' });

export const SignupSchema = z.object({
  organization: NameSchema,
  name: NameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  locale: LocaleSchema.default('fa'),
});
export const LoginSchema = z.object({ email: EmailSchema, password: z.string().min(1, 'Required').max(200) });
export const SwitchSchema = z.object({ tenantId: z.uuid() });
export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});
