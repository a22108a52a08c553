import { z } from 'zod';
import { bulkIds, bulkResultSchema } from '../../platform/http/bulk.js';
import { CUSTOM_KEY, ListFieldInfoSchema, ListQuerySchema } from '../../platform/http/list-query.js';
import {
  CUSTOMER_TYPES,
  customValues,
  dateValue,
  EmailSchema,
  economicCode,
  emailList,
  emailPoint,
  legalId,
  nationalId,
  PhoneSchema,
  phoneList,
  phonePoint,
  postalCode,
  requiredText,
  tagList,
  text,
  website,
} from './fields.js';

export const ENTITIES = ['account', 'contact', 'lead'] as const;
export type Entity = (typeof ENTITIES)[number];
/** The records custom fields can be defined for: the customer records, and deals (sales). */
export const CUSTOM_FIELD_ENTITIES = [...ENTITIES, 'deal'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/** Every collection: the shared list query, plus `deleted=true` for the recycle bin. */
export const RecordListQuerySchema = ListQuerySchema.extend({
  deleted: z
    .stringbool({ truthy: ['true'], falsy: ['false'] })
    .default(false)
    .describe('true: the recycle bin (soft-deleted records) instead of the live ones'),
});

export const DuplicateSchema = z
  .object({
    type: z.enum(ENTITIES),
    id: z.uuid(),
    title: z.string(),
    reason: z.enum(['email', 'phone', 'nationalId', 'name']),
  })
  .meta({ id: 'PossibleDuplicate' });
export type Duplicate = z.infer<typeof DuplicateSchema>;

const owner = z.uuid().nullable().describe('The member who owns the record; default: the creator');
const record = {
  id: z.uuid(),
  ownerId: z.uuid().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: z.uuid().nullable(),
  deletedAt: z.date().nullable(),
};
const points = {
  email: z.string().nullable().describe('The first e-mail as typed'),
  phone: z.string().nullable().describe('The first phone as typed'),
  emails: z.array(EmailSchema),
  phones: z.array(PhoneSchema),
};
const pointInput = {
  email: emailPoint.nullable().optional().describe('Shorthand for the first e-mail'),
  phone: phonePoint.nullable().optional().describe('Shorthand for the first phone'),
  emails: emailList.optional(),
  phones: phoneList.optional(),
};

// ---- accounts ----

export const AccountSchema = z
  .object({
    ...record,
    name: z.string(),
    nationalId: z.string().nullable().describe('شناسه ملی: the 11-digit national ID of a legal entity'),
    economicCode: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    ...points,
    website: z.string().nullable(),
    industry: z.string().nullable(),
    country: z.string().nullable(),
    province: z.string().nullable(),
    city: z.string().nullable(),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    customerType: z.enum(CUSTOMER_TYPES),
    description: z.string().nullable(),
  })
  .meta({ id: 'Account' });
export type AccountView = z.infer<typeof AccountSchema>;

const accountFields = {
  name: requiredText(300),
  nationalId: legalId.optional(),
  economicCode: economicCode.optional(),
  registrationNumber: text(50).optional(),
  ...pointInput,
  website: website.optional(),
  industry: text(200).optional(),
  country: text(100).optional(),
  province: text(100).optional(),
  city: text(100).optional(),
  address: text(1000).optional(),
  postalCode: postalCode.optional(),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  description: text(10_000).optional(),
  ownerId: owner.optional(),
  tags: tagList.optional(),
  custom: customValues.optional(),
};
export const AccountCreateSchema = z.object(accountFields);
export type AccountCreate = z.infer<typeof AccountCreateSchema>;
export const AccountPatchSchema = z.object(accountFields).partial().strict();
export type AccountPatch = z.infer<typeof AccountPatchSchema>;

// ---- contacts ----

export const ContactAccountSchema = z
  .object({ accountId: z.uuid(), name: z.string(), role: z.string().nullable(), primary: z.boolean() })
  .meta({ id: 'ContactAccount' });

export const ContactSchema = z
  .object({
    ...record,
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    displayName: z.string(),
    nationalId: z.string().nullable().describe('کد ملی: 10 digits'),
    ...points,
    birthDate: z.string().nullable().describe('YYYY-MM-DD (Gregorian)'),
    gender: z.enum(['female', 'male', 'other']).nullable(),
    jobTitle: z.string().nullable(),
    customerType: z.enum(CUSTOMER_TYPES),
    description: z.string().nullable(),
    accountId: z.uuid().nullable().describe('The primary account'),
    accounts: z.array(ContactAccountSchema),
  })
  .meta({ id: 'Contact' });
export type ContactView = z.infer<typeof ContactSchema>;

const AccountLinkSchema = z.object({
  accountId: z.uuid(),
  role: text(200).optional().describe('Title or role at this account'),
  primary: z.boolean().optional(),
});
export type AccountLink = z.infer<typeof AccountLinkSchema>;

const contactFields = {
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  nationalId: nationalId.optional(),
  ...pointInput,
  birthDate: dateValue.optional().describe('YYYY-MM-DD, or a Jalali date such as ۱۳۶۵/۰۴/۱۲'),
  gender: z.enum(['female', 'male', 'other']).nullable().optional(),
  jobTitle: text(200).optional(),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  description: text(10_000).optional(),
  ownerId: owner.optional(),
  accountId: z.uuid().nullable().optional().describe('Link to this account as the primary one'),
  accounts: z
    .array(AccountLinkSchema)
    .max(50)
    .optional()
    .describe('All account links (replaces them on PATCH)'),
  tags: tagList.optional(),
  custom: customValues.optional(),
};
/** A contact's fields, all optional (the contact part of a lead conversion). */
export const ContactInputSchema = z.object(contactFields);
export type ContactInput = z.infer<typeof ContactInputSchema>;

const needsName = (
  v: { firstName?: string | null; lastName?: string | null },
  ctx: z.core.$RefinementCtx,
) => {
  if (!v.firstName && !v.lastName)
    ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'Give a first or a last name' });
};
export const ContactCreateSchema = ContactInputSchema.superRefine(needsName);
export type ContactCreate = z.infer<typeof ContactCreateSchema>;
export const ContactPatchSchema = z.object(contactFields).partial().strict();
export type ContactPatch = z.infer<typeof ContactPatchSchema>;

// ---- leads ----

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
const OPEN_STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;

export const LeadSchema = z
  .object({
    ...record,
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    fullName: z.string(),
    companyName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    ...points,
    website: z.string().nullable(),
    source: z.string().nullable(),
    status: z.enum(LEAD_STATUSES),
    score: z.number().int(),
    description: z.string().nullable(),
    convertedAt: z.date().nullable(),
    convertedAccountId: z.uuid().nullable(),
    convertedContactId: z.uuid().nullable(),
  })
  .meta({ id: 'Lead' });
export type LeadView = z.infer<typeof LeadSchema>;

const leadFields = {
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  companyName: text(300).optional(),
  jobTitle: text(200).optional(),
  ...pointInput,
  website: website.optional(),
  source: text(100).optional().describe('Where the lead came from: web, referral, exhibition…'),
  status: z
    .enum(OPEN_STATUSES)
    .optional()
    .describe('converted is set only by POST /api/v1/leads/{id}/convert'),
  score: z.number().int().min(0).max(100).optional(),
  description: text(10_000).optional(),
  ownerId: owner.optional(),
  tags: tagList.optional(),
  custom: customValues.optional(),
};
export const LeadCreateSchema = z.object(leadFields).superRefine((v, ctx) => {
  if (!v.firstName && !v.lastName && !v.companyName)
    ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'Give a person’s or a company’s name' });
});
export type LeadCreate = z.infer<typeof LeadCreateSchema>;
export const LeadPatchSchema = z.object(leadFields).partial().strict();
export type LeadPatch = z.infer<typeof LeadPatchSchema>;

/** Conversion: link or create the account and the contact. No deal yet (the sales module adds it). */
export const LeadConvertSchema = z
  .object({
    accountId: z.uuid().optional().describe('Link an existing account'),
    account: AccountCreateSchema.partial()
      .nullable()
      .optional()
      .describe('Create an account (fields default to the lead’s company); null: no account'),
    contactId: z.uuid().optional().describe('Link an existing contact'),
    contact: ContactInputSchema.nullable()
      .optional()
      .describe('Create a contact (fields default to the lead’s); null: no contact'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.accountId && v.account)
      ctx.addIssue({ code: 'custom', path: ['account'], message: 'Give accountId or account, not both' });
    if (v.contactId && v.contact)
      ctx.addIssue({ code: 'custom', path: ['contact'], message: 'Give contactId or contact, not both' });
  });
export type LeadConvert = z.infer<typeof LeadConvertSchema>;

export const LeadConversionSchema = z
  .object({ lead: LeadSchema, account: AccountSchema.nullable(), contact: ContactSchema.nullable() })
  .meta({ id: 'LeadConversion' });

// ---- batches ----

export const MAX_BATCH = 100;
export const batchOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).min(1).max(MAX_BATCH).describe(`1 to ${MAX_BATCH} records, all or none`) });
/** One change applied to many records of a type (the list screens' bulk actions). */
export const BulkActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: bulkIds, ownerId: z.uuid() }).strict(),
  z
    .object({ action: z.literal('addTags'), ids: bulkIds, tags: tagList.pipe(z.array(z.string()).min(1)) })
    .strict(),
  z
    .object({ action: z.literal('removeTags'), ids: bulkIds, tags: tagList.pipe(z.array(z.string()).min(1)) })
    .strict(),
  z.object({ action: z.literal('delete'), ids: bulkIds }).strict(),
]);
export type BulkAction = z.infer<typeof BulkActionSchema>;
export const BulkResultSchema = bulkResultSchema(['assign', 'addTags', 'removeTags', 'delete'], 'BulkResult');

export const createdOf = <T extends z.ZodObject>(item: T) =>
  item.extend({
    possibleDuplicates: z
      .array(DuplicateSchema)
      .describe('Existing records that look like this one (same e-mail, phone, ID, or a very similar name)'),
  });

// ---- custom fields ----

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

const OptionSchema = z.object({
  value: z.string().min(1).max(100),
  labelFa: z.string().max(200),
  labelEn: z.string().max(200).default(''),
});

/**
 * A field of a list with custom fields (GET /<plural>/fields of accounts, contacts, leads, deals); a
 * custom one carries its definition's labels.
 */
export const CustomerListFieldSchema = ListFieldInfoSchema.extend({
  custom: z
    .object({
      labelFa: z.string(),
      labelEn: z.string(),
      type: z.enum(CUSTOM_FIELD_TYPES),
      options: z.array(z.object({ value: z.string(), labelFa: z.string(), labelEn: z.string() })),
    })
    .optional(),
}).meta({ id: 'CustomerListField' });
export type CustomerListField = z.infer<typeof CustomerListFieldSchema>;

export const CustomFieldSchema = z
  .object({
    id: z.uuid(),
    entity: z.enum(CUSTOM_FIELD_ENTITIES),
    key: z.string(),
    labelFa: z.string(),
    labelEn: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.object({ value: z.string(), labelFa: z.string(), labelEn: z.string() })),
    relationEntity: z.enum(ENTITIES).nullable(),
    required: z.boolean(),
    position: z.number().int(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'CustomField' });
export type CustomFieldView = z.infer<typeof CustomFieldSchema>;

const checkOptions = (
  v: { type?: CustomFieldType; options?: { value: string }[] },
  ctx: z.core.$RefinementCtx,
) => {
  const values = (v.options ?? []).map((o) => o.value);
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: ['options', i, 'value'], message: 'Repeated value' });
    seen.add(value);
  });
};

export const CustomFieldCreateSchema = z
  .object({
    entity: z.enum(CUSTOM_FIELD_ENTITIES),
    key: z.string().regex(CUSTOM_KEY, 'A letter, then letters, digits or _ (at most 63)'),
    labelFa: requiredText(200),
    labelEn: z.string().max(200).default(''),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(OptionSchema).max(500).default([]),
    relationEntity: z.enum(ENTITIES).optional().describe('For type relation: which records it points to'),
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(100_000).default(0),
  })
  .superRefine((v, ctx) => {
    checkOptions(v, ctx);
    const selects = v.type === 'select' || v.type === 'multi_select';
    if (selects && v.options.length === 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A select field needs options' });
    if (!selects && v.options.length > 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only select fields have options' });
    if ((v.type === 'relation') !== (v.relationEntity !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['relationEntity'],
        message: 'A relation field names its entity; other types do not',
      });
  });
export type CustomFieldCreate = z.infer<typeof CustomFieldCreateSchema>;

export const CustomFieldPatchSchema = z
  .object({
    labelFa: requiredText(200),
    labelEn: z.string().max(200),
    options: z.array(OptionSchema).max(500),
    required: z.boolean(),
    position: z.number().int().min(0).max(100_000),
  })
  .partial()
  .strict()
  .superRefine(checkOptions);
export type CustomFieldPatch = z.infer<typeof CustomFieldPatchSchema>;
