import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, fieldKey, parseRetryAfter } from './client';

afterEach(() => vi.unstubAllGlobals());

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const fetch = vi.fn(
    async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('api client', () => {
  it('sends JSON with same-origin credentials and parses the answer', async () => {
    const fetch = respond(201, { user: { id: 'u1' } });
    const result = await api.post<{ user: { id: string } }>('/api/v1/auth/login', { email: 'a@b.co' });
    expect(result.user.id).toBe('u1');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/login');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"email":"a@b.co"}');
  });

  it('sends an empty JSON object for writes without a body, and nothing for reads', async () => {
    const fetch = respond(204, undefined);
    await expect(api.post('/api/v1/auth/logout')).resolves.toBeUndefined();
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body).toBe('{}');
    await api.get('/api/v1/me');
    const init = (fetch.mock.calls[1] as unknown as [string, RequestInit])[1];
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('turns problem+json into an ApiError with field errors', async () => {
    respond(
      400,
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid body',
        errors: [{ path: 'body.email', message: 'Invalid email', code: 'invalid_format' }],
      },
      { 'Content-Type': 'application/problem+json' },
    );
    const error = await api.post('/api/v1/auth/signup', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.message).toBe('Invalid body');
    expect(apiError.fields.email?.code).toBe('invalid_format');
  });

  it('reads Retry-After on 429', async () => {
    respond(429, { title: 'Too Many Requests', status: 429 }, { 'Retry-After': '42' });
    const error = (await api.post('/api/v1/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(42);
  });

  it('reports network failures as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = (await api.get('/api/v1/me').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
  });

  it('normalises field paths', () => {
    expect(fieldKey('body.email')).toBe('email');
    expect(fieldKey('/password')).toBe('password');
    expect(fieldKey('organization')).toBe('organization');
    expect(fieldKey('items[0].name')).toBe('name');
    expect(fieldKey('')).toBe('');
    expect(parseRetryAfter('3.2')).toBe(4);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
