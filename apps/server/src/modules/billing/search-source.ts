/** Documents in global search by number: `INV-1405-000123`, or a part of it with a digit (`123`, `000123`). */
import { sql } from '../../platform/db/database.js';
import { escapeLike } from '../../platform/http/list-query.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { registerSearchSource } from '../search/registry.js';
import { BILLING_MODULE } from './permissions.js';

registerSearchSource({
  type: 'sales_document',
  module: BILLING_MODULE,
  async query(tx, actor, q, _rawQ, limit) {
    // Numbers hold only Latin letters, digits and '-', and what tells one from another is its digits: a
    // word without one ("ann") would match nothing useful, and under three characters the trigram index
    // cannot narrow the search, so neither is looked up.
    const term = q.toUpperCase().replace(/\s+/g, '');
    if (!/^[A-Z0-9-]{3,40}$/.test(term) || !/\d/.test(term)) return [];
    const { rows } = await tx.query<{ id: string; title: string; subtitle: string; score: number }>(
      sql`SELECT d.id, d.number AS title, COALESCE(a.name, '') || ' · ' || d.total::text || ' ' || d.currency AS subtitle,
            (CASE WHEN d.number = ${term} THEN 2 WHEN d.number LIKE ${`%${escapeLike(term)}`} THEN 1.5 ELSE 1 END)::float8 AS score
          FROM sales_documents d LEFT JOIN accounts a ON a.tenant_id = d.tenant_id AND a.id = d.account_id
          WHERE d.tenant_id = ${actor.tenantId}::uuid AND d.number LIKE ${`%${escapeLike(term)}%`}
            AND ${visibleTo(actor, sql`d.owner_id`)}
          ORDER BY score DESC, d.number DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      type: 'sales_document',
      id: r.id,
      title: r.title,
      subtitle: r.subtitle,
      highlight: null,
      score: r.score,
    }));
  },
});
