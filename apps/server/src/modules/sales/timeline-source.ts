import { sql } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { before, registerTimelineSource, timelineKey } from '../relationships/timeline.js';
import { SALES_MODULE } from './permissions.js';

// Deals on the customer 360: one entry each time a deal of the account (or with the contact on it)
// entered a stage — its creation and every move — within the reader's scope.
registerTimelineSource({
  kind: 'deal',
  module: SALES_MODULE,
  statement(subject, cursor, limit, { actor }) {
    const contacts = subject.type === 'contact' ? [subject.id] : subject.contactIds;
    const about =
      subject.type === 'account'
        ? sql`(d.account_id = ${subject.id}::uuid OR EXISTS (SELECT 1 FROM deal_contacts dc
            WHERE dc.deal_id = d.id AND dc.contact_id = ANY(${contacts}::uuid[])))`
        : sql`EXISTS (SELECT 1 FROM deal_contacts dc WHERE dc.deal_id = d.id AND dc.contact_id = ${subject.id}::uuid)`;
    return sql`
      SELECT 'deal' AS kind, h.id, ${timelineKey(sql`h.entered_at`)} AS key, h.entered_at AS at, d.title,
        s.name AS summary,
        jsonb_build_object('dealId', d.id, 'stageId', s.id, 'stageName', s.name, 'stageKind', s.kind,
          'amount', trim_scale(d.amount)::text, 'currency', d.currency, 'ownerId', d.owner_id,
          'movedBy', h.moved_by) AS data
      FROM deal_stage_history h
      JOIN deals d ON d.tenant_id = h.tenant_id AND d.id = h.deal_id
      JOIN pipeline_stages s ON s.tenant_id = h.tenant_id AND s.id = h.stage_id
      WHERE d.deleted_at IS NULL AND ${about} AND ${visibleTo(actor, sql`d.owner_id`)}
        AND ${before(sql`h.entered_at`, sql`h.id`, cursor)}
      ORDER BY h.entered_at DESC, h.id DESC LIMIT ${limit}`;
  },
});
