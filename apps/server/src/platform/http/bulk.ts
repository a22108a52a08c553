import { type FieldError, Problem } from './problem.js';

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
