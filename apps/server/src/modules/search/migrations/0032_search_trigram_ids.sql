-- Typo-tolerant candidates (`q <% search_text`) through the trigram GIN index, always.
--
-- Left to the planner, that condition was read row by row wherever the planner had poor figures:
-- PGlite (no autovacuum, so usually no statistics; and even analysed it priced the GIN bitmap above a
-- scan) and small PostgreSQL tables. Reading 20,000 contacts cost 300 ms on PGlite and 200 ms on
-- PostgreSQL, the GIN bitmap 30 ms on both. search_trigram_ids() therefore asks for nothing but that
-- condition with sequential and plain index scans off (for its own duration), which leaves the GIN
-- bitmap as the only plan. It returns every tenant's matches, so only search_customer_ids (its owner's
-- other function) may call it; that one keeps the caller's tenant, as before.
CREATE FUNCTION search_trigram_ids(tbl text, q text) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET enable_seqscan = off SET enable_indexscan = off AS $$
BEGIN
  IF tbl IS NULL OR tbl NOT IN ('contacts', 'accounts', 'leads') THEN
    RAISE EXCEPTION 'search_trigram_ids: not a customer table: %', tbl;
  END IF;
  RETURN QUERY EXECUTE format('SELECT id FROM %I WHERE %L::text <%% search_text', tbl, q);
END
$$;
REVOKE EXECUTE ON FUNCTION search_trigram_ids(text, text) FROM PUBLIC;

-- As in 0030, but the typo-tolerant candidates come from search_trigram_ids() (restricted to the
-- tenant's live records here), and the page cost of 0031 is gone
-- (a replaced function keeps only the settings it names): it only served that condition.
CREATE OR REPLACE FUNCTION search_customer_ids(tbl text, patterns text[], fuzzy text, phone text, email text, nid text)
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  conditions text[] := '{}';
  id_column text := CASE tbl WHEN 'contacts' THEN 'national_id' WHEN 'accounts' THEN 'legal_id' END;
BEGIN
  IF tbl IS NULL OR tbl NOT IN ('contacts', 'accounts', 'leads') THEN
    RAISE EXCEPTION 'search_customer_ids: not a customer table: %', tbl;
  END IF;
  IF cardinality(patterns) > 0 THEN
    conditions := conditions || (SELECT '(' || string_agg(format('search_text LIKE %L', p), ' AND ') || ')'
                                 FROM unnest(patterns) p);
  END IF;
  IF phone IS NOT NULL THEN conditions := conditions || format('phones_canonical && ARRAY[%L::text]', phone); END IF;
  IF email IS NOT NULL THEN conditions := conditions || format('emails_canonical && ARRAY[%L::text]', email); END IF;
  IF nid IS NOT NULL AND id_column IS NOT NULL THEN
    conditions := conditions || format('%I = %L', id_column, nid);
  END IF;
  IF cardinality(conditions) > 0 THEN
    RETURN QUERY EXECUTE format(
      'SELECT id FROM %I WHERE tenant_id = peyvand_tenant() AND deleted_at IS NULL AND (%s)',
      tbl, array_to_string(conditions, ' OR '));
  END IF;
  -- An id may come twice (a word match that is also a typo match): callers ask `id = ANY(...)`.
  IF fuzzy IS NOT NULL THEN
    RETURN QUERY EXECUTE format(
      'SELECT t.id FROM %I t WHERE t.tenant_id = peyvand_tenant() AND t.deleted_at IS NULL
         AND t.id IN (SELECT search_trigram_ids(%L, %L))', tbl, tbl, fuzzy);
  END IF;
END
$$;
