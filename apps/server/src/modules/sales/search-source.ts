/**
 * Deals in global search: every word of the normalised query in the deal's search_text (title and
 * source, peyvand_normalize'd, trigram-indexed), the whole title ranked first, then word prefixes,
 * then inner substrings — live deals in the actor's scope only.
 */
import { join, sql } from '../../platform/db/database.js';
import { escapeLike } from '../../platform/http/list-query.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { highlightRanges } from '../search/highlight.js';
import { registerSearchSource } from '../search/registry.js';
import { SALES_MODULE } from './permissions.js';

registerSearchSource({
  type: 'deal',
  module: SALES_MODULE,
  async query(tx, actor, q, _rawQ, limit) {
    const words = q.split(' ').filter(Boolean).slice(0, 8);
    const all = (pattern: (w: string) => string) =>
      join(
        words.map((w) => sql`(' ' || d.search_text) LIKE ${pattern(escapeLike(w))}`),
        ' AND ',
      );
    const { rows } = await tx.query<{ id: string; title: string; subtitle: string; score: number }>(
      sql`SELECT d.id, d.title, s.name || ' · ' || trim_scale(d.amount)::text || ' ' || d.currency AS subtitle,
            (CASE WHEN peyvand_normalize(d.title) = ${q} THEN 2 WHEN ${all((w) => `% ${w}%`)} THEN 1.5 ELSE 1 END
              + word_similarity(${q}::text, d.search_text) * 0.4)::float8 AS score
          FROM deals d JOIN pipeline_stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id
          WHERE d.tenant_id = ${actor.tenantId}::uuid AND d.deleted_at IS NULL
            AND ${visibleTo(actor, sql`d.owner_id`)} AND ${all((w) => `%${w}%`)}
          ORDER BY score DESC, d.title, d.id LIMIT ${limit}`,
    );
    return rows.map((r) => {
      const ranges = highlightRanges(r.title, q);
      return {
        type: 'deal',
        id: r.id,
        title: r.title,
        subtitle: r.subtitle,
        highlight: ranges.length ? { field: 'title' as const, text: r.title, ranges } : null,
        score: r.score,
      };
    });
  },
});
