import { z } from 'zod';
import { AmountSchema } from '../../platform/http/amount.js';
import { ListQuerySchema } from '../../platform/http/list-query.js';
import { DiscountSchema, LineInputSchema } from '../products/schemas.js';

export const DOCUMENT_TYPES = ['quote', 'sales_order', 'invoice', 'credit_note'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Every status a document of each type can have; the transitions between them are in status.ts. */
export const STATUSES = {
  quote: ['draft', 'sent', 'accepted', 'rejected', 'expired'],
  sales_order: ['open', 'invoiced', 'cancelled'],
  invoice: ['draft', 'issued', 'partly_paid', 'paid', 'cancelled'],
  credit_note: ['issued'],
} as const satisfies Record<DocumentType, readonly string[]>;
export const ALL_STATUSES = [...new Set(Object.values(STATUSES).flat())] as [string, ...string[]];

export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'cheque', 'other'] as const;

const day = z.iso.date().describe('YYYY-MM-DD');
const docFields = {
  accountId: z.uuid(),
  contactId: z.uuid().nullable().optional(),
  dealId: z.uuid().nullable().optional(),
  ownerId: z.uuid().optional().describe('Default: the creator'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .describe("ISO 4217; default: the organisation's currency"),
  issueDate: day.optional().describe("Default: today in the organisation's time zone"),
  dueDate: day.nullable().optional().describe("A quote's valid-until, an invoice's due date"),
  discount: DiscountSchema.nullable().optional().describe('Off the subtotal, spread over the lines'),
  rounding: z.enum(['half_up', 'half_even']).optional(),
  notes: z.string().max(4000).optional(),
  lines: z.array(LineInputSchema).min(1).max(500),
};

export const DocumentCreateSchema = z.object(docFields);
export type DocumentCreate = z.infer<typeof DocumentCreateSchema>;

export const DocumentPatchSchema = z
  .object({
    ...docFields,
    status: z.enum(ALL_STATUSES).describe('Move the document on; see the status machines in the README'),
    warehouseId: z
      .uuid()
      .describe(
        "With status issued (invoices): the warehouse the stock-tracked lines leave; default: the organisation's default warehouse",
      ),
  })
  .partial();
export type DocumentPatch = z.infer<typeof DocumentPatchSchema>;

const money = z.string().describe('Exact decimal string');

export const DocumentLineSchema = z
  .object({
    position: z.number().int(),
    productId: z.uuid().nullable(),
    description: z.string(),
    quantity: money,
    unitPrice: money,
    discount: z.object({ kind: z.enum(['percent', 'amount']), value: money }).nullable(),
    taxClassId: z.uuid().nullable(),
    taxRate: money,
    gross: money,
    lineDiscount: money,
    net: money,
    documentDiscount: money,
    taxable: money,
    tax: money,
    total: money,
  })
  .meta({ id: 'DocumentLine' });
export type DocumentLine = z.infer<typeof DocumentLineSchema>;

export const SalesDocumentSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(DOCUMENT_TYPES),
    status: z.enum(ALL_STATUSES),
    number: z.string().nullable(),
    accountId: z.uuid(),
    accountName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    dealId: z.uuid().nullable(),
    ownerId: z.uuid(),
    sourceId: z.uuid().nullable().describe('The document this one was made from'),
    warehouseId: z
      .uuid()
      .nullable()
      .describe('Issued invoices and their credit notes: the warehouse the stock left and returns to'),
    currency: z.string(),
    rounding: z.enum(['half_up', 'half_even']),
    issueDate: z.string(),
    dueDate: z.string().nullable(),
    discount: z.object({ kind: z.enum(['percent', 'amount']), value: money }).nullable(),
    notes: z.string(),
    gross: money,
    lineDiscounts: money,
    subtotal: money,
    documentDiscount: money,
    taxable: money,
    tax: money,
    total: money,
    paid: money,
    balance: money.describe('total − paid (invoices)'),
    lines: z.array(DocumentLineSchema),
    issuedAt: z.date().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'SalesDocument' });
export type SalesDocument = z.infer<typeof SalesDocumentSchema>;

export const DocumentSummarySchema = SalesDocumentSchema.omit({ lines: true }).meta({
  id: 'SalesDocumentSummary',
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

export const DocumentListQuerySchema = ListQuerySchema;

// ---- payments ----

export const PaymentCreateSchema = z.object({
  amount: AmountSchema.refine((v) => v !== '0', {
    message: 'Must be more than zero',
    params: { code: 'not_positive' },
  }),
  method: z.enum(PAYMENT_METHODS),
  paidOn: day.optional().describe("Default: today in the organisation's time zone"),
  reference: z.string().trim().max(200).default('').describe('Cheque number, transfer reference…'),
});
export type PaymentCreate = z.infer<typeof PaymentCreateSchema>;

export const PaymentSchema = z
  .object({
    id: z.uuid(),
    invoiceId: z.uuid(),
    invoiceNumber: z.string().nullable(),
    accountId: z.uuid(),
    amount: money,
    currency: z.string(),
    method: z.enum(PAYMENT_METHODS),
    paidOn: z.string(),
    reference: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof PaymentSchema>;

export const PaymentListQuerySchema = ListQuerySchema;

const perCurrency = <T extends z.ZodRawShape>(shape: T) =>
  z.array(z.object({ currency: z.string(), ...shape }));

export const BalanceSchema = z
  .object({
    accountId: z.uuid(),
    currencies: perCurrency({ invoiced: money, paid: money, credited: money, balance: money }).describe(
      'balance = invoiced − paid − credited; negative: the account is owed money',
    ),
  })
  .meta({ id: 'AccountBalance' });
export type Balance = z.infer<typeof BalanceSchema>;

export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export const AgingSchema = z
  .object({
    asOf: z.string(),
    currencies: perCurrency({
      buckets: z.array(z.object({ bucket: z.enum(AGING_BUCKETS), invoices: z.number().int(), open: money })),
      open: money,
    }),
  })
  .meta({ id: 'InvoiceAging' });
export type Aging = z.infer<typeof AgingSchema>;
export const AgingQuerySchema = z.object({
  asOf: day.optional().describe("Default: today in the organisation's time zone"),
  accountId: z.uuid().optional(),
});

export const ExportQuerySchema = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  from: day.optional().describe('Issue (invoices) or payment (payments) date, inclusive'),
  to: day.optional(),
});

export const PdfQuerySchema = z.object({
  lang: z.enum(['fa', 'en']).optional().describe("The PDF's language; default: the member's language"),
});
