import { sql } from '../../platform/db/database.js';
import { CUSTOMERS_MODULE, RELATIONSHIPS_MODULE } from './permissions.js';
import { before, registerTimelineSource, timelineKey } from './timeline.js';

// Phase changes of the relationship, and the audit history of the customer record itself.

registerTimelineSource({
  kind: 'phase_change',
  module: RELATIONSHIPS_MODULE,
  statement(subject, cursor, limit) {
    const column = subject.type === 'account' ? sql`p.account_id` : sql`p.contact_id`;
    return sql`
      SELECT 'phase_change' AS kind, p.id, ${timelineKey(sql`p.changed_at`)} AS key, p.changed_at AS at,
        p.to_phase AS title, p.reason AS summary,
        jsonb_build_object('fromPhase', p.from_phase, 'fromSubStage', p.from_sub_stage, 'toPhase', p.to_phase,
          'toSubStage', p.to_sub_stage, 'endedBy', p.ended_by, 'source', p.source, 'changedBy', p.changed_by) AS data
      FROM relationship_phases p
      WHERE ${column} = ${subject.id}::uuid AND ${before(sql`p.changed_at`, sql`p.id`, cursor)}
      ORDER BY p.changed_at DESC, p.id DESC LIMIT ${limit}`;
  },
});

registerTimelineSource({
  kind: 'audit',
  module: CUSTOMERS_MODULE,
  statement(subject, cursor, limit) {
    return sql`
      SELECT 'audit' AS kind, a.id, ${timelineKey(sql`a.at`)} AS key, a.at, a.entity || '.' || a.action AS title,
        NULLIF(array_to_string(ARRAY(SELECT jsonb_object_keys(a.changes) ORDER BY 1), ', '), '') AS summary,
        jsonb_build_object('entity', a.entity, 'action', a.action, 'actorId', a.actor_id, 'actorName', u.name,
          'changes', a.changes) AS data
      FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
      WHERE a.entity = ${subject.type} AND a.entity_id = ${subject.id} AND ${before(sql`a.at`, sql`a.id`, cursor)}
      ORDER BY a.at DESC, a.id DESC LIMIT ${limit}`;
  },
});
