/**
 * iCalendar feeds: each person may have one secret feed URL that calendar apps subscribe to. Only the
 * secret's SHA-256 is stored; making a new URL replaces (revokes) the old one. The feed carries the
 * person's tasks, calls and meetings that have a due time, from 90 days back to a year ahead, as
 * VEVENTs (ical-generator writes the format), with a display alarm at the reminder time.
 */
import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator';
import { audit } from '../../platform/audit/audit.js';
import type { Database, Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { notFound } from '../../platform/http/problem.js';
import { hashSecret, newSecret } from '../../platform/ids.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { plainText } from './rich-text.js';

export const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

export async function regenerateFeed(tx: Transaction, ctx: Context, publicUrl: string | undefined) {
  const secret = newSecret();
  const { rows } = await tx.query<{ created_at: Date; replaced: boolean }>(
    `INSERT INTO calendar_feeds (tenant_id, user_id, secret_hash) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_at = now()
     RETURNING created_at, (xmax <> 0) AS replaced`,
    [ctx.actor.tenantId, ctx.actor.userId, hashSecret(secret)],
  );
  const row = rows[0] as { created_at: Date; replaced: boolean };
  await audit(tx, ctx, {
    entity: 'calendar_feed',
    entityId: ctx.actor.userId,
    action: row.replaced ? 'regenerate' : 'create',
    changes: { secret: { before: row.replaced ? '[redacted]' : null, after: '[redacted]' } },
  });
  await emit(tx, ctx, 'calendar_feed.created', { userId: ctx.actor.userId, replaced: row.replaced });
  const path = `/api/v1/calendar/${secret}.ics`;
  return { url: publicUrl ? new URL(path, publicUrl).toString() : path, createdAt: row.created_at };
}

export async function revokeFeed(tx: Transaction, ctx: Context) {
  const { rowCount } = await tx.query(`DELETE FROM calendar_feeds WHERE user_id = $1`, [ctx.actor.userId]);
  if (rowCount === 0) throw notFound('Calendar feed');
  await audit(tx, ctx, {
    entity: 'calendar_feed',
    entityId: ctx.actor.userId,
    action: 'delete',
    changes: { secret: { before: '[redacted]', after: null } },
  });
  await emit(tx, ctx, 'calendar_feed.revoked', { userId: ctx.actor.userId });
}

interface FeedTask {
  id: string;
  kind: 'call' | 'meeting' | 'todo';
  title: string;
  description: string;
  due_at: Date;
  duration_minutes: number | null;
  remind_at: Date | null;
  status: string;
  updated_at: Date;
}

const DEFAULT_MINUTES = { call: 15, meeting: 60, todo: 30 } as const;

/**
 * The calendar text for a feed secret, or 404. The secret is looked up across organisations (it is
 * the credential); the feed stops when the person leaves, is disabled, or loses the right to read tasks.
 */
export async function feedCalendar(db: Database, secret: string): Promise<string> {
  const { rows } = await db.query<{ tenant_id: string; user_id: string; name: string; organization: string }>(
    `SELECT f.tenant_id, f.user_id, u.name, t.name AS organization FROM calendar_feeds f
     JOIN memberships m ON m.tenant_id = f.tenant_id AND m.user_id = f.user_id AND m.status = 'active'
     JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
     JOIN users u ON u.id = f.user_id JOIN tenants t ON t.id = f.tenant_id
     WHERE f.secret_hash = $1 AND (r.rights -> 'tasks') ?| ARRAY['read', 'admin']`,
    [hashSecret(secret)],
  );
  const feed = rows[0];
  if (!feed) throw notFound('Calendar feed');
  const tasks = await inTenant(
    db,
    feed.tenant_id,
    async (tx) =>
      (
        await tx.query<FeedTask>(
          `SELECT id, kind, title, description, due_at, duration_minutes, remind_at, status, updated_at FROM tasks
         WHERE assignee_id = $1 AND deleted_at IS NULL AND due_at IS NOT NULL
           AND due_at >= now() - interval '90 days' AND due_at < now() + interval '366 days'
         ORDER BY due_at LIMIT 5000`,
          [feed.user_id],
        )
      ).rows,
  );
  const calendar = ical({
    name: `${feed.organization} — ${feed.name}`,
    prodId: { company: 'Peyvand', product: 'Peyvand CRM', language: 'FA' },
    ttl: 15 * 60,
  });
  for (const t of tasks) {
    const minutes = t.duration_minutes ?? DEFAULT_MINUTES[t.kind];
    calendar.createEvent({
      id: `${t.id}@peyvand`,
      start: t.due_at,
      end: new Date(t.due_at.getTime() + minutes * 60_000),
      stamp: t.updated_at,
      summary: t.title,
      description: plainText(t.description) || null,
      status: t.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: [{ name: t.kind.toUpperCase() }],
      alarms:
        t.remind_at && t.status !== 'done' ? [{ type: ICalAlarmType.display, trigger: t.remind_at }] : [],
    });
  }
  return calendar.toString();
}
