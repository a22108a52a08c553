import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.js';
import { allOf, join, raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import {
  containsNormalised,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { assertAssignable, assertRecordAccess, ownerTeamsSql } from '../../platform/permissions/records.js';
import { moveToRecycleBin } from '../../platform/recycle-bin/recycle-bin.js';
import type { Context } from '../../platform/tenancy/context.js';
import { episodeErrors } from '../relationships/episodes-ref.js';
import { assertCustomerRefs, assertPatchedCustomerRefs } from './customer-refs.js';
import { INTERACTIONS_MODULE, NOTES_MODULE } from './permissions.js';
import { plainText, sanitizeRichText } from './rich-text.js';
import {
  CHANNELS,
  DIRECTIONS,
  INITIATORS,
  type InteractionCreateSchema,
  type InteractionListQuerySchema,
  type InteractionPatchSchema,
  type InteractionView,
  type NoteCreateSchema,
  type NoteListQuerySchema,
  type NotePatchSchema,
  type NoteView,
} from './schemas.js';

// ---------------------------------------------------------------------------------------------
// Interactions

const INTERACTION_COLUMNS = `i.id, i.channel, i.direction, i.initiator, i.subject, i.body, i.occurred_at AS "occurredAt",
  i.duration_seconds AS "durationSeconds", i.outcome, i.contact_id AS "contactId", i.account_id AS "accountId",
  i.lead_id AS "leadId", i.episode_id AS "episodeId", i.owner_id AS "ownerId", i.created_by AS "createdBy",
  i.source, i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

type InteractionRow = InteractionView & { owner_team_ids: string[] };

const interactionList: ListResource = {
  idColumn: sql`i.id`,
  defaultSort: '-occurredAt',
  fields: {
    channel: { column: sql`i.channel`, type: 'enum', values: CHANNELS },
    direction: { column: sql`i.direction`, type: 'enum', values: DIRECTIONS },
    initiator: { column: sql`i.initiator`, type: 'enum', values: INITIATORS },
    source: { column: sql`i.source`, type: 'enum', values: ['user', 'system'] },
    subject: { column: sql`i.subject`, type: 'text', collate: 'und-x-icu' },
    outcome: { column: sql`i.outcome`, type: 'text' },
    occurredAt: { column: sql`i.occurred_at`, type: 'datetime' },
    durationSeconds: { column: sql`i.duration_seconds`, type: 'number' },
    createdAt: { column: sql`i.created_at`, type: 'datetime' },
    updatedAt: { column: sql`i.updated_at`, type: 'datetime' },
    contactId: { column: sql`i.contact_id`, type: 'uuid' },
    accountId: { column: sql`i.account_id`, type: 'uuid' },
    leadId: { column: sql`i.lead_id`, type: 'uuid' },
    episodeId: { column: sql`i.episode_id`, type: 'uuid' },
    ownerId: { column: sql`i.owner_id`, type: 'uuid' },
  },
  search: containsNormalised(sql`i.search_text`),
};

const view = <T extends { owner_team_ids?: string[] }>(row: T): Omit<T, 'owner_team_ids'> => {
  const { owner_team_ids: _, ...rest } = row;
  return rest;
};

export async function listInteractions(
  tx: Transaction,
  ctx: Context,
  query: z.infer<typeof InteractionListQuerySchema>,
) {
  const q = query;
  return runListQuery<InteractionView>(tx, interactionList, query as ListQuery, {
    from: sql`interactions i`,
    select: raw(INTERACTION_COLUMNS),
    where: allOf([
      sql`i.deleted_at IS NULL`,
      visibleTo(ctx.actor, sql`i.owner_id`),
      q.channel && sql`i.channel = ${q.channel}`,
      q.contactId && sql`i.contact_id = ${q.contactId}::uuid`,
      q.accountId && sql`i.account_id = ${q.accountId}::uuid`,
      q.leadId && sql`i.lead_id = ${q.leadId}::uuid`,
      q.episodeId && sql`i.episode_id = ${q.episodeId}::uuid`,
      q.from && sql`i.occurred_at >= ${q.from}::timestamptz`,
      q.to && sql`i.occurred_at < ${q.to}::timestamptz`,
    ]),
  });
}

async function interactionRow(
  tx: Transaction,
  id: string,
  lock = false,
): Promise<InteractionRow | undefined> {
  const { rows } = await tx.query<InteractionRow>(
    `SELECT ${INTERACTION_COLUMNS}, ${ownerTeamsSql('i')} FROM interactions i
     WHERE i.id = $1 AND i.deleted_at IS NULL${lock ? ' FOR UPDATE OF i' : ''}`,
    [id],
  );
  return rows[0];
}

async function loadInteraction(
  tx: Transaction,
  ctx: Context,
  id: string,
  action: 'read' | 'update' | 'delete',
): Promise<InteractionRow> {
  const row = await interactionRow(tx, id, action !== 'read');
  if (!row) throw notFound('Interaction');
  assertRecordAccess(ctx.actor, action, INTERACTIONS_MODULE, ownedBy(row), 'Interaction');
  return row;
}

const ownedBy = (row: { ownerId: string | null; owner_team_ids: string[] }) => ({
  ownerId: row.ownerId,
  ownerTeamIds: row.owner_team_ids,
});

/**
 * How many interactions each owner logged in [from, to), among those the actor may see: the activity
 * figure of team performance reports (sales), without other modules reading this table.
 */
export async function interactionCountsByOwner(
  tx: Transaction,
  ctx: Context,
  range: { from: Date; to: Date },
): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ owner_id: string; count: number }>(
    sql`SELECT i.owner_id, count(*) AS count FROM interactions i
        WHERE i.deleted_at IS NULL AND i.owner_id IS NOT NULL AND ${visibleTo(ctx.actor, sql`i.owner_id`)}
          AND i.occurred_at >= ${range.from} AND i.occurred_at < ${range.to}
        GROUP BY i.owner_id`,
  );
  return new Map(rows.map((r) => [r.owner_id, Number(r.count)]));
}

/** Touchpoints held in person, by phone or in a meeting: the ones a calendar shows. */
export const AGENDA_CHANNELS = ['call', 'meeting', 'in_person'] as const;

/**
 * The signed-in person's calls, meetings and in-person touchpoints in [from, to), by time: what they
 * logged or arranged with customers, beside their tasks on the agenda. The range is checked by the caller.
 */
export async function agendaInteractions(
  tx: Transaction,
  ctx: Context,
  range: { from: string; to: string },
): Promise<InteractionView[]> {
  const { rows } = await tx.query<InteractionView>(
    sql`SELECT ${raw(INTERACTION_COLUMNS)} FROM interactions i
     WHERE i.owner_id = ${ctx.actor.userId}::uuid AND i.deleted_at IS NULL
       AND i.channel IN (${join([...AGENDA_CHANNELS])})
       AND i.occurred_at >= ${range.from}::timestamptz AND i.occurred_at < ${range.to}::timestamptz
     ORDER BY i.occurred_at, i.id LIMIT 2000`,
  );
  return rows;
}

export async function getInteraction(tx: Transaction, ctx: Context, id: string): Promise<InteractionView> {
  return view(await loadInteraction(tx, ctx, id, 'read'));
}

type InteractionCreate = z.infer<typeof InteractionCreateSchema>;

/**
 * Logs a touchpoint. Other modules (e-mail, SMS, telephony, web forms) call this with
 * `source: 'system'` to log what happened on their channel automatically (I-01).
 */
export async function createInteraction(
  tx: Transaction,
  ctx: Context,
  input: InteractionCreate,
  options: { source?: 'user' | 'system' } = {},
): Promise<InteractionView> {
  const ownerId = input.ownerId ?? ctx.actor.userId;
  if (input.ownerId && input.ownerId !== ctx.actor.userId)
    await assertAssignable(tx, ctx.actor, 'create', INTERACTIONS_MODULE, ownerId, 'ownerId');
  await assertCustomerRefs(tx, ctx.actor, input, true, await episodeErrors(tx, input.episodeId));
  const body = sanitizeRichText(input.body ?? '');
  const id = newId();
  await tx.query(
    `INSERT INTO interactions (tenant_id, id, channel, direction, initiator, subject, body, body_text, occurred_at,
       duration_seconds, outcome, contact_id, account_id, lead_id, episode_id, owner_id, created_by, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now()), $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      ctx.actor.tenantId,
      id,
      input.channel,
      input.direction,
      input.initiator ?? (input.direction === 'in' ? 'customer' : 'us'),
      input.subject ?? null,
      body,
      plainText(body),
      input.occurredAt ?? null,
      input.durationSeconds ?? null,
      input.outcome ?? null,
      input.contactId ?? null,
      input.accountId ?? null,
      input.leadId ?? null,
      input.episodeId ?? null,
      ownerId,
      ctx.actor.userId,
      options.source ?? 'user',
    ],
  );
  const after = view((await interactionRow(tx, id)) as InteractionRow);
  await audit(tx, ctx, { entity: 'interaction', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'interaction.created', eventPayload(after));
  return after;
}

const eventPayload = (i: InteractionView) => ({
  interactionId: i.id,
  channel: i.channel,
  direction: i.direction,
  initiator: i.initiator,
  occurredAt: i.occurredAt,
  contactId: i.contactId,
  accountId: i.accountId,
  leadId: i.leadId,
  episodeId: i.episodeId,
  ownerId: i.ownerId,
});

export async function updateInteraction(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof InteractionPatchSchema>,
  expectedVersion?: number,
): Promise<InteractionView> {
  const row = await loadInteraction(tx, ctx, id, 'update');
  assertVersion(expectedVersion, row.version, 'This interaction');
  const before = view(row);
  if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId)
    await assertAssignable(tx, ctx.actor, 'update', INTERACTIONS_MODULE, patch.ownerId, 'ownerId');
  const refs = await assertPatchedCustomerRefs(
    tx,
    ctx.actor,
    patch,
    before,
    await episodeErrors(tx, patch.episodeId),
  );
  const body = patch.body !== undefined ? sanitizeRichText(patch.body) : before.body;
  const pick = <K extends keyof InteractionView>(k: K) =>
    (patch as Partial<InteractionView>)[k] !== undefined ? (patch as Partial<InteractionView>)[k] : before[k];
  await tx.query(
    `UPDATE interactions SET channel = $2, direction = $3, initiator = $4, subject = $5, body = $6, body_text = $7,
       occurred_at = $8, duration_seconds = $9, outcome = $10, contact_id = $11, account_id = $12, lead_id = $13,
       episode_id = $14, owner_id = $15, updated_at = now(), version = version + 1
     WHERE id = $1`,
    [
      id,
      pick('channel'),
      pick('direction'),
      pick('initiator'),
      pick('subject'),
      body,
      plainText(body),
      patch.occurredAt ?? before.occurredAt,
      pick('durationSeconds'),
      pick('outcome'),
      refs.contactId,
      refs.accountId,
      refs.leadId,
      pick('episodeId'),
      pick('ownerId'),
    ],
  );
  const after = view((await interactionRow(tx, id)) as InteractionRow);
  await audit(tx, ctx, { entity: 'interaction', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'interaction.updated', eventPayload(after));
  return after;
}

export async function deleteInteraction(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await loadInteraction(tx, ctx, id, 'delete');
  assertVersion(expectedVersion, row.version, 'This interaction');
  const before = view(row);
  await moveToRecycleBin(tx, ctx, {
    table: 'interactions',
    entity: 'interaction',
    id,
    before,
    event: eventPayload(before),
  });
}

// ---------------------------------------------------------------------------------------------
// Notes

const NOTE_COLUMNS = `n.id, n.body, n.pinned, n.contact_id AS "contactId", n.account_id AS "accountId",
  n.lead_id AS "leadId", n.owner_id AS "ownerId", n.created_by AS "createdBy", n.version,
  n.created_at AS "createdAt", n.updated_at AS "updatedAt"`;
type NoteRow = NoteView & { owner_team_ids: string[] };

const noteList: ListResource = {
  idColumn: sql`n.id`,
  defaultSort: '-createdAt',
  fields: {
    pinned: { column: sql`n.pinned`, type: 'boolean' },
    createdAt: { column: sql`n.created_at`, type: 'datetime' },
    updatedAt: { column: sql`n.updated_at`, type: 'datetime' },
    contactId: { column: sql`n.contact_id`, type: 'uuid' },
    accountId: { column: sql`n.account_id`, type: 'uuid' },
    leadId: { column: sql`n.lead_id`, type: 'uuid' },
    ownerId: { column: sql`n.owner_id`, type: 'uuid' },
  },
  search: containsNormalised(sql`n.search_text`),
};

export async function listNotes(tx: Transaction, ctx: Context, query: z.infer<typeof NoteListQuerySchema>) {
  return runListQuery<NoteView>(tx, noteList, query as ListQuery, {
    from: sql`notes n`,
    select: raw(NOTE_COLUMNS),
    where: allOf([
      sql`n.deleted_at IS NULL`,
      visibleTo(ctx.actor, sql`n.owner_id`),
      query.contactId && sql`n.contact_id = ${query.contactId}::uuid`,
      query.accountId && sql`n.account_id = ${query.accountId}::uuid`,
      query.leadId && sql`n.lead_id = ${query.leadId}::uuid`,
    ]),
  });
}

async function noteRow(tx: Transaction, id: string, lock = false): Promise<NoteRow | undefined> {
  const { rows } = await tx.query<NoteRow>(
    `SELECT ${NOTE_COLUMNS}, ${ownerTeamsSql('n')} FROM notes n
     WHERE n.id = $1 AND n.deleted_at IS NULL${lock ? ' FOR UPDATE OF n' : ''}`,
    [id],
  );
  return rows[0];
}

async function loadNote(tx: Transaction, ctx: Context, id: string, action: 'read' | 'update' | 'delete') {
  const row = await noteRow(tx, id, action !== 'read');
  if (!row) throw notFound('Note');
  assertRecordAccess(ctx.actor, action, NOTES_MODULE, ownedBy(row), 'Note');
  return row;
}

export async function getNote(tx: Transaction, ctx: Context, id: string): Promise<NoteView> {
  return view(await loadNote(tx, ctx, id, 'read'));
}

export async function createNote(
  tx: Transaction,
  ctx: Context,
  input: z.infer<typeof NoteCreateSchema>,
): Promise<NoteView> {
  const ownerId = input.ownerId ?? ctx.actor.userId;
  if (input.ownerId && input.ownerId !== ctx.actor.userId)
    await assertAssignable(tx, ctx.actor, 'create', NOTES_MODULE, ownerId, 'ownerId');
  await assertCustomerRefs(tx, ctx.actor, input, true);
  const body = sanitizeRichText(input.body);
  const id = newId();
  await tx.query(
    `INSERT INTO notes (tenant_id, id, body, body_text, pinned, contact_id, account_id, lead_id, owner_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      ctx.actor.tenantId,
      id,
      body,
      plainText(body),
      input.pinned ?? false,
      input.contactId ?? null,
      input.accountId ?? null,
      input.leadId ?? null,
      ownerId,
      ctx.actor.userId,
    ],
  );
  const after = view((await noteRow(tx, id)) as NoteRow);
  await audit(tx, ctx, { entity: 'note', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'note.created', noteEvent(after));
  return after;
}

const noteEvent = (n: NoteView) => ({
  noteId: n.id,
  contactId: n.contactId,
  accountId: n.accountId,
  leadId: n.leadId,
  ownerId: n.ownerId,
});

export async function updateNote(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof NotePatchSchema>,
  expectedVersion?: number,
): Promise<NoteView> {
  const row = await loadNote(tx, ctx, id, 'update');
  assertVersion(expectedVersion, row.version, 'This note');
  const before = view(row);
  if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId)
    await assertAssignable(tx, ctx.actor, 'update', NOTES_MODULE, patch.ownerId, 'ownerId');
  const refs = await assertPatchedCustomerRefs(tx, ctx.actor, patch, before);
  const body = patch.body !== undefined ? sanitizeRichText(patch.body) : before.body;
  await tx.query(
    `UPDATE notes SET body = $2, body_text = $3, pinned = $4, contact_id = $5, account_id = $6, lead_id = $7,
       owner_id = $8, updated_at = now(), version = version + 1 WHERE id = $1`,
    [
      id,
      body,
      plainText(body),
      patch.pinned ?? before.pinned,
      refs.contactId,
      refs.accountId,
      refs.leadId,
      patch.ownerId ?? before.ownerId,
    ],
  );
  const after = view((await noteRow(tx, id)) as NoteRow);
  await audit(tx, ctx, { entity: 'note', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'note.updated', noteEvent(after));
  return after;
}

export async function deleteNote(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await loadNote(tx, ctx, id, 'delete');
  assertVersion(expectedVersion, row.version, 'This note');
  const before = view(row);
  await moveToRecycleBin(tx, ctx, { table: 'notes', entity: 'note', id, before, event: noteEvent(before) });
}
