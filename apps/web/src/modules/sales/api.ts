import { formatMoney, formatNumber } from '@peyvand/persian';
import type { TFunction } from 'i18next';
import { type FormatPrefs, formatDate, formatMonthYear } from '../../ui/format';

export type StageKind = 'open' | 'won' | 'lost';

export interface Stage {
  id: string;
  name: string;
  probability: number;
  kind: StageKind;
  position: number;
}

export interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  stages: Stage[];
  version: number;
}

export type ContactRole = 'decision_maker' | 'influencer' | 'champion' | 'user' | 'gatekeeper' | 'other';

export interface Deal {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  probability: number;
  status: StageKind;
  accountId: string | null;
  accountName: string | null;
  contacts: { contactId: string; name: string; role: ContactRole }[];
  ownerId: string | null;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  source: string | null;
  description: string | null;
  closedAt: string | null;
  lostReasonId: string | null;
  lostNote: string | null;
  custom: Record<string, unknown>;
  /** Products on the deal (a quote made from the deal copies them); with lines, `amount` is their total. */
  lines: DealLine[];
  createdAt: string;
  version: number;
}

/** A deal's line: a billing document line's input, and what the server's pricing made of it. */
export interface DealLine {
  productId?: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount?: { kind: 'percent' | 'amount'; value: string };
  taxClassId?: string;
  taxRate: string;
  net: string;
  tax: string;
  total: string;
}

/** One stay of a deal in a stage: `leftAt` is null for the stage it is in now. */
export interface StageVisit {
  stageId: string;
  stageName: string;
  pipelineId: string;
  enteredAt: string;
  leftAt: string | null;
  movedBy: string | null;
}

export interface StageTotals {
  items: {
    stageId: string;
    deals: number;
    amounts: { currency: string; amount: string; weighted: string }[];
  }[];
}

export interface LostReason {
  id: string;
  name: string;
}

export const salesKeys = {
  all: ['sales'] as const,
  pipelines: ['sales', 'pipelines'] as const,
  lostReasons: ['sales', 'lost-reasons'] as const,
  board: (pipelineId: string) => ['sales', 'board', pipelineId] as const,
  list: ['sales', 'list'] as const,
  deal: (id: string) => ['sales', 'deal', id] as const,
};

/** An exact amount with its currency: Rial in the reader's words (ریال / IRR), others by their code. */
export function formatAmount(
  amount: string,
  currency: string,
  prefs: Pick<FormatPrefs, 'locale' | 'digits'>,
) {
  if (currency === 'IRR')
    return formatMoney(amount, { display: 'rial', locale: prefs.locale, digits: prefs.digits });
  return `${formatNumber(amount, { digits: prefs.digits })} ${currency}`;
}

/**
 * The server groups by Gregorian month ('YYYY-MM'). In the Gregorian calendar that is a month's name; in
 * the Jalali one the same days straddle two months, so they are named as the span they are
 * (۱۱ آبان تا ۱۰ آذر ۱۴۰۵) rather than mislabelled as one Jalali month.
 */
export function monthLabel(key: string | null, prefs: FormatPrefs, t: TFunction): string {
  if (!key) return t('sales.forecast.noDate');
  const [year, month] = key.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1, 1, 12));
  const last = new Date(Date.UTC(year, month, 0, 12));
  const utc = { ...prefs, timeZone: 'UTC' };
  if (prefs.calendar === 'gregorian') return formatMonthYear(first, utc);
  return t('sales.forecast.span', {
    from: formatDate(first, utc, { day: 'numeric', month: 'long' }),
    to: formatDate(last, utc, { day: 'numeric', month: 'long', year: 'numeric' }),
  });
}
