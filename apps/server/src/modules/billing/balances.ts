/**
 * An account's balance and the aging of open invoices. Both count only the documents the asker may
 * see (like the sales reports), sum as numeric in SQL and never add different currencies.
 */
import { dec } from '@peyvand/billing';
import { sql, type Transaction } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { getAccount } from '../customers/accounts.js';
import { fixed, organisation } from './records.js';
import { AGING_BUCKETS, type Aging, type Balance } from './schemas.js';

/** Invoiced (issued, never drafts; cancelled ones too — their credit note offsets them) − paid − credited. */
export async function accountBalance(tx: Transaction, ctx: Context, accountId: string): Promise<Balance> {
  await getAccount(tx, ctx, accountId);
  const { rows } = await tx.query<{ currency: string; invoiced: string; paid: string; credited: string }>(
    sql`SELECT d.currency,
          COALESCE(sum(d.total) FILTER (WHERE d.type = 'invoice'), 0)::text AS invoiced,
          COALESCE(sum(d.paid) FILTER (WHERE d.type = 'invoice'), 0)::text AS paid,
          COALESCE(sum(d.total) FILTER (WHERE d.type = 'credit_note'), 0)::text AS credited
        FROM sales_documents d
        WHERE d.account_id = ${accountId}::uuid AND d.type IN ('invoice', 'credit_note') AND d.status <> 'draft'
          AND ${visibleTo(ctx.actor, sql`d.owner_id`)}
        GROUP BY d.currency ORDER BY d.currency`,
  );
  return {
    accountId,
    currencies: rows.map((r) => ({
      currency: r.currency,
      invoiced: fixed(r.invoiced, r.currency),
      paid: fixed(r.paid, r.currency),
      credited: fixed(r.credited, r.currency),
      balance: fixed(subtract(subtract(r.invoiced, r.paid), r.credited), r.currency),
    })),
  };
}

const subtract = (a: string, b: string) => dec(a).minus(dec(b)).toFixed();

/**
 * Open invoices (issued, partly paid) by days past their due date on `asOf`: 0–30 (including those
 * not yet due), 31–60, 61–90, 90+; the open amount is total − paid.
 */
export async function aging(
  tx: Transaction,
  ctx: Context,
  query: { asOf?: string | undefined; accountId?: string | undefined },
): Promise<Aging> {
  const asOf = query.asOf ?? (await organisation(tx)).today;
  const { rows } = await tx.query<{ currency: string; bucket: string; invoices: number; open: string }>(
    sql`SELECT currency, bucket, count(*)::int AS invoices, sum(total - paid)::text AS open FROM (
          SELECT d.currency, d.total, d.paid,
            CASE WHEN ${asOf}::date - d.due_date <= 30 THEN '0-30' WHEN ${asOf}::date - d.due_date <= 60 THEN '31-60'
              WHEN ${asOf}::date - d.due_date <= 90 THEN '61-90' ELSE '90+' END AS bucket
          FROM sales_documents d
          WHERE d.type = 'invoice' AND d.status IN ('issued', 'partly_paid')
            AND (${query.accountId ?? null}::uuid IS NULL OR d.account_id = ${query.accountId ?? null}::uuid)
            AND ${visibleTo(ctx.actor, sql`d.owner_id`)}) o
        GROUP BY currency, bucket ORDER BY currency`,
  );
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return {
    asOf,
    currencies: currencies.map((currency) => {
      const mine = rows.filter((r) => r.currency === currency);
      const buckets = AGING_BUCKETS.map((bucket) => {
        const r = mine.find((m) => m.bucket === bucket);
        return { bucket, invoices: r?.invoices ?? 0, open: fixed(r?.open ?? '0', currency) };
      });
      const open = buckets.reduce((sum, b) => dec(sum).plus(dec(b.open)).toFixed(), '0');
      return { currency, buckets, open: fixed(open, currency) };
    }),
  };
}
