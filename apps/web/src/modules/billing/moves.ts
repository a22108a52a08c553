// What a document's page offers, by type and status: the server's status machines (billing/status.ts)
// as buttons. The server still decides — a move it refuses comes back as a 409 and is shown.
import type { DocumentType } from './api';

export type DocumentAction =
  | { kind: 'move'; status: string }
  | { kind: 'issue' }
  | { kind: 'convert' }
  | { kind: 'cancel' };

export function actionsOf(type: DocumentType, status: string): DocumentAction[] {
  if (type === 'quote' && status === 'draft') return [{ kind: 'move', status: 'sent' }];
  if (type === 'quote' && status === 'sent')
    return [
      { kind: 'move', status: 'accepted' },
      { kind: 'move', status: 'rejected' },
      { kind: 'move', status: 'expired' },
    ];
  if (type === 'quote' && status === 'accepted') return [{ kind: 'convert' }];
  if (type === 'sales_order' && status === 'open') return [{ kind: 'convert' }, { kind: 'cancel' }];
  if (type === 'invoice' && status === 'draft') return [{ kind: 'issue' }];
  if (type === 'invoice' && (status === 'issued' || status === 'partly_paid')) return [{ kind: 'cancel' }];
  return [];
}

/** Invoices that take payments. */
export const takesPayments = (document: { type: DocumentType; status: string }) =>
  document.type === 'invoice' && (document.status === 'issued' || document.status === 'partly_paid');
