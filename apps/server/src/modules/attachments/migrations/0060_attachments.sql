-- Attachments (پیوست‌ها) on contacts, accounts and leads: a file stored in the database (the
-- platform's `files`, streamed in 1 MiB chunks) so every server process reads it without a shared
-- disk. Like a note, an attachment has an owner (who uploaded it unless reassigned) for permissions,
-- and goes to the recycle bin on delete (deleted_at) with its bytes kept until it is purged.

CREATE TABLE attachments (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  file_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text,
  -- The type it is served with: what the bytes are when recognised, else what the uploader declared.
  content_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  -- What a browser may show inline: recognised images and PDFs only (never SVG or HTML).
  preview text CHECK (preview IN ('image', 'pdf')),
  contact_id uuid,
  account_id uuid,
  lead_id uuid,
  owner_id uuid,
  created_by uuid,
  search_text text GENERATED ALWAYS AS (peyvand_normalize(name || ' ' || coalesce(description, ''))) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(contact_id, account_id, lead_id) >= 1),
  FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX attachments_contact ON attachments (tenant_id, contact_id, created_at, id) WHERE deleted_at IS NULL AND contact_id IS NOT NULL;
CREATE INDEX attachments_account ON attachments (tenant_id, account_id, created_at, id) WHERE deleted_at IS NULL AND account_id IS NOT NULL;
CREATE INDEX attachments_lead ON attachments (tenant_id, lead_id, created_at, id) WHERE deleted_at IS NULL AND lead_id IS NOT NULL;
CREATE INDEX attachments_created ON attachments (tenant_id, created_at, id);
CREATE INDEX attachments_search ON attachments USING gin (search_text gin_trgm_ops);

-- An attachment erased for good (purged from the recycle bin, or with its customer record) takes its
-- bytes with it, whichever way the row went.
CREATE FUNCTION attachments_drop_file() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM files WHERE tenant_id = OLD.tenant_id AND id = OLD.file_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER attachments_drop_file AFTER DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION attachments_drop_file();

ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attachments USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant());
