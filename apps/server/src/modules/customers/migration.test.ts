import { readFileSync } from 'node:fs';
import { PERSIAN_NORMALIZE_SQL } from '@peyvand/persian';
import { describe, expect, it } from 'vitest';

const migration = readFileSync(new URL('./migrations/0010_customers.sql', import.meta.url), 'utf8');

describe('customers migration', () => {
  it('creates peyvand_normalize() with exactly the text of PERSIAN_NORMALIZE_SQL', () => {
    const start = migration.indexOf('CREATE OR REPLACE FUNCTION peyvand_normalize(text)');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(migration.slice(start, start + PERSIAN_NORMALIZE_SQL.length)).toBe(PERSIAN_NORMALIZE_SQL);
    expect(migration.split('FUNCTION peyvand_normalize').length).toBe(2);
  });

  it('uses only its own migration numbers and never uuidv7() in SQL', () => {
    expect(migration).not.toMatch(/uuidv7\s*\(/i);
    for (const table of ['custom_fields', 'accounts', 'contacts', 'contact_accounts', 'leads']) {
      expect(migration).toMatch(new RegExp(`CREATE TABLE ${table} \\(\\n  tenant_id uuid NOT NULL`));
      expect(migration).toContain(`'${table}'`);
    }
  });
});
