// PostgreSQL twin of normalizeForSearch(), for expression indexes and WHERE clauses. It is generated
// from the very table the TypeScript function uses, so the two agree by construction; a property
// test runs both on thousands of random strings to prove it.
//
// Only built-ins that are IMMUTABLE whatever the database's locale: translate(), regexp_replace()
// on a plain space pattern, btrim(). No lower() (collation-dependent) and no unaccent (an extension
// whose dictionary can change, so it is only STABLE); Latin folding is in the table instead.

import { SEARCH_TRANSLATE_TABLE } from './normalize';

/**
 * A PostgreSQL E'' literal. Only letters and digits are written as themselves; spaces, marks,
 * tatweel and format characters become \uXXXX so the migration text stays reviewable.
 */
function sqlLiteral(text: string): string {
  let body = '';
  for (const ch of text) {
    const visible =
      /^[\p{Lu}\p{Ll}\p{Lo}\p{Nd}]$/u.test(ch) || (/^[ -~]$/.test(ch) && ch !== '\\' && ch !== "'");
    body += visible ? ch : `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `E'${body}'`;
}

/**
 * `CREATE OR REPLACE FUNCTION peyvand_normalize(text)`: run it in a migration. Use it as
 * `CREATE INDEX … ON contacts (peyvand_normalize(name))` and compare with
 * `peyvand_normalize($1)` or with a key computed by normalizeForSearch() in the application.
 */
export const PERSIAN_NORMALIZE_SQL = `CREATE OR REPLACE FUNCTION peyvand_normalize(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(
    regexp_replace(
      translate($1,
        ${sqlLiteral(SEARCH_TRANSLATE_TABLE.from)},
        ${sqlLiteral(SEARCH_TRANSLATE_TABLE.to)}),
      ' {2,}', ' ', 'g'),
    ' ')
$$;`;
