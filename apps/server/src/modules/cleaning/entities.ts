/**
 * How the cleaning module sees the customers module's three record types: table, display title,
 * name, identifiers, and which columns a merge may take from either record. The customers module owns
 * these tables; this file is the one place that knows their shape (see the report in
 * docs: the customers module may later expose the same through service functions).
 */
import type { Transaction } from '../../platform/db/database.js';

export const RECORD_TYPES = ['contact', 'account', 'lead'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface RecordTypeInfo {
  type: RecordType;
  table: string;
  /** SQL over alias t: the display name as stored. */
  title: string;
  /** SQL over alias t: the name to compare (display form; normalised in code). */
  name: string;
  /** Names of organisations: organisation words (شرکت, گروه, co…) are left out of comparisons. */
  organisation: boolean;
  /** The national ID column (کد ملی of a person, شناسه ملی of an organisation). */
  nationalId: string | null;
  /** Columns a merge never copies from the merged record. */
  fixed: string[];
}

export const TYPES: Record<RecordType, RecordTypeInfo> = {
  contact: {
    type: 'contact',
    table: 'contacts',
    title: 't.display_name',
    name: 't.display_name',
    organisation: false,
    nationalId: 'national_id',
    fixed: ['account_names'],
  },
  account: {
    type: 'account',
    table: 'accounts',
    title: 't.name',
    name: 't.name',
    organisation: true,
    nationalId: 'legal_id',
    fixed: [],
  },
  lead: {
    type: 'lead',
    table: 'leads',
    title: `COALESCE(NULLIF(t.full_name, ''), t.company_name, '')`,
    name: `COALESCE(NULLIF(t.full_name, ''), t.company_name, '')`,
    organisation: false,
    nationalId: null,
    fixed: ['status', 'converted_at', 'converted_account_id', 'converted_contact_id'],
  },
};

/** Columns that belong to the row's identity and life cycle, never merged. */
const SYSTEM = new Set([
  'tenant_id',
  'id',
  'created_at',
  'created_by',
  'updated_at',
  'deleted_at',
  'version',
  'merged_into',
]);

export interface MergeColumn {
  column: string;
  /** The API name: camelCase of the column (first_name → firstName). */
  field: string;
  /** jsonb arrays of points (phones, emails), text[] (tags), jsonb object (custom) or a plain value. */
  kind: 'points' | 'array' | 'object' | 'value';
}

export const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const columnCache = new Map<string, MergeColumn[]>();

/**
 * The columns of the table a merge may choose between, read from the catalogue so columns the
 * customers module adds later take part without a change here (generated columns excluded).
 */
export async function mergeColumns(tx: Transaction, info: RecordTypeInfo): Promise<MergeColumn[]> {
  const cached = columnCache.get(info.table);
  if (cached) return cached;
  const { rows } = await tx.query<{ column_name: string; data_type: string; is_generated: string }>(
    `SELECT column_name, data_type, is_generated FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [info.table],
  );
  const columns = rows
    .filter(
      (r) => r.is_generated === 'NEVER' && !SYSTEM.has(r.column_name) && !info.fixed.includes(r.column_name),
    )
    .map((r): MergeColumn => {
      const kind: MergeColumn['kind'] =
        r.column_name === 'phones' || r.column_name === 'emails'
          ? 'points'
          : r.data_type === 'ARRAY'
            ? 'array'
            : r.data_type === 'jsonb'
              ? 'object'
              : 'value';
      return { column: r.column_name, field: camel(r.column_name), kind };
    });
  if (columns.length) columnCache.set(info.table, columns);
  return columns;
}
