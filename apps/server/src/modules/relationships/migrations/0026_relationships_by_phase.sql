-- The board by phase (GET /api/v1/relationships?type=…&phase=…): the newest in a phase first, keyset
-- paged on (phase_since, subject id). One index per kind of subject, as a relationship is an account's
-- or a contact's (the list says `contact_id IS NOT NULL` outright so the planner picks its own).
-- Measured with EXPLAIN ANALYZE on the list's own query under row-level security, 100 000 contacts in
-- each of two organisations, 90% with a phase: without them the first page of one phase read all the
-- organisation's relationships and sorted them (PostgreSQL 104 ms, PGlite 571 ms); with them it reads
-- the page's 31 rows in order (PostgreSQL 0.8 ms, PGlite 5.4 ms).
CREATE INDEX relationships_phase_contact ON relationships (tenant_id, phase, phase_since DESC, contact_id DESC)
  WHERE contact_id IS NOT NULL;
CREATE INDEX relationships_phase_account ON relationships (tenant_id, phase, phase_since DESC, account_id DESC)
  WHERE account_id IS NOT NULL;
