import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import {
  addMember,
  call,
  sessionCookie,
  signupOrg,
  startTestApp,
  type TestApp,
} from '../../platform/testing/harness.js';

describe.each(testEngines())('organisation administration on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Org admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('invites a person who accepts, joins with the role, and the invitation cannot be reused', async () => {
    const inv = await call(t.app, {
      method: 'POST',
      url: '/api/v1/invitations',
      cookie: owner.cookie,
      body: { email: 'Neda@Example.com', role: 'manager' },
    });
    expect(inv.statusCode).toBe(201);
    const { token, link, email } = inv.json();
    expect(email).toBe('neda@example.com');
    expect(link).toBe(`/invite/${token}`);
    const pending = await call(t.app, { method: 'GET', url: '/api/v1/invitations', cookie: owner.cookie });
    expect(pending.json().items.map((i: { email: string }) => i.email)).toContain('neda@example.com');
    const info = await call(t.app, { method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(info.json()).toMatchObject({ email: 'neda@example.com', hasAccount: false });
    const accept = await call(t.app, {
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'ندا کریمی', password: 'another long password' },
    });
    expect(accept.statusCode).toBe(200);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: sessionCookie(accept) });
    expect(me.json()).toMatchObject({
      user: { name: 'ندا کریمی' },
      role: { key: 'manager' },
      tenant: { id: owner.tenantId },
    });
    const again = await call(t.app, {
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'x', password: 'another long password' },
    });
    expect(again.statusCode).toBe(404);
    const dup = await call(t.app, {
      method: 'POST',
      url: '/api/v1/invitations',
      cookie: owner.cookie,
      body: { email: 'neda@example.com', role: 'agent' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('an existing account joins a second organisation with its own password only', async () => {
    const other = await signupOrg(t.app, 'Second');
    const inv = await call(t.app, {
      method: 'POST',
      url: '/api/v1/invitations',
      cookie: other.cookie,
      body: { email: owner.email, role: 'agent' },
    });
    const { token } = inv.json();
    expect(
      (await call(t.app, { method: 'GET', url: `/api/v1/invitations/${token}` })).json().hasAccount,
    ).toBe(true);
    const wrong = await call(t.app, {
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'x', password: 'not my password' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('password');
    const ok = await call(t.app, {
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'x', password: owner.password },
    });
    expect(ok.statusCode).toBe(200);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: owner.cookie });
    expect(me.json().tenants).toHaveLength(2);
  });

  it('refuses to leave an organisation without an owner, and admins cannot touch owners', async () => {
    const demote = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/users/${owner.userId}`,
      cookie: owner.cookie,
      body: { role: 'admin' },
    });
    expect(demote.statusCode).toBe(409);
    const admin = await addMember(t.app, owner.cookie, 'admin');
    const byAdmin = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/users/${owner.userId}`,
      cookie: admin.cookie,
      body: { status: 'disabled' },
    });
    expect(byAdmin.statusCode).toBe(403);
    const promote = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/users/${admin.userId}`,
      cookie: admin.cookie,
      body: { role: 'owner' },
    });
    expect(promote.statusCode).toBe(403);
    const members = await call(t.app, { method: 'GET', url: '/api/v1/users', cookie: owner.cookie });
    expect(members.json().items.find((m: { id: string }) => m.id === owner.userId).role).toBe('owner');
  });

  it('a disabled member is locked out at once; re-enabling lets them back', async () => {
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const off = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/users/${agent.userId}`,
      cookie: owner.cookie,
      body: { status: 'disabled' },
    });
    expect(off.statusCode).toBe(200);
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/teams', cookie: agent.cookie })).statusCode,
    ).toBe(403);
    await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/users/${agent.userId}`,
      cookie: owner.cookie,
      body: { status: 'active' },
    });
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/teams', cookie: agent.cookie })).statusCode,
    ).toBe(200);
  });

  it('an admin resets a password: old one stops working, sessions end', async () => {
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const reset = await call(t.app, {
      method: 'POST',
      url: `/api/v1/users/${agent.userId}/password`,
      cookie: owner.cookie,
      body: { password: 'reset by admin 1' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: agent.cookie })).statusCode).toBe(
      401,
    );
    expect(
      (
        await call(t.app, {
          method: 'POST',
          url: '/api/v1/auth/login',
          body: { email: agent.email, password: 'correct horse battery' },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await call(t.app, {
          method: 'POST',
          url: '/api/v1/auth/login',
          body: { email: agent.email, password: 'reset by admin 1' },
        })
      ).statusCode,
    ).toBe(200);
    const audit = await call(t.app, {
      method: 'GET',
      url: `/api/v1/audit?entity=user&id=${agent.userId}`,
      cookie: owner.cookie,
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'password_reset',
      actorId: owner.userId,
      changes: { password: { before: '[redacted]', after: '[redacted]' } },
    });
  });

  it('teams: create with members, rename with If-Match, stale version → 409, audit with field changes', async () => {
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      body: { name: 'فروش تهران', memberIds: [agent.userId] },
    });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ name: 'فروش تهران', memberIds: [agent.userId], version: 1 });
    const renamed = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/teams/${team.id}`,
      cookie: owner.cookie,
      headers: { 'if-match': '"1"' },
      body: { name: 'فروش اصفهان' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    const stale = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/teams/${team.id}`,
      cookie: owner.cookie,
      headers: { 'if-match': '"1"' },
      body: { name: 'X' },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await call(t.app, { method: 'GET', url: `/api/v1/teams/${team.id}`, cookie: owner.cookie })).json()
        .name,
    ).toBe('فروش اصفهان');
    const dup = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      body: { name: 'فروش اصفهان' },
    });
    expect(dup.statusCode).toBe(409);
    const unknown = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      body: { name: 'Y', memberIds: ['01900000-0000-7000-8000-000000000000'] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('memberIds.0');
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/teams', cookie: owner.cookie }))
        .json()
        .items.some((x: { name: string }) => x.name === 'Y'),
    ).toBe(false);
    const audit = await call(t.app, {
      method: 'GET',
      url: `/api/v1/audit?entity=team&id=${team.id}`,
      cookie: owner.cookie,
    });
    const [update, create] = audit.json().items;
    expect(update).toMatchObject({
      action: 'update',
      actorId: owner.userId,
      changes: { name: { before: 'فروش تهران', after: 'فروش اصفهان' } },
    });
    expect(update.requestId).toBe(renamed.headers['x-request-id']);
    expect(create.action).toBe('create');
  });

  it('Idempotency-Key: a retried create returns the first response and makes one record', async () => {
    const headers = { 'idempotency-key': 'team-create-1' };
    const first = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      headers,
      body: { name: 'Idem' },
    });
    const second = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      headers,
      body: { name: 'Idem' },
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const other = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: owner.cookie,
      headers,
      body: { name: 'Different' },
    });
    expect(other.statusCode).toBe(422);
    const teams = (await call(t.app, { method: 'GET', url: '/api/v1/teams', cookie: owner.cookie })).json()
      .items;
    expect(teams.filter((x: { name: string }) => x.name === 'Idem')).toHaveLength(1);
  });

  it('custom roles: per-module rights and scope decide what a member may do', async () => {
    const role = await call(t.app, {
      method: 'POST',
      url: '/api/v1/roles',
      cookie: owner.cookie,
      body: {
        key: 'team_lead',
        name: 'سرپرست',
        rights: { teams: ['read', 'create', 'update'], users: ['read'] },
        scope: 'team',
      },
    });
    expect(role.statusCode).toBe(201);
    const bad = await call(t.app, {
      method: 'POST',
      url: '/api/v1/roles',
      cookie: owner.cookie,
      body: { key: 'x_y', name: 'x', rights: { nonsense: ['read'], teams: ['fly'] }, scope: 'all' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('rights.teams.0');
    const lead = await addMember(t.app, owner.cookie, 'team_lead');
    // /me tells the screens what the role may do, so they show only the controls the server allows.
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: lead.cookie })).json().role,
    ).toEqual({
      key: 'team_lead',
      name: 'سرپرست',
      scope: 'team',
      rights: { teams: ['read', 'create', 'update'], users: ['read'] },
    });
    expect(
      (
        await call(t.app, {
          method: 'POST',
          url: '/api/v1/teams',
          cookie: lead.cookie,
          body: { name: 'Lead team' },
        })
      ).statusCode,
    ).toBe(201);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/roles', cookie: lead.cookie })).statusCode).toBe(
      403,
    );
    const builtin = (await call(t.app, { method: 'GET', url: '/api/v1/roles', cookie: owner.cookie }))
      .json()
      .items.find((r: { key: string }) => r.key === 'agent');
    expect(
      (
        await call(t.app, {
          method: 'PATCH',
          url: `/api/v1/roles/${builtin.id}`,
          cookie: owner.cookie,
          body: { scope: 'all' },
        })
      ).statusCode,
    ).toBe(409);
    const inUse = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/roles/${role.json().id}`,
      cookie: owner.cookie,
    });
    expect(inUse.statusCode).toBe(409);
    // Narrowing the role takes effect on the next request.
    await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/roles/${role.json().id}`,
      cookie: owner.cookie,
      body: { rights: { teams: ['read'] } },
    });
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: lead.cookie })).json().role.rights,
    ).toEqual({ teams: ['read'] });
    expect(
      (
        await call(t.app, {
          method: 'POST',
          url: '/api/v1/teams',
          cookie: lead.cookie,
          body: { name: 'Lead team 2' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('organisation settings: validated, audited, and members inherit them unless they override', async () => {
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const bad = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/settings',
      cookie: owner.cookie,
      body: { currency: 'rial', calendar: 'lunar' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['calendar', 'currency']);
    const ok = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/settings',
      cookie: owner.cookie,
      body: { calendar: 'gregorian', moneyDisplay: 'rial' },
    });
    expect(ok.json()).toMatchObject({ calendar: 'gregorian', moneyDisplay: 'rial', timeZone: 'Asia/Tehran' });
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: agent.cookie })).json().user.settings
        .calendar,
    ).toBe('gregorian');
    await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/me/settings',
      cookie: agent.cookie,
      body: { calendar: 'jalali' },
    });
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: agent.cookie })).json().user.settings
        .calendar,
    ).toBe('jalali');
    const audit = await call(t.app, {
      method: 'GET',
      url: `/api/v1/audit?entity=tenant&id=${owner.tenantId}`,
      cookie: owner.cookie,
    });
    expect(audit.json().items[0].changes).toMatchObject({
      calendar: { before: 'jalali', after: 'gregorian' },
    });
  });

  it('lists members through the shared list query: filter, sort, search, cursor paging, total, field errors', async () => {
    const org = await signupOrg(t.app, 'Listing');
    for (let i = 0; i < 4; i++) await addMember(t.app, org.cookie, i % 2 ? 'agent' : 'manager');
    const filter = encodeURIComponent(
      JSON.stringify({
        or: [
          { field: 'role', op: 'eq', value: 'agent' },
          { field: 'role', op: 'eq', value: 'owner' },
        ],
      }),
    );
    const filtered = await call(t.app, {
      method: 'GET',
      url: `/api/v1/users?filter=${filter}&sort=-createdAt&total=true`,
      cookie: org.cookie,
    });
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json().total).toBe(3);
    expect(
      filtered
        .json()
        .items.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['agent', 'agent', 'owner']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(t.app, {
        method: 'GET',
        url: `/api/v1/users?limit=2&sort=email${cursor ? `&cursor=${cursor}` : ''}`,
        cookie: org.cookie,
      });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((m: { email: string }) => m.email));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(seen);
    const q = await call(t.app, {
      method: 'GET',
      url: `/api/v1/users?q=${encodeURIComponent('manager')}`,
      cookie: org.cookie,
    });
    expect(q.json().items.every((m: { email: string }) => m.email.startsWith('manager'))).toBe(true);
    const bad = await call(t.app, {
      method: 'GET',
      url: `/api/v1/users?filter=${encodeURIComponent('{"field":"salary","op":"gt","value":1}')}`,
      cookie: org.cookie,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toMatch(/filter/);
  });
});
