-- Candidate ids for the customer search sources, found through the trigram and array GIN indexes.
--
-- Under row-level security PostgreSQL may only turn a condition into an index scan when its operator
-- is LEAKPROOF (or no policy condition is pending); LIKE, <% and && are not, so for peyvand_app every
-- search read the whole table (EXPLAIN: Seq Scan, 0.7 s a query at 100,000 contacts). This function runs
-- as its owner, which owns the tables and so is not subject to their policies, and applies the
-- tenant itself (peyvand_tenant(), the setting the policies read). It only narrows: the caller selects
-- `WHERE id = ANY(...)` from the table again, under its policies, with its own scope and scoring.
--   patterns  LIKE patterns every one of which search_text must match (the query's words)
--   fuzzy     the query for `fuzzy <% search_text` (word similarity), NULL for none
--   phone, email, nid  canonical phone / e-mail / national or legal ID for exact matches, or NULL
CREATE FUNCTION search_customer_ids(tbl text, patterns text[], fuzzy text, phone text, email text, nid text)
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
  IF fuzzy IS NOT NULL THEN conditions := conditions || format('%L::text <%% search_text', fuzzy); END IF;
  IF phone IS NOT NULL THEN conditions := conditions || format('phones_canonical && ARRAY[%L::text]', phone); END IF;
  IF email IS NOT NULL THEN conditions := conditions || format('emails_canonical && ARRAY[%L::text]', email); END IF;
  IF nid IS NOT NULL AND id_column IS NOT NULL THEN
    conditions := conditions || format('%I = %L', id_column, nid);
  END IF;
  IF cardinality(conditions) = 0 THEN RETURN; END IF;
  RETURN QUERY EXECUTE format(
    'SELECT id FROM %I WHERE tenant_id = peyvand_tenant() AND deleted_at IS NULL AND (%s)',
    tbl, array_to_string(conditions, ' OR '));
END
$$;
