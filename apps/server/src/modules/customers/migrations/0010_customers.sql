-- Customers: accounts (organisations), contacts (people) and their links, leads, and custom field
-- definitions. tenant_id is first in every primary and foreign key; row-level security on the
-- transaction's tenant; grants come from the default privileges of 0001_platform.sql.
--
-- Phones and e-mails are stored twice: as a jsonb list of what the user typed
-- ([{"value","canonical","kind","label"}]) and as generated text[] columns of the canonical forms
-- (E.164 / lower-cased e-mail) for exact-match look-ups. search_text and name_key are generated with
-- peyvand_normalize(), so the database keeps them right on every write.

-- The SQL twin of normalizeForSearch() (packages/persian). This text must equal PERSIAN_NORMALIZE_SQL
-- exactly; migration.test.ts checks it.
CREATE OR REPLACE FUNCTION peyvand_normalize(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(
    regexp_replace(
      translate($1,
        E'يىئكڪةۀھہۂەأإآٱٲٳؤ۰٠۱١۲٢۳٣۴٤۵٥۶٦۷٧۸٨۹٩ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆĈĊČçćĉċčĎĐďđÈÉÊËĒĔĖĘĚèéêëēĕėęěĜĞĠĢĝğġģĤĦĥħÌÍÎÏĨĪĬĮİìíîïĩīĭįıĴĵĶķĹĻĽĿŁĺļľŀłÑŃŅŇñńņňÒÓÔÕÖØŌŎŐòóôõöøōŏőŔŖŘŕŗřŚŜŞŠśŝşšŢŤŦţťŧÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűųŴŵÝŸŶýÿŷŹŻŽźżžÆŒÐÞ\u0009\u000A\u000B\u000C\u000D\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u2028\u2029\u202F\u205F\u3000\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0659\u065A\u065B\u065C\u065D\u065E\u065F\u0670\u0640\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030A\u030B\u030C\u030D\u030E\u030F\u0310\u0311\u0312\u0313\u0314\u0315\u0316\u0317\u0318\u0319\u031A\u031B\u031C\u031D\u031E\u031F\u0320\u0321\u0322\u0323\u0324\u0325\u0326\u0327\u0328\u0329\u032A\u032B\u032C\u032D\u032E\u032F\u0330\u0331\u0332\u0333\u0334\u0335\u0336\u0337\u0338\u0339\u033A\u033B\u033C\u033D\u033E\u033F\u0340\u0341\u0342\u0343\u0344\u0345\u0346\u0347\u0348\u0349\u034A\u034B\u034C\u034D\u034E\u034F\u0350\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A\u035B\u035C\u035D\u035E\u035F\u0360\u0361\u0362\u0363\u0364\u0365\u0366\u0367\u0368\u0369\u036A\u036B\u036C\u036D\u036E\u036F\uFEFF\u00AD\u2060\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069',
        E'یییککههههههااااااو00112233445566778899abcdefghijklmnopqrstuvwxyzaaaaaaaaaaaaaaaaaaccccccccccddddeeeeeeeeeeeeeeeeeegggggggghhhhiiiiiiiiiiiiiiiiiijjkkllllllllllnnnnnnnnoooooooooooooooooorrrrrrssssssssttttttuuuuuuuuuuuuuuuuuuuuwwyyyyyyzzzzzzæœðþ                           '),
      ' {2,}', ' ', 'g'),
    ' ')
$$;

-- The field `field` of every object of a jsonb array, in order (NULLs skipped). IMMUTABLE: it only
-- reads its arguments, so it may feed generated columns and indexes.
CREATE OR REPLACE FUNCTION customers_jsonb_texts(items jsonb, field text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(e ->> field ORDER BY n) FILTER (WHERE e ->> field IS NOT NULL), '{}')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(items) = 'array' THEN items ELSE '[]'::jsonb END)
       WITH ORDINALITY AS x(e, n)
$$;

-- array_to_string() is only STABLE in general (element output functions); for text[] it is immutable.
CREATE OR REPLACE FUNCTION customers_join(items text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT array_to_string(items, ' ') $$;

-- ---------------------------------------------------------------------------------------------
-- Custom field definitions: values live in each record's `custom` jsonb.

CREATE TABLE custom_fields (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('account', 'contact', 'lead')),
  key text NOT NULL CHECK (key ~ '^[A-Za-z][A-Za-z0-9_]{0,62}$'),
  label_fa text NOT NULL CHECK (length(btrim(label_fa)) > 0),
  label_en text NOT NULL DEFAULT '',
  type text NOT NULL CHECK (type IN ('text', 'long_text', 'number', 'money', 'date', 'boolean', 'select',
                                     'multi_select', 'email', 'phone', 'url', 'relation')),
  options jsonb NOT NULL DEFAULT '[]',
  relation_entity text CHECK (relation_entity IN ('account', 'contact', 'lead')),
  required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, entity, key),
  CHECK ((type = 'relation') = (relation_entity IS NOT NULL))
);

-- ---------------------------------------------------------------------------------------------
-- Accounts: organisations we sell to (or internal departments: customer_type 'internal').

CREATE TABLE accounts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  legal_id text CHECK (legal_id ~ '^[0-9]{11}$'),
  economic_code text CHECK (economic_code ~ '^[0-9]{10,12}$'),
  registration_number text,
  phones jsonb NOT NULL DEFAULT '[]',
  emails jsonb NOT NULL DEFAULT '[]',
  phones_canonical text[] GENERATED ALWAYS AS (customers_jsonb_texts(phones, 'canonical')) STORED,
  emails_canonical text[] GENERATED ALWAYS AS (customers_jsonb_texts(emails, 'canonical')) STORED,
  website text,
  industry text,
  country text,
  province text,
  city text,
  address text,
  postal_code text CHECK (postal_code ~ '^[0-9]{10}$'),
  customer_type text NOT NULL DEFAULT 'external' CHECK (customer_type IN ('external', 'internal')),
  description text,
  owner_id uuid,
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  name_key text GENERATED ALWAYS AS (peyvand_normalize(name)) STORED,
  search_text text GENERATED ALWAYS AS (peyvand_normalize(
    name || ' ' || coalesce(legal_id, '') || ' ' || coalesce(economic_code, '') || ' ' ||
    coalesce(website, '') || ' ' ||
    customers_join(customers_jsonb_texts(emails, 'value')) || ' ' ||
    customers_join(customers_jsonb_texts(emails, 'canonical')) || ' ' ||
    customers_join(customers_jsonb_texts(phones, 'value')) || ' ' ||
    customers_join(customers_jsonb_texts(phones, 'canonical')))) STORED,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  -- A member who leaves keeps no records: they become unowned (visible to scope-all roles).
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX accounts_owner ON accounts (tenant_id, owner_id);
CREATE INDEX accounts_created ON accounts (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX accounts_name ON accounts (tenant_id, name COLLATE "und-x-icu", id) WHERE deleted_at IS NULL;
CREATE INDEX accounts_legal_id ON accounts (tenant_id, legal_id) WHERE legal_id IS NOT NULL;
CREATE INDEX accounts_phones ON accounts USING gin (phones_canonical);
CREATE INDEX accounts_emails ON accounts USING gin (emails_canonical);
CREATE INDEX accounts_search ON accounts USING gin (search_text gin_trgm_ops);
CREATE INDEX accounts_name_trgm ON accounts USING gin (name_key gin_trgm_ops);

-- ---------------------------------------------------------------------------------------------
-- Contacts: people. account_names mirrors the names of the linked accounts (kept by the service)
-- so that searching a person by their company works from one column.

CREATE TABLE contacts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  first_name text,
  last_name text,
  display_name text GENERATED ALWAYS AS (btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED,
  national_id text CHECK (national_id ~ '^[0-9]{10}$'),
  phones jsonb NOT NULL DEFAULT '[]',
  emails jsonb NOT NULL DEFAULT '[]',
  phones_canonical text[] GENERATED ALWAYS AS (customers_jsonb_texts(phones, 'canonical')) STORED,
  emails_canonical text[] GENERATED ALWAYS AS (customers_jsonb_texts(emails, 'canonical')) STORED,
  birth_date date,
  gender text CHECK (gender IN ('female', 'male', 'other')),
  job_title text,
  customer_type text NOT NULL DEFAULT 'external' CHECK (customer_type IN ('external', 'internal')),
  description text,
  owner_id uuid,
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  account_names text[] NOT NULL DEFAULT '{}',
  name_key text GENERATED ALWAYS AS (peyvand_normalize(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED,
  search_text text GENERATED ALWAYS AS (peyvand_normalize(
    coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(national_id, '') || ' ' ||
    coalesce(job_title, '') || ' ' || customers_join(account_names) || ' ' ||
    customers_join(customers_jsonb_texts(emails, 'value')) || ' ' ||
    customers_join(customers_jsonb_texts(emails, 'canonical')) || ' ' ||
    customers_join(customers_jsonb_texts(phones, 'value')) || ' ' ||
    customers_join(customers_jsonb_texts(phones, 'canonical')))) STORED,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK (length(btrim(coalesce(first_name, '') || coalesce(last_name, ''))) > 0),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX contacts_owner ON contacts (tenant_id, owner_id);
CREATE INDEX contacts_created ON contacts (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_name ON contacts (tenant_id, display_name COLLATE "und-x-icu", id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_national_id ON contacts (tenant_id, national_id) WHERE national_id IS NOT NULL;
CREATE INDEX contacts_phones ON contacts USING gin (phones_canonical);
CREATE INDEX contacts_emails ON contacts USING gin (emails_canonical);
CREATE INDEX contacts_search ON contacts USING gin (search_text gin_trgm_ops);
CREATE INDEX contacts_name_trgm ON contacts USING gin (name_key gin_trgm_ops);

-- A person may work for several organisations, each with a role (title); one link may be primary.
CREATE TABLE contact_accounts (
  tenant_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  account_id uuid NOT NULL,
  role text,
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, contact_id, account_id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX contact_accounts_primary ON contact_accounts (tenant_id, contact_id) WHERE is_primary;
CREATE INDEX contact_accounts_account ON contact_accounts (tenant_id, account_id);

-- ---------------------------------------------------------------------------------------------
-- Leads: prospects not yet qualified; conversion links (and keeps) them.

CREATE TABLE leads (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  first_name text,
  last_name text,
  full_name text GENERATED ALWAYS AS (btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED,
  company_name text,
  job_title text,
  phones jsonb NOT NULL DEFAULT '[]',
  emails jsonb NOT NULL DEFAULT '[]',
  phones_canonical text[] GENERATED ALWAYS AS (customers_jsonb_texts(phones, 'canonical')) STORED,
  emails_canonical text[] GENERATED ALWAYS AS (customers_jsonb_texts(emails, 'canonical')) STORED,
  website text,
  source text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
  score integer NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
  description text,
  owner_id uuid,
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  converted_at timestamptz,
  converted_account_id uuid,
  converted_contact_id uuid,
  name_key text GENERATED ALWAYS AS (peyvand_normalize(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED,
  search_text text GENERATED ALWAYS AS (peyvand_normalize(
    coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(company_name, '') || ' ' ||
    coalesce(job_title, '') || ' ' ||
    customers_join(customers_jsonb_texts(emails, 'value')) || ' ' ||
    customers_join(customers_jsonb_texts(emails, 'canonical')) || ' ' ||
    customers_join(customers_jsonb_texts(phones, 'value')) || ' ' ||
    customers_join(customers_jsonb_texts(phones, 'canonical')))) STORED,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK (length(btrim(coalesce(first_name, '') || coalesce(last_name, '') || coalesce(company_name, ''))) > 0),
  CHECK ((status = 'converted') = (converted_at IS NOT NULL)),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (owner_id),
  FOREIGN KEY (tenant_id, converted_account_id) REFERENCES accounts (tenant_id, id) ON DELETE SET NULL (converted_account_id),
  FOREIGN KEY (tenant_id, converted_contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (converted_contact_id)
);
CREATE INDEX leads_owner ON leads (tenant_id, owner_id);
CREATE INDEX leads_created ON leads (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_status ON leads (tenant_id, status) WHERE deleted_at IS NULL;
CREATE INDEX leads_phones ON leads USING gin (phones_canonical);
CREATE INDEX leads_emails ON leads USING gin (emails_canonical);
CREATE INDEX leads_search ON leads USING gin (search_text gin_trgm_ops);
CREATE INDEX leads_name_trgm ON leads USING gin (name_key gin_trgm_ops);

-- ---------------------------------------------------------------------------------------------
-- Row-level security.

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['custom_fields', 'accounts', 'contacts', 'contact_accounts', 'leads']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;

-- Organisations created before this module existed: give their built-in roles the rights that
-- builtinRole() gives new ones for a business module.
UPDATE roles SET rights = rights || jsonb_build_object('customers', CASE key
    WHEN 'owner' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'admin' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'manager' THEN '["read","create","update","delete","export"]'::jsonb
    WHEN 'agent' THEN '["read","create","update"]'::jsonb
    ELSE '["read"]'::jsonb END)
  WHERE builtin AND NOT rights ? 'customers';
