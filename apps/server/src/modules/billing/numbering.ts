/**
 * Document numbers: per organisation, per type, per year — the Jalali year of the issue date when the
 * organisation keeps the Jalali calendar, the Gregorian year otherwise — formatted `INV-1405-000123`.
 * Gap-free under concurrency: the counter row is taken by one upsert in the issuing transaction, which
 * holds its row lock until commit (others wait), and a rollback returns the number with it.
 */
import { toJalali } from '@peyvand/persian';
import { sql, type Transaction } from '../../platform/db/database.js';
import type { DocumentType } from './schemas.js';

export const PREFIX: Record<DocumentType, string> = {
  quote: 'QUO',
  sales_order: 'SO',
  invoice: 'INV',
  credit_note: 'CN',
};

/** The numbering year of an ISO day in a calendar. */
export function numberingYear(isoDay: string, calendar: 'jalali' | 'gregorian'): number {
  const [year, month, day] = isoDay.split('-').map(Number) as [number, number, number];
  return calendar === 'jalali' ? toJalali({ year, month, day }).jy : year;
}

export const formatNumber = (type: DocumentType, year: number, n: number) =>
  `${PREFIX[type]}-${year}-${String(n).padStart(6, '0')}`;

/** The next number of the type and year, taken inside the caller's transaction. */
export async function nextNumber(
  tx: Transaction,
  tenantId: string,
  type: DocumentType,
  year: number,
): Promise<string> {
  const { rows } = await tx.query<{ last: number }>(
    sql`INSERT INTO document_counters (tenant_id, type, year, last) VALUES (${tenantId}::uuid, ${type}, ${year}, 1)
        ON CONFLICT (tenant_id, type, year) DO UPDATE SET last = document_counters.last + 1
        RETURNING last`,
  );
  return formatNumber(type, year, (rows[0] as { last: number }).last);
}
