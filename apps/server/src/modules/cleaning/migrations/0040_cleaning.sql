-- Data cleaning: duplicate candidates found by the scan job, and the log of merges (what each merge
-- changed and moved, so it can be undone). tenant_id first in every key; row-level security.

-- A merged record stays in the recycle bin pointing at the record it was merged into. The customers
-- module owns these tables; the column is added here (IF NOT EXISTS: a no-op if that module adds it).
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS merged_into uuid;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS merged_into uuid;
ALTER TABLE leads ADD COLUMN IF NOT EXISTS merged_into uuid;

-- One row per pair of records of one type that look like the same customer (record_a < record_b).
CREATE TABLE duplicate_candidates (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('contact', 'account', 'lead')),
  record_a uuid NOT NULL,
  record_b uuid NOT NULL,
  score real NOT NULL CHECK (score >= 0 AND score <= 1),
  -- [{"kind": "phone" | "email" | "nationalId" | "name", "value"?: text, "similarity"?: number}]
  reasons jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'merged')),
  scan_run_id uuid,
  merge_id uuid,
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, entity, record_a, record_b),
  CHECK (record_a < record_b)
);
CREATE INDEX duplicate_candidates_list ON duplicate_candidates (tenant_id, entity, status, score DESC, id);
CREATE INDEX duplicate_candidates_b ON duplicate_candidates (tenant_id, entity, record_b);

-- One row per merge: the two records as they were, the fields taken from the merged one, and what
-- every merge mover moved (its own undo data), so POST …/undo can put everything back.
CREATE TABLE duplicate_merges (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('contact', 'account', 'lead')),
  survivor_id uuid NOT NULL,
  merged_id uuid NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  survivor_before jsonb NOT NULL,
  merged_before jsonb NOT NULL,
  survivor_version integer NOT NULL,
  moves jsonb NOT NULL DEFAULT '[]',
  candidate_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  undone_by uuid,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX duplicate_merges_records ON duplicate_merges (tenant_id, entity, merged_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['duplicate_candidates', 'duplicate_merges']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;
