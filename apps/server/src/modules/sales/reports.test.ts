import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created } from '../customers/test-helpers.js';
import type { Deal, Forecast, LostReason, Performance, Pipeline, StagesReport } from './schemas.js';

const DAY = 86_400;

describe.each(testEngines())('sales reports on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let manager: Awaited<ReturnType<typeof addMember>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  let outsider: Awaited<ReturnType<typeof addMember>>;
  let pipeline: Pipeline;
  const as = (cookie: string) => (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    call(t.app, { method, url, cookie, ...(body !== undefined ? { body } : {}) });
  const stage = (i: number | 'won' | 'lost') =>
    (typeof i === 'number' ? pipeline.stages[i] : pipeline.stages.find((s) => s.kind === i))?.id as string;
  /** Makes the deal's finished visits last `days` (moves in a test happen within milliseconds). */
  const lasted = (deal: Deal, days: number) =>
    t.db.query(
      `UPDATE deal_stage_history SET entered_at = left_at - make_interval(days => $2) WHERE deal_id = $1 AND left_at IS NOT NULL`,
      [deal.id, days],
    );
  const today = new Date();
  const isoDay = (offset: number) =>
    new Date(today.getTime() + offset * DAY * 1000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Reports');
    manager = await addMember(t.app, owner.cookie, 'manager');
    agent = await addMember(t.app, owner.cookie, 'agent');
    outsider = await addMember(t.app, owner.cookie, 'agent');
    await created(
      await as(owner.cookie)('POST', '/api/v1/teams', {
        name: 'فروش',
        memberIds: [manager.userId, agent.userId],
      }),
    );
    const req = as(owner.cookie);
    pipeline = (await req('GET', '/api/v1/pipelines')).json().items[0];
    const reason = ((await req('GET', '/api/v1/lost-reasons')).json().items as LostReason[])[0] as LostReason;
    const deal = async (body: Record<string, unknown>) =>
      created<Deal>(await req('POST', '/api/v1/deals', { title: 'فرصت', ...body }));
    const move = async (d: Deal, body: Record<string, unknown>) => {
      const res = await req('PATCH', `/api/v1/deals/${d.id}`, body);
      expect(res.statusCode, res.body).toBe(200);
    };
    await deal({ amount: '100.10', expectedCloseDate: '2026-03-10' });
    const second = await deal({ amount: '200.20', expectedCloseDate: '2026-03-20', ownerId: agent.userId });
    await move(second, { stageId: stage(2) });
    await lasted(second, 6);
    await deal({ amount: '50', currency: 'USD', stageId: stage(3), expectedCloseDate: '2026-04-01' });
    const won = await deal({ amount: '1000.05', ownerId: agent.userId });
    await move(won, { stageId: stage('won') });
    await lasted(won, 4);
    const lost = await deal({ amount: '70', ownerId: outsider.userId });
    await move(lost, { stageId: stage('lost'), lostReasonId: reason.id });
    await lasted(lost, 2);
    const contact = await created(await req('POST', '/api/v1/contacts', { lastName: 'رضایی' }));
    for (let i = 0; i < 2; i++)
      await created(
        await req('POST', '/api/v1/interactions', {
          channel: 'call',
          direction: 'out',
          contactId: contact.id,
          ownerId: agent.userId,
        }),
      );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts per stage who entered, moved on and went further, how long they stayed, and the win rate', async () => {
    const res = await as(owner.cookie)('GET', '/api/v1/sales/stages-report');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as StagesReport;
    const first = report.stages[0];
    expect(first).toMatchObject({ entered: 4, movedOn: 3, advanced: 2, conversion: 0.5 });
    expect(first?.averageSeconds).toBeCloseTo(4 * DAY, 0);
    expect(first?.medianSeconds).toBeCloseTo(4 * DAY, 0);
    expect(report.stages[3]).toMatchObject({ entered: 1, movedOn: 0, averageSeconds: null });
    expect(report).toMatchObject({ won: 1, lost: 1, winRate: 0.5 });
    const empty = (
      await as(owner.cookie)('GET', '/api/v1/sales/stages-report?from=2000-01-01&to=2000-01-02')
    ).json() as StagesReport;
    expect(empty.stages.every((s) => s.entered === 0 && s.conversion === null)).toBe(true);
    expect(empty.winRate).toBeNull();
    const unknown = await as(owner.cookie)(
      'GET',
      '/api/v1/sales/stages-report?pipelineId=01900000-0000-7000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('query.pipelineId');
  });

  it('sees only the deals of its scope: an agent’s report counts their own deals', async () => {
    const report = (await as(agent.cookie)('GET', '/api/v1/sales/stages-report')).json() as StagesReport;
    expect(report.stages[0]?.entered).toBe(2);
    expect(report).toMatchObject({ won: 1, lost: 0, winRate: 1 });
  });

  it('forecasts amount × probability exactly, by month and currency, with won amounts', async () => {
    const res = await as(owner.cookie)('GET', '/api/v1/sales/forecast?groupBy=month');
    expect(res.statusCode, res.body).toBe(200);
    const rows = (res.json() as Forecast).rows;
    expect(rows.find((r) => r.key === '2026-03')).toMatchObject({
      currency: 'IRR',
      openDeals: 2,
      openAmount: '300.3',
      weightedAmount: '110.11',
      wonDeals: 0,
    });
    expect(rows.find((r) => r.key === '2026-04')).toMatchObject({ currency: 'USD', weightedAmount: '37.5' });
    expect(rows.find((r) => r.wonDeals === 1)).toMatchObject({ currency: 'IRR', wonAmount: '1000.05' });
    const byOwner = (
      await as(owner.cookie)('GET', '/api/v1/sales/forecast?groupBy=owner')
    ).json() as Forecast;
    expect(byOwner.rows.find((r) => r.key === agent.userId)).toMatchObject({
      currency: 'IRR',
      openDeals: 1,
      weightedAmount: '100.1',
      wonAmount: '1000.05',
    });
    const byPipeline = (await as(owner.cookie)('GET', '/api/v1/sales/forecast?groupBy=pipeline')).json();
    expect(byPipeline.rows.map((r: { key: string }) => r.key)).toEqual([pipeline.id, pipeline.id]);
  });

  it('totals the deals of each stage per currency for the board', async () => {
    const res = await as(owner.cookie)('GET', `/api/v1/pipelines/${pipeline.id}/totals`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { stageId: string; deals: number; amounts: unknown[] }[];
    expect(items.map((i) => i.stageId)).toEqual(pipeline.stages.map((s) => s.id));
    expect(items[0]).toMatchObject({
      deals: 1,
      amounts: [{ currency: 'IRR', amount: '100.1', weighted: '10.01' }],
    });
    expect(items[3]).toMatchObject({
      deals: 1,
      amounts: [{ currency: 'USD', amount: '50', weighted: '37.5' }],
    });
    const mine = (await as(agent.cookie)('GET', `/api/v1/pipelines/${pipeline.id}/totals`)).json().items;
    expect(mine[0].deals).toBe(0);
  });

  it('reports team performance to those who see the team’s deals, not to agents', async () => {
    const period = `from=${isoDay(-1)}&to=${isoDay(1)}`;
    const res = await as(manager.cookie)('GET', `/api/v1/sales/performance?${period}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as Performance).items;
    expect(items.map((i) => i.ownerId).sort()).toEqual([manager.userId, agent.userId].sort());
    expect(items.find((i) => i.ownerId === agent.userId)).toMatchObject({
      dealsWon: 1,
      dealsLost: 0,
      revenue: [{ currency: 'IRR', amount: '1000.05' }],
      activities: 2,
    });
    const all = (await as(owner.cookie)('GET', `/api/v1/sales/performance?${period}`)).json() as Performance;
    expect(all.items.find((i) => i.ownerId === outsider.userId)).toMatchObject({ dealsLost: 1, revenue: [] });
    expect((await as(agent.cookie)('GET', `/api/v1/sales/performance?${period}`)).statusCode).toBe(403);
  });
});
