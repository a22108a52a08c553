-- The product catalogue (S-02): tax classes, categories, products and services with their options,
-- customer groups and price lists. Organisation-wide records (no owner). Amounts are numeric with a
-- currency code and travel as decimal strings; nothing here is ever a float.

-- ---------------------------------------------------------------------------------------------
-- Tax classes: a VAT rate in percent. Every organisation has exactly one default class, which new
-- products get when they name none.

CREATE TABLE tax_classes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  rate numeric(7, 4) NOT NULL CHECK (rate >= 0 AND rate <= 100),
  is_default boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX tax_classes_one_default ON tax_classes (tenant_id) WHERE is_default;

-- The standard class every organisation starts with: Iran's VAT of 10% where the organisation keeps
-- its books in Rial (organisation settings have a currency, not a country: IRR is how an Iranian
-- business shows here), 0% elsewhere until the organisation sets its own rate. Made by the database
-- when the organisation is, so no organisation is ever without a default class.
CREATE FUNCTION products_standard_tax_class() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tax_classes (tenant_id, id, name, rate, is_default)
  VALUES (
    NEW.id,
    gen_random_uuid(),
    CASE WHEN NEW.settings ->> 'locale' = 'en' THEN 'Standard' ELSE 'استاندارد' END,
    CASE WHEN coalesce(NEW.settings ->> 'currency', 'IRR') = 'IRR' THEN 10 ELSE 0 END,
    true
  );
  RETURN NEW;
END
$$;
CREATE TRIGGER products_standard_tax_class AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION products_standard_tax_class();

INSERT INTO tax_classes (tenant_id, id, name, rate, is_default)
SELECT t.id, gen_random_uuid(),
  CASE WHEN t.settings ->> 'locale' = 'en' THEN 'Standard' ELSE 'استاندارد' END,
  CASE WHEN coalesce(t.settings ->> 'currency', 'IRR') = 'IRR' THEN 10 ELSE 0 END,
  true
FROM tenants t;

-- ---------------------------------------------------------------------------------------------
-- Categories: a flat list of named groups of products (گروه کالا).

CREATE TABLE product_categories (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name_fa text NOT NULL CHECK (length(btrim(name_fa)) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name_fa)
);

-- ---------------------------------------------------------------------------------------------
-- Products and services. `sku` is stored normalised (upper case, Latin digits, no spaces) and is
-- unique among live products; a deleted product keeps its row (documents may name it).
-- `options` are the option groups a customer configures: [{code, nameFa, nameEn, choices:
-- [{code, nameFa, nameEn, skuSuffix, priceDelta}]}], validated by the service and read and written
-- with the product as one whole (one version, one audit row).

CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('good', 'service')),
  sku text NOT NULL CHECK (sku ~ '^[A-Z0-9][A-Z0-9._/-]{0,63}$'),
  name_fa text NOT NULL CHECK (length(btrim(name_fa)) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  unit text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 50),
  base_price numeric(24, 4) NOT NULL CHECK (base_price >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  tax_class_id uuid NOT NULL,
  category_id uuid,
  active boolean NOT NULL DEFAULT true,
  stock_tracked boolean NOT NULL DEFAULT false CHECK (NOT stock_tracked OR kind = 'good'),
  options jsonb NOT NULL DEFAULT '[]',
  search_text text GENERATED ALWAYS AS (peyvand_normalize(name_fa || ' ' || name_en || ' ' || sku)) STORED,
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, tax_class_id) REFERENCES tax_classes (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES product_categories (tenant_id, id) ON DELETE SET NULL (category_id)
);
CREATE UNIQUE INDEX products_sku ON products (tenant_id, sku) WHERE deleted_at IS NULL;
CREATE INDEX products_created ON products (tenant_id, created_at, id);
CREATE INDEX products_search ON products USING gin (search_text gin_trgm_ops);

-- ---------------------------------------------------------------------------------------------
-- Customer groups (wholesale, resellers…) and their members: accounts and contacts, referenced by
-- tenant_id + id; a member leaves its groups when the customer record is removed for good.

CREATE TABLE customer_groups (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE customer_group_accounts (
  tenant_id uuid NOT NULL,
  group_id uuid NOT NULL,
  account_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, group_id, account_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES customer_groups (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_group_accounts_account ON customer_group_accounts (tenant_id, account_id);

CREATE TABLE customer_group_contacts (
  tenant_id uuid NOT NULL,
  group_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, group_id, contact_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES customer_groups (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_group_contacts_contact ON customer_group_contacts (tenant_id, contact_id);

-- ---------------------------------------------------------------------------------------------
-- Price lists: prices in one currency for one customer group (or everyone: the default list),
-- valid between two dates (inclusive; open-ended when empty). An item prices a product, or one of
-- its variants by variant SKU, from a minimum quantity up.

CREATE TABLE price_lists (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  customer_group_id uuid,
  valid_from date,
  valid_to date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
  FOREIGN KEY (tenant_id, customer_group_id) REFERENCES customer_groups (tenant_id, id)
);

CREATE TABLE price_list_items (
  tenant_id uuid NOT NULL,
  price_list_id uuid NOT NULL,
  product_id uuid NOT NULL,
  variant_sku text NOT NULL DEFAULT '',
  min_quantity numeric(20, 4) NOT NULL DEFAULT 1 CHECK (min_quantity > 0),
  unit_price numeric(24, 4) NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (tenant_id, price_list_id, product_id, variant_sku, min_quantity),
  FOREIGN KEY (tenant_id, price_list_id) REFERENCES price_lists (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX price_list_items_product ON price_list_items (tenant_id, product_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tax_classes', 'product_categories', 'products', 'customer_groups',
                           'customer_group_accounts', 'customer_group_contacts', 'price_lists',
                           'price_list_items'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;
