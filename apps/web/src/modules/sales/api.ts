import { formatMoney, formatNumber } from '@peyvand/persian';
import type { FormatPrefs } from '../../ui/format';

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

export interface Deal {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  status: StageKind;
  accountName: string | null;
  ownerId: string | null;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  version: number;
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
