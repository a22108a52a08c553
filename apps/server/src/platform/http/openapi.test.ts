import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../testing/harness.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is OpenAPI 3.1, lists every /api/v1 route with its schemas, and the docs page is served', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    for (const route of [
      'POST /api/v1/auth/signup',
      'POST /api/v1/auth/login',
      'GET /api/v1/me',
      'POST /api/v1/tokens',
      'DELETE /api/v1/tokens/{id}',
      'GET /api/v1/audit',
      'GET /api/v1/jobs/{id}',
      'PATCH /api/v1/teams/{id}',
      'POST /api/v1/roles',
    ]) {
      expect(documented).toContain(route);
    }
    const signup = doc.paths['/api/v1/auth/signup'].post;
    expect(Object.keys(signup.requestBody.content['application/json'].schema.properties)).toEqual([
      'organization',
      'name',
      'email',
      'password',
      'locale',
    ]);
    expect(doc.components.schemas.Problem).toBeDefined();
    const docs = await call(t.app, { method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('every /api/v1 route the app serves is in the document', async () => {
    const doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).json();
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops))
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    // printRoutes draws a tree (4 characters per level); rebuild each full path from its ancestors.
    const served: string[] = [];
    const stack: string[] = [];
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^([\s│├└─]*)(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!match) continue;
      const depth = (match[1] ?? '').length / 4;
      stack.length = depth;
      stack[depth] = match[2] ?? '';
      const path = stack.join('').replace(/\/+/g, '/');
      if (!match[3] || !path.startsWith('/api/v1/')) continue;
      for (const method of match[3].split(', ')) if (method !== 'HEAD') served.push(`${method} ${path}`);
    }
    expect(served.length).toBeGreaterThan(30);
    // Routes sharing a parameter position under different names print as ':id|:token'.
    const variants = (route: string) => {
      const alternatives = /:(\w+)\|:(\w+)/.exec(route);
      return alternatives
        ? [
            route.replace(alternatives[0], `:${alternatives[1]}`),
            route.replace(alternatives[0], `:${alternatives[2]}`),
          ]
        : [route];
    };
    expect(served.filter((route) => !variants(route).some((v) => documented.has(v)))).toEqual([]);
  });
});
