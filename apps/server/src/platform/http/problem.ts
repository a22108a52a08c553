import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

/** An error the client can act on, rendered as application/problem+json. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Members added to the problem object (RFC 9457 extensions), e.g. a lost race's `lastChange`. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what = 'Resource') => new Problem(404, 'Not Found', `${what} not found`);
export const forbidden = (detail = 'You do not have permission to do this') =>
  new Problem(403, 'Forbidden', detail);
export const unauthorized = (detail = 'Sign in first') => new Problem(401, 'Unauthorized', detail);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new Problem(409, 'Conflict', detail, errors);
export const invalid = (errors: FieldError[], detail = 'Some fields are invalid') =>
  new Problem(422, 'Unprocessable Entity', detail, errors);
export const fieldError = (path: string, message: string, code = 'invalid') =>
  invalid([{ path, message, code }], message);

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
    lastChange: z
      .object({
        by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        at: z.string(),
        action: z.string(),
        version: z.number().int(),
      })
      .optional()
      .describe('On a 409 for a stale If-Match: who made the change the client had not seen, and when'),
  })
  .meta({ id: 'Problem' });

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: Problem) {
  if (p.headers) reply.headers(p.headers);
  return reply
    .status(p.status)
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send({
      type: p.status === 422 ? 'https://peyvand.dev/problems/validation' : 'about:blank',
      title: p.title,
      status: p.status,
      ...(p.detail ? { detail: p.detail } : {}),
      instance: request.url.split('?')[0],
      requestId: String(request.id),
      ...(p.errors ? { errors: p.errors } : {}),
      ...p.extensions,
    });
}

function pathOf(location: string, path: PropertyKey[]): string {
  const tail = path.map(String).join('.');
  return location === 'body' ? tail : tail ? `${location}.${tail}` : location;
}

/** A custom Zod issue may name its own code in `params.code` (e.g. 'invalid_email') for clients to translate. */
export function issueCode(code: string, issue: unknown): string {
  const own = (issue as { params?: { code?: unknown } } | undefined)?.params?.code;
  return typeof own === 'string' ? own : code;
}

/** Maps every error to problem+json: validation → 422 with field paths, unknown → 500 without a stack. */
export function installProblemHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Problem) return sendProblem(reply, request, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const location = error.validationContext ?? 'body';
      const errors = error.validation.map((v) => ({
        path: pathOf(location, v.instancePath.split('/').filter(Boolean)),
        message: v.message ?? 'Invalid value',
        code: issueCode(v.keyword, v.params),
      }));
      return sendProblem(
        reply,
        request,
        invalid(errors, `Invalid ${location}: ${errors.map((e) => e.path || location).join(', ')}`),
      );
    }
    if (error instanceof z.ZodError) {
      const errors = error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
        code: issueCode(i.code, i),
      }));
      return sendProblem(reply, request, invalid(errors));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(
        reply,
        request,
        new Problem(500, 'Internal Server Error', 'The server made an invalid response'),
      );
    }
    const constraint = databaseConstraintProblem(error);
    if (constraint) return sendProblem(reply, request, constraint);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: bad JSON, wrong content type, body too large…
      return sendProblem(reply, request, new Problem(status, httpTitle(status), error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      request,
      new Problem(500, 'Internal Server Error', 'Something went wrong on our side'),
    );
  });
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
  };
  return titles[status] ?? 'Client Error';
}

/**
 * A constraint the database enforced (the last line of defence behind our own validation) is the
 * client's problem, not a server error: duplicates → 409, bad references and values → 422.
 */
function databaseConstraintProblem(error: unknown): Problem | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code, column, constraint } = error as { code?: string; column?: string; constraint?: string };
  const path = column ?? constraint ?? '';
  switch (code) {
    case '23505':
      return conflict('A record with the same unique value exists', [
        { path, message: 'Already exists', code: 'exists' },
      ]);
    case '23503':
      return invalid([{ path, message: 'Refers to a record that does not exist', code: 'not_found' }]);
    case '23502':
    case '23514':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
      return invalid([{ path, message: 'Value not allowed', code: 'invalid' }]);
    case '40001':
    case '40P01':
      return new Problem(
        409,
        'Conflict',
        'The record was changed at the same time by someone else; try again',
      );
    default:
      return undefined;
  }
}
