/**
 * Reading sales documents: the columns, the mapping to the API's shape (amounts fixed to the
 * currency's places, as packages/billing writes them), the document an actor may act on, and the
 * organisation's settings documents need.
 */
import { dec, roundAmount, roundingRule } from '@peyvand/billing';
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { assertRecordAccess, ownerTeamsSql } from '../../platform/permissions/records.js';
import type { Action } from '../../platform/permissions/rights.js';
import { completeTenantSettings, type TenantSettings } from '../../platform/settings/settings.js';
import type { Context } from '../../platform/tenancy/context.js';
import { BILLING_MODULE } from './permissions.js';
import type { DocumentLine, DocumentSummary, DocumentType, SalesDocument } from './schemas.js';

export const LABEL: Record<DocumentType, string> = {
  quote: 'Quote',
  sales_order: 'Sales order',
  invoice: 'Invoice',
  credit_note: 'Credit note',
};

export const COLUMNS = sql`d.id, d.type, d.status, d.number, d.account_id AS "accountId", a.name AS "accountName",
  d.contact_id AS "contactId", d.deal_id AS "dealId", d.owner_id AS "ownerId", d.source_id AS "sourceId",
  d.currency, d.rounding, d.issue_date AS "issueDate", d.due_date AS "dueDate", d.discount_kind AS "discountKind",
  trim_scale(d.discount_value)::text AS "discountValue", d.notes, d.gross::text AS gross,
  d.line_discounts::text AS "lineDiscounts", d.subtotal::text AS subtotal,
  d.document_discount::text AS "documentDiscount", d.taxable::text AS taxable, d.tax::text AS tax,
  d.total::text AS total, d.paid::text AS paid, d.issued_at AS "issuedAt", d.warehouse_id AS "warehouseId", d.version,
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;
export const FROM = sql`sales_documents d LEFT JOIN accounts a ON a.tenant_id = d.tenant_id AND a.id = d.account_id`;

export interface DocumentRow {
  id: string;
  type: DocumentType;
  status: string;
  number: string | null;
  accountId: string;
  accountName: string | null;
  contactId: string | null;
  dealId: string | null;
  ownerId: string;
  sourceId: string | null;
  warehouseId: string | null;
  currency: string;
  rounding: 'half_up' | 'half_even';
  issueDate: string;
  dueDate: string | null;
  discountKind: 'percent' | 'amount' | null;
  discountValue: string | null;
  notes: string;
  gross: string;
  lineDiscounts: string;
  subtotal: string;
  documentDiscount: string;
  taxable: string;
  tax: string;
  total: string;
  paid: string;
  issuedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An amount as the currency writes it: '1200' for IRR, '1200.50' for USD. */
export function fixed(amount: string, currency: string): string {
  try {
    return roundAmount(amount, roundingRule(currency));
  } catch {
    // Unreachable for stored documents (priceLines refuses a currency without a rule); reading never throws.
    return dec(amount).toFixed();
  }
}

export function summaryOf(r: DocumentRow): DocumentSummary {
  const f = (v: string) => fixed(v, r.currency);
  const { discountKind, discountValue, ...rest } = r;
  return {
    ...rest,
    discount: discountKind && discountValue !== null ? { kind: discountKind, value: discountValue } : null,
    gross: f(r.gross),
    lineDiscounts: f(r.lineDiscounts),
    subtotal: f(r.subtotal),
    documentDiscount: f(r.documentDiscount),
    taxable: f(r.taxable),
    tax: f(r.tax),
    total: f(r.total),
    paid: f(r.paid),
    balance: f(dec(r.total).minus(dec(r.paid)).toFixed()),
  };
}

type LineRow = Omit<DocumentLine, 'discount'> & {
  discountKind: 'percent' | 'amount' | null;
  discountValue: string | null;
};

export async function linesOf(tx: Transaction, id: string, currency: string): Promise<DocumentLine[]> {
  const { rows } = await tx.query<LineRow>(
    sql`SELECT position, product_id AS "productId", description, trim_scale(quantity)::text AS quantity,
          trim_scale(unit_price)::text AS "unitPrice", discount_kind AS "discountKind",
          trim_scale(discount_value)::text AS "discountValue", tax_class_id AS "taxClassId",
          trim_scale(tax_rate)::text AS "taxRate", gross::text AS gross, line_discount::text AS "lineDiscount",
          net::text AS net, document_discount::text AS "documentDiscount", taxable::text AS taxable,
          tax::text AS tax, total::text AS total
        FROM sales_document_lines WHERE document_id = ${id}::uuid ORDER BY position`,
  );
  const f = (v: string) => fixed(v, currency);
  return rows.map(({ discountKind, discountValue, ...l }) => ({
    ...l,
    discount: discountKind && discountValue !== null ? { kind: discountKind, value: discountValue } : null,
    gross: f(l.gross),
    lineDiscount: f(l.lineDiscount),
    net: f(l.net),
    documentDiscount: f(l.documentDiscount),
    taxable: f(l.taxable),
    tax: f(l.tax),
    total: f(l.total),
  }));
}

/**
 * The document of this type (locked for a write) that the actor may act on: without the right 403,
 * outside the role's scope or another type's id 404.
 */
export async function documentFor(
  tx: Transaction,
  ctx: Context,
  type: DocumentType,
  id: string,
  action: Action,
): Promise<DocumentRow> {
  const { rows } = await tx.query<DocumentRow & { owner_team_ids: string[] }>(
    sql`SELECT ${COLUMNS}, ${raw(ownerTeamsSql('d'))} FROM ${FROM}
        WHERE d.id = ${id}::uuid AND d.type = ${type} ${action === 'read' ? sql`` : sql`FOR UPDATE OF d`}`,
  );
  const row = rows[0];
  if (!row) throw notFound(LABEL[type]);
  const { owner_team_ids, ...doc } = row;
  assertRecordAccess(
    ctx.actor,
    action,
    BILLING_MODULE,
    { ownerId: doc.ownerId, ownerTeamIds: owner_team_ids },
    LABEL[type],
  );
  return doc;
}

export async function readDocument(tx: Transaction, id: string): Promise<SalesDocument> {
  const { rows } = await tx.query<DocumentRow>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = ${id}::uuid`);
  const row = rows[0] as DocumentRow;
  return { ...summaryOf(row), lines: await linesOf(tx, id, row.currency) };
}

export interface Organisation {
  settings: TenantSettings;
  /** Today in the organisation's time zone, YYYY-MM-DD. */
  today: string;
}

export async function organisation(tx: Transaction): Promise<Organisation> {
  const { rows } = await tx.query<{ settings: Partial<TenantSettings> }>(sql`SELECT settings FROM tenants`);
  const settings = completeTenantSettings(rows[0]?.settings ?? {});
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone }).format(new Date());
  return { settings, today };
}
