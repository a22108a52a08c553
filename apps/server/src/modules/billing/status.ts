/**
 * The status machines. A PATCH may move a document only along these edges; `partly_paid` and `paid`
 * follow payments, `invoiced` follows converting an order, and a credit note is born `issued`.
 *
 *   quote:        draft → sent → accepted | rejected | expired      (accepted → convert to an order)
 *   sales order:  open → cancelled                                 (open → convert to an invoice → invoiced)
 *   invoice:      draft → issued → partly_paid → paid; issued | partly_paid → cancelled (+ credit note)
 */
import { conflict, fieldError } from '../../platform/http/problem.js';
import { type DocumentType, STATUSES } from './schemas.js';

const MOVES: Record<DocumentType, Record<string, readonly string[]>> = {
  quote: { draft: ['sent'], sent: ['accepted', 'rejected', 'expired'] },
  sales_order: { open: ['cancelled'] },
  invoice: { draft: ['issued'], issued: ['cancelled'], partly_paid: ['cancelled'] },
  credit_note: {},
};

/** A status the type does not have is a 422; one it has but not reachable from here, a 409. */
export function assertMove(type: DocumentType, from: string, to: string): void {
  if (!(STATUSES[type] as readonly string[]).includes(to))
    throw fieldError('status', `A ${type.replace('_', ' ')} has no status "${to}"`, 'invalid_status');
  if (!(MOVES[type][from] ?? []).includes(to))
    throw conflict(`Cannot move from "${from}" to "${to}"`, [
      { path: 'status', message: `Not allowed from "${from}"`, code: 'illegal_transition' },
    ]);
}

/** Drafts are edited freely; once sent, issued or made, lines and amounts are fixed. */
export const isDraft = (status: string) => status === 'draft';

/** Statuses that take a number when a document leaves draft. */
export const NUMBERED_ON: Partial<Record<DocumentType, string>> = { quote: 'sent', invoice: 'issued' };
