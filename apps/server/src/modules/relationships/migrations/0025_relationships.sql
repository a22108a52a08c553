-- Relationships (رابطه): a relationship is a series of interaction episodes (اپیزودهای تعاملی)
-- between the customer and us over time. Per account and per contact: the current phase
-- (آگاهی awareness, کشف/جستجو exploration with its sub-stages, گسترش expansion, تعهد commitment,
-- انحلال dissolution) with its full history; trust (اعتماد) and commitment (تعهد) assessments as
-- dated rows. Each row belongs to exactly one subject: an account or a contact.

-- Episodes: named spans with a start and an end (open while ended_at IS NULL); interactions link to one.
CREATE TABLE episodes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  description text NOT NULL DEFAULT '',
  account_id uuid,
  contact_id uuid,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  owner_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(account_id, contact_id) >= 1),
  CHECK (ended_at IS NULL OR ended_at >= started_at),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX episodes_started ON episodes (tenant_id, started_at, id) WHERE deleted_at IS NULL;
CREATE INDEX episodes_account ON episodes (tenant_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX episodes_contact ON episodes (tenant_id, contact_id) WHERE contact_id IS NOT NULL;

-- The interactions module (0020) stores episode_id; the reference is declared here, where episodes exist.
ALTER TABLE interactions ADD CONSTRAINT interactions_episode_fk
  FOREIGN KEY (tenant_id, episode_id) REFERENCES episodes (tenant_id, id) ON DELETE SET NULL (episode_id);

-- The current phase of one relationship (one row per account or contact that has one).
CREATE TABLE relationships (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  account_id uuid,
  contact_id uuid,
  phase text NOT NULL CHECK (phase IN ('awareness', 'exploration', 'expansion', 'commitment', 'dissolution')),
  sub_stage text CHECK (sub_stage IN ('attraction', 'communication_bargaining', 'power_exercise', 'norms',
                                      'expectations')),
  phase_since timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, account_id),
  UNIQUE (tenant_id, contact_id),
  CHECK (num_nonnulls(account_id, contact_id) = 1),
  CHECK ((phase = 'exploration') = (sub_stage IS NOT NULL)),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);

-- Every phase change: who, when, why, from → to; dissolution records who ended it.
CREATE TABLE relationship_phases (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  account_id uuid,
  contact_id uuid,
  from_phase text,
  from_sub_stage text,
  to_phase text NOT NULL CHECK (to_phase IN ('awareness', 'exploration', 'expansion', 'commitment', 'dissolution')),
  to_sub_stage text,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  ended_by text CHECK (ended_by IN ('customer', 'us', 'mutual')),
  source text NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'suggestion')),
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(account_id, contact_id) = 1),
  CHECK ((to_phase = 'dissolution') = (ended_by IS NOT NULL)),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX relationship_phases_account ON relationship_phases (tenant_id, account_id, changed_at, id)
  WHERE account_id IS NOT NULL;
CREATE INDEX relationship_phases_contact ON relationship_phases (tenant_id, contact_id, changed_at, id)
  WHERE contact_id IS NOT NULL;

-- Trust (اعتماد) in three domains, 1–5 each, and its basis.
CREATE TABLE trust_assessments (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  account_id uuid,
  contact_id uuid,
  benevolence smallint NOT NULL CHECK (benevolence BETWEEN 1 AND 5),
  honesty smallint NOT NULL CHECK (honesty BETWEEN 1 AND 5),
  competence smallint NOT NULL CHECK (competence BETWEEN 1 AND 5),
  basis text NOT NULL CHECK (basis IN ('calculus', 'knowledge', 'identification')),
  note text NOT NULL DEFAULT '',
  assessed_at timestamptz NOT NULL,
  assessed_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(account_id, contact_id) = 1),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX trust_assessments_account ON trust_assessments (tenant_id, account_id, assessed_at) WHERE account_id IS NOT NULL;
CREATE INDEX trust_assessments_contact ON trust_assessments (tenant_id, contact_id, assessed_at) WHERE contact_id IS NOT NULL;

-- Commitment (تعهد): how committed each side is, 1–5, and what each has invested.
CREATE TABLE commitment_assessments (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  account_id uuid,
  contact_id uuid,
  ours smallint NOT NULL CHECK (ours BETWEEN 1 AND 5),
  theirs smallint NOT NULL CHECK (theirs BETWEEN 1 AND 5),
  investments text NOT NULL DEFAULT '',
  assessed_at timestamptz NOT NULL,
  assessed_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (num_nonnulls(account_id, contact_id) = 1),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX commitment_assessments_account ON commitment_assessments (tenant_id, account_id, assessed_at) WHERE account_id IS NOT NULL;
CREATE INDEX commitment_assessments_contact ON commitment_assessments (tenant_id, contact_id, assessed_at) WHERE contact_id IS NOT NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['episodes', 'relationships', 'relationship_phases', 'trust_assessments',
                           'commitment_assessments']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;

UPDATE roles SET rights = rights || jsonb_build_object('relationships', CASE key
    WHEN 'owner' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'admin' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'manager' THEN '["read","create","update","delete","export"]'::jsonb
    WHEN 'agent' THEN '["read","create","update"]'::jsonb
    ELSE '["read"]'::jsonb END)
  WHERE builtin AND NOT rights ? 'relationships';
