import { normalizeForSearch } from '@peyvand/persian';
import type { Database } from '../../platform/db/database.js';
import { fieldError, forbidden } from '../../platform/http/problem.js';
import { can } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { type SearchHit, searchSources } from './registry.js';

/**
 * One search across every registered source the actor may read (or those named in `types`), best
 * hits first. The query is normalised once (normalizeForSearch) and handed to each source with the
 * raw text, which sources parse as a phone, e-mail or ID.
 */
export async function search(
  db: Database,
  ctx: Context,
  input: { q: string; types?: string; limit: number },
): Promise<SearchHit[]> {
  const q = normalizeForSearch(input.q);
  if ([...q].length < 2) throw fieldError('querystring.q', 'Type at least 2 characters', 'too_small');
  const all = searchSources();
  const wanted = input.types ? [...new Set(input.types.split(','))] : all.map((s) => s.type);
  const unknown = wanted.filter((t) => !all.some((s) => s.type === t));
  if (unknown.length)
    throw fieldError('querystring.types', `Unknown record type: ${unknown.join(', ')}`, 'invalid_value');
  const sources = all.filter((s) => wanted.includes(s.type) && can(ctx.actor, 'read', { module: s.module }));
  if (!sources.length) throw forbidden();
  const hits = await inTenant(db, ctx.actor.tenantId, async (tx) => {
    const found: SearchHit[] = [];
    for (const source of sources) found.push(...(await source.query(tx, ctx.actor, q, input.q, input.limit)));
    return found;
  });
  return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'fa')).slice(0, input.limit);
}
