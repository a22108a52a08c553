/**
 * Receiving and sending files over HTTP. An upload is streamed to the database (never buffered
 * whole): either multipart/form-data with the file in a part named "file" (what a browser form or
 * FormData sends) or the raw bytes as the body with the file's own Content-Type.
 */
import type { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../http/problem.js';
import { tooLarge } from './storage.js';

export interface UploadLimit {
  maxBytes: number;
  /** The setting that raises the limit, named in the 413. */
  setting: string;
}

/** A byte limit read from the environment: a positive integer, or `fallback` when unset. */
export function byteLimit(env: NodeJS.ProcessEnv, setting: string, fallback: number): UploadLimit {
  const raw = env[setting];
  if (raw === undefined || raw === '') return { maxBytes: fallback, setting };
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`Invalid configuration: ${setting} must be a positive integer, not ${raw}`);
  return { maxBytes: n, setting };
}

/**
 * Makes `scope` (a plugin scope holding only upload routes) accept multipart bodies and raw bodies of
 * `rawTypes` ('*' for any type) as streams for `uploadOf`.
 */
export async function acceptUploads(scope: FastifyInstance, limit: UploadLimit, rawTypes: string[] | '*') {
  await scope.register(fastifyMultipart, {
    limits: { fileSize: limit.maxBytes + 1, files: 1, fields: 10, parts: 12 },
    throwFileSizeLimit: false,
  });
  scope.addContentTypeParser(rawTypes, (_request, payload, done) => done(null, payload));
}

export interface Upload {
  stream: AsyncIterable<Buffer>;
  /** The file name the browser sent with a multipart part (a raw body has none). */
  name: string | undefined;
  contentType: string;
}

/** The uploaded file as a stream: the part named "file" of a multipart body, or the raw body. */
export async function uploadOf(
  request: FastifyRequest,
  limit: UploadLimit,
  rawTypes: string[] | '*',
): Promise<Upload> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (part?.fieldname !== 'file')
      throw new Problem(422, 'Unprocessable Entity', 'No file in the form', [
        { path: 'file', message: 'Send the file in a part named "file"', code: 'required' },
      ]);
    const file = part.file;
    return {
      stream: (async function* () {
        for await (const chunk of file) yield chunk as Buffer;
        if (file.truncated) throw tooLarge(limit.maxBytes, limit.setting);
      })(),
      name: part.filename || undefined,
      contentType: part.mimetype,
    };
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function')
    throw new Problem(
      415,
      'Unsupported Media Type',
      rawTypes === '*'
        ? 'Send the file as multipart/form-data or as its raw bytes'
        : `Send the file as multipart/form-data or as its raw bytes with one of: ${rawTypes.join(', ')}`,
    );
  return {
    stream: body as AsyncIterable<Buffer>,
    name: undefined,
    contentType: String(request.headers['content-type'] ?? 'application/octet-stream'),
  };
}

/**
 * Headers for sending a file: its type and a Content-Disposition with the name in ASCII and, for
 * every other script (Persian names), in RFC 5987 UTF-8 form.
 */
export function fileHeaders(
  reply: FastifyReply,
  file: { name: string; contentType: string; size?: number },
  disposition: 'attachment' | 'inline' = 'attachment',
) {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  reply
    .header('content-type', file.contentType)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    );
  if (file.size !== undefined) reply.header('content-length', String(file.size));
}
