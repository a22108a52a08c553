/**
 * When the customers module converts a lead (`lead.converted`), the history logged on the lead —
 * interactions, notes and tasks — is linked to the new (or chosen) contact and account too, so the
 * customer 360 shows everything that happened before the conversion. The lead link stays. A job on
 * the outbox event does it; it only fills empty links, so running it twice changes nothing more.
 */
import type { Transaction } from '../../platform/db/database.js';
import { subscribe } from '../../platform/events/dispatcher.js';
import { newId } from '../../platform/ids.js';
import { defineJob } from '../../platform/jobs/jobs.js';
import { inTenant } from '../../platform/tenancy/context.js';

export const LEAD_CONVERTED_QUEUE = 'interactions.lead-converted';

interface LeadConverted {
  eventId: string;
  payload: { leadId: string; accountId: string | null; contactId: string | null };
}

const TABLES = [
  ['interactions', 'interaction'],
  ['notes', 'note'],
  ['tasks', 'task'],
] as const;

export async function linkLeadHistory(
  tx: Transaction,
  tenantId: string,
  eventId: string,
  { leadId, accountId, contactId }: LeadConverted['payload'],
): Promise<number> {
  if (!accountId && !contactId) return 0;
  let linked = 0;
  for (const [table, entity] of TABLES) {
    const { rows } = await tx.query<{
      id: string;
      contact_before: string | null;
      account_before: string | null;
    }>(
      `UPDATE ${table} t SET contact_id = COALESCE(t.contact_id, $2), account_id = COALESCE(t.account_id, $3),
         updated_at = now(), version = t.version + 1
       FROM (SELECT id, contact_id, account_id FROM ${table} WHERE lead_id = $1 AND deleted_at IS NULL
               AND (($2::uuid IS NOT NULL AND contact_id IS NULL) OR ($3::uuid IS NOT NULL AND account_id IS NULL))
             FOR UPDATE) old
       WHERE t.id = old.id
       RETURNING t.id, old.contact_id AS contact_before, old.account_id AS account_before`,
      [leadId, contactId, accountId],
    );
    for (const row of rows) {
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      if (contactId && !row.contact_before) changes.contactId = { before: null, after: contactId };
      if (accountId && !row.account_before) changes.accountId = { before: null, after: accountId };
      await tx.query(
        `INSERT INTO audit_log (tenant_id, id, actor_id, actor_type, entity, entity_id, action, changes, request_id)
         VALUES ($1, $2, NULL, 'system', $3, $4, 'update', $5, $6)`,
        [tenantId, newId(), entity, row.id, JSON.stringify(changes), `lead.converted:${eventId}`],
      );
    }
    linked += rows.length;
  }
  if (linked > 0) {
    await tx.query(
      `INSERT INTO outbox_events (tenant_id, id, type, payload, request_id) VALUES ($1, $2, 'lead.history_linked', $3, $4)`,
      [
        tenantId,
        newId(),
        JSON.stringify({ leadId, accountId, contactId, linked }),
        `lead.converted:${eventId}`,
      ],
    );
  }
  return linked;
}

defineJob<LeadConverted>(LEAD_CONVERTED_QUEUE, async (run) =>
  inTenant(run.db, run.tenantId, async (tx) => ({
    linked: await linkLeadHistory(tx, run.tenantId, run.input.eventId, run.input.payload),
  })),
);
subscribe('lead.converted', LEAD_CONVERTED_QUEUE);
