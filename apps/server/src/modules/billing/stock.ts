/**
 * Invoices and stock (S-04): issuing an invoice takes its stock-tracked lines out of a warehouse, in
 * the same transaction as the status change; the credit note of a cancelled invoice puts them back.
 * The inventory module's moveStock locks the stock levels, so two invoices racing for the last unit
 * cannot both be issued (unless the organisation allows negative stock): the second gets a 409 naming
 * the line.
 */
import { sql, type Transaction } from '../../platform/db/database.js';
import { fieldError } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';
import { moveStock, type StockLine } from '../inventory/ledger.js';
import { defaultWarehouseId, warehouseExists } from '../inventory/warehouses.js';
import type { DocumentRow } from './records.js';

async function productLines(tx: Transaction, documentId: string) {
  const { rows } = await tx.query<{ position: number; product_id: string; quantity: string }>(
    sql`SELECT position, product_id, trim_scale(quantity)::text AS quantity FROM sales_document_lines
        WHERE document_id = ${documentId}::uuid AND product_id IS NOT NULL ORDER BY position`,
  );
  return rows;
}

/** On issue: the chosen warehouse (else the default one) gives the invoice's stock-tracked lines. */
export async function issueStock(
  tx: Transaction,
  ctx: Context,
  invoice: DocumentRow,
  chosen: string | undefined,
): Promise<void> {
  if (chosen !== undefined && !(await warehouseExists(tx, chosen)))
    throw fieldError('warehouseId', 'No such warehouse', 'not_found');
  const warehouseId = chosen ?? (await defaultWarehouseId(tx));
  const lines: StockLine[] = (await productLines(tx, invoice.id)).map((l) => ({
    productId: l.product_id,
    warehouseId,
    quantity: `-${l.quantity}`,
    reason: 'issue',
    at: `lines.${l.position}`,
  }));
  await moveStock(tx, ctx, { type: 'invoice', id: invoice.id }, lines);
  await tx.query(
    sql`UPDATE sales_documents SET warehouse_id = ${warehouseId}::uuid WHERE id = ${invoice.id}::uuid`,
  );
}

/** On cancelling an issued invoice: its credit note returns the stock to the warehouse it left. */
export async function returnStock(
  tx: Transaction,
  ctx: Context,
  invoice: DocumentRow,
  creditNoteId: string,
): Promise<void> {
  if (!invoice.warehouseId) return;
  const warehouseId = invoice.warehouseId;
  const lines: StockLine[] = (await productLines(tx, invoice.id)).map((l) => ({
    productId: l.product_id,
    warehouseId,
    quantity: l.quantity,
    reason: 'return',
    at: `lines.${l.position}`,
  }));
  await moveStock(tx, ctx, { type: 'credit_note', id: creditNoteId }, lines);
  await tx.query(
    sql`UPDATE sales_documents SET warehouse_id = ${warehouseId}::uuid WHERE id = ${creditNoteId}::uuid`,
  );
}
