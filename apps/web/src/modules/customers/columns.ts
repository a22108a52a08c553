// How the customer lists show their records in the shared list grid (ui/lists/ListColumns.tsx).
import type { ColumnLayout } from '../../ui/lists/ListColumns';
import { type CustomerRecord, type Entity, titleOf } from './api';

/** What a list shows until someone chooses otherwise (or a saved view says). */
export function defaultColumns(entity: Entity): string[] {
  return entity === 'lead'
    ? ['name', 'phones', 'emails', 'status', 'createdAt']
    : ['name', 'phones', 'emails', 'createdAt'];
}

/** A record's value for a list field: the catalogue's names map onto the record's properties. */
function recordValue(row: CustomerRecord, name: string): unknown {
  switch (name) {
    case 'name':
      return titleOf(row);
    case 'phones':
      return row.phone;
    case 'emails':
      return row.email;
    case 'accountNames':
      return row.accounts?.map((a) => a.name) ?? [];
    default:
      if (name.startsWith('custom.')) return row.custom?.[name.slice('custom.'.length)];
      return (row as unknown as Record<string, unknown>)[name];
  }
}

export const CUSTOMER_COLUMNS: ColumnLayout<CustomerRecord> = {
  primary: 'name',
  wide: ['emails', 'accountNames'],
  ltr: ['phones', 'emails'],
  valueOf: recordValue,
};
