import { audit } from '../../platform/audit/audit.js';
import type { Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { fieldError, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';

/** In-app notifications: each person reads and marks only their own. */

const COLUMNS = `id, kind, title, body, link, read_at AS "readAt", created_at AS "createdAt"`;
interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      at?: unknown;
      id?: unknown;
    };
    if (
      typeof value.at === 'string' &&
      !Number.isNaN(Date.parse(value.at)) &&
      typeof value.id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value.id)
    )
      return { at: value.at, id: value.id };
  } catch {}
  throw fieldError('query.cursor', 'Invalid cursor; start again from the first page', 'invalid_cursor');
}

export async function listNotifications(
  tx: Transaction,
  ctx: Context,
  query: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const { rows } = await tx.query<NotificationView & { at_key: string }>(
    `SELECT ${COLUMNS}, created_at::text AS at_key FROM notifications
     WHERE user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [ctx.actor.userId, query.unread ?? null, cursor?.at ?? null, cursor?.id ?? null, query.limit + 1],
  );
  const unread = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
    [ctx.actor.userId],
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ at_key: _, ...n }) => n),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify({ at: last.at_key, id: last.id })).toString('base64url')
        : null,
    unreadCount: unread.rows[0]?.n ?? 0,
  };
}

export async function markNotificationRead(tx: Transaction, ctx: Context, id: string) {
  const { rows } = await tx.query<NotificationView & { was_read: boolean }>(
    `UPDATE notifications n SET read_at = COALESCE(n.read_at, now())
     FROM (SELECT id, read_at IS NOT NULL AS was_read FROM notifications WHERE id = $1 AND user_id = $2 FOR UPDATE) old
     WHERE n.id = old.id RETURNING n.id, n.kind, n.title, n.body, n.link, n.read_at AS "readAt", n.created_at AS "createdAt", old.was_read`,
    [id, ctx.actor.userId],
  );
  const row = rows[0];
  if (!row) throw notFound('Notification');
  const { was_read, ...notification } = row;
  if (!was_read) {
    await audit(tx, ctx, {
      entity: 'notification',
      entityId: id,
      action: 'read',
      changes: { readAt: { before: null, after: notification.readAt } },
    });
    await emit(tx, ctx, 'notification.read', { notificationId: id, userId: ctx.actor.userId });
  }
  return notification;
}

export interface NewNotification {
  userId: string;
  /** What it is about, e.g. 'stock_low'; clients pick their words by it. */
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  /** Once per person: a second notification with the same key is not written. */
  dedupeKey: string;
}

/**
 * A notification for a member, written by another module in its own transaction (audited and announced
 * as `notification.created`). Returns its id, or null when one with the same dedupe key exists already.
 */
export async function createNotification(
  tx: Transaction,
  ctx: Context,
  input: NewNotification,
): Promise<string | null> {
  const id = newId();
  const inserted = await tx.query(
    `INSERT INTO notifications (tenant_id, id, user_id, kind, title, body, link, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, user_id, dedupe_key) DO NOTHING`,
    [
      ctx.actor.tenantId,
      id,
      input.userId,
      input.kind,
      input.title,
      input.body ?? '',
      input.link ?? null,
      input.dedupeKey,
    ],
  );
  if (inserted.rowCount === 0) return null;
  await audit(tx, ctx, {
    entity: 'notification',
    entityId: id,
    action: 'create',
    after: { userId: input.userId, kind: input.kind, title: input.title },
  });
  await emit(tx, ctx, 'notification.created', { notificationId: id, userId: input.userId, kind: input.kind });
  return id;
}
