-- Sorting people by last or first name (the list's "sort by last name") read every live contact and
-- sorted them: 205 ms at 100,000 contacts on PostgreSQL. With an index in the list's order (ICU
-- collation, NULLs last, id as the tiebreaker) the first page is an index scan.
CREATE INDEX contacts_last_name ON contacts (tenant_id, last_name COLLATE "und-x-icu", id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_first_name ON contacts (tenant_id, first_name COLLATE "und-x-icu", id) WHERE deleted_at IS NULL;
