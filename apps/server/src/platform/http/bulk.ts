import { z } from 'zod';
import { type FieldError, Problem } from './problem.js';

/** The most records one bulk action changes (the list screens' selection of a few pages). */
export const MAX_BULK = 500;

/** The records of a bulk action: 1 to MAX_BULK distinct ids (a repeated one is `ids`, code duplicate). */
export const bulkIds = z
  .array(z.uuid())
  .min(1)
  .max(MAX_BULK)
  .refine((ids) => new Set(ids).size === ids.length, {
    message: 'An id appears twice',
    params: { code: 'duplicate' },
  })
  .describe(`1 to ${MAX_BULK} record ids; all are changed or none`);

/** What a bulk endpoint answers: the action, how many records changed and each one's version now. */
export const bulkResultSchema = <A extends readonly [string, ...string[]]>(actions: A, id: string) =>
  z
    .object({
      action: z.enum(actions),
      changed: z
        .number()
        .int()
        .describe('Records changed (a record that already had the value is left alone)'),
      items: z
        .array(z.object({ id: z.uuid(), version: z.number().int().nullable() }))
        .describe('Each record and its version now (null: moved to the recycle bin)'),
    })
    .meta({ id });

const CODES: { [status: number]: string } = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' };
const TITLES: { [status: number]: string } = {
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
};

/**
 * One change applied to many records, all or none: `change` runs for each id in the caller's
 * transaction (so each is checked, audited and announced as a single change would be); every refusal is
 * collected — at `ids.N`, or at the request's own field when `aboutRequest(path)` says an error names
 * one (an owner who cannot be given records, say) — and then the whole action is refused, so the
 * transaction rolls back. The answer keeps the refusals' status when they are all of one kind (403, 404,
 * 409), as for one record, and is a 422 otherwise.
 */
export async function eachOrNone<T>(
  ids: readonly string[],
  change: (id: string) => Promise<T>,
  aboutRequest: (path: string) => boolean,
): Promise<T[]> {
  const done: T[] = [];
  const errors: FieldError[] = [];
  const statuses = new Set<number>();
  for (const [index, id] of ids.entries()) {
    try {
      done.push(await change(id));
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      statuses.add(error.status);
      const named = (error.errors ?? []).filter(
        (e) => aboutRequest(e.path) && !errors.some((seen) => seen.path === e.path),
      );
      if (named.length) errors.push(...named);
      else if (!(error.errors ?? []).some((e) => aboutRequest(e.path)))
        errors.push({
          path: `ids.${index}`,
          message: error.errors?.[0]?.message ?? error.detail ?? error.title,
          code: error.errors?.[0]?.code ?? CODES[error.status] ?? 'invalid',
        });
    }
  }
  if (errors.length) {
    const [only] = statuses;
    const status = statuses.size === 1 && only !== undefined && TITLES[only] ? only : 422;
    throw new Problem(
      status,
      TITLES[status] ?? 'Unprocessable Entity',
      'Some records cannot be changed, so none was',
      errors,
    );
  }
  return done;
}
