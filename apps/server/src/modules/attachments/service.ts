/**
 * Attachments: a file streamed into the database (platform `files`) and a row saying what it is, whose
 * it is and which customer records it belongs to. The bytes are stored first, outside any
 * transaction (chunk by chunk, so a large upload never holds one open); the row, its audit entry and
 * event are then written in one transaction, and if that fails the stored file is removed again.
 */
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.js';
import { allOf, type Database, raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { deleteFile, readFile, readHead, storeStream } from '../../platform/files/storage.js';
import type { UploadLimit } from '../../platform/files/upload.js';
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
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { assertCustomerRefs, assertPatchedCustomerRefs } from '../interactions/customer-refs.js';
import { ATTACHMENTS_MODULE } from './permissions.js';
import type {
  AttachmentListQuerySchema,
  AttachmentPatchSchema,
  AttachmentUploadQuerySchema,
  AttachmentView,
  PREVIEWS,
} from './schemas.js';

/** Recognised from the bytes (never from the name or the declared type) as safe to show inline. */
const PREVIEWABLE: Record<string, (typeof PREVIEWS)[number]> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'image/avif': 'image',
  'image/bmp': 'image',
  'application/pdf': 'pdf',
};
/** What file-type needs to recognise every format it knows. */
const SNIFF_BYTES = 4100;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

const COLUMNS = `a.id, a.name, a.description, a.content_type AS "contentType", a.size_bytes::int AS size,
  a.sha256, a.preview, a.contact_id AS "contactId", a.account_id AS "accountId", a.lead_id AS "leadId",
  a.owner_id AS "ownerId", a.created_by AS "createdBy", a.version, a.created_at AS "createdAt",
  a.updated_at AS "updatedAt"`;
type AttachmentRow = AttachmentView & { owner_team_ids: string[]; file_id: string };

const attachmentList: ListResource = {
  idColumn: sql`a.id`,
  defaultSort: '-createdAt',
  fields: {
    name: { column: sql`a.name`, type: 'text' },
    contentType: { column: sql`a.content_type`, type: 'text' },
    size: { column: sql`a.size_bytes`, type: 'number' },
    preview: { column: sql`a.preview`, type: 'text' },
    createdAt: { column: sql`a.created_at`, type: 'datetime' },
    updatedAt: { column: sql`a.updated_at`, type: 'datetime' },
    contactId: { column: sql`a.contact_id`, type: 'uuid' },
    accountId: { column: sql`a.account_id`, type: 'uuid' },
    leadId: { column: sql`a.lead_id`, type: 'uuid' },
    ownerId: { column: sql`a.owner_id`, type: 'uuid' },
  },
  search: containsNormalised(sql`a.search_text`),
};

const ownedBy = (row: AttachmentRow) => ({ ownerId: row.ownerId, ownerTeamIds: row.owner_team_ids });
const view = ({ owner_team_ids: _teams, file_id: _file, ...attachment }: AttachmentRow): AttachmentView =>
  attachment;

export async function listAttachments(
  tx: Transaction,
  ctx: Context,
  query: z.infer<typeof AttachmentListQuerySchema>,
) {
  return runListQuery<AttachmentView>(tx, attachmentList, query as ListQuery, {
    from: sql`attachments a`,
    select: raw(COLUMNS),
    where: allOf([
      sql`a.deleted_at IS NULL`,
      visibleTo(ctx.actor, sql`a.owner_id`),
      query.contactId && sql`a.contact_id = ${query.contactId}::uuid`,
      query.accountId && sql`a.account_id = ${query.accountId}::uuid`,
      query.leadId && sql`a.lead_id = ${query.leadId}::uuid`,
    ]),
  });
}

async function attachmentRow(tx: Transaction, id: string, lock = false): Promise<AttachmentRow | undefined> {
  const { rows } = await tx.query<AttachmentRow>(
    `SELECT ${COLUMNS}, a.file_id, ${ownerTeamsSql('a')} FROM attachments a
     WHERE a.id = $1 AND a.deleted_at IS NULL${lock ? ' FOR UPDATE OF a' : ''}`,
    [id],
  );
  return rows[0];
}

async function loadAttachment(
  tx: Transaction,
  ctx: Context,
  id: string,
  action: 'read' | 'update' | 'delete',
): Promise<AttachmentRow> {
  const row = await attachmentRow(tx, id, action !== 'read');
  if (!row) throw notFound('Attachment');
  assertRecordAccess(ctx.actor, action, ATTACHMENTS_MODULE, ownedBy(row), 'Attachment');
  return row;
}

export async function getAttachment(tx: Transaction, ctx: Context, id: string): Promise<AttachmentView> {
  return view(await loadAttachment(tx, ctx, id, 'read'));
}

type UploadInput = z.infer<typeof AttachmentUploadQuerySchema>;

/** The checks that need no bytes: run before the upload is read, so a bad request costs nothing. */
async function assertUploadAllowed(
  tx: Transaction,
  ctx: Context,
  input: UploadInput,
  name: string | undefined,
) {
  const ownerId = input.ownerId ?? ctx.actor.userId;
  if (ownerId !== ctx.actor.userId)
    await assertAssignable(tx, ctx.actor, 'create', ATTACHMENTS_MODULE, ownerId, 'ownerId');
  await assertCustomerRefs(
    tx,
    ctx.actor,
    input,
    true,
    name ? [] : [{ path: 'name', message: 'Give the file a name (?name=…)', code: 'required' }],
  );
  return ownerId;
}

/** What the bytes are, when file-type recognises them; else the declared type when well-formed. */
async function contentTypeOf(db: Database, tenantId: string, fileId: string, declared: string) {
  const detected = await fileTypeFromBuffer(await readHead(db, tenantId, fileId, SNIFF_BYTES));
  if (detected) return { contentType: detected.mime, preview: PREVIEWABLE[detected.mime] ?? null };
  const base = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  return { contentType: MIME.test(base) ? base : 'application/octet-stream', preview: null };
}

export async function uploadAttachment(
  db: Database,
  ctx: Context,
  input: UploadInput,
  upload: {
    stream: AsyncIterable<Buffer>;
    name: string | undefined;
    contentType: string;
    limit: UploadLimit;
  },
): Promise<AttachmentView> {
  const tenantId = ctx.actor.tenantId;
  const name = upload.name ?? input.name;
  await inTenant(db, tenantId, (tx) => assertUploadAllowed(tx, ctx, input, name));
  const file = await storeStream(
    db,
    tenantId,
    upload.stream,
    {
      purpose: 'attachment',
      name: name as string,
      contentType: upload.contentType,
      createdBy: ctx.actor.userId,
    },
    upload.limit,
  );
  try {
    const { contentType, preview } = await contentTypeOf(db, tenantId, file.id, upload.contentType);
    return await inTenant(db, tenantId, async (tx) => {
      // Checked again: the record may have gone, or the actor lost access, while the bytes came in.
      const ownerId = await assertUploadAllowed(tx, ctx, input, name);
      const id = newId();
      await tx.query(
        `INSERT INTO attachments (tenant_id, id, file_id, name, description, content_type, size_bytes, sha256,
           preview, contact_id, account_id, lead_id, owner_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          tenantId,
          id,
          file.id,
          name,
          input.description ?? null,
          contentType,
          file.size,
          file.sha256,
          preview,
          input.contactId ?? null,
          input.accountId ?? null,
          input.leadId ?? null,
          ownerId,
          ctx.actor.userId,
        ],
      );
      const after = view((await attachmentRow(tx, id)) as AttachmentRow);
      await audit(tx, ctx, { entity: 'attachment', entityId: id, action: 'create', after });
      await emit(tx, ctx, 'attachment.created', attachmentEvent(after));
      return after;
    });
  } catch (error) {
    await deleteFile(db, tenantId, file.id).catch(() => {});
    throw error;
  }
}

const attachmentEvent = (a: AttachmentView) => ({
  attachmentId: a.id,
  name: a.name,
  contentType: a.contentType,
  size: a.size,
  contactId: a.contactId,
  accountId: a.accountId,
  leadId: a.leadId,
  ownerId: a.ownerId,
});

export async function updateAttachment(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof AttachmentPatchSchema>,
  expectedVersion?: number,
): Promise<AttachmentView> {
  const row = await loadAttachment(tx, ctx, id, 'update');
  assertVersion(expectedVersion, row.version, 'This attachment');
  const before = view(row);
  if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId)
    await assertAssignable(tx, ctx.actor, 'update', ATTACHMENTS_MODULE, patch.ownerId, 'ownerId');
  const refs = await assertPatchedCustomerRefs(tx, ctx.actor, patch, before);
  await tx.query(
    `UPDATE attachments SET name = $2, description = $3, owner_id = $4, contact_id = $5, account_id = $6,
       lead_id = $7, version = version + 1, updated_at = now() WHERE id = $1`,
    [
      id,
      patch.name ?? before.name,
      patch.description !== undefined ? patch.description : before.description,
      patch.ownerId ?? before.ownerId,
      refs.contactId,
      refs.accountId,
      refs.leadId,
    ],
  );
  const after = view((await attachmentRow(tx, id)) as AttachmentRow);
  await audit(tx, ctx, { entity: 'attachment', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'attachment.updated', attachmentEvent(after));
  return after;
}

/** To the recycle bin: the row is marked deleted and the bytes are kept until it is purged. */
export async function deleteAttachment(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await loadAttachment(tx, ctx, id, 'delete');
  assertVersion(expectedVersion, row.version, 'This attachment');
  const before = view(row);
  await moveToRecycleBin(tx, ctx, {
    table: 'attachments',
    entity: 'attachment',
    id,
    before,
    event: attachmentEvent(before),
  });
}

/**
 * The bytes of an attachment the actor may read, streamed a chunk at a time. Only a recognised image
 * or PDF is ever served inline; anything else is a download whatever was asked.
 */
export async function attachmentContent(
  db: Database,
  ctx: Context,
  id: string,
  disposition: 'attachment' | 'inline',
): Promise<{ attachment: AttachmentView; disposition: 'attachment' | 'inline'; stream: Readable }> {
  const row = await inTenant(db, ctx.actor.tenantId, (tx) => loadAttachment(tx, ctx, id, 'read'));
  return {
    attachment: view(row),
    disposition: disposition === 'inline' && row.preview ? 'inline' : 'attachment',
    stream: readFile(db, ctx.actor.tenantId, row.file_id),
  };
}
