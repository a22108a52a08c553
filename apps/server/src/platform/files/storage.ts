/**
 * Files in the database: a row in `files` and the bytes in chunks of 1 MiB (bytea), so every
 * server process and worker reads the same file without a shared disk. Writing and reading stream:
 * at most one chunk is in memory at a time, and each chunk is its own short transaction, so a slow
 * upload never holds a transaction (on PGlite that would stop every other query meanwhile).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { inTenant } from '../../platform/tenancy/context.js';

export const CHUNK_BYTES = 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export type FilePurpose = 'import' | 'export' | 'attachment';

/** 413 naming the limit and the setting that raises it. */
export const tooLarge = (limit: number, setting: string) =>
  new Problem(413, 'Payload Too Large', `The file is larger than the limit of ${limit} bytes (${setting})`);

/**
 * Stores a stream as a new file, chunk by chunk. Over `maxBytes` the partial file is deleted and a
 * 413 Problem thrown. The file is marked ready only once its last chunk is stored.
 */
export async function storeStream(
  db: Database,
  tenantId: string,
  input: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  meta: { purpose: FilePurpose; name: string; contentType: string; createdBy: string | null },
  limit: { maxBytes: number; setting: string } = { maxBytes: Number.POSITIVE_INFINITY, setting: '' },
): Promise<StoredFile> {
  const id = newId();
  await inTenant(db, tenantId, (tx) =>
    tx.query(
      `INSERT INTO files (tenant_id, id, purpose, name, content_type, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, id, meta.purpose, meta.name, meta.contentType, meta.createdBy],
    ),
  );
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let parts: Buffer[] = [];
  let pending = 0;
  const flush = async () => {
    if (pending === 0) return;
    const data = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, pending);
    parts = [];
    pending = 0;
    const n = seq++;
    await inTenant(db, tenantId, (tx) =>
      tx.query(`INSERT INTO file_chunks (tenant_id, file_id, seq, data) VALUES ($1, $2, $3, $4)`, [
        tenantId,
        id,
        n,
        data,
      ]),
    );
  };
  try {
    for await (const piece of input) {
      let buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece);
      size += buf.length;
      if (size > limit.maxBytes) throw tooLarge(limit.maxBytes, limit.setting);
      hash.update(buf);
      while (buf.length > 0) {
        const room = CHUNK_BYTES - pending;
        const take = buf.subarray(0, room);
        parts.push(take);
        pending += take.length;
        buf = buf.subarray(take.length);
        if (pending === CHUNK_BYTES) await flush();
      }
    }
    await flush();
  } catch (error) {
    await deleteFile(db, tenantId, id).catch(() => {});
    throw error;
  }
  const sha256 = hash.digest('hex');
  await inTenant(db, tenantId, (tx) =>
    tx.query(
      `UPDATE files SET status = 'ready', size_bytes = $3, chunks = $4, sha256 = $5 WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, size, seq, sha256],
    ),
  );
  return { id, name: meta.name, contentType: meta.contentType, size, sha256 };
}

export async function fileInfo(db: Database, tenantId: string, id: string) {
  const { rows } = await inTenant(db, tenantId, (tx) =>
    tx.query<{ name: string; content_type: string; size_bytes: number; chunks: number; status: string }>(
      `SELECT name, content_type, size_bytes, chunks, status FROM files WHERE id = $1`,
      [id],
    ),
  );
  return rows[0];
}

/** The file's bytes as a stream, reading one chunk at a time (each in its own short transaction). */
export function readFile(db: Database, tenantId: string, id: string, fromChunk = 0): Readable {
  async function* chunks() {
    for (let seq = fromChunk; ; seq++) {
      const { rows } = await inTenant(db, tenantId, (tx) =>
        tx.query<{ data: Uint8Array }>(`SELECT data FROM file_chunks WHERE file_id = $1 AND seq = $2`, [
          id,
          seq,
        ]),
      );
      const row = rows[0];
      if (!row) return;
      yield Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The first `bytes` of a file (for detecting its format, encoding and delimiter). */
export async function readHead(db: Database, tenantId: string, id: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for (let seq = 0; size < bytes; seq++) {
    const { rows } = await inTenant(db, tenantId, (tx) =>
      tx.query<{ data: Uint8Array }>(
        `SELECT substring(data FROM 1 FOR $3) AS data FROM file_chunks WHERE file_id = $1 AND seq = $2`,
        [id, seq, bytes - size],
      ),
    );
    const row = rows[0];
    if (!row) break;
    parts.push(Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength));
    size += row.data.byteLength;
  }
  return Buffer.concat(parts, size);
}

export async function deleteFile(db: Database, tenantId: string, id: string): Promise<void> {
  await inTenant(db, tenantId, (tx) => tx.query(`DELETE FROM files WHERE id = $1`, [id]));
}
