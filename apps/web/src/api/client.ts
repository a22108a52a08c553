// A tiny typed fetch client for the server's JSON API: same-origin cookies, JSON in and out,
// and application/problem+json errors turned into an ApiError with per-field errors.
import type { Problem, ProblemFieldError } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Field errors keyed by the last segment of their path ('body.email' → 'email'). */
  readonly fields: Record<string, ProblemFieldError>;
  /** Seconds from a Retry-After header, when the server sent one (e.g. on 429). */
  readonly retryAfter: number | undefined;

  constructor(status: number, problem: Problem, retryAfter?: number) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
    this.fields = {};
    for (const error of problem.errors ?? []) {
      const key = fieldKey(error.path);
      if (key && !(key in this.fields)) this.fields[key] = error;
    }
  }
}

/** 'body.email', '/email', 'email', ['user','email'] style paths → 'email'. */
export function fieldKey(path: string | undefined): string {
  if (!path) return '';
  const parts = String(path)
    .split(/[./[\]]+/)
    .filter((part) => part !== '' && !/^\d+$/.test(part));
  return parts.at(-1) ?? '';
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...extraHeaders,
  };
  let payload: string | FormData | undefined;
  if (body instanceof FormData) {
    // A file upload: the browser writes the multipart boundary itself.
    payload = body;
  } else if (method !== 'GET' && method !== 'DELETE') {
    // The server only accepts JSON writes; an empty object stands in for "no body".
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, { title: 'Network error', detail: String(cause) });
  }
  const text = await response.text();
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object'
        ? (data as Problem)
        : { status: response.status, title: response.statusText };
    throw new ApiError(response.status, problem, parseRetryAfter(response.headers.get('Retry-After')));
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  /** A change to the version the user saw: the server answers 409 when someone saved in between. */
  patchVersion: <T>(path: string, body: unknown, version: number) =>
    request<T>('PATCH', path, body, { 'If-Match': `"${version}"` }),
  /** An action on the version the user saw (e.g. a phase change): 409 when someone acted in between. */
  postVersion: <T>(path: string, body: unknown, version: number) =>
    request<T>('POST', path, body, { 'If-Match': `"${version}"` }),
  /** A replace: of the version the user saw when there is one (409 when someone saved in between). */
  put: <T>(path: string, body: unknown, version?: number) =>
    request<T>('PUT', path, body, version === undefined ? {} : { 'If-Match': `"${version}"` }),
  delete: (path: string) => request<void>('DELETE', path),
  /** A delete of the version the user saw: 409 when someone saved in between. */
  deleteVersion: (path: string, version: number) =>
    request<void>('DELETE', path, undefined, { 'If-Match': `"${version}"` }),
  /** Sends one file as multipart/form-data (part "file"), as a browser form would. */
  upload: <T>(path: string, file: File, method: 'POST' | 'PUT' = 'POST') => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<T>(method, path, form);
  },
};

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}
