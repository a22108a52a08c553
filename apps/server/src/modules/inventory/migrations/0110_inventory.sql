-- Inventory (S-04): warehouses, the stock-movement ledger and the stock levels it sums to, the
-- organisation's negative-stock setting, and low-stock thresholds. Quantities are numeric(20,4) and
-- travel as decimal strings; nothing here is ever a float.

-- ---------------------------------------------------------------------------------------------
-- Warehouses (انبار). Every organisation has exactly one default warehouse, made with it.

CREATE TABLE warehouses (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  address text NOT NULL DEFAULT '' CHECK (length(address) <= 1000),
  is_default boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX warehouses_one_default ON warehouses (tenant_id) WHERE is_default;

CREATE FUNCTION inventory_default_warehouse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO warehouses (tenant_id, id, name, is_default)
  VALUES (NEW.id, gen_random_uuid(),
    CASE WHEN NEW.settings ->> 'locale' = 'en' THEN 'Main warehouse' ELSE 'انبار اصلی' END, true);
  RETURN NEW;
END
$$;
CREATE TRIGGER inventory_default_warehouse AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION inventory_default_warehouse();

INSERT INTO warehouses (tenant_id, id, name, is_default)
SELECT t.id, gen_random_uuid(),
  CASE WHEN t.settings ->> 'locale' = 'en' THEN 'Main warehouse' ELSE 'انبار اصلی' END, true
FROM tenants t;

-- ---------------------------------------------------------------------------------------------
-- The organisation's inventory settings: one row, made on first change (absent = defaults).

CREATE TABLE inventory_settings (
  tenant_id uuid NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  allow_negative_stock boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- Stock levels: one row per product and warehouse, always the sum of that pair's ledger rows. Only
-- the service writes it, in the same statement that appends the ledger rows, after locking the rows.

CREATE TABLE stock_levels (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  -- A single unique key for keyset pages of the levels list.
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  quantity numeric(20, 4) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, product_id, warehouse_id),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE INDEX stock_levels_warehouse ON stock_levels (tenant_id, warehouse_id, product_id);

-- The stock-movement ledger: append only (the app role may not change or remove a row). A signed
-- quantity, why it moved and which document moved it.
CREATE TABLE stock_movements (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  quantity numeric(20, 4) NOT NULL CHECK (quantity <> 0),
  reason text NOT NULL CHECK (reason IN ('receipt', 'issue', 'return', 'transfer_in', 'transfer_out', 'adjustment')),
  CHECK (CASE reason WHEN 'adjustment' THEN true
                     WHEN 'issue' THEN quantity < 0 WHEN 'transfer_out' THEN quantity < 0
                     ELSE quantity > 0 END),
  document_type text NOT NULL CHECK (document_type IN ('invoice', 'credit_note', 'goods_receipt', 'stock_transfer', 'stocktake')),
  document_id uuid NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id, warehouse_id) REFERENCES stock_levels (tenant_id, product_id, warehouse_id)
);
CREATE INDEX stock_movements_created ON stock_movements (tenant_id, created_at, id);
CREATE INDEX stock_movements_product ON stock_movements (tenant_id, product_id, created_at);
CREATE INDEX stock_movements_document ON stock_movements (tenant_id, document_type, document_id);
REVOKE UPDATE, DELETE ON stock_movements FROM peyvand_app;

-- ---------------------------------------------------------------------------------------------
-- Low-stock thresholds: when a product's stock over all warehouses falls to or below its threshold,
-- its buyer (or whoever set the threshold) gets one notification and one task; `alerted_at` stays set
-- while the stock stays low, so the alert is not repeated, and is cleared when it rises above.

CREATE TABLE low_stock_thresholds (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  product_id uuid NOT NULL,
  threshold numeric(20, 4) NOT NULL CHECK (threshold >= 0),
  buyer_id uuid,
  alerted_at timestamptz,
  created_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  FOREIGN KEY (tenant_id, buyer_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (buyer_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['warehouses', 'inventory_settings', 'stock_levels', 'stock_movements',
                           'low_stock_thresholds'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;

-- Organisations made before this migration: their built-in roles get the inventory module's rights as
-- a catalogue module (new organisations get them from code, platform/permissions/rights.ts).
UPDATE roles SET rights = rights || jsonb_build_object('inventory', CASE key
    WHEN 'owner' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'admin' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'manager' THEN '["read","create","update","delete","export"]'::jsonb
    ELSE '["read"]'::jsonb END)
  WHERE builtin AND NOT rights ? 'inventory';
