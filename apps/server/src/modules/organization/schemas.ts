import { normalizeEmail } from '@peyvand/persian';
import { z } from 'zod';
import { EmailSchema, NameSchema, PasswordSchema } from '../../platform/auth/schemas.js';
import { ACTIONS, SCOPES } from '../../platform/permissions/rights.js';
import { economicCode, legalId, postalCode, sheba, text, website } from '../customers/fields.js';

export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export const LOGO_MAX_BYTES = 256 * 1024;

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

/** The letterhead printed on quotes and invoices; null where not given. */
export const OrganisationProfileSchema = z
  .object({
    legalNameFa: z.string().nullable(),
    legalNameEn: z.string().nullable(),
    addressFa: z.string().nullable(),
    addressEn: z.string().nullable(),
    postalCode: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    nationalId: z.string().nullable().describe('شناسه ملی of the legal entity, 11 digits'),
    economicCode: z.string().nullable().describe('کد اقتصادی, 10–12 digits'),
    registrationNumber: z.string().nullable().describe('شماره ثبت'),
    sheba: z.string().nullable().describe('شماره شبا of the account customers pay into: IR + 24 digits'),
    logo: z.object({ contentType: z.enum(LOGO_TYPES), bytes: z.number().int() }).nullable(),
    version: z.number().int(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: 'OrganisationProfile' });
export type OrganisationProfile = z.infer<typeof OrganisationProfileSchema>;

/** Blank text clears a field; Persian digits and spacing are accepted in the codes. */
export const OrganisationProfilePatchSchema = z
  .object({
    legalNameFa: text(200),
    legalNameEn: text(200),
    addressFa: text(500),
    addressEn: text(500),
    postalCode,
    phone: text(60),
    email: z
      .string()
      .max(254)
      .transform((v, ctx) => {
        if (v.trim() === '') return null;
        const r = normalizeEmail(v);
        if (r.ok) return r.value;
        ctx.addIssue({
          code: 'custom',
          message: 'Not a valid e-mail address',
          params: { code: 'invalid_email' },
        });
        return z.NEVER;
      })
      .nullable(),
    website,
    nationalId: legalId,
    economicCode,
    registrationNumber: text(40),
    sheba,
  })
  .partial()
  .strict();
export type OrganisationProfilePatch = z.infer<typeof OrganisationProfilePatchSchema>;
