/**
 * Invoices and payments for accounting systems, as CSV or JSON, streamed page by page (keyset on
 * date, id; each page its own short read so a large export never holds one long transaction).
 * Amounts are exact decimal strings fixed to the currency's places; Persian text is written as UTF-8
 * (CSV with a byte-order mark, so spreadsheet programs do not garble it).
 */
import { stringify } from 'csv-stringify/sync';
import { type Database, sql } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { PAYMENT_COLUMNS, PAYMENT_FROM, paymentView } from './payments.js';
import { COLUMNS, type DocumentRow, FROM, summaryOf } from './records.js';
import type { Payment } from './schemas.js';

const PAGE = 500;

export const INVOICE_COLUMNS = [
  'number',
  'status',
  'issueDate',
  'dueDate',
  'accountId',
  'accountName',
  'currency',
  'subtotal',
  'documentDiscount',
  'taxable',
  'tax',
  'total',
  'paid',
  'balance',
  'id',
] as const;
export const PAYMENT_EXPORT_COLUMNS = [
  'paidOn',
  'invoiceNumber',
  'amount',
  'currency',
  'method',
  'reference',
  'accountId',
  'invoiceId',
  'id',
] as const;

interface Range {
  from?: string | undefined;
  to?: string | undefined;
}

type Row = Record<string, unknown>;

/** Issued invoices (never drafts) whose issue date is in the range, by issue date. */
async function* invoicePages(db: Database, ctx: Context, range: Range): AsyncGenerator<Row[]> {
  let after: { day: string; id: string } | null = null;
  for (;;) {
    const cursor: { day: string; id: string } | null = after;
    const rows: DocumentRow[] = await inTenant(db, ctx.actor.tenantId, async (tx) => {
      const { rows } = await tx.query<DocumentRow>(
        sql`SELECT ${COLUMNS} FROM ${FROM}
            WHERE d.type = 'invoice' AND d.status <> 'draft' AND ${visibleTo(ctx.actor, sql`d.owner_id`)}
              AND (${range.from ?? null}::date IS NULL OR d.issue_date >= ${range.from ?? null}::date)
              AND (${range.to ?? null}::date IS NULL OR d.issue_date <= ${range.to ?? null}::date)
              AND (${cursor?.day ?? null}::date IS NULL OR (d.issue_date, d.id) > (${cursor?.day ?? null}::date, ${cursor?.id ?? null}::uuid))
            ORDER BY d.issue_date, d.id LIMIT ${PAGE}`,
      );
      return rows;
    });
    if (rows.length) yield rows.map((r) => summaryOf(r) as unknown as Row);
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = { day: last.issueDate, id: last.id };
  }
}

/** Payments of visible invoices whose payment date is in the range, by that date. */
async function* paymentPages(db: Database, ctx: Context, range: Range): AsyncGenerator<Row[]> {
  let after: { day: string; id: string } | null = null;
  for (;;) {
    const cursor: { day: string; id: string } | null = after;
    const rows: Payment[] = await inTenant(db, ctx.actor.tenantId, async (tx) => {
      const { rows } = await tx.query<Payment>(
        sql`SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM}
            WHERE ${visibleTo(ctx.actor, sql`d.owner_id`)}
              AND (${range.from ?? null}::date IS NULL OR p.paid_on >= ${range.from ?? null}::date)
              AND (${range.to ?? null}::date IS NULL OR p.paid_on <= ${range.to ?? null}::date)
              AND (${cursor?.day ?? null}::date IS NULL OR (p.paid_on, p.id) > (${cursor?.day ?? null}::date, ${cursor?.id ?? null}::uuid))
            ORDER BY p.paid_on, p.id LIMIT ${PAGE}`,
      );
      return rows;
    });
    if (rows.length) yield rows.map((r) => paymentView(r) as unknown as Row);
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = { day: last.paidOn, id: last.id };
  }
}

async function* encode(
  pages: AsyncGenerator<Row[]>,
  format: 'csv' | 'json',
  columns: readonly string[],
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield `\uFEFF${stringify([columns])}`;
    for await (const page of pages) yield stringify(page.map((r) => columns.map((c) => r[c] ?? '')));
    return;
  }
  let first = true;
  yield '[';
  for await (const page of pages)
    for (const r of page) {
      const picked = Object.fromEntries(columns.map((c) => [c, r[c] ?? null]));
      yield `${first ? '' : ','}\n${JSON.stringify(picked)}`;
      first = false;
    }
  yield '\n]\n';
}

export const exportInvoices = (db: Database, ctx: Context, format: 'csv' | 'json', range: Range) =>
  encode(invoicePages(db, ctx, range), format, INVOICE_COLUMNS);

export const exportPayments = (db: Database, ctx: Context, format: 'csv' | 'json', range: Range) =>
  encode(paymentPages(db, ctx, range), format, PAYMENT_EXPORT_COLUMNS);
