import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, expectFieldErrors } from '../customers/test-helpers.js';
import type { Deal, LostReason, Pipeline, Stage } from './schemas.js';

describe.each(testEngines())('pipelines and deals on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let pipeline: Pipeline;
  let reasons: LostReason[];
  let accountId: string;
  let contactId: string;
  const req = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    call(t.app, {
      method,
      url,
      cookie: owner.cookie,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const stage = (p: Pipeline, kind: 'won' | 'lost' | number) =>
    (typeof kind === 'number' ? p.stages[kind] : p.stages.find((s) => s.kind === kind))?.id as string;
  const counts = async () => {
    const { rows } = await t.db.query<{ deals: number; history: number; pipelines: number }>(
      `SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM deal_stage_history) AS history,
        (SELECT count(*) FROM pipelines) AS pipelines`,
    );
    return rows[0];
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Sales');
    pipeline = ((await req('GET', '/api/v1/pipelines')).json().items as Pipeline[])[0] as Pipeline;
    reasons = (await req('GET', '/api/v1/lost-reasons')).json().items;
    accountId = (await created(await req('POST', '/api/v1/accounts', { name: 'شرکت پارس' }))).id;
    contactId = (
      await created(await req('POST', '/api/v1/contacts', { firstName: 'مریم', lastName: 'کاظمی' }))
    ).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives every new organisation a default pipeline in its language and a list of lost reasons', () => {
    expect(pipeline.name).toBe('قیف فروش');
    expect(pipeline.isDefault).toBe(true);
    expect(pipeline.stages.map((s) => [s.kind, s.probability])).toEqual([
      ['open', 10],
      ['open', 25],
      ['open', 50],
      ['open', 75],
      ['won', 100],
      ['lost', 0],
    ]);
    expect(reasons.map((r) => r.name)).toContain('قیمت');
  });

  it('creates a deal in the first stage with an exact amount, contacts with roles and one open stage visit', async () => {
    const body = {
      title: 'قرارداد پشتیبانی سالانه',
      accountId,
      contacts: [{ contactId, role: 'decision_maker' }],
      amount: '۱۲۵۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰.50',
      expectedCloseDate: '2026-12-20',
      source: 'معرفی',
    };
    const first = await req('POST', '/api/v1/deals', body, { 'idempotency-key': 'deal-1' });
    const deal = await created<Deal>(first);
    expect(deal).toMatchObject({
      pipelineId: pipeline.id,
      stageId: stage(pipeline, 0),
      status: 'open',
      probability: 10,
      amount: '125000000000000000.5',
      currency: 'IRR',
      accountName: 'شرکت پارس',
      contacts: [{ contactId, name: 'مریم کاظمی', role: 'decision_maker' }],
      closedAt: null,
    });
    const again = await req('POST', '/api/v1/deals', body, { 'idempotency-key': 'deal-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(deal.id);
    const history = (await req('GET', `/api/v1/deals/${deal.id}/history`)).json().items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ stageId: stage(pipeline, 0), leftAt: null, movedBy: owner.userId });
  });

  it('refuses bad input with 422 naming the field and writes nothing', async () => {
    const other = await created<Pipeline>(
      await req('POST', '/api/v1/pipelines', {
        name: 'فروش سازمانی',
        stages: [
          { name: 'تماس اول', probability: 20 },
          { name: 'برنده', probability: 100, kind: 'won' },
          { name: 'بازنده', probability: 0, kind: 'lost' },
        ],
      }),
    );
    const before = await counts();
    expectFieldErrors(await req('POST', '/api/v1/deals', { title: 'x', stageId: stage(other, 0) }), [
      'stageId',
    ]);
    expectFieldErrors(await req('POST', '/api/v1/deals', { title: 'x', amount: '-5' }), ['amount']);
    expectFieldErrors(
      await req('POST', '/api/v1/deals', { title: 'x', pipelineId: '01900000-0000-7000-8000-000000000000' }),
      ['pipelineId'],
    );
    expectFieldErrors(await req('POST', '/api/v1/deals', { title: 'x', amount: '1.23456' }), ['amount']);
    expectFieldErrors(await req('POST', '/api/v1/deals', { title: 'x', stageId: stage(pipeline, 'lost') }), [
      'lostReasonId',
    ]);
    expectFieldErrors(
      await req('POST', '/api/v1/deals', {
        title: 'x',
        accountId: '01900000-0000-7000-8000-000000000000',
        contacts: [
          { contactId, role: 'user' },
          { contactId, role: 'influencer' },
        ],
      }),
      ['accountId', 'contacts.1.contactId'],
    );
    expectFieldErrors(
      await req('POST', '/api/v1/pipelines', {
        name: 'بد',
        stages: [
          { name: 'a', probability: 101 },
          { name: 'b', probability: 100, kind: 'won' },
          { name: 'c', probability: 0, kind: 'lost' },
        ],
      }),
      ['stages.0.probability'],
    );
    expectFieldErrors(
      await req('POST', '/api/v1/pipelines', {
        name: 'بی‌برنده',
        stages: [
          { name: 'a', probability: 10 },
          { name: 'b', probability: 50 },
          { name: 'c', probability: 0, kind: 'lost' },
        ],
      }),
      ['stages'],
    );
    expect(await counts()).toEqual(before);
  });

  it('moves a deal between stages with If-Match, closing it as won or lost and keeping the history', async () => {
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', { title: 'فروش سرور', amount: '300' }),
    );
    const moved = await req(
      'PATCH',
      `/api/v1/deals/${deal.id}`,
      { stageId: stage(pipeline, 2) },
      { 'if-match': `"${deal.version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    const stale = await req(
      'PATCH',
      `/api/v1/deals/${deal.id}`,
      { stageId: stage(pipeline, 3) },
      { 'if-match': `"${deal.version}"` },
    );
    expect(stale.statusCode).toBe(409);
    // The refusal says which change won: the move above, its author and time, from the audit log.
    expect(stale.json().lastChange).toMatchObject({ by: { name: expect.any(String) }, action: 'update' });
    expect(Date.parse(stale.json().lastChange.at)).toBeLessThanOrEqual(Date.now());
    const before = await counts();
    expectFieldErrors(await req('PATCH', `/api/v1/deals/${deal.id}`, { stageId: stage(pipeline, 'lost') }), [
      'lostReasonId',
    ]);
    expect(await counts()).toEqual(before);
    const lost = await req('PATCH', `/api/v1/deals/${deal.id}`, {
      stageId: stage(pipeline, 'lost'),
      lostReasonId: reasons[0]?.id,
      lostNote: 'ارزان‌تر خریدند',
    });
    expect(lost.json()).toMatchObject({
      status: 'lost',
      lostReasonId: reasons[0]?.id,
      lostNote: 'ارزان‌تر خریدند',
    });
    expect(lost.json().closedAt).not.toBeNull();
    const reopened = (await req('PATCH', `/api/v1/deals/${deal.id}`, { stageId: stage(pipeline, 3) })).json();
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, lostReasonId: null, lostNote: null });
    const won = (await req('PATCH', `/api/v1/deals/${deal.id}`, { stageId: stage(pipeline, 'won') })).json();
    expect(won.status).toBe('won');
    expect(won.closedAt).not.toBeNull();
    const history = (await req('GET', `/api/v1/deals/${deal.id}/history`)).json().items as {
      stageId: string;
      leftAt: string | null;
    }[];
    expect(history.map((h) => h.stageId)).toEqual([
      stage(pipeline, 0),
      stage(pipeline, 2),
      stage(pipeline, 'lost'),
      stage(pipeline, 3),
      stage(pipeline, 'won'),
    ]);
    expect(history.filter((h) => h.leftAt === null)).toHaveLength(1);
    const audit = (await req('GET', `/api/v1/audit?entity=deal&id=${deal.id}`)).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(5);
    const { rows } = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE payload->>'dealId' = $1 ORDER BY created_at, id`,
      [deal.id],
    );
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['deal.created', 'deal.stage_changed', 'deal.lost', 'deal.won']),
    );
  });

  it('lists deals through the shared list query: filter, sort, Persian search; recycle bin and restore', async () => {
    const a = await created<Deal>(await req('POST', '/api/v1/deals', { title: 'فروش کیف', amount: '20' }));
    await created(await req('POST', '/api/v1/deals', { title: 'فروش چاپگر', amount: '10' }));
    const search = await req('GET', `/api/v1/deals?q=${encodeURIComponent('كيف')}`);
    expect(search.json().items.map((d: Deal) => d.id)).toEqual([a.id]);
    const filter = encodeURIComponent(JSON.stringify({ field: 'amount', op: 'lte', value: '20' }));
    const cheap = await req('GET', `/api/v1/deals?filter=${filter}&sort=amount&total=true`);
    expect(cheap.statusCode, cheap.body).toBe(200);
    expect(cheap.json().items.map((d: Deal) => d.amount)).toEqual(['10', '20']);
    const page1 = (await req('GET', `/api/v1/deals?filter=${filter}&sort=-amount&limit=1`)).json();
    const page2 = (
      await req('GET', `/api/v1/deals?filter=${filter}&sort=-amount&limit=1&cursor=${page1.nextCursor}`)
    ).json();
    expect([...page1.items, ...page2.items].map((d: Deal) => d.amount)).toEqual(['20', '10']);
    const fields = (await req('GET', '/api/v1/deals/fields')).json().items as {
      name: string;
      ops: string[];
      references?: string;
    }[];
    expect(fields.find((f) => f.name === 'amount')?.ops).toContain('lte');
    expect(fields.find((f) => f.name === 'status')).toMatchObject({ values: ['open', 'won', 'lost'] });
    // Stage, pipeline and owner name records the filter builder shows by name; other ids name nothing it picks.
    expect(Object.fromEntries(fields.filter((f) => f.references).map((f) => [f.name, f.references]))).toEqual(
      { pipelineId: 'pipeline', stageId: 'stage', ownerId: 'member' },
    );
    expect(fields.find((f) => f.name === 'stageId')?.ops).toEqual(expect.arrayContaining(['eq', 'in']));
    // A filter by stage and owner, as the builder makes it, is a list query and a saved view alike.
    const byStage = {
      and: [
        { field: 'stageId', op: 'in', value: [a.stageId] },
        { field: 'ownerId', op: 'eq', value: a.ownerId },
      ],
    };
    const staged = await req('GET', `/api/v1/deals?filter=${encodeURIComponent(JSON.stringify(byStage))}`);
    expect(staged.statusCode, staged.body).toBe(200);
    expect(staged.json().items.map((d: Deal) => d.id)).toContain(a.id);
    const stageView = await req('POST', '/api/v1/views', {
      entity: 'deal',
      name: 'در یک مرحله',
      filter: byStage,
    });
    expect(stageView.statusCode, stageView.body).toBe(201);
    expect(stageView.json().filter).toEqual(byStage);
    const view = await req('POST', '/api/v1/views', {
      entity: 'deal',
      name: 'بردها',
      filter: { field: 'status', op: 'eq', value: 'won' },
      sort: '-amount',
    });
    expect(view.statusCode, view.body).toBe(201);
    expectFieldErrors(
      await req('POST', '/api/v1/views', {
        entity: 'deal',
        name: 'بد',
        filter: { field: 'nope', op: 'eq', value: 1 },
      }),
      ['filter.field'],
    );
    const badField = encodeURIComponent(JSON.stringify({ field: 'nope', op: 'eq', value: 1 }));
    expectFieldErrors(await req('GET', `/api/v1/deals?filter=${badField}`), ['filter.field']);

    expect((await req('DELETE', `/api/v1/deals/${a.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/deals/${a.id}`)).statusCode).toBe(404);
    const bin = await req('GET', '/api/v1/deals?deleted=true');
    expect(bin.json().items.map((d: Deal) => d.id)).toEqual([a.id]);
    const restored = await req('POST', `/api/v1/deals/${a.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
  });

  it('shows deals on the account 360 timeline and in global search', async () => {
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', {
        title: 'تمدید مجوز نرم‌افزار',
        accountId,
        contacts: [{ contactId }],
      }),
    );
    const timeline = await req('GET', `/api/v1/accounts/${accountId}/timeline?kinds=deal`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(timeline.json().items.map((e: { data: { dealId: string } }) => e.data.dealId)).toContain(deal.id);
    const ofContact = await req('GET', `/api/v1/contacts/${contactId}/timeline?kinds=deal`);
    expect(ofContact.json().items.map((e: { data: { dealId: string } }) => e.data.dealId)).toContain(deal.id);
    const found = await req('GET', `/api/v1/search?q=${encodeURIComponent('مجوز نرم افزار')}&types=deal`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items[0]).toMatchObject({ type: 'deal', id: deal.id });
  });

  it('rewrites a pipeline’s stages but keeps stages deals have been in; deletes only unused pipelines and reasons', async () => {
    const p = await created<Pipeline>(
      await req('POST', '/api/v1/pipelines', {
        name: 'خدمات',
        stages: [
          { name: 'الف', probability: 10 },
          { name: 'ب', probability: 40 },
          { name: 'برنده', probability: 100, kind: 'won' },
          { name: 'بازنده', probability: 0, kind: 'lost' },
        ],
      }),
    );
    const [s0, s1, won, lost] = p.stages as [Stage, Stage, Stage, Stage];
    const reordered = await req(
      'PATCH',
      `/api/v1/pipelines/${p.id}`,
      { stages: [{ ...s1, name: 'ب۲' }, s0, { name: 'ج', probability: 60 }, won, lost] },
      { 'if-match': `"${p.version}"` },
    );
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().stages.map((s: { name: string }) => s.name)).toEqual([
      'ب۲',
      'الف',
      'ج',
      'برنده',
      'بازنده',
    ]);
    const deal = await created<Deal>(await req('POST', '/api/v1/deals', { title: 'خدمت', pipelineId: p.id }));
    expect(deal.stageId).toBe(s1.id);
    expectFieldErrors(await req('PATCH', `/api/v1/pipelines/${p.id}`, { stages: [s0, won, lost] }), [
      'stages',
    ]);
    expect((await req('DELETE', `/api/v1/pipelines/${p.id}`)).statusCode).toBe(409);
    expect((await req('DELETE', `/api/v1/pipelines/${pipeline.id}`)).statusCode).toBe(409);
    const unused = await created<Pipeline>(
      await req('POST', '/api/v1/pipelines', {
        name: 'خالی',
        stages: [s0, won, lost].map(({ id: _, ...s }) => s),
      }),
    );
    expect((await req('DELETE', `/api/v1/pipelines/${unused.id}`)).statusCode).toBe(204);

    const reason = reasons[1] as LostReason;
    await created(
      await req('POST', '/api/v1/deals', {
        title: 'از دست رفته',
        stageId: stage(pipeline, 'lost'),
        lostReasonId: reason.id,
      }),
    );
    expect((await req('DELETE', `/api/v1/lost-reasons/${reason.id}`)).statusCode).toBe(409);
    const spare = await created<LostReason>(await req('POST', '/api/v1/lost-reasons', { name: 'دلیل دیگر' }));
    expect((await req('PATCH', `/api/v1/lost-reasons/${spare.id}`, { name: 'دلیل تازه' })).json().name).toBe(
      'دلیل تازه',
    );
    expect((await req('DELETE', `/api/v1/lost-reasons/${spare.id}`)).statusCode).toBe(204);
  });
  it('moves deals and places on deals to the survivor when accounts or contacts are merged, and back on undo', async () => {
    const survivor = (
      await created(await req('POST', '/api/v1/contacts', { firstName: 'علی', lastName: 'نادری' }))
    ).id;
    const merged = (
      await created(await req('POST', '/api/v1/contacts', { firstName: 'علي', lastName: 'نادری' }))
    ).id;
    const otherAccount = (await created(await req('POST', '/api/v1/accounts', { name: 'پارس دوم' }))).id;
    const both = await created<Deal>(
      await req('POST', '/api/v1/deals', {
        title: 'هر دو',
        contacts: [
          { contactId: survivor, role: 'user' },
          { contactId: merged, role: 'champion' },
        ],
      }),
    );
    const one = await created<Deal>(
      await req('POST', '/api/v1/deals', {
        title: 'یکی',
        accountId: otherAccount,
        contacts: [{ contactId: merged, role: 'influencer' }],
      }),
    );
    const merge = await req('POST', '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId: survivor,
      mergedId: merged,
    });
    expect(merge.statusCode, merge.body).toBe(200);
    const roles = async (id: string) =>
      ((await req('GET', `/api/v1/deals/${id}`)).json() as Deal).contacts.map((c) => [c.contactId, c.role]);
    expect(await roles(both.id)).toEqual([[survivor, 'user']]);
    expect(await roles(one.id)).toEqual([[survivor, 'influencer']]);
    const accounts = await req('POST', '/api/v1/duplicates/merge', {
      type: 'account',
      survivorId: accountId,
      mergedId: otherAccount,
    });
    expect(accounts.statusCode, accounts.body).toBe(200);
    expect(((await req('GET', `/api/v1/deals/${one.id}`)).json() as Deal).accountId).toBe(accountId);
    const undo = await req('POST', `/api/v1/duplicates/merges/${merge.json().id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await roles(both.id)).sort()).toEqual(
      [
        [survivor, 'user'],
        [merged, 'champion'],
      ].sort(),
    );
    expect(await roles(one.id)).toEqual([[merged, 'influencer']]);
  });
  it('lets the deal’s owner keep contacts on it that they cannot read themselves, but not add such contacts', async () => {
    const agent = await addMember(t.app, owner.cookie, 'agent');
    const other = (await created(await req('POST', '/api/v1/contacts', { lastName: 'محرمانه' }))).id;
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', {
        title: 'فرصت کارشناس',
        ownerId: agent.userId,
        contacts: [{ contactId }],
      }),
    );
    const asAgent = (body: unknown) =>
      call(t.app, { method: 'PATCH', url: `/api/v1/deals/${deal.id}`, cookie: agent.cookie, body });
    const kept = await asAgent({ contacts: [{ contactId, role: 'champion' }] });
    expect(kept.statusCode, kept.body).toBe(200);
    expectFieldErrors(
      await asAgent({
        contacts: [
          { contactId, role: 'champion' },
          { contactId: other, role: 'user' },
        ],
      }),
      ['contacts.1.contactId'],
    );
  });
});
