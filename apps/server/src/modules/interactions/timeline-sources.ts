import { sql } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { aboutSubject, before, registerTimelineSource, timelineKey } from '../relationships/timeline.js';
import { INTERACTIONS_MODULE, NOTES_MODULE, TASKS_MODULE } from './permissions.js';

// This module's records on the customer timeline: interactions (by when they happened), notes and
// tasks (by when they were written), each within the reader's own scope.

registerTimelineSource({
  kind: 'interaction',
  module: INTERACTIONS_MODULE,
  statement(subject, cursor, limit, { actor, channels }) {
    return sql`
      SELECT 'interaction' AS kind, i.id, ${timelineKey(sql`i.occurred_at`)} AS key, i.occurred_at AS at,
        COALESCE(i.subject, i.channel) AS title, NULLIF(left(i.body_text, 300), '') AS summary,
        jsonb_build_object('channel', i.channel, 'direction', i.direction, 'initiator', i.initiator,
          'outcome', i.outcome, 'durationSeconds', i.duration_seconds, 'episodeId', i.episode_id,
          'ownerId', i.owner_id, 'contactId', i.contact_id, 'accountId', i.account_id, 'source', i.source) AS data
      FROM interactions i
      WHERE i.deleted_at IS NULL AND ${aboutSubject(subject, sql`i.contact_id`, sql`i.account_id`)}
        AND ${visibleTo(actor, sql`i.owner_id`)}
        AND ${channels ? sql`i.channel = ANY(${channels}::text[])` : sql`TRUE`}
        AND ${before(sql`i.occurred_at`, sql`i.id`, cursor)}
      ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${limit}`;
  },
});

registerTimelineSource({
  kind: 'note',
  module: NOTES_MODULE,
  statement(subject, cursor, limit, { actor }) {
    return sql`
      SELECT 'note' AS kind, n.id, ${timelineKey(sql`n.created_at`)} AS key, n.created_at AS at,
        left(n.body_text, 80) AS title, NULLIF(left(n.body_text, 300), '') AS summary,
        jsonb_build_object('pinned', n.pinned, 'ownerId', n.owner_id, 'contactId', n.contact_id,
          'accountId', n.account_id) AS data
      FROM notes n
      WHERE n.deleted_at IS NULL AND ${aboutSubject(subject, sql`n.contact_id`, sql`n.account_id`)}
        AND ${visibleTo(actor, sql`n.owner_id`)} AND ${before(sql`n.created_at`, sql`n.id`, cursor)}
      ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`;
  },
});

registerTimelineSource({
  kind: 'task',
  module: TASKS_MODULE,
  statement(subject, cursor, limit, { actor }) {
    return sql`
      SELECT 'task' AS kind, t.id, ${timelineKey(sql`t.created_at`)} AS key, t.created_at AS at, t.title,
        NULL AS summary,
        jsonb_build_object('kind', t.kind, 'status', t.status, 'priority', t.priority, 'dueAt', t.due_at,
          'doneAt', t.done_at, 'assigneeId', t.assignee_id) AS data
      FROM tasks t
      WHERE t.deleted_at IS NULL AND ${aboutSubject(subject, sql`t.contact_id`, sql`t.account_id`)}
        AND ${visibleTo(actor, sql`t.assignee_id`)} AND ${before(sql`t.created_at`, sql`t.id`, cursor)}
      ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit}`;
  },
});
