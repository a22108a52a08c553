-- Purchasing (S-04): vendors, purchase orders and the goods receipts that add their stock.

CREATE TABLE vendors (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- draft → ordered → partly_received → received; draft or ordered → cancelled. Lines change only in draft.
CREATE TABLE purchase_orders (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  vendor_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'ordered', 'partly_received', 'received', 'cancelled')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  created_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, vendor_id) REFERENCES vendors (tenant_id, id),
  FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE INDEX purchase_orders_created ON purchase_orders (tenant_id, created_at, id);

CREATE TABLE purchase_order_lines (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  purchase_order_id uuid NOT NULL,
  line_no integer NOT NULL CHECK (line_no >= 0),
  product_id uuid NOT NULL,
  quantity numeric(20, 4) NOT NULL CHECK (quantity > 0),
  unit_cost numeric(24, 4) NOT NULL CHECK (unit_cost >= 0),
  received_quantity numeric(20, 4) NOT NULL DEFAULT 0 CHECK (received_quantity >= 0 AND received_quantity <= quantity),
  PRIMARY KEY (tenant_id, purchase_order_id, line_no),
  FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);

-- A goods receipt (رسید انبار): what arrived against a purchase order, into one warehouse. Its stock
-- movements carry document type 'goods_receipt' and its id.
CREATE TABLE goods_receipts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  purchase_order_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
  FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE INDEX goods_receipts_order ON goods_receipts (tenant_id, purchase_order_id);

CREATE TABLE goods_receipt_lines (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  goods_receipt_id uuid NOT NULL,
  line_no integer NOT NULL,
  quantity numeric(20, 4) NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, goods_receipt_id, line_no),
  FOREIGN KEY (tenant_id, goods_receipt_id) REFERENCES goods_receipts (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['vendors', 'purchase_orders', 'purchase_order_lines', 'goods_receipts',
                           'goods_receipt_lines'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;
