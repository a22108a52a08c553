/**
 * When the cleaning module merges two customer records, the merged record's attachments move to the
 * survivor (and back on undo) through its merge-mover registry.
 */
import { columnMover, registerMergeMover } from '../cleaning/movers.js';

for (const type of ['contact', 'account', 'lead'] as const) {
  registerMergeMover(
    columnMover({ key: `attachments.${type}_id`, type, table: 'attachments', column: `${type}_id` }),
  );
}
