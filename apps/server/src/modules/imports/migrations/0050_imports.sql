-- Imports and exports of accounts, contacts and leads (issue "Customer knowledge" §4, SPEC P-03).
--
-- Files live in the database, cut into chunks of 1 MiB, so that every server process and worker
-- reads the same file (no shared disk needed). An import records, in the same transaction as each
-- batch of rows it writes, the last source row of that batch (last_row) and its counts, so a stopped
-- or crashed import resumes after the last committed batch: never half a batch, never a row twice.

CREATE TABLE imports_files (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('import', 'export')),
  name text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL DEFAULT 0,
  chunks integer NOT NULL DEFAULT 0,
  sha256 text,
  -- 'writing' until the last chunk is stored; a file left 'writing' (upload cut off) is garbage.
  status text NOT NULL DEFAULT 'writing' CHECK (status IN ('writing', 'ready')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE imports_file_chunks (
  tenant_id uuid NOT NULL,
  file_id uuid NOT NULL,
  seq integer NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (tenant_id, file_id, seq),
  FOREIGN KEY (tenant_id, file_id) REFERENCES imports_files (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE imports (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('account', 'contact', 'lead')),
  file_id uuid NOT NULL,
  file_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'vcard')),
  -- How the file is read (detected at upload, changeable until the import runs).
  encoding text,
  delimiter text,
  has_header boolean NOT NULL DEFAULT true,
  columns jsonb NOT NULL DEFAULT '[]',
  sample jsonb NOT NULL DEFAULT '[]',
  mapping jsonb NOT NULL DEFAULT '[]',
  duplicate_policy text NOT NULL DEFAULT 'skip' CHECK (duplicate_policy IN ('skip', 'update', 'create')),
  status text NOT NULL DEFAULT 'ready'
    CHECK (status IN ('ready', 'dry_running', 'running', 'stopped', 'failed', 'completed')),
  rows_total integer,
  -- The run: the last source row (spreadsheet numbering, header = row 1) whose batch is committed.
  last_row integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  skipped_count integer NOT NULL DEFAULT 0,
  rejected_count integer NOT NULL DEFAULT 0,
  blank_count integer NOT NULL DEFAULT 0,
  accounts_created integer NOT NULL DEFAULT 0,
  -- The last dry run: its state and counts as JSON (same names as the run's).
  dry_run jsonb,
  -- The job run allowed to write batches now; a resume names a new one and the old one stops.
  runner uuid,
  job_id uuid,
  -- Who the run acts as (their role, scope and teams when they started it).
  actor jsonb,
  error text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, file_id) REFERENCES imports_files (tenant_id, id)
);
CREATE INDEX imports_created ON imports (tenant_id, created_at, id);

-- What happened to each row that was not simply created: rejected (with every error), skipped or
-- updated as a duplicate, or created although it matched (policy 'create'). The cells are kept for
-- rejected rows, so the rejects file gives them back to be corrected and imported again.
CREATE TABLE imports_rows (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  mode text NOT NULL CHECK (mode IN ('dry_run', 'run')),
  row_no integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('rejected', 'skipped', 'updated', 'created')),
  record_id uuid,
  match_id uuid,
  match_reason text,
  match_row integer,
  errors jsonb NOT NULL DEFAULT '[]',
  cells jsonb,
  PRIMARY KEY (tenant_id, import_id, mode, row_no),
  FOREIGN KEY (tenant_id, import_id) REFERENCES imports (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX imports_rows_outcome ON imports_rows (tenant_id, import_id, mode, outcome, row_no);

-- Scratch space of a dry run: the identifiers (e-mail, phone, national ID in canonical form) of
-- rows it would have created or updated in earlier batches, whose writes it rolled back.
CREATE TABLE imports_dry_keys (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  key text NOT NULL,
  target text NOT NULL,
  PRIMARY KEY (tenant_id, import_id, key),
  FOREIGN KEY (tenant_id, import_id) REFERENCES imports (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE exports (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('account', 'contact', 'lead')),
  format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'vcard')),
  query jsonb NOT NULL DEFAULT '{}',
  columns jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  rows_written integer NOT NULL DEFAULT 0,
  file_id uuid,
  job_id uuid,
  error text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, file_id) REFERENCES imports_files (tenant_id, id) ON DELETE SET NULL (file_id)
);
CREATE INDEX exports_created ON exports (tenant_id, created_at, id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['imports_files', 'imports_file_chunks', 'imports', 'imports_rows', 'imports_dry_keys', 'exports']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;
