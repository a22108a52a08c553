-- The organisation's letterhead (سربرگ): its legal name, address, contact details, Iranian registration
-- codes, bank account (شبا) and logo, printed on quotes and invoices. One row per organisation, made on
-- first change (NULL = not given). The logo is small (≤ 256 KiB, PNG or JPEG) and kept in the row so a
-- backup of the database holds it.

CREATE TABLE organisation_profiles (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  legal_name_fa text CHECK (length(legal_name_fa) <= 200),
  legal_name_en text CHECK (length(legal_name_en) <= 200),
  address_fa text CHECK (length(address_fa) <= 500),
  address_en text CHECK (length(address_en) <= 500),
  postal_code text CHECK (postal_code ~ '^[0-9]{10}$'),
  phone text CHECK (length(phone) <= 60),
  email text CHECK (length(email) <= 254),
  website text CHECK (length(website) <= 2000),
  national_id text CHECK (national_id ~ '^[0-9]{11}$'),
  economic_code text CHECK (economic_code ~ '^[0-9]{10,12}$'),
  registration_number text CHECK (length(registration_number) <= 40),
  sheba text CHECK (sheba ~ '^IR[0-9]{24}$'),
  logo bytea CHECK (octet_length(logo) <= 262144),
  logo_type text CHECK (logo_type IN ('image/png', 'image/jpeg')),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((logo IS NULL) = (logo_type IS NULL))
);

ALTER TABLE organisation_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organisation_profiles USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant());
