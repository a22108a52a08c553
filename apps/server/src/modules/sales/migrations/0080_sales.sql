-- Sales (فروش): pipelines (قیف فروش) of ordered stages (مرحله) with a win probability each, deals
-- (فرصت فروش) moving through them, every stage a deal entered and left (for cycle time, conversion
-- and win rate), and the organisation's list of reasons deals are lost. Line items are the products
-- module's (0090+).

CREATE TABLE pipelines (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  is_default boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
-- One default pipeline per organisation: where a deal goes when none is named.
CREATE UNIQUE INDEX pipelines_one_default ON pipelines (tenant_id) WHERE is_default;

-- Stages in order. Each pipeline has exactly one won and one lost stage (checked by the service);
-- a deal in either is closed.
CREATE TABLE pipeline_stages (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  kind text NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- The target of deals' (pipeline, stage) foreign key: a deal's stage is always of its pipeline.
  UNIQUE (tenant_id, pipeline_id, id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX pipeline_stages_order ON pipeline_stages (tenant_id, pipeline_id, position);

CREATE TABLE lost_reasons (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE deals (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  -- The stage's kind, kept beside it so lists filter open/won/lost without a join.
  status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  account_id uuid,
  owner_id uuid,
  amount numeric(24, 4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  expected_close_date date,
  source text CHECK (length(source) <= 100),
  description text CHECK (length(description) <= 10000),
  closed_at timestamptz,
  lost_reason_id uuid,
  lost_note text CHECK (length(lost_note) <= 1000),
  search_text text GENERATED ALWAYS AS (peyvand_normalize(title || ' ' || coalesce(source, ''))) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'open') = (closed_at IS NULL)),
  CHECK ((status = 'lost') = (lost_reason_id IS NOT NULL)),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id),
  FOREIGN KEY (tenant_id, pipeline_id, stage_id) REFERENCES pipeline_stages (tenant_id, pipeline_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE SET NULL (account_id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id),
  FOREIGN KEY (tenant_id, lost_reason_id) REFERENCES lost_reasons (tenant_id, id)
);
CREATE INDEX deals_created ON deals (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage ON deals (tenant_id, pipeline_id, stage_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner ON deals (tenant_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_account ON deals (tenant_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX deals_close ON deals (tenant_id, expected_close_date) WHERE deleted_at IS NULL;
CREATE INDEX deals_search ON deals USING gin (search_text gin_trgm_ops);

-- The people on the customer's side of a deal and the part each plays in the decision.
CREATE TABLE deal_contacts (
  tenant_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('decision_maker', 'influencer', 'champion', 'user', 'gatekeeper', 'other')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, deal_id, contact_id),
  FOREIGN KEY (tenant_id, deal_id) REFERENCES deals (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX deal_contacts_contact ON deal_contacts (tenant_id, contact_id);

-- Every stage a deal was in: entered when created or moved there, left when moved on. Exactly one
-- open row (left_at NULL) per deal: its current stage.
CREATE TABLE deal_stage_history (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  deal_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  moved_by uuid,
  PRIMARY KEY (tenant_id, id),
  CHECK (left_at IS NULL OR left_at >= entered_at),
  FOREIGN KEY (tenant_id, deal_id) REFERENCES deals (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, pipeline_id, stage_id) REFERENCES pipeline_stages (tenant_id, pipeline_id, id)
);
CREATE UNIQUE INDEX deal_stage_history_current ON deal_stage_history (tenant_id, deal_id) WHERE left_at IS NULL;
CREATE INDEX deal_stage_history_stage ON deal_stage_history (tenant_id, pipeline_id, stage_id, entered_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['pipelines', 'pipeline_stages', 'lost_reasons', 'deals', 'deal_contacts', 'deal_stage_history']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;

-- Every organisation starts with one pipeline and a list of lost reasons in its own language, made
-- here (not by the app) so organisations that existed before this migration get them too. Ids are
-- random (v4) rather than the app's v7: nothing orders these rows by id.
CREATE FUNCTION sales_seed_tenant(tenant uuid, locale text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pipeline uuid := gen_random_uuid();
  persian boolean := locale IS DISTINCT FROM 'en';
BEGIN
  INSERT INTO pipelines (tenant_id, id, name, is_default)
    VALUES (tenant, pipeline, CASE WHEN persian THEN 'قیف فروش' ELSE 'Sales pipeline' END, true);
  INSERT INTO pipeline_stages (tenant_id, id, pipeline_id, name, probability, kind, position)
  SELECT tenant, gen_random_uuid(), pipeline, CASE WHEN persian THEN s.fa ELSE s.en END, s.p, s.k, s.i
  FROM (VALUES
    (0, 'شناسایی نیاز', 'Qualification', 10, 'open'),
    (1, 'نیازسنجی', 'Needs analysis', 25, 'open'),
    (2, 'ارائه پیشنهاد', 'Proposal', 50, 'open'),
    (3, 'مذاکره', 'Negotiation', 75, 'open'),
    (4, 'برنده', 'Won', 100, 'won'),
    (5, 'بازنده', 'Lost', 0, 'lost')
  ) AS s (i, fa, en, p, k);
  INSERT INTO lost_reasons (tenant_id, id, name, position)
  SELECT tenant, gen_random_uuid(), CASE WHEN persian THEN r.fa ELSE r.en END, r.i
  FROM (VALUES
    (0, 'قیمت', 'Price'),
    (1, 'رقیب', 'Competitor'),
    (2, 'نبود بودجه', 'No budget'),
    (3, 'زمان نامناسب', 'Timing'),
    (4, 'بی‌پاسخ ماند', 'No response')
  ) AS r (i, fa, en);
END
$$;

CREATE FUNCTION sales_seed_new_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sales_seed_tenant(NEW.id, NEW.settings->>'locale');
  RETURN NULL;
END
$$;
CREATE TRIGGER sales_seed_new_tenant AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION sales_seed_new_tenant();

SELECT sales_seed_tenant(id, settings->>'locale') FROM tenants;
