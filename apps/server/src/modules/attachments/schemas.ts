import { normalizeForDisplay } from '@peyvand/persian';
import { z } from 'zod';
import { ListQuerySchema } from '../../platform/http/list-query.js';

export const PREVIEWS = ['image', 'pdf'] as const;

export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string().describe('File name as shown and offered for download'),
    description: z.string().nullable(),
    contentType: z.string().describe('What the bytes are when recognised, else what the uploader declared'),
    size: z.number().int().describe('Bytes'),
    sha256: z.string(),
    preview: z
      .enum(PREVIEWS)
      .nullable()
      .describe(
        'Recognised image or PDF that GET …/content?disposition=inline shows in the browser; null: download only',
      ),
    contactId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Attachment' });
export type AttachmentView = z.infer<typeof AttachmentSchema>;

/**
 * A file name as shown: Persian letters unified, no folders (a browser may send "C:\…\x.pdf"), no
 * control characters, at most 255 characters; blank is refused.
 */
export const fileName = () =>
  z
    .string()
    .max(1000)
    .transform((v) =>
      normalizeForDisplay(
        (v.split(/[\\/]/).pop() ?? '')
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
          .replace(/[\u0000-\u001f\u007f]/g, ''),
      ).slice(0, 255),
    )
    .refine((v) => v.length > 0 && v !== '.' && v !== '..', 'A file name is required');

const description = z
  .string()
  .max(2000)
  .transform((v) => normalizeForDisplay(v) || null)
  .nullable();

/** Where the file goes and what it is called; the bytes are the body (raw or multipart "file"). */
export const AttachmentUploadQuerySchema = z
  .object({
    contactId: z.uuid().optional(),
    accountId: z.uuid().optional(),
    leadId: z.uuid().optional(),
    name: fileName().optional().describe('File name; required for a raw body (multipart sends its own)'),
    description: description.optional(),
    ownerId: z.uuid().optional().describe('Owner (default: you)'),
  })
  .strict();

export const AttachmentPatchSchema = z
  .object({
    name: fileName(),
    description,
    ownerId: z.uuid(),
    contactId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
  })
  .partial()
  .strict()
  .meta({ id: 'AttachmentPatch' });

export const AttachmentListQuerySchema = ListQuerySchema.extend({
  contactId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  leadId: z.uuid().optional(),
});

export const AttachmentContentQuerySchema = z.object({
  disposition: z
    .enum(['attachment', 'inline'])
    .default('attachment')
    .describe('inline shows a previewable image or PDF in the browser; anything else is always a download'),
});
