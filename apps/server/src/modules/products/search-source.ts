/**
 * Products in global search: the SKU as typed (any case, Persian digits) first, then names through the
 * Persian normaliser — the whole name, every word a word prefix, every word inside — live products only
 * (inactive ones too: people look them up on old documents).
 */

import { join, sql, type Transaction } from '../../platform/db/database.js';
import { escapeLike } from '../../platform/http/list-query.js';
import { highlightRanges } from '../search/highlight.js';
import { registerSearchSource, type SearchHit } from '../search/registry.js';
import { PRODUCTS_MODULE } from './permissions.js';
import { normalizeSku } from './schemas.js';

interface Row {
  id: string;
  name_fa: string;
  sku: string;
  sku_hit: boolean;
  score: number;
}

registerSearchSource({
  type: 'product',
  module: PRODUCTS_MODULE,
  async query(tx: Transaction, _actor, q: string, rawQ: string, limit: number): Promise<SearchHit[]> {
    const sku = normalizeSku(rawQ);
    const words = q.split(' ').filter(Boolean).slice(0, 8);
    const every = (pattern: (w: string) => string) =>
      join(
        words.map((w) => sql`t.search_text LIKE ${pattern(escapeLike(w))}`),
        ' AND ',
      );
    const { rows } = await tx.query<Row>(
      sql`SELECT t.id, t.name_fa, t.sku, t.sku = ${sku} AS sku_hit,
            CASE WHEN t.sku = ${sku} THEN 3
                 WHEN peyvand_normalize(t.name_fa) = ${q} OR peyvand_normalize(t.name_en) = ${q} THEN 2
                 WHEN ${every((w) => `${w}%`)} OR ${every((w) => `% ${w}%`)} THEN 1.5
                 ELSE 1 END AS score
          FROM products t
          WHERE t.deleted_at IS NULL AND (t.sku = ${sku} OR ${every((w) => `%${w}%`)})
          ORDER BY score DESC, t.name_fa COLLATE "und-x-icu", t.id
          LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      type: 'product',
      id: r.id,
      title: r.name_fa,
      subtitle: r.sku,
      highlight: r.sku_hit
        ? { field: 'subtitle', text: r.sku, ranges: [[0, r.sku.length]] }
        : { field: 'title', text: r.name_fa, ranges: highlightRanges(r.name_fa, q) },
      score: Number(r.score),
    }));
  },
});
