import { z } from 'zod';

export const SearchQuerySchema = z.object({
  q: z
    .string()
    .max(200)
    .describe(
      'What to look for: a name (any spelling of ی/ک, with or without نیم‌فاصله), phone, e-mail or ID; at least 2 characters',
    ),
  types: z
    .string()
    .max(200)
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'Comma-separated record types, e.g. contact,account')
    .optional()
    .describe(
      'Record types to search (default: all you may read): contact, account, lead, and those of later modules',
    ),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const HighlightSchema = z
  .object({
    field: z.enum(['title', 'subtitle', 'phone', 'email', 'nationalId']),
    text: z.string().describe('The text the ranges refer to (the title, or e.g. the phone as typed)'),
    ranges: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .describe('Matched parts of `text` as [start, end) UTF-16 offsets: wrap each in <mark> to show it'),
  })
  .meta({ id: 'SearchHighlight' });

export const SearchHitSchema = z
  .object({
    type: z.string(),
    id: z.uuid(),
    title: z.string().describe("The record's display name as stored"),
    subtitle: z.string().nullable(),
    highlight: HighlightSchema.nullable(),
    score: z.number().describe('Rank: ≥ 3 exact phone/e-mail/ID, 2 whole name, 1–2 all words, < 1 fuzzy'),
  })
  .meta({ id: 'SearchHit' });

export const SearchResultSchema = z.object({ items: z.array(SearchHitSchema) }).meta({ id: 'SearchResult' });
