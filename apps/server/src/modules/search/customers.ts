/**
 * Search sources for the customers module's accounts, contacts and leads. Each compares the
 * normalised query with the record's stored `search_text` (peyvand_normalize'd, trigram-indexed):
 * exact identifiers (canonical phone, e-mail, national/legal ID) first, then the whole name, then
 * every word found (word prefixes before inner substrings), then typo-tolerant trigram word
 * similarity (`q <% search_text`, threshold 0.5) — all restricted to live records the actor's scope
 * lets them see.
 */
import { normalizeEmail, parseIranPhone, parseLegalId, parseNationalId } from '@peyvand/persian';
import { join, raw, sql, type Transaction } from '../../platform/db/database.js';
import { escapeLike } from '../../platform/http/list-query.js';
import { type Actor, visibleTo } from '../../platform/permissions/can.js';
import { highlightRanges } from './highlight.js';
import { type Highlight, registerSearchSource, type SearchHit } from './registry.js';

/** Word similarity at or above which a typo-tolerant match counts (one wrong letter in a 5-letter word: 0.5). */
export const WORD_SIMILARITY_THRESHOLD = 0.5;
/**
 * Most candidates of each kind (names starting with the query; records containing its words; typo
 * matches) scored per table: a query matching more is ranked among these (migration 0033).
 */
export const CANDIDATE_CAP = 200;

interface CustomerTable {
  type: 'contact' | 'account' | 'lead';
  table: string;
  title: string;
  subtitle: string;
  nationalId: string | null;
  parseId: ((q: string) => { ok: true; value: string } | { ok: false }) | null;
}

const TABLES: CustomerTable[] = [
  {
    type: 'contact',
    table: 'contacts',
    title: 't.display_name',
    subtitle: `COALESCE(t.account_names[1], t.job_title, t.phones->0->>'value', t.emails->0->>'value')`,
    nationalId: 't.national_id',
    parseId: parseNationalId,
  },
  {
    type: 'account',
    table: 'accounts',
    title: 't.name',
    subtitle: `COALESCE(NULLIF(concat_ws(' · ', t.industry, t.city), ''), t.phones->0->>'value', t.emails->0->>'value', t.website)`,
    nationalId: 't.legal_id',
    parseId: parseLegalId,
  },
  {
    type: 'lead',
    table: 'leads',
    title: `COALESCE(NULLIF(t.full_name, ''), t.company_name, '')`,
    subtitle: `COALESCE(CASE WHEN t.full_name <> '' THEN t.company_name END, t.emails->0->>'value', t.phones->0->>'value')`,
    nationalId: null,
    parseId: null,
  },
];

interface Row {
  id: string;
  title: string;
  subtitle: string | null;
  phones: { value: string; canonical: string }[];
  emails: { value: string; canonical: string }[];
  phone_hit: boolean;
  email_hit: boolean;
  id_hit: boolean;
  score: number;
}

function customerSource(t: CustomerTable) {
  return {
    type: t.type,
    module: 'customers',
    async query(tx: Transaction, actor: Actor, q: string, rawQ: string, limit: number): Promise<SearchHit[]> {
      const phone = parseIranPhone(rawQ);
      const email = normalizeEmail(rawQ);
      const nid = t.parseId && t.nationalId ? t.parseId(rawQ) : null;
      const phoneHit = phone.ok ? sql`t.phones_canonical && ARRAY[${phone.value}::text]` : sql`FALSE`;
      const emailHit = email.ok ? sql`t.emails_canonical && ARRAY[${email.value}::text]` : sql`FALSE`;
      const idHit = nid?.ok ? sql`${raw(t.nationalId as string)} = ${nid.value}` : sql`FALSE`;
      const words = q.split(' ').filter(Boolean).slice(0, 8);
      const patterns = words.map((w) => `%${escapeLike(w)}%`);
      const allWords = join(
        patterns.map((p) => sql`t.search_text LIKE ${p}`),
        ' AND ',
      );
      const allPrefixes = join(
        words.map((w) => sql`(' ' || t.search_text) LIKE ${`% ${escapeLike(w)}%`}`),
        ' AND ',
      );
      const nameKey = sql`t.name_key`;
      // The candidates (exact identifiers, names starting with the query, every word, and with `fuzzy` the
      // trigram matches; at most CANDIDATE_CAP of each) come from search_customer_candidates(), whose
      // index scans row-level security would otherwise forbid (0030, 0033).
      const ranked = (fuzzy: boolean) =>
        tx.query<Row>(
          sql`SELECT id, title, subtitle, phones, emails, phone_hit, email_hit, id_hit, score FROM (
              SELECT t.id, ${raw(t.title)} AS title, ${raw(t.subtitle)} AS subtitle, t.phones, t.emails,
                ${phoneHit} AS phone_hit, ${emailHit} AS email_hit, ${idHit} AS id_hit,
                (CASE
                  WHEN ${phoneHit} OR ${emailHit} OR ${idHit} THEN 3
                  WHEN ${nameKey} = ${q} THEN 2
                  WHEN ${allPrefixes} THEN 1.5
                  WHEN ${allWords} THEN 1
                  ELSE 0 END + word_similarity(${q}::text, t.search_text) * 0.4)::float8 AS score
              FROM ${raw(t.table)} t
              WHERE t.tenant_id = ${actor.tenantId}::uuid AND t.deleted_at IS NULL
                AND ${visibleTo(actor, sql`t.owner_id`)}
                AND t.id = ANY(ARRAY(SELECT search_customer_candidates(${t.table}, ${`${escapeLike(q)}%`}::text,
                  ${patterns}::text[], ${fuzzy ? q : null}::text, ${phone.ok ? phone.value : null}::text,
                  ${email.ok ? email.value : null}::text, ${nid?.ok ? nid.value : null}::text, ${CANDIDATE_CAP}::int)))
            ) x
            ORDER BY score DESC, title, id LIMIT ${limit}`,
        );
      let { rows } = await ranked(false);
      // Trigram similarity needs 3 characters; below that only substring matches count. Numbers and
      // e-mails are not fuzzy: a phone one digit off is another person's. A trigram-only match scores
      // at most 0.4 and every other match at least 1, so with `limit` matches already the fuzzy ones
      // cannot place: ask for them (the costly part: many trigram candidates) only when fewer came.
      const fuzzyOn = q.length >= 3 && !/^[\d\s+]+$/.test(q) && !email.ok;
      if (fuzzyOn && rows.length < limit) {
        await tx.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
          String(WORD_SIMILARITY_THRESHOLD),
        ]);
        ({ rows } = await ranked(true));
      }
      return rows.map((r) => {
        let highlight: Highlight | null = null;
        if (r.phone_hit && phone.ok) {
          const p = r.phones.find((x) => x.canonical === phone.value);
          if (p) highlight = { field: 'phone', text: p.value, ranges: [[0, p.value.length]] };
        } else if (r.email_hit && email.ok) {
          const e = r.emails.find((x) => x.canonical === email.value);
          if (e) highlight = { field: 'email', text: e.value, ranges: [[0, e.value.length]] };
        } else if (r.id_hit && nid?.ok) {
          highlight = { field: 'nationalId', text: nid.value, ranges: [[0, nid.value.length]] };
        }
        if (!highlight) {
          const inTitle = highlightRanges(r.title, q);
          if (inTitle.length) highlight = { field: 'title', text: r.title, ranges: inTitle };
          else if (r.subtitle) {
            const inSub = highlightRanges(r.subtitle, q);
            if (inSub.length) highlight = { field: 'subtitle', text: r.subtitle, ranges: inSub };
          }
        }
        return { type: t.type, id: r.id, title: r.title, subtitle: r.subtitle, highlight, score: r.score };
      });
    },
  };
}

for (const t of TABLES) registerSearchSource(customerSource(t));
