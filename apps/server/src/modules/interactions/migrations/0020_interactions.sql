-- Interactions (تعامل‌ها): every touchpoint between the customer and us, on any channel, each an
-- action or a reaction (initiator: who acted first — the customer or us). Notes: free rich text on
-- a customer record. Bodies are HTML sanitised by the application (rich-text.ts) before they are
-- stored; body_text is their plain text, and search_text its normalised form for search.
--
-- A customer record removed for good (not the recycle bin) takes its interactions and notes with it
-- (ON DELETE CASCADE): erasure means erasure. Owners who leave the organisation leave unowned records.

CREATE TABLE interactions (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'call', 'meeting', 'web_form', 'portal', 'chat',
                                           'letter', 'fax', 'in_person')),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  initiator text NOT NULL CHECK (initiator IN ('customer', 'us')),
  subject text,
  body text NOT NULL DEFAULT '',
  body_text text NOT NULL DEFAULT '',
  search_text text GENERATED ALWAYS AS (peyvand_normalize(coalesce(subject, '') || ' ' || body_text)) STORED,
  occurred_at timestamptz NOT NULL,
  duration_seconds integer CHECK (duration_seconds BETWEEN 0 AND 604800),
  outcome text,
  contact_id uuid,
  account_id uuid,
  lead_id uuid,
  episode_id uuid,
  owner_id uuid,
  created_by uuid,
  source text NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'system')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(contact_id, account_id, lead_id) >= 1),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX interactions_occurred ON interactions (tenant_id, occurred_at, id) WHERE deleted_at IS NULL;
CREATE INDEX interactions_contact ON interactions (tenant_id, contact_id, occurred_at, id)
  WHERE deleted_at IS NULL AND contact_id IS NOT NULL;
CREATE INDEX interactions_account ON interactions (tenant_id, account_id, occurred_at, id)
  WHERE deleted_at IS NULL AND account_id IS NOT NULL;
CREATE INDEX interactions_lead ON interactions (tenant_id, lead_id, occurred_at, id)
  WHERE deleted_at IS NULL AND lead_id IS NOT NULL;
CREATE INDEX interactions_episode ON interactions (tenant_id, episode_id) WHERE episode_id IS NOT NULL;
CREATE INDEX interactions_owner ON interactions (tenant_id, owner_id);
CREATE INDEX interactions_search ON interactions USING gin (search_text gin_trgm_ops);

CREATE TABLE notes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  body text NOT NULL,
  body_text text NOT NULL DEFAULT '',
  search_text text GENERATED ALWAYS AS (peyvand_normalize(body_text)) STORED,
  pinned boolean NOT NULL DEFAULT false,
  contact_id uuid,
  account_id uuid,
  lead_id uuid,
  owner_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(contact_id, account_id, lead_id) >= 1),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX notes_created ON notes (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX notes_contact ON notes (tenant_id, contact_id, created_at) WHERE deleted_at IS NULL AND contact_id IS NOT NULL;
CREATE INDEX notes_account ON notes (tenant_id, account_id, created_at) WHERE deleted_at IS NULL AND account_id IS NOT NULL;
CREATE INDEX notes_lead ON notes (tenant_id, lead_id, created_at) WHERE deleted_at IS NULL AND lead_id IS NOT NULL;
CREATE INDEX notes_owner ON notes (tenant_id, owner_id);
CREATE INDEX notes_search ON notes USING gin (search_text gin_trgm_ops);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['interactions', 'notes']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;

-- Organisations created before this module existed get the rights builtinRole() gives new ones.
DO $$
DECLARE m text;
BEGIN
  FOREACH m IN ARRAY ARRAY['interactions', 'notes']
  LOOP
    UPDATE roles SET rights = rights || jsonb_build_object(m, CASE key
        WHEN 'owner' THEN '["read","create","update","delete","export","admin"]'::jsonb
        WHEN 'admin' THEN '["read","create","update","delete","export","admin"]'::jsonb
        WHEN 'manager' THEN '["read","create","update","delete","export"]'::jsonb
        WHEN 'agent' THEN '["read","create","update"]'::jsonb
        ELSE '["read"]'::jsonb END)
      WHERE builtin AND NOT rights ? m;
  END LOOP;
END
$$;
