-- Deals get custom field values (definitions: customers' custom_fields, entity 'deal') and line items:
-- products of the catalogue (or free text) priced for the deal's account. A deal with lines has
-- their total as its amount (computed by packages/billing on every write); the numbers after
-- `tax_rate` are that pricing's results, kept so the deal page shows them as they were computed.
-- Numbered after products (0090) for the foreign keys to products and tax classes.

ALTER TABLE deals ADD COLUMN custom jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom) = 'object');

CREATE TABLE deal_lines (
  tenant_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  product_id uuid,
  description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 1000),
  quantity numeric(24, 4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(24, 4) NOT NULL CHECK (unit_price >= 0),
  discount_kind text CHECK (discount_kind IN ('percent', 'amount')),
  discount_value numeric(24, 4) CHECK (discount_value >= 0),
  tax_class_id uuid,
  tax_rate numeric(7, 4) NOT NULL CHECK (tax_rate BETWEEN 0 AND 100),
  net numeric(24, 4) NOT NULL,
  tax numeric(24, 4) NOT NULL,
  total numeric(24, 4) NOT NULL,
  PRIMARY KEY (tenant_id, deal_id, position),
  CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
  FOREIGN KEY (tenant_id, deal_id) REFERENCES deals (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  FOREIGN KEY (tenant_id, tax_class_id) REFERENCES tax_classes (tenant_id, id) ON DELETE SET NULL (tax_class_id)
);
CREATE INDEX deal_lines_product ON deal_lines (tenant_id, product_id) WHERE product_id IS NOT NULL;

ALTER TABLE deal_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON deal_lines USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant());
