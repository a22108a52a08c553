-- The warehouse an issued invoice's stock-tracked lines left (and its credit note returns them to).
-- Numbered after inventory's 0110, whose warehouses table it refers to.
ALTER TABLE sales_documents ADD COLUMN warehouse_id uuid;
ALTER TABLE sales_documents
  ADD FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id);
