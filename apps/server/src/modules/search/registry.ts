/**
 * Global search is a registry of sources: each module that has records people look for (customers
 * today; deals, tickets, products later) registers one source per record type. The search service
 * asks every source the actor may read and merges their hits by score.
 */
import type { Transaction } from '../../platform/db/database.js';
import type { Actor } from '../../platform/permissions/can.js';

/** Where in a hit the query matched: UTF-16 [start, end) ranges into `text`. */
export interface Highlight {
  /** Which part of the hit matched: its title, subtitle, or an identifier (phone, email, nationalId). */
  field: 'title' | 'subtitle' | 'phone' | 'email' | 'nationalId';
  /** The matched text as stored (the title, or e.g. the phone as the user typed it). */
  text: string;
  ranges: [number, number][];
}

export interface SearchHit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  highlight: Highlight | null;
  /**
   * Rank across sources, higher first: ≥ 3 an exact identifier (phone, e-mail, national ID);
   * 2 the whole name; 1–2 every word of the query found (prefix matches higher); < 1 a typo-tolerant
   * trigram match (its word similarity).
   */
  score: number;
}

export interface SearchSource {
  /** The record type (`contact`, `deal`…): what `types=` names and what hits carry. */
  type: string;
  /** The permission module whose read right the actor needs for this source to be asked. */
  module: string;
  /**
   * Up to `limit` hits the actor may see (scope and soft delete are the source's duty), best first.
   * `normalisedQ` is normalizeForSearch(rawQ), at least 2 characters.
   */
  query(
    tx: Transaction,
    actor: Actor,
    normalisedQ: string,
    rawQ: string,
    limit: number,
  ): Promise<SearchHit[]>;
}

const sources = new Map<string, SearchSource>();

/** Registers (or replaces) the source of one record type. Call at import time. */
export function registerSearchSource(source: SearchSource): void {
  sources.set(source.type, source);
}

export function searchSources(): SearchSource[] {
  return [...sources.values()];
}
