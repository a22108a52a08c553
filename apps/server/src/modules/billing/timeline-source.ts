import { sql } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { before, registerTimelineSource, timelineKey } from '../relationships/timeline.js';
import { BILLING_MODULE } from './permissions.js';

// Documents on the customer 360: one entry per quote, order, invoice or credit note of the account (or
// naming the contact), at the moment it was numbered (drafts are not the customer's history yet).
registerTimelineSource({
  kind: 'sales_document',
  module: BILLING_MODULE,
  statement(subject, cursor, limit, { actor }) {
    const about =
      subject.type === 'account'
        ? sql`(d.account_id = ${subject.id}::uuid OR d.contact_id = ANY(${subject.contactIds}::uuid[]))`
        : sql`d.contact_id = ${subject.id}::uuid`;
    return sql`
      SELECT 'sales_document' AS kind, d.id, ${timelineKey(sql`d.issued_at`)} AS key, d.issued_at AS at,
        d.number AS title, d.status AS summary,
        jsonb_build_object('documentId', d.id, 'type', d.type, 'number', d.number, 'status', d.status,
          'total', d.total::text, 'currency', d.currency, 'ownerId', d.owner_id) AS data
      FROM sales_documents d
      WHERE d.issued_at IS NOT NULL AND ${about} AND ${visibleTo(actor, sql`d.owner_id`)}
        AND ${before(sql`d.issued_at`, sql`d.id`, cursor)}
      ORDER BY d.issued_at DESC, d.id DESC LIMIT ${limit}`;
  },
});
