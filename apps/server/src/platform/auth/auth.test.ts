import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/engines.js';
import { call, sessionCookie, signupOrg, startTestApp, type TestApp } from '../testing/harness.js';

describe.each(testEngines())('auth on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports health, readiness and setup state', async () => {
    expect((await call(t.app, { method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    const ready = await call(t.app, { method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', engine });
    const setup = await call(t.app, { method: 'GET', url: '/api/v1/setup' });
    expect(setup.json()).toEqual({ signupEnabled: true, needsSetup: true });
  });

  it('signs up an organisation with Persian defaults, then /me describes it', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/signup',
      body: {
        organization: 'شرکت پیوند',
        name: 'سارا رضایی',
        email: 'Sara@Example.com',
        password: 'a long password',
        locale: 'fa',
      },
    });
    expect(res.statusCode).toBe(201);
    const cookie = res.cookies.find((c) => c.name === 'pvd_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user).toMatchObject({
      name: 'سارا رضایی',
      email: 'sara@example.com',
      settings: { locale: 'fa', calendar: 'jalali', timeZone: 'Asia/Tehran', digits: 'fa' },
    });
    expect(body.tenant).toMatchObject({
      name: 'شرکت پیوند',
      settings: { currency: 'IRR', moneyDisplay: 'toman' },
    });
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: sessionCookie(res) });
    expect(me.statusCode).toBe(200);
    expect(me.json().role.key).toBe('owner');
    expect(me.json().tenants).toHaveLength(1);
    const setup = await call(t.app, { method: 'GET', url: '/api/v1/setup' });
    expect(setup.json().needsSetup).toBe(false);
  });

  it('rejects bad sign-up input with field errors and writes nothing', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/signup',
      body: { organization: '', name: 'x', email: 'not-an-email', password: 'short' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['email', 'organization', 'password']);
    const dup = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/signup',
      body: { organization: 'X', name: 'X', email: 'sara@example.com', password: 'a long password' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toBe('email');
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM tenants`);
    expect(rows[0]?.n).toBe(1);
  });

  it('answers malformed JSON and wrong content types with problem+json, never 500', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a',
    });
    expect(form.statusCode).toBe(415);
  });

  it('logs in, logs out and refuses a wrong password', async () => {
    const wrong = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { email: 'sara@example.com', password: 'nope nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { email: 'SARA@example.com', password: 'a long password' },
    });
    expect(ok.statusCode).toBe(200);
    const cookie = sessionCookie(ok);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
    expect((await call(t.app, { method: 'POST', url: '/api/v1/auth/logout', cookie })).statusCode).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
  });

  it('throttles repeated failures per account with 429 and Retry-After', async () => {
    const { email } = await signupOrg(t.app, 'Throttle');
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await call(t.app, {
            method: 'POST',
            url: '/api/v1/auth/login',
            body: { email, password: 'wrong password' },
          })
        ).statusCode,
      ).toBe(401);
    }
    const locked = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { email, password: 'correct horse battery' },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses cookie-authenticated writes from another site but accepts same-origin ones', async () => {
    const { cookie } = await signupOrg(t.app, 'Csrf');
    const cross = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/me/settings',
      cookie,
      body: { locale: 'en' },
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.statusCode).toBe(403);
    const site = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/me/settings',
      cookie,
      body: { locale: 'en' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(site.statusCode).toBe(403);
    const same = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/me/settings',
      cookie,
      body: { locale: 'en', calendar: 'gregorian' },
      headers: { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    expect(same.statusCode).toBe(200);
    expect(same.json().user.settings).toMatchObject({
      locale: 'en',
      calendar: 'gregorian',
      timeZone: 'Asia/Tehran',
    });
  });

  it('validates user settings and changes the password, ending other sessions', async () => {
    const { cookie, email, password } = await signupOrg(t.app, 'Pw');
    const bad = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/me/settings',
      cookie,
      body: { timeZone: 'Mars/Olympus', digits: 'roman' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['digits', 'timeZone']);
    const other = sessionCookie(
      await call(t.app, { method: 'POST', url: '/api/v1/auth/login', body: { email, password } }),
    );
    const wrong = await call(t.app, {
      method: 'POST',
      url: '/api/v1/me/password',
      cookie,
      body: { currentPassword: 'nope', newPassword: 'another long one' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('currentPassword');
    const ok = await call(t.app, {
      method: 'POST',
      url: '/api/v1/me/password',
      cookie,
      body: { currentPassword: password, newPassword: 'another long one' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: other })).statusCode).toBe(401);
    expect(
      (
        await call(t.app, {
          method: 'POST',
          url: '/api/v1/auth/login',
          body: { email, password: 'another long one' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('switches between organisations the person belongs to, and only those', async () => {
    const a = await signupOrg(t.app, 'Switch');
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/tenants',
      cookie: a.cookie,
      body: { name: 'Second org', locale: 'en' },
    });
    expect(created.statusCode).toBe(201);
    const second = created.json().id;
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: a.cookie });
    expect(me.json().tenants.map((x: { id: string }) => x.id)).toContain(second);
    const sw = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/switch',
      cookie: a.cookie,
      body: { tenantId: second },
    });
    expect(sw.statusCode).toBe(200);
    expect(sw.json().tenant.name).toBe('Second org');
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: a.cookie })).json().tenant.id).toBe(
      second,
    );
    const b = await signupOrg(t.app, 'Other');
    const foreign = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/switch',
      cookie: a.cookie,
      body: { tenantId: b.tenantId },
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('turns sign-up off by configuration', async () => {
    const closed = await startTestApp(engine, { signupEnabled: false });
    try {
      expect((await call(closed.app, { method: 'GET', url: '/api/v1/setup' })).json().signupEnabled).toBe(
        false,
      );
      const res = await call(closed.app, {
        method: 'POST',
        url: '/api/v1/auth/signup',
        body: { organization: 'X', name: 'X', email: 'x@example.com', password: 'a long password' },
      });
      expect(res.statusCode).toBe(403);
    } finally {
      await closed.close();
    }
  });
});
