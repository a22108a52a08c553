import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../testing/harness.js';

describe.each(testEngines())('API tokens on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Tokens');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is shown once, stored hashed, acts with its role in its organisation, records last use, and can be revoked', async () => {
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/tokens',
      cookie: owner.cookie,
      body: { name: 'Accounting sync', role: 'read_only' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^pvd_/);
    expect(token.startsWith(prefix)).toBe(true);
    const stored = await t.db.query<{ token_hash: string }>(
      `SELECT token_hash FROM api_tokens WHERE id = $1`,
      [id],
    );
    expect(stored.rows[0]?.token_hash).not.toContain(token.slice(4));
    const listed = await call(t.app, { method: 'GET', url: '/api/v1/tokens', cookie: owner.cookie });
    expect(JSON.stringify(listed.json())).not.toContain(token);
    expect(listed.json().items[0].lastUsedAt).toBeNull();

    const read = await call(t.app, { method: 'GET', url: '/api/v1/teams', token });
    expect(read.statusCode).toBe(200);
    const write = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      token,
      body: { name: 'by token' },
    });
    expect(write.statusCode).toBe(403);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', token });
    expect(me.json().tenant.id).toBe(owner.tenantId);
    const after = await call(t.app, { method: 'GET', url: '/api/v1/tokens', cookie: owner.cookie });
    expect(after.json().items[0].lastUsedAt).not.toBeNull();

    expect(
      (await call(t.app, { method: 'DELETE', url: `/api/v1/tokens/${id}`, cookie: owner.cookie })).statusCode,
    ).toBe(204);
    const revoked = await call(t.app, { method: 'GET', url: '/api/v1/teams', token });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses malformed or unknown tokens and unknown roles', async () => {
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/teams', headers: { authorization: 'Basic abc' } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/teams', token: 'pvd_notarealtoken' })).statusCode,
    ).toBe(401);
    const bad = await call(t.app, {
      method: 'POST',
      url: '/api/v1/tokens',
      cookie: owner.cookie,
      body: { name: '', role: 'wizard' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('name');
    const role = await call(t.app, {
      method: 'POST',
      url: '/api/v1/tokens',
      cookie: owner.cookie,
      body: { name: 'x', role: 'wizard' },
    });
    expect(role.statusCode).toBe(422);
    expect(role.json().errors[0].path).toBe('role');
  });

  it('a token-authenticated write needs no CSRF headers (no cookie is involved)', async () => {
    const { token } = (
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/tokens',
        cookie: owner.cookie,
        body: { name: 'admin', role: 'admin' },
      })
    ).json();
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      token,
      headers: { origin: 'https://integration.example' },
      body: { name: 'From integration' },
    });
    expect(res.statusCode).toBe(201);
    const audit = await call(t.app, {
      method: 'GET',
      url: `/api/v1/audit?entity=team&id=${res.json().id}`,
      cookie: owner.cookie,
    });
    expect(audit.json().items[0]).toMatchObject({ actorType: 'token', actorId: owner.userId });
  });
});
