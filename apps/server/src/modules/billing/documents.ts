/**
 * Quotes, sales orders, invoices and credit notes: creating and editing drafts (the server prices the
 * lines and totals the document), moving them along their status machine (status.ts), numbering them
 * when they leave draft (numbering.ts), converting a quote into an order and an order into an invoice
 * by copying its lines, and the credit note a cancelled invoice leaves behind.
 */
import { audit } from '../../platform/audit/audit.js';
import { sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertCurrent } from '../../platform/http/concurrency.js';
import { conflict, type FieldError, fieldError, Problem } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { assertAssignable } from '../../platform/permissions/records.js';
import type { Context } from '../../platform/tenancy/context.js';
import { getAccount } from '../customers/accounts.js';
import { getContact } from '../customers/contacts.js';
import { type Priced, priceLines } from '../products/lines.js';
import type { LineInput } from '../products/schemas.js';
import { getDeal } from '../sales/deals.js';
import { nextNumber, numberingYear } from './numbering.js';
import { BILLING_MODULE } from './permissions.js';
import {
  type DocumentRow,
  documentFor,
  LABEL,
  type Organisation,
  organisation,
  readDocument,
} from './records.js';
import type { DocumentCreate, DocumentPatch, DocumentType, SalesDocument } from './schemas.js';
import { assertMove, isDraft, NUMBERED_ON } from './status.js';
import { issueStock, returnStock } from './stock.js';

export type CreatableType = 'quote' | 'sales_order' | 'invoice';

/** A referenced record the actor may read, else a 422 at `path` (never revealing whose it is). */
async function readable(errors: FieldError[], path: string, what: string, read: () => Promise<unknown>) {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof Problem) || (error.status !== 404 && error.status !== 403)) throw error;
    errors.push({ path, message: `No such ${what}`, code: 'not_found' });
  }
}

interface Header {
  accountId: string;
  contactId: string | null;
  dealId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string | null;
  discount: { kind: 'percent' | 'amount'; value: string } | null;
  rounding: 'half_up' | 'half_even';
  notes: string;
}

/** Checks the parties and prices the lines; every problem in one 422. */
async function prepare(
  tx: Transaction,
  ctx: Context,
  org: Organisation,
  h: Header,
  lines: LineInput[],
  changed: { accountId: boolean; contactId: boolean; dealId: boolean },
): Promise<Priced> {
  const errors: FieldError[] = [];
  if (changed.accountId)
    await readable(errors, 'accountId', 'account', () => getAccount(tx, ctx, h.accountId));
  if (changed.contactId && h.contactId)
    await readable(errors, 'contactId', 'contact', () => getContact(tx, ctx, h.contactId as string));
  if ((changed.dealId || changed.accountId) && h.dealId) {
    const dealId = h.dealId;
    await readable(errors, 'dealId', 'deal', async () => {
      const deal = await getDeal(tx, ctx, dealId);
      // A document is about the deal's customer; a deal without an account fits any.
      if (deal.accountId && deal.accountId !== h.accountId)
        errors.push({ path: 'dealId', message: 'A deal of another account', code: 'other_account' });
    });
  }
  if (h.dueDate && h.dueDate < h.issueDate)
    errors.push({ path: 'dueDate', message: 'Before the issue date', code: 'before_issue_date' });
  return priceLines(tx, ctx, lines, { ...h, locale: org.settings.locale }, errors);
}

async function writeLines(tx: Transaction, ctx: Context, id: string, priced: Priced) {
  await tx.query(sql`DELETE FROM sales_document_lines WHERE document_id = ${id}::uuid`);
  for (const [i, l] of priced.lines.entries()) {
    const t = priced.totals.lines[i];
    if (!t) continue;
    await tx.query(
      sql`INSERT INTO sales_document_lines (tenant_id, document_id, position, product_id, description, quantity,
            unit_price, discount_kind, discount_value, tax_class_id, tax_rate, gross, line_discount, net,
            document_discount, taxable, tax, total)
          VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${i}, ${l.productId}, ${l.description}, ${l.quantity},
            ${l.unitPrice}, ${l.discount?.kind ?? null}, ${l.discount?.value ?? null}, ${l.taxClassId}, ${l.taxRate},
            ${t.gross}, ${t.lineDiscount}, ${t.net}, ${t.documentDiscount}, ${t.taxable}, ${t.tax}, ${t.total})`,
    );
  }
}

const totalsSql = (p: Priced) => {
  const t = p.totals;
  return sql`gross = ${t.gross}, line_discounts = ${t.lineDiscounts}, subtotal = ${t.subtotal},
    document_discount = ${t.documentDiscount}, taxable = ${t.taxable}, tax = ${t.tax}, total = ${t.total}`;
};

const eventOf = (d: SalesDocument) => ({
  documentId: d.id,
  type: d.type,
  number: d.number,
  status: d.status,
  accountId: d.accountId,
  ownerId: d.ownerId,
  currency: d.currency,
  total: d.total,
});

/** The audit row (create, or update with the before) and the `<type>.<event>` outbox event. */
async function record(
  tx: Transaction,
  ctx: Context,
  event: string,
  d: SalesDocument,
  before?: SalesDocument,
) {
  const action = before ? 'update' : 'create';
  await audit(tx, ctx, { entity: d.type, entityId: d.id, action, before: before ?? null, after: d });
  await emit(tx, ctx, `${d.type}.${event}`, eventOf(d));
}

export async function createDocument(
  tx: Transaction,
  ctx: Context,
  type: CreatableType,
  input: DocumentCreate,
): Promise<SalesDocument> {
  const org = await organisation(tx);
  const ownerId = input.ownerId ?? ctx.actor.userId;
  await assertAssignable(tx, ctx.actor, 'create', BILLING_MODULE, ownerId, 'ownerId');
  const h: Header = {
    accountId: input.accountId,
    contactId: input.contactId ?? null,
    dealId: input.dealId ?? null,
    currency: input.currency ?? org.settings.currency,
    issueDate: input.issueDate ?? org.today,
    dueDate: input.dueDate ?? null,
    discount: input.discount ?? null,
    rounding: input.rounding ?? 'half_up',
    notes: input.notes ?? '',
  };
  const priced = await prepare(tx, ctx, org, h, input.lines, {
    accountId: true,
    contactId: true,
    dealId: true,
  });
  const id = newId();
  // An order is a confirmed document: it has no draft and takes its number when made.
  const status = type === 'sales_order' ? 'open' : 'draft';
  const number =
    type === 'sales_order'
      ? await nextNumber(tx, ctx.actor.tenantId, type, numberingYear(h.issueDate, org.settings.calendar))
      : null;
  const t = priced.totals;
  await tx.query(
    sql`INSERT INTO sales_documents (tenant_id, id, type, status, number, account_id, contact_id, deal_id, owner_id,
          currency, rounding, issue_date, due_date, discount_kind, discount_value, notes, gross, line_discounts,
          subtotal, document_discount, taxable, tax, total, issued_at, created_by)
        VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${type}, ${status}, ${number}, ${h.accountId}::uuid,
          ${h.contactId}::uuid, ${h.dealId}::uuid, ${ownerId}::uuid, ${h.currency}, ${h.rounding}, ${h.issueDate}::date,
          ${h.dueDate}::date, ${h.discount?.kind ?? null}, ${h.discount?.value ?? null}, ${h.notes}, ${t.gross},
          ${t.lineDiscounts}, ${t.subtotal}, ${t.documentDiscount}, ${t.taxable}, ${t.tax}, ${t.total},
          ${number ? new Date() : null}, ${ctx.actor.userId}::uuid)`,
  );
  await writeLines(tx, ctx, id, priced);
  const after = await readDocument(tx, id);
  await record(tx, ctx, 'created', after);
  return after;
}

export async function getDocument(tx: Transaction, ctx: Context, type: DocumentType, id: string) {
  await documentFor(tx, ctx, type, id, 'read');
  return readDocument(tx, id);
}

/** The stored lines as input again, so a header change re-prices them at their own unit prices. */
const asInput = (d: SalesDocument): LineInput[] =>
  d.lines.map((l) => ({
    ...(l.productId ? { productId: l.productId } : {}),
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discount: l.discount,
    ...(l.taxClassId ? { taxClassId: l.taxClassId } : {}),
  }));

/**
 * PATCH: edits (drafts only — a sent, issued or made document's lines and amounts are fixed: 409
 * naming the fields) and/or a status move.
 */
export async function updateDocument(
  tx: Transaction,
  ctx: Context,
  type: DocumentType,
  id: string,
  patch: DocumentPatch,
  version: number | undefined,
): Promise<SalesDocument> {
  const row = await documentFor(tx, ctx, type, id, 'update');
  await assertCurrent(tx, version, row.version, `This ${LABEL[type].toLowerCase()}`, { entity: type, id });
  const { status, warehouseId, ...fields } = patch;
  if (warehouseId !== undefined && !(type === 'invoice' && status === 'issued'))
    throw fieldError('warehouseId', 'Name a warehouse only when issuing an invoice', 'not_allowed');
  const edited = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (edited.length && !isDraft(row.status))
    throw conflict(
      `A ${row.status} ${LABEL[type].toLowerCase()} cannot be changed`,
      edited.map((path) => ({ path, message: 'Fixed once the document left draft', code: 'immutable' })),
    );
  const before = await readDocument(tx, id);
  if (edited.length) await edit(tx, ctx, row, before, fields);
  if (status !== undefined && status !== row.status) await move(tx, ctx, row, status, warehouseId);
  await tx.query(
    sql`UPDATE sales_documents SET version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  const after = await readDocument(tx, id);
  await audit(tx, ctx, { entity: type, entityId: id, action: 'update', before, after });
  await emit(tx, ctx, `${type}.updated`, eventOf(after));
  return after;
}

async function edit(
  tx: Transaction,
  ctx: Context,
  row: DocumentRow,
  before: SalesDocument,
  fields: Omit<DocumentPatch, 'status'>,
) {
  const org = await organisation(tx);
  if (fields.ownerId !== undefined && fields.ownerId !== row.ownerId)
    await assertAssignable(tx, ctx.actor, 'update', BILLING_MODULE, fields.ownerId, 'ownerId');
  const h: Header = {
    accountId: fields.accountId ?? row.accountId,
    contactId: fields.contactId !== undefined ? fields.contactId : row.contactId,
    dealId: fields.dealId !== undefined ? fields.dealId : row.dealId,
    currency: fields.currency ?? row.currency,
    issueDate: fields.issueDate ?? row.issueDate,
    dueDate: fields.dueDate !== undefined ? fields.dueDate : row.dueDate,
    discount: fields.discount !== undefined ? fields.discount : before.discount,
    rounding: fields.rounding ?? row.rounding,
    notes: fields.notes ?? row.notes,
  };
  const priced = await prepare(tx, ctx, org, h, fields.lines ?? asInput(before), {
    accountId: h.accountId !== row.accountId,
    contactId: h.contactId !== row.contactId,
    dealId: h.dealId !== row.dealId,
  });
  await tx.query(
    sql`UPDATE sales_documents SET account_id = ${h.accountId}::uuid, contact_id = ${h.contactId}::uuid,
          deal_id = ${h.dealId}::uuid, owner_id = ${fields.ownerId ?? row.ownerId}::uuid, currency = ${h.currency},
          rounding = ${h.rounding}, issue_date = ${h.issueDate}::date, due_date = ${h.dueDate}::date,
          discount_kind = ${h.discount?.kind ?? null}, discount_value = ${h.discount?.value ?? null},
          notes = ${h.notes}, ${totalsSql(priced)}
        WHERE id = ${row.id}::uuid`,
  );
  await writeLines(tx, ctx, row.id, priced);
}

/**
 * A status move: numbering on leaving draft, stock taken when an invoice is issued (from `warehouseId`,
 * else the default warehouse), the credit note — returning the stock — on cancelling an invoice.
 */
async function move(tx: Transaction, ctx: Context, row: DocumentRow, to: string, warehouseId?: string) {
  assertMove(row.type, row.status, to);
  if (row.type === 'invoice' && to === 'issued') await issueStock(tx, ctx, row, warehouseId);
  if (NUMBERED_ON[row.type] === to) {
    const org = await organisation(tx);
    const number = await nextNumber(
      tx,
      ctx.actor.tenantId,
      row.type,
      numberingYear(row.issueDate, org.settings.calendar),
    );
    // An invoice issued without a due date is due on receipt.
    await tx.query(
      sql`UPDATE sales_documents SET status = ${to}, number = ${number}, issued_at = now(),
            due_date = COALESCE(due_date, CASE WHEN type = 'invoice' THEN issue_date END)
          WHERE id = ${row.id}::uuid`,
    );
  } else {
    await tx.query(sql`UPDATE sales_documents SET status = ${to} WHERE id = ${row.id}::uuid`);
  }
  if (row.type === 'invoice' && to === 'cancelled')
    await returnStock(tx, ctx, row, await creditNoteFor(tx, ctx, row));
  await emit(tx, ctx, `${row.type}.${to}`, { documentId: row.id, type: row.type, from: row.status, to });
}

/**
 * Copies a document into a new one of another type (lines and totals as they are): an accepted
 * quote → order, an order → invoice, a cancelled invoice → its credit note.
 */
async function copyDocument(
  tx: Transaction,
  ctx: Context,
  source: DocumentRow,
  type: DocumentType,
  status: string,
): Promise<string> {
  const org = await organisation(tx);
  const id = newId();
  const number =
    status === 'draft'
      ? null
      : await nextNumber(tx, ctx.actor.tenantId, type, numberingYear(org.today, org.settings.calendar));
  await tx.query(
    sql`INSERT INTO sales_documents (tenant_id, id, type, status, number, account_id, contact_id, deal_id, owner_id,
          source_id, currency, rounding, issue_date, due_date, discount_kind, discount_value, notes, gross,
          line_discounts, subtotal, document_discount, taxable, tax, total, issued_at, created_by)
        SELECT tenant_id, ${id}::uuid, ${type}, ${status}, ${number}, account_id, contact_id, deal_id, owner_id,
          id, currency, rounding, ${org.today}::date, NULL, discount_kind, discount_value, notes, gross,
          line_discounts, subtotal, document_discount, taxable, tax, total,
          ${number ? new Date() : null}, ${ctx.actor.userId}::uuid
        FROM sales_documents WHERE id = ${source.id}::uuid`,
  );
  await tx.query(
    sql`INSERT INTO sales_document_lines (tenant_id, document_id, position, product_id, description, quantity,
          unit_price, discount_kind, discount_value, tax_class_id, tax_rate, gross, line_discount, net,
          document_discount, taxable, tax, total)
        SELECT tenant_id, ${id}::uuid, position, product_id, description, quantity, unit_price, discount_kind,
          discount_value, tax_class_id, tax_rate, gross, line_discount, net, document_discount, taxable, tax, total
        FROM sales_document_lines WHERE document_id = ${source.id}::uuid`,
  );
  await record(tx, ctx, 'created', await readDocument(tx, id));
  return id;
}

/**
 * A cancelled invoice is reversed in full by a credit note with the same lines. Payments already
 * received stay recorded; the account's balance (invoiced − paid − credited) then shows them as owed
 * back to the customer.
 */
function creditNoteFor(tx: Transaction, ctx: Context, invoice: DocumentRow): Promise<string> {
  return copyDocument(tx, ctx, invoice, 'credit_note', 'issued');
}

const NEXT = {
  quote: { type: 'sales_order', from: 'accepted', status: 'open', after: null },
  sales_order: { type: 'invoice', from: 'open', status: 'draft', after: 'invoiced' },
} as const;

/** POST …/convert: an accepted quote → a sales order; an open order → a draft invoice (once each). */
export async function convertDocument(
  tx: Transaction,
  ctx: Context,
  type: 'quote' | 'sales_order',
  id: string,
  version: number | undefined,
): Promise<SalesDocument> {
  const step = NEXT[type];
  const row = await documentFor(tx, ctx, type, id, 'update');
  await assertCurrent(tx, version, row.version, `This ${LABEL[type].toLowerCase()}`, { entity: type, id });
  if (row.status !== step.from)
    throw conflict(`Only an ${step.from} ${LABEL[type].toLowerCase()} converts`, [
      { path: 'status', message: `Is "${row.status}", must be "${step.from}"`, code: 'illegal_transition' },
    ]);
  const { rows } = await tx.query(
    sql`SELECT 1 FROM sales_documents WHERE source_id = ${id}::uuid AND type = ${step.type}`,
  );
  if (rows[0]) throw conflict(`This ${LABEL[type].toLowerCase()} was converted already`);
  const made = await copyDocument(tx, ctx, row, step.type, step.status);
  if (step.after) {
    const before = await readDocument(tx, id);
    await tx.query(
      sql`UPDATE sales_documents SET status = ${step.after}, version = version + 1, updated_at = now()
          WHERE id = ${id}::uuid`,
    );
    await record(tx, ctx, step.after, await readDocument(tx, id), before);
  }
  return readDocument(tx, made);
}
