import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';

describe.each(testEngines())('moving many relationships at once (%s)', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Phases');
  });
  afterAll(async () => {
    await t?.close();
  });

  const contact = async (lastName: string) => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/contacts',
      cookie: owner.cookie,
      body: { lastName },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const move = (body: unknown) =>
    call(t.app, { method: 'POST', url: '/api/v1/relationships/phase', cookie: owner.cookie, body });
  const phaseOf = async (id: string) =>
    (
      await call(t.app, { method: 'GET', url: `/api/v1/contacts/${id}/phase`, cookie: owner.cookie })
    ).json() as {
      phase: string | null;
      subStage: string | null;
    };
  const history = async (id: string) =>
    (
      (
        await call(t.app, {
          method: 'GET',
          url: `/api/v1/contacts/${id}/phase-history`,
          cookie: owner.cookie,
        })
      ).json() as {
        items: { toPhase: string; reason: string }[];
      }
    ).items;

  it('moves each with the reason in its own history; one already there is left alone', async () => {
    const a = await contact('الف');
    const b = await contact('ب');
    expect(
      (await move({ type: 'contact', ids: [a], change: { phase: 'exploration', reason: 'پیش‌فاکتور خواست' } }))
        .statusCode,
    ).toBe(200);
    const res = await move({
      type: 'contact',
      ids: [a, b],
      change: { phase: 'exploration', reason: 'در نمایشگاه آشنا شدیم' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ changed: 1 });
    expect(await phaseOf(b)).toEqual(
      expect.objectContaining({ phase: 'exploration', subStage: 'attraction' }),
    );
    expect((await history(a)).map((h) => h.reason)).toEqual(['پیش‌فاکتور خواست']);
    expect((await history(b)).map((h) => h.toPhase)).toEqual(['exploration']);
  });

  it('moves none when the model forbids one of them, naming it at ids.N', async () => {
    const a = await contact('پ');
    const b = await contact('ت');
    // b has no phase yet: it cannot be dissolved, so a is not dissolved either.
    expect(
      (await move({ type: 'contact', ids: [a], change: { phase: 'expansion', reason: 'سفارش دوم' } }))
        .statusCode,
    ).toBe(200);
    const res = await move({
      type: 'contact',
      ids: [a, b],
      change: { phase: 'dissolution', reason: 'به رقیب رفت', endedBy: 'customer' },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: 'ids.1', code: 'invalid_transition' }),
    ]);
    expect((await phaseOf(a)).phase).toBe('expansion');
  });

  it('says which part of the request is wrong', async () => {
    const a = await contact('ث');
    const missing = await move({ type: 'contact', ids: [a], change: { phase: 'dissolution', reason: 'x' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['endedBy']);
    const twice = await move({ type: 'contact', ids: [a, a], change: { phase: 'awareness', reason: 'x' } });
    expect(twice.statusCode).toBe(422);
    expect(JSON.stringify(twice.json().errors)).toContain('ids');
    const noReason = await move({ type: 'contact', ids: [a], change: { phase: 'awareness' } });
    expect(noReason.statusCode).toBe(422);
    expect(JSON.stringify(noReason.json().errors)).toContain('reason');
    expect((await phaseOf(a)).phase).toBeNull();
  });
});
