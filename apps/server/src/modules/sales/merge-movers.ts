/**
 * When the cleaning module merges two customer records, the merged account's deals and the merged
 * contact's places on deals go to the survivor (and back on undo).
 */
import { sql } from '../../platform/db/database.js';
import { columnMover, registerMergeMover } from '../cleaning/movers.js';

registerMergeMover(
  columnMover({ key: 'sales.deals.account_id', type: 'account', table: 'deals', column: 'account_id' }),
);

interface DealPlace {
  dealId: string;
  role: string;
  /** true: re-pointed at the survivor; false: the survivor was on the deal already, this place was dropped. */
  moved: boolean;
}

registerMergeMover<DealPlace[]>({
  key: 'sales.deal_contacts.contact_id',
  type: 'contact',
  async move(tx, _ctx, fromId, toId) {
    const { rows } = await tx.query<DealPlace>(
      sql`SELECT dc.deal_id AS "dealId", dc.role, NOT EXISTS (SELECT 1 FROM deal_contacts o
            WHERE o.deal_id = dc.deal_id AND o.contact_id = ${toId}::uuid) AS moved
          FROM deal_contacts dc WHERE dc.contact_id = ${fromId}::uuid`,
    );
    const moved = rows.filter((r) => r.moved).map((r) => r.dealId);
    await tx.query(
      sql`UPDATE deal_contacts SET contact_id = ${toId}::uuid WHERE contact_id = ${fromId}::uuid AND deal_id = ANY(${moved}::uuid[])`,
    );
    await tx.query(sql`DELETE FROM deal_contacts WHERE contact_id = ${fromId}::uuid`);
    return rows;
  },
  async undo(tx, ctx, fromId, toId, places) {
    for (const p of places) {
      if (p.moved)
        await tx.query(
          sql`UPDATE deal_contacts SET contact_id = ${fromId}::uuid WHERE deal_id = ${p.dealId}::uuid AND contact_id = ${toId}::uuid`,
        );
      else
        await tx.query(
          sql`INSERT INTO deal_contacts (tenant_id, deal_id, contact_id, role)
              VALUES (${ctx.actor.tenantId}, ${p.dealId}, ${fromId}, ${p.role}) ON CONFLICT DO NOTHING`,
        );
    }
  },
});
