-- Files stored in the database (uploads to import, export results, attachments), cut into chunks of
-- 1 MiB, so every server process and worker reads the same file without a shared disk and a backup
-- of the database is a backup of the files. Which module uses a file is its `purpose`; the module
-- keeps its own row pointing at it.

CREATE TABLE files (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('import', 'export', 'attachment')),
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

CREATE TABLE file_chunks (
  tenant_id uuid NOT NULL,
  file_id uuid NOT NULL,
  seq integer NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (tenant_id, file_id, seq),
  FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON files USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant());
ALTER TABLE file_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON file_chunks USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant());
