/**
 * Payments against issued invoices: full or partial, several per invoice, by any method. A payment is
 * at most the invoice's open balance (over-payment is refused at `amount`; a customer's credit comes
 * from credit notes, not from paying too much). The invoice's status follows: partly paid, then paid.
 */
import { compareAmounts, dec } from '@peyvand/billing';
import { audit } from '../../platform/audit/audit.js';
import { sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { type ListQuery, type ListResource, runListQuery } from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { conflict, fieldError } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { visibleTo } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { BILLING_MODULE } from './permissions.js';
import { documentFor, fixed, organisation, readDocument } from './records.js';
import { PAYMENT_METHODS, type Payment, type PaymentCreate } from './schemas.js';

export const PAYMENT_COLUMNS = sql`p.id, p.invoice_id AS "invoiceId", d.number AS "invoiceNumber",
  p.account_id AS "accountId", p.amount::text AS amount, p.currency, p.method, p.paid_on AS "paidOn",
  p.reference, p.created_at AS "createdAt"`;
export const PAYMENT_FROM = sql`payments p JOIN sales_documents d ON d.tenant_id = p.tenant_id AND d.id = p.invoice_id`;

export const paymentView = (p: Payment): Payment => ({ ...p, amount: fixed(p.amount, p.currency) });

export const paymentList: ListResource = {
  idColumn: sql`p.id`,
  defaultSort: '-paidOn',
  fields: {
    id: { column: sql`p.id`, type: 'uuid', sortable: false },
    invoiceId: { column: sql`p.invoice_id`, type: 'uuid' },
    accountId: { column: sql`p.account_id`, type: 'uuid' },
    amount: { column: sql`p.amount`, type: 'money', notNull: true },
    currency: { column: sql`p.currency`, type: 'text', notNull: true },
    method: { column: sql`p.method`, type: 'enum', values: PAYMENT_METHODS, notNull: true },
    paidOn: { column: sql`p.paid_on`, type: 'date', notNull: true },
    reference: { column: sql`p.reference`, type: 'text', notNull: true },
    createdAt: { column: sql`p.created_at`, type: 'datetime', notNull: true },
  },
};
registerList({ entity: 'payment', module: BILLING_MODULE, resource: async () => paymentList });

/** Payments of the invoices the actor sees (by the invoice's owner). */
export async function listPayments(tx: Transaction, ctx: Context, query: ListQuery) {
  const page = await runListQuery<Payment>(tx, paymentList, query, {
    from: PAYMENT_FROM,
    select: PAYMENT_COLUMNS,
    where: sql`p.tenant_id = ${ctx.actor.tenantId}::uuid AND ${visibleTo(ctx.actor, sql`d.owner_id`)}`,
  });
  return { ...page, items: page.items.map(paymentView) };
}

export async function paymentsOf(tx: Transaction, ctx: Context, invoiceId: string): Promise<Payment[]> {
  await documentFor(tx, ctx, 'invoice', invoiceId, 'read');
  const { rows } = await tx.query<Payment>(
    sql`SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM} WHERE p.invoice_id = ${invoiceId}::uuid
        ORDER BY p.paid_on, p.created_at, p.id`,
  );
  return rows.map(paymentView);
}

export async function recordPayment(
  tx: Transaction,
  ctx: Context,
  invoiceId: string,
  input: PaymentCreate,
): Promise<Payment> {
  // Locks the invoice: concurrent payments queue and each sees the balance the previous one left.
  const invoice = await documentFor(tx, ctx, 'invoice', invoiceId, 'update');
  if (invoice.status !== 'issued' && invoice.status !== 'partly_paid')
    throw conflict(`A ${invoice.status} invoice takes no payments`, [
      { path: 'status', message: 'Must be issued or partly paid', code: 'not_payable' },
    ]);
  const open = dec(invoice.total).minus(dec(invoice.paid));
  if (dec(input.amount).gt(open))
    throw fieldError(
      'amount',
      `More than the open balance ${fixed(open.toFixed(), invoice.currency)}`,
      'over_balance',
    );
  // Amounts finer than the currency's unit would leave a balance nobody can pay.
  if (dec(fixed(input.amount, invoice.currency)).cmp(dec(input.amount)) !== 0)
    throw fieldError('amount', `Not a whole amount of ${invoice.currency}`, 'too_precise');
  const before = await readDocument(tx, invoiceId);
  const paid = dec(invoice.paid).plus(dec(input.amount)).toFixed();
  const status = compareAmounts(paid, invoice.total) === 0 ? 'paid' : 'partly_paid';
  const id = newId();
  const paidOn = input.paidOn ?? (await organisation(tx)).today;
  await tx.query(
    sql`INSERT INTO payments (tenant_id, id, invoice_id, account_id, amount, currency, method, paid_on, reference, created_by)
        VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${invoiceId}::uuid, ${invoice.accountId}::uuid, ${input.amount},
          ${invoice.currency}, ${input.method}, ${paidOn}::date, ${input.reference}, ${ctx.actor.userId}::uuid)`,
  );
  await tx.query(
    sql`UPDATE sales_documents SET paid = ${paid}, status = ${status}, version = version + 1, updated_at = now()
        WHERE id = ${invoiceId}::uuid`,
  );
  const { rows } = await tx.query<Payment>(
    sql`SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM} WHERE p.id = ${id}::uuid`,
  );
  const payment = paymentView(rows[0] as Payment);
  await audit(tx, ctx, { entity: 'payment', entityId: id, action: 'create', after: payment });
  const after = await readDocument(tx, invoiceId);
  await audit(tx, ctx, { entity: 'invoice', entityId: invoiceId, action: 'update', before, after });
  await emit(tx, ctx, 'payment.recorded', { ...payment, createdAt: payment.createdAt.toISOString() });
  if (status === 'paid') await emit(tx, ctx, 'invoice.paid', { documentId: invoiceId, number: after.number });
  return payment;
}
