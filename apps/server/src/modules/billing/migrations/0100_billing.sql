-- Billing (صورتحساب): quotes (پیش‌فاکتور), sales orders (سفارش فروش), invoices (فاکتور) and credit notes
-- (اعلامیه بستانکاری) in one table with a type — they share parties, lines, totals and numbering, and a
-- document converts into the next type by copying its lines — plus payments against invoices and the
-- per-organisation, per-type, per-year number counters.

CREATE TABLE sales_documents (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('quote', 'sales_order', 'invoice', 'credit_note')),
  status text NOT NULL,
  -- Assigned when the document leaves draft (sent, issued, created as an order or credit note).
  number text,
  account_id uuid NOT NULL,
  contact_id uuid,
  deal_id uuid,
  owner_id uuid NOT NULL,
  -- The document this one was made from: a quote for an order, an order for an invoice, the cancelled
  -- invoice for a credit note.
  source_id uuid,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rounding text NOT NULL DEFAULT 'half_up' CHECK (rounding IN ('half_up', 'half_even')),
  issue_date date NOT NULL,
  -- A quote's valid-until, an invoice's due date.
  due_date date,
  discount_kind text CHECK (discount_kind IN ('percent', 'amount')),
  discount_value numeric(24, 4) CHECK (discount_value >= 0),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
  -- Totals from packages/billing, recomputed by the server on every change of the lines.
  gross numeric(24, 4) NOT NULL,
  line_discounts numeric(24, 4) NOT NULL,
  subtotal numeric(24, 4) NOT NULL,
  document_discount numeric(24, 4) NOT NULL,
  taxable numeric(24, 4) NOT NULL,
  tax numeric(24, 4) NOT NULL,
  total numeric(24, 4) NOT NULL CHECK (total >= 0),
  -- Invoices: Σ payments, never above the total.
  paid numeric(24, 4) NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= total),
  issued_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
  CHECK (
    (type = 'quote' AND status IN ('draft', 'sent', 'accepted', 'rejected', 'expired'))
    OR (type = 'sales_order' AND status IN ('open', 'invoiced', 'cancelled'))
    OR (type = 'invoice' AND status IN ('draft', 'issued', 'partly_paid', 'paid', 'cancelled'))
    OR (type = 'credit_note' AND status = 'issued')
  ),
  -- Drafts have no number; everything else has one.
  CHECK ((status = 'draft') = (number IS NULL)),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
  FOREIGN KEY (tenant_id, deal_id) REFERENCES deals (tenant_id, id) ON DELETE SET NULL (deal_id),
  FOREIGN KEY (tenant_id, source_id) REFERENCES sales_documents (tenant_id, id)
);
CREATE UNIQUE INDEX sales_documents_number ON sales_documents (tenant_id, type, number);
-- One order per quote, one invoice per order, one credit note per invoice.
CREATE UNIQUE INDEX sales_documents_one_per_source ON sales_documents (tenant_id, source_id, type);
CREATE INDEX sales_documents_account ON sales_documents (tenant_id, account_id, type);
CREATE INDEX sales_documents_list ON sales_documents (tenant_id, type, created_at, id);
CREATE INDEX sales_documents_due ON sales_documents (tenant_id, due_date) WHERE type = 'invoice' AND status IN ('issued', 'partly_paid');

CREATE TABLE sales_document_lines (
  tenant_id uuid NOT NULL,
  document_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  product_id uuid,
  description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 1000),
  quantity numeric(24, 4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(24, 4) NOT NULL CHECK (unit_price >= 0),
  discount_kind text CHECK (discount_kind IN ('percent', 'amount')),
  discount_value numeric(24, 4) CHECK (discount_value >= 0),
  tax_class_id uuid,
  tax_rate numeric(7, 4) NOT NULL CHECK (tax_rate BETWEEN 0 AND 100),
  gross numeric(24, 4) NOT NULL,
  line_discount numeric(24, 4) NOT NULL,
  net numeric(24, 4) NOT NULL,
  document_discount numeric(24, 4) NOT NULL,
  taxable numeric(24, 4) NOT NULL,
  tax numeric(24, 4) NOT NULL,
  total numeric(24, 4) NOT NULL,
  PRIMARY KEY (tenant_id, document_id, position),
  CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
  FOREIGN KEY (tenant_id, document_id) REFERENCES sales_documents (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  FOREIGN KEY (tenant_id, tax_class_id) REFERENCES tax_classes (tenant_id, id) ON DELETE SET NULL (tax_class_id)
);

-- The last number given per organisation, type and year. Taking a number is one
-- INSERT … ON CONFLICT DO UPDATE … RETURNING in the issuing transaction: the row stays locked until
-- that transaction ends, so concurrent issues queue, and a rollback gives the number back (no gaps).
CREATE TABLE document_counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type text NOT NULL,
  year integer NOT NULL,
  last integer NOT NULL CHECK (last > 0),
  PRIMARY KEY (tenant_id, type, year)
);

CREATE TABLE payments (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  account_id uuid NOT NULL,
  amount numeric(24, 4) NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  method text NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'cheque', 'other')),
  paid_on date NOT NULL,
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES sales_documents (tenant_id, id)
);
CREATE INDEX payments_invoice ON payments (tenant_id, invoice_id);
CREATE INDEX payments_paid_on ON payments (tenant_id, paid_on, id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sales_documents', 'sales_document_lines', 'document_counters', 'payments']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;
