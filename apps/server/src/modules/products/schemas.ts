import { CURRENCIES, compareAmounts, isDecimal } from '@peyvand/billing';
import { toLatinDigits } from '@peyvand/persian';
import { z } from 'zod';
import { AmountSchema } from '../../platform/http/amount.js';
import { ListQuerySchema } from '../../platform/http/list-query.js';

// ---- values ----

const name = (max = 200) => z.string().trim().min(1, 'Must not be blank').max(max);
const optionalText = (max: number) => z.string().trim().max(max);

/** Money as a decimal string (never a JSON number, so no float touches it): up to 20 digits and 4 places. */
export const amount = z
  .string()
  .regex(/^(0|[1-9]\d{0,19})(\.\d{1,4})?$/, {
    message: 'A non-negative amount as a decimal string, e.g. "1250000" or "19.99"',
  })
  .describe('Decimal string, ≥ 0, up to 4 decimal places');
const signedAmount = z
  .string()
  .regex(/^-?(0|[1-9]\d{0,19})(\.\d{1,4})?$/, {
    message: 'An amount as a decimal string, e.g. "-500000" or "12.5"',
  })
  .describe('Decimal string, may be negative, up to 4 decimal places');
const quantity = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})(\.\d{1,4})?$/, {
    message: 'A quantity as a decimal string, e.g. "3" or "1.5"',
  })
  .refine((q) => !/^0(\.0+)?$/.test(q), { message: 'Must be more than zero' });
export const rate = z
  .string()
  .regex(/^(0|[1-9]\d{0,2})(\.\d{1,4})?$/, {
    message: 'A percentage as a decimal string, e.g. "10" or "9.5"',
  })
  // Checks run on even when the pattern failed: compare only what is a decimal.
  .refine((r) => !isDecimal(r) || compareAmounts(r, '100') <= 0, {
    message: 'At most 100',
  })
  .describe('Percent, 0–100, as a decimal string');
export const currency = z.enum(CURRENCIES as [string, ...string[]]).describe('ISO 4217 code');
const day = z.iso.date().describe('YYYY-MM-DD');

/** SKUs and their parts are kept in one canonical form: trimmed, upper case, Latin digits, spaces as '-'. */
export function normalizeSku(text: string): string {
  return toLatinDigits(text.normalize('NFKC')).trim().replace(/\s+/g, '-').toUpperCase();
}
const skuText = (pattern: RegExp, message: string) =>
  z.string().transform(normalizeSku).pipe(z.string().regex(pattern, { message }));
const sku = skuText(
  /^[A-Z0-9][A-Z0-9._/-]{0,63}$/,
  'Letters A–Z, digits and . _ / -, starting with a letter or digit, at most 64',
).describe('Stock-keeping unit, unique among live products; stored upper case with Latin digits');
/** No '-' in a suffix: the variant SKU is the SKU and the suffixes joined by '-', and must parse back. */
const skuSuffix = skuText(/^[A-Z0-9][A-Z0-9._/]{0,15}$/, 'Letters A–Z, digits and . _ /, at most 16');
const code = z.string().regex(/^[a-z0-9][a-z0-9_]{0,31}$/, {
  message: 'Lower-case letters, digits and _',
});

// ---- tax classes ----

export const TaxClassSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rate: z.string().describe('VAT rate in percent'),
    isDefault: z.boolean().describe('Products that name no tax class get this one'),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'TaxClass' });
export type TaxClass = z.infer<typeof TaxClassSchema>;
export const TaxClassCreateSchema = z.object({
  name: name(100),
  rate,
  isDefault: z
    .boolean()
    .default(false)
    .describe('Make this the default class (the previous default stops being it)'),
});
export type TaxClassCreate = z.infer<typeof TaxClassCreateSchema>;
export const TaxClassPatchSchema = z.object({
  name: name(100).optional(),
  rate: rate.optional(),
  isDefault: z
    .literal(true)
    .optional()
    .describe('Make this the default class; another is made default instead'),
});
export type TaxClassPatch = z.infer<typeof TaxClassPatchSchema>;

// ---- categories ----

export const CategorySchema = z
  .object({
    id: z.uuid(),
    nameFa: z.string(),
    nameEn: z.string(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'ProductCategory' });
export type Category = z.infer<typeof CategorySchema>;
export const CategoryCreateSchema = z.object({ nameFa: name(), nameEn: optionalText(200).default('') });
export type CategoryCreate = z.infer<typeof CategoryCreateSchema>;
export const CategoryPatchSchema = z.object({
  nameFa: name().optional(),
  nameEn: optionalText(200).optional(),
});
export type CategoryPatch = z.infer<typeof CategoryPatchSchema>;

// ---- products ----

export const KINDS = ['good', 'service'] as const;

const ChoiceSchema = z.object({
  code,
  nameFa: name(),
  nameEn: optionalText(200).default(''),
  skuSuffix,
  priceDelta: signedAmount.default('0').describe('Added to the unit price when chosen (may be negative)'),
});
const OptionGroupSchema = z.object({
  code: code.describe('How a configuration names this group, e.g. "ram"'),
  nameFa: name(),
  nameEn: optionalText(200).default(''),
  choices: z.array(ChoiceSchema).min(1).max(50),
});
/** As stored and answered (the input side normalises suffixes; answers carry them as they are). */
const OptionGroupViewSchema = z
  .object({
    code: z.string(),
    nameFa: z.string(),
    nameEn: z.string(),
    choices: z.array(
      z.object({
        code: z.string(),
        nameFa: z.string(),
        nameEn: z.string(),
        skuSuffix: z.string(),
        priceDelta: z.string(),
      }),
    ),
  })
  .meta({ id: 'ProductOptionGroup' });
export type OptionGroup = z.infer<typeof OptionGroupViewSchema>;
const options = z
  .array(OptionGroupSchema)
  .max(10)
  .describe(
    'Option groups a customer chooses from, in order (e.g. RAM, then disk); every group needs one choice. ' +
      'The variant SKU is the SKU and the chosen suffixes joined by "-"',
  );

const TaxClassRefSchema = z.object({ id: z.uuid(), name: z.string(), rate: z.string() });

export const ProductSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(KINDS),
    sku: z.string(),
    nameFa: z.string(),
    nameEn: z.string(),
    description: z.string(),
    unit: z.string(),
    basePrice: z.string(),
    currency: z.string(),
    taxClass: TaxClassRefSchema,
    categoryId: z.uuid().nullable(),
    active: z.boolean(),
    stockTracked: z.boolean(),
    options: z.array(OptionGroupViewSchema),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof ProductSchema>;

const productFields = {
  kind: z.enum(KINDS).describe('good: a thing that can be stocked; service: work sold by the unit'),
  sku,
  nameFa: name(),
  nameEn: optionalText(200),
  description: optionalText(5000),
  unit: name(50).describe('Unit of sale: عدد, ساعت, kg…'),
  basePrice: amount.describe('Unit price when no price list applies'),
  currency: currency.describe("ISO 4217 code; default: the organisation's currency"),
  taxClassId: z.uuid().describe('Default: the organisation’s default tax class'),
  categoryId: z.uuid().nullable(),
  active: z.boolean().describe('Inactive products stay on documents but are not offered'),
  stockTracked: z.boolean().describe('Goods only: is stock counted'),
  options,
};
export const ProductCreateSchema = z.object({
  ...productFields,
  kind: productFields.kind.default('good'),
  nameEn: productFields.nameEn.default(''),
  description: productFields.description.default(''),
  currency: productFields.currency.optional(),
  taxClassId: productFields.taxClassId.optional(),
  categoryId: productFields.categoryId.optional(),
  active: productFields.active.default(true),
  stockTracked: productFields.stockTracked.default(false),
  options: options.default([]),
});
export type ProductCreate = z.infer<typeof ProductCreateSchema>;
export const ProductPatchSchema = z.object(productFields).partial();
export type ProductPatch = z.infer<typeof ProductPatchSchema>;

export const ProductListQuerySchema = ListQuerySchema;

// ---- customer groups ----

const MemberSchema = z.object({ id: z.uuid(), title: z.string() });
export const CustomerGroupSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    accounts: z.array(MemberSchema),
    contacts: z.array(MemberSchema),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'CustomerGroup' });
export type CustomerGroup = z.infer<typeof CustomerGroupSchema>;
const members = z.array(z.uuid()).max(1000);
export const CustomerGroupCreateSchema = z.object({
  name: name(),
  accountIds: members.default([]).describe('Accounts in the group'),
  contactIds: members.default([]).describe('Contacts in the group'),
});
export type CustomerGroupCreate = z.infer<typeof CustomerGroupCreateSchema>;
export const CustomerGroupPatchSchema = z.object({
  name: name().optional(),
  accountIds: members.optional().describe('Replaces the accounts'),
  contactIds: members.optional().describe('Replaces the contacts'),
});
export type CustomerGroupPatch = z.infer<typeof CustomerGroupPatchSchema>;

// ---- price lists ----

const PriceListItemSchema = z.object({
  productId: z.uuid(),
  variantSku: z
    .string()
    .transform(normalizeSku)
    .nullable()
    .default(null)
    .describe("A variant's SKU: this price for that configuration only; null: for the product"),
  minQuantity: quantity.default('1').describe('From this quantity up (quantity breaks)'),
  unitPrice: amount,
});
export type PriceListItem = z.infer<typeof PriceListItemSchema>;
export const PriceListSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    currency: z.string(),
    customerGroupId: z.uuid().nullable(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    items: z.array(
      z.object({
        productId: z.uuid(),
        variantSku: z.string().nullable(),
        minQuantity: z.string(),
        unitPrice: z.string(),
      }),
    ),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'PriceList' });
export type PriceList = z.infer<typeof PriceListSchema>;
export const PriceListSummarySchema = PriceListSchema.omit({ items: true })
  .extend({ itemCount: z.number().int() })
  .meta({ id: 'PriceListSummary' });
export type PriceListSummary = z.infer<typeof PriceListSummarySchema>;
const priceListFields = {
  name: name(),
  currency: currency.describe('Applies to products priced in this currency'),
  customerGroupId: z.uuid().nullable().describe('Whose prices these are; null: everyone (a default list)'),
  validFrom: day.nullable().describe('First day it applies (inclusive); null: always has'),
  validTo: day.nullable().describe('Last day it applies (inclusive); null: no end'),
  items: z.array(PriceListItemSchema).max(5000),
};
export const PriceListCreateSchema = z.object({
  ...priceListFields,
  customerGroupId: priceListFields.customerGroupId.default(null),
  validFrom: priceListFields.validFrom.default(null),
  validTo: priceListFields.validTo.default(null),
  items: priceListFields.items.default([]),
});
export type PriceListCreate = z.infer<typeof PriceListCreateSchema>;
export const PriceListPatchSchema = z
  .object({ ...priceListFields, items: priceListFields.items.describe('Replaces every item') })
  .partial();
export type PriceListPatch = z.infer<typeof PriceListPatchSchema>;
export const PriceListListQuerySchema = ListQuerySchema;

// ---- prices and configuration ----

const customer = {
  accountId: z.uuid().optional().describe('Price for this account (its customer groups)'),
  contactId: z.uuid().optional().describe('Price for this contact (its customer groups)'),
  date: day.optional().describe("Price on this day; default: today in the organisation's time zone"),
  quantity: quantity.default('1'),
};
export const PriceQuerySchema = z.object({
  productId: z.uuid(),
  variantSku: z
    .string()
    .transform(normalizeSku)
    .optional()
    .describe("A variant's SKU, for a configured product"),
  ...customer,
});
export type PriceQuery = z.infer<typeof PriceQuerySchema>;

export const ConfigureSchema = z.object({
  choices: z
    .record(z.string(), z.string())
    .default({})
    .describe('Option group code → choice code, one for every group: {"ram":"16","disk":"512"}'),
  ...customer,
});
export type Configure = z.infer<typeof ConfigureSchema>;

const PriceSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('base'), priceListId: z.null(), name: z.null() }),
  z.object({ kind: z.literal('price_list'), priceListId: z.uuid(), name: z.string() }),
]);
export const PriceSchema = z
  .object({
    productId: z.uuid(),
    sku: z.string().describe('The variant SKU for a configured product, else the product SKU'),
    quantity: z.string(),
    unitPrice: z.string(),
    currency: z.string(),
    source: PriceSourceSchema.describe('Where the unit price came from: a price list, or the base price'),
    taxClass: TaxClassRefSchema,
    choices: z.array(
      z.object({
        group: z.string(),
        choice: z.string(),
        nameFa: z.string(),
        nameEn: z.string(),
        priceDelta: z.string(),
      }),
    ),
    totals: z
      .object({ net: z.string(), tax: z.string(), total: z.string() })
      .describe('For the quantity, rounded per the currency (packages/billing): net, VAT, total'),
  })
  .meta({ id: 'ResolvedPrice' });
export type Price = z.infer<typeof PriceSchema>;

// ---- lines: products (or free text) priced for a customer, on a deal or a sales document ----

const lineQuantity = AmountSchema.refine((v) => v !== '0', {
  message: 'Must be more than zero',
  params: { code: 'not_positive' },
});

export const DiscountSchema = z
  .object({
    kind: z.enum(['percent', 'amount']),
    value: AmountSchema.describe('A percent (0–100) or an amount in the currency of the deal or document'),
  })
  .refine((d) => d.kind === 'amount' || compareAmounts(d.value, '100') <= 0, {
    message: 'A percent is at most 100',
    path: ['value'],
    params: { code: 'too_big' },
  });

export const LineInputSchema = z
  .object({
    productId: z.uuid().optional().describe('A product of the catalogue; or leave out for a free-text line'),
    description: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .describe(
        "Required for a free-text line; default for a product: its name in the organisation's language",
      ),
    quantity: lineQuantity,
    unitPrice: AmountSchema.optional().describe("Default for a product: the customer's resolved price"),
    discount: DiscountSchema.nullable().optional(),
    taxClassId: z
      .uuid()
      .optional()
      .describe("Default: the product's tax class, else the organisation's default"),
  })
  .describe('A line: a product (priced for the customer) or free text');
export type LineInput = z.infer<typeof LineInputSchema>;
