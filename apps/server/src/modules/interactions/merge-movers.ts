/**
 * When the cleaning module merges two customer records, the interactions, notes and tasks of the
 * merged record move to the survivor (and back on undo) through its merge-mover registry.
 */
import { columnMover, registerMergeMover } from '../cleaning/movers.js';

for (const table of ['interactions', 'notes', 'tasks'] as const) {
  for (const type of ['contact', 'account', 'lead'] as const) {
    registerMergeMover(columnMover({ key: `${table}.${type}_id`, type, table, column: `${type}_id` }));
  }
}
