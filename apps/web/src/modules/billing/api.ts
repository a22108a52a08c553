// The billing API as the /billing screens use it; shapes follow apps/server/src/modules/billing/schemas.ts.
// Amounts are exact decimal strings end to end.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const DOCUMENT_TYPES = ['quote', 'sales_order', 'invoice', 'credit_note'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
/** The URL segment of each type: /billing/:type/:id and /api/v1/:plural. */
export const PLURAL: Record<DocumentType, string> = {
  quote: 'quotes',
  sales_order: 'sales-orders',
  invoice: 'invoices',
  credit_note: 'credit-notes',
};
export function typeOfPlural(plural: string | undefined): DocumentType | undefined {
  return DOCUMENT_TYPES.find((type) => PLURAL[type] === plural);
}

export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'cheque', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface Discount {
  kind: 'percent' | 'amount';
  value: string;
}

export interface DocumentLine {
  position: number;
  productId: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: Discount | null;
  taxClassId: string | null;
  taxRate: string;
  net: string;
  tax: string;
  total: string;
}

export interface SalesDocument {
  id: string;
  type: DocumentType;
  status: string;
  number: string | null;
  accountId: string;
  accountName: string | null;
  contactId: string | null;
  dealId: string | null;
  sourceId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string | null;
  discount: Discount | null;
  notes: string;
  gross: string;
  lineDiscounts: string;
  subtotal: string;
  documentDiscount: string;
  tax: string;
  total: string;
  paid: string;
  balance: string;
  lines: DocumentLine[];
  version: number;
}
export type DocumentSummary = Omit<SalesDocument, 'lines'>;

export interface Payment {
  id: string;
  invoiceId: string;
  invoiceNumber: string | null;
  accountId: string;
  amount: string;
  currency: string;
  method: PaymentMethod;
  paidOn: string;
  reference: string;
}

export interface LineInput {
  productId?: string;
  description?: string;
  quantity: string;
  unitPrice?: string;
  discount?: Discount | null;
  taxClassId?: string;
}
export interface DocumentInput {
  accountId: string;
  contactId?: string | null;
  dealId?: string | null;
  currency?: string;
  dueDate?: string | null;
  discount?: Discount | null;
  notes?: string;
  lines: LineInput[];
}

export interface Balance {
  accountId: string;
  currencies: { currency: string; invoiced: string; paid: string; credited: string; balance: string }[];
}
export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export interface Aging {
  asOf: string;
  currencies: {
    currency: string;
    open: string;
    buckets: { bucket: (typeof AGING_BUCKETS)[number]; invoices: number; open: string }[];
  }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const billingKeys = {
  all: ['billing'] as const,
  page: (path: string, query: string) => ['billing', 'page', path, query] as const,
  one: (type: string, id: string) => ['billing', 'one', type, id] as const,
  payments: (id: string) => ['billing', 'payments', id] as const,
  balance: (accountId: string) => ['billing', 'balance', accountId] as const,
  aging: (accountId: string) => ['billing', 'aging', accountId] as const,
};

/** One server page of a billing list (`quotes`, `invoices`, …, `payments`): search by number, filter, sort. */
export function useBillingPage<T>(
  plural: string,
  params: {
    q: string;
    sort: string | null;
    filter: Record<string, unknown> | undefined;
    cursor: string | null;
    limit: number;
  },
) {
  const query = new URLSearchParams({ limit: String(params.limit) });
  if (params.q) query.set('q', params.q);
  if (params.filter) query.set('filter', JSON.stringify(params.filter));
  if (params.sort) query.set('sort', params.sort);
  // The count comes with the first page only (see useKnownTotal).
  if (params.cursor) query.set('cursor', params.cursor);
  else query.set('total', 'true');
  const text = query.toString();
  return useQuery({
    queryKey: billingKeys.page(plural, text),
    queryFn: () => api.get<Page<T>>(`/api/v1/${plural}?${text}`),
    placeholderData: keepPreviousData,
  });
}

export function useDocument(type: DocumentType | undefined, id: string | undefined) {
  return useQuery({
    queryKey: billingKeys.one(type ?? '', id ?? ''),
    queryFn: () => api.get<SalesDocument>(`/api/v1/${PLURAL[type as DocumentType]}/${id}`),
    enabled: Boolean(type && id),
  });
}

export function usePayments(invoiceId: string | undefined) {
  return useQuery({
    queryKey: billingKeys.payments(invoiceId ?? ''),
    queryFn: () => api.get<Page<Payment>>(`/api/v1/invoices/${invoiceId}/payments`),
    enabled: Boolean(invoiceId),
  });
}

export function useBalance(accountId: string | undefined) {
  return useQuery({
    queryKey: billingKeys.balance(accountId ?? ''),
    queryFn: () => api.get<Balance>(`/api/v1/accounts/${accountId}/balance`),
    enabled: Boolean(accountId),
  });
}

export function useAging(accountId: string | undefined) {
  return useQuery({
    queryKey: billingKeys.aging(accountId ?? ''),
    queryFn: () =>
      api.get<Aging>(
        `/api/v1/billing/aging${accountId ? `?accountId=${encodeURIComponent(accountId)}` : ''}`,
      ),
  });
}

/** Creates a quote or invoice, or saves the draft being edited at the version the user saw (409 if stale). */
export function useSaveDocument(type: 'quote' | 'invoice', editing: SalesDocument | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DocumentInput) =>
      editing
        ? api.patchVersion<SalesDocument>(`/api/v1/${PLURAL[type]}/${editing.id}`, input, editing.version)
        : api.post<SalesDocument>(`/api/v1/${PLURAL[type]}`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingKeys.all }),
  });
}

/**
 * A move of the document the user sees (send, accept, issue, cancel…) or its conversion to the next type;
 * both carry the version shown, so a 409 means someone changed it in between.
 */
export function useDocumentAction(document: SalesDocument | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: { status: string; warehouseId?: string } | { convert: true }) => {
      if (!document) throw new Error('no document');
      const path = `/api/v1/${PLURAL[document.type]}/${document.id}`;
      return 'convert' in action
        ? api.postVersion<SalesDocument>(`${path}/convert`, {}, document.version)
        : api.patchVersion<SalesDocument>(path, action, document.version);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingKeys.all }),
  });
}

export function useRecordPayment(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { amount: string; method: PaymentMethod; paidOn?: string; reference: string }) =>
      api.post<Payment>(`/api/v1/invoices/${invoiceId}/payments`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.all }),
  });
}
