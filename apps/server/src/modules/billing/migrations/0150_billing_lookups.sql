-- Global search looks documents up by any part of their number (LIKE '%…%'): without a trigram index
-- every search read every document of the organisation (at size L of the benchmark, over a million).
CREATE INDEX sales_documents_number_trgm ON sales_documents USING gin (number gin_trgm_ops);
-- A contact's documents on their 360 timeline, newest first (the account's use sales_documents_account).
CREATE INDEX sales_documents_contact ON sales_documents (tenant_id, contact_id, issued_at DESC, id DESC)
  WHERE issued_at IS NOT NULL;
