import { sql } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { aboutSubject, before, registerTimelineSource, timelineKey } from '../relationships/timeline.js';
import { ATTACHMENTS_MODULE } from './permissions.js';

// Attachments on the customer timeline, by when they were added, within the reader's own scope.
registerTimelineSource({
  kind: 'attachment',
  module: ATTACHMENTS_MODULE,
  statement(subject, cursor, limit, { actor }) {
    return sql`
      SELECT 'attachment' AS kind, a.id, ${timelineKey(sql`a.created_at`)} AS key, a.created_at AS at,
        a.name AS title, a.description AS summary,
        jsonb_build_object('contentType', a.content_type, 'size', a.size_bytes, 'preview', a.preview,
          'ownerId', a.owner_id, 'contactId', a.contact_id, 'accountId', a.account_id) AS data
      FROM attachments a
      WHERE a.deleted_at IS NULL AND ${aboutSubject(subject, sql`a.contact_id`, sql`a.account_id`)}
        AND ${visibleTo(actor, sql`a.owner_id`)} AND ${before(sql`a.created_at`, sql`a.id`, cursor)}
      ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`;
  },
});
