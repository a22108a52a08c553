import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { seedDemo } from './seed.js';

describe.each(testEngines())('demo organisation (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  const options = {
    organization: 'بازرگانی نمونه',
    name: 'مدیر نمونه',
    email: `demo.${Date.now()}@example.com`,
    password: 'peyvand-demo-1405',
    contacts: 15,
    now: new Date('2026-11-27T09:00:00Z'),
  };

  it('fills a new organisation through the API: companies, people, leads, touches, tasks and phases', async () => {
    const { counts } = await seedDemo(t.app, options);
    expect(counts).toMatchObject({ accounts: 12, contacts: 15, leads: 6, phases: 12 });
    expect(counts.interactions).toBeGreaterThan(10);
    expect(counts.tasks).toBe(5);
    expect(counts.deals).toBe(9);
    const login = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { email: options.email, password: options.password },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const total = async (url: string) =>
      ((await call(t.app, { method: 'GET', url, cookie })).json() as { total: number }).total;
    expect(await total('/api/v1/contacts?total=true')).toBe(15);
    expect(await total('/api/v1/accounts?total=true')).toBe(12);
    expect(await total('/api/v1/interactions?total=true')).toBe(counts.interactions);
    expect(await total('/api/v1/deals?total=true')).toBe(9);
    const placed = await call(t.app, {
      method: 'GET',
      url: '/api/v1/relationships?type=contact&total=true',
      cookie,
    });
    const phases = (placed.json() as { items: { phase: string | null }[] }).items.filter((r) => r.phase);
    expect(phases).toHaveLength(12);
    // Searchable like typed data: a company found by a word of its name typed with Arabic letters.
    const search = await call(t.app, {
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent('كوير')}`,
      cookie,
    });
    expect(JSON.stringify(search.json())).toContain('کاشی و سرامیک کویر');
  });

  it('refuses an e-mail that already has an account, saying why', async () => {
    await expect(seedDemo(t.app, options)).rejects.toThrow(/Could not create the organisation/);
  });
});
