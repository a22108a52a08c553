/**
 * Merging two accounts or contacts (cleaning module): episodes, phase history and trust/commitment
 * assessments of the merged record move to the survivor. Its current phase moves too when the survivor
 * has none; when both have one, the survivor keeps its own (the merged one's history still moves).
 */
import { columnMover, registerMergeMover } from '../cleaning/movers.js';

for (const type of ['contact', 'account'] as const) {
  const column = `${type}_id`;
  for (const table of ['episodes', 'relationship_phases', 'trust_assessments', 'commitment_assessments']) {
    registerMergeMover(columnMover({ key: `${table}.${column}`, type, table, column }));
  }
  registerMergeMover<{ ids: string[] }>({
    key: `relationships.${column}`,
    type,
    async move(tx, _ctx, fromId, toId) {
      const { rows } = await tx.query<{ id: string }>(
        `UPDATE relationships SET ${column} = $2, updated_at = now(), version = version + 1
         WHERE ${column} = $1 AND NOT EXISTS (SELECT 1 FROM relationships WHERE ${column} = $2) RETURNING id`,
        [fromId, toId],
      );
      return { ids: rows.map((r) => r.id) };
    },
    async undo(tx, _ctx, fromId, toId, moved) {
      if (!moved.ids.length) return;
      await tx.query(
        `UPDATE relationships SET ${column} = $1, updated_at = now(), version = version + 1
         WHERE ${column} = $2 AND id = ANY($3::uuid[])`,
        [fromId, toId, moved.ids],
      );
    },
  });
}
