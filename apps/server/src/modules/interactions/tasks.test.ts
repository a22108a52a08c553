import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../platform/events/dispatcher.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { deliverReminders, startReminderSweep, sweepReminders } from './reminders.js';
import { countRows, expectFieldErrors, insertContact, insertLead } from './test-support.js';

async function until<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(testEngines())('tasks, agenda, reminders and calendar feeds on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let agent: Awaited<ReturnType<typeof addMember>>;
  let contactId: string;
  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Tasks');
    agent = await addMember(t.app, owner.cookie, 'agent');
    contactId = await insertContact(t.db, owner.tenantId, owner.userId);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const post = (cookie: string, url: string, body?: unknown) =>
    call(t.app, { method: 'POST', url, cookie, body });
  const get = (cookie: string, url: string) => call(t.app, { method: 'GET', url, cookie });
  const patch = (cookie: string, url: string, body: unknown) =>
    call(t.app, { method: 'PATCH', url, cookie, body });
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

  it('creates, completes and deletes a task; bad input is a 422 naming each field', async () => {
    const res = await post(owner.cookie, '/api/v1/tasks', {
      kind: 'call',
      title: '  تماس با مشتري  ',
      description: '<p>پیگیری <script>x</script>پیش‌فاکتور</p>',
      dueAt: inMinutes(60),
      priority: 'high',
      contactId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json();
    expect(task).toMatchObject({
      kind: 'call',
      title: 'تماس با مشتری',
      description: '<p>پیگیری پیش‌فاکتور</p>',
      status: 'open',
      doneAt: null,
      assigneeId: owner.userId,
      priority: 'high',
    });
    const done = await patch(owner.cookie, `/api/v1/tasks/${task.id}`, { status: 'done' });
    expect(done.json()).toMatchObject({ status: 'done', version: 2 });
    expect(done.json().doneAt).not.toBeNull();
    const reopened = await patch(owner.cookie, `/api/v1/tasks/${task.id}`, { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', doneAt: null });
    expect(
      await countRows(t.db, 'outbox_events', `type = 'task.completed' AND payload->>'taskId' = $1`, [
        task.id,
      ]),
    ).toBe(1);
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/tasks', {
        kind: 'nap',
        title: '   ',
        dueAt: 'tomorrow',
        priority: 'whenever',
      }),
      ['kind', 'title', 'dueAt', 'priority'],
    );
    expectFieldErrors(
      await post(owner.cookie, '/api/v1/tasks', {
        title: 'x',
        contactId: '0190a8a0-0000-7000-8000-000000000000',
      }),
      ['contactId'],
    );
    // An agent may not give a task to someone else.
    expect(
      (await post(agent.cookie, '/api/v1/tasks', { title: 'x', assigneeId: owner.userId })).statusCode,
    ).toBe(403);
    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/tasks/${task.id}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(owner.cookie, `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
  });

  it('bulk: assigns, completes, reopens, reschedules and deletes many tasks, every one or none', async () => {
    const make = async (title: string, cookie = owner.cookie) => {
      const res = await post(cookie, '/api/v1/tasks', { title, dueAt: inMinutes(30) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; version: number };
    };
    const a = await make('گروهی الف');
    const b = await make('گروهی ب');
    const bulk = (body: unknown, cookie = owner.cookie) => post(cookie, '/api/v1/tasks/bulk', body);
    const task = async (id: string) => (await get(owner.cookie, `/api/v1/tasks/${id}`)).json();
    const audits = (id: string) =>
      countRows(t.db, 'audit_log', `entity = 'task' AND entity_id = $1 AND action = 'update'`, [id]);

    const completed = await bulk({ action: 'complete', ids: [a.id, b.id] });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json()).toMatchObject({ action: 'complete', changed: 2 });
    expect(await task(a.id)).toMatchObject({ status: 'done', version: 2 });
    expect(
      await countRows(t.db, 'outbox_events', `type = 'task.completed' AND payload->>'taskId' = $1`, [b.id]),
    ).toBe(1);
    // A task that already is that way keeps its version and gets no audit row.
    const again = await bulk({ action: 'complete', ids: [a.id] });
    expect(again.json()).toEqual({ action: 'complete', changed: 0, items: [{ id: a.id, version: 2 }] });
    expect(await audits(a.id)).toBe(1);
    expect((await bulk({ action: 'reopen', ids: [a.id] })).json()).toMatchObject({ changed: 1 });
    expect(await task(a.id)).toMatchObject({ status: 'open', doneAt: null });

    const due = '2031-05-01T06:30:00.000Z';
    expect((await bulk({ action: 'reschedule', ids: [a.id, b.id], dueAt: due })).json()).toMatchObject({
      changed: 2,
    });
    expect((await task(b.id)).dueAt).toBe(due);
    const assigned = await bulk({ action: 'assign', ids: [a.id, b.id], assigneeId: agent.userId });
    expect(assigned.json()).toMatchObject({ changed: 2 });
    expect((await task(a.id)).assigneeId).toBe(agent.userId);

    // All or none: another organisation's task, or one the agent may not change, refuses the whole action.
    const stranger = await signupOrg(t.app, 'Elsewhere');
    const theirs = await make('دیگران', stranger.cookie);
    const mixed = await bulk({ action: 'reschedule', ids: [a.id, theirs.id], dueAt: null });
    expect(mixed.statusCode, mixed.body).toBe(404);
    expect(mixed.json().errors).toEqual([expect.objectContaining({ path: 'ids.1', code: 'not_found' })]);
    expect((await task(a.id)).dueAt).toBe(due);
    const own = await make('مال نماینده', agent.cookie);
    const notHis = await make('مال مدیر');
    const refused = await bulk({ action: 'complete', ids: [own.id, notHis.id] }, agent.cookie);
    expect([403, 404]).toContain(refused.statusCode);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'ids.1' })]);
    expect((await task(own.id)).status).toBe('open');
    // Someone outside the organisation is the request's assigneeId; a member the agent may not give to, 403.
    expectFieldErrors(await bulk({ action: 'assign', ids: [a.id], assigneeId: stranger.userId }), [
      'assigneeId',
    ]);
    const notMine = await bulk({ action: 'assign', ids: [own.id], assigneeId: owner.userId }, agent.cookie);
    expect(notMine.statusCode).toBe(403);
    expect((await task(own.id)).assigneeId).toBe(agent.userId);
    expect((await bulk({ action: 'delete', ids: [own.id] }, agent.cookie)).statusCode).toBe(403);

    expectFieldErrors(await bulk({ action: 'complete', ids: [a.id, a.id] }), ['ids']);
    expectFieldErrors(await bulk({ action: 'complete', ids: ['nope'] }), ['ids.0']);
    expectFieldErrors(await bulk({ action: 'reschedule', ids: [a.id], dueAt: 'tomorrow' }), ['dueAt']);
    expectFieldErrors(await bulk({ action: 'assign', ids: [a.id] }), ['assigneeId']);
    const unknown = await bulk({ action: 'explode', ids: [a.id] });
    expect(unknown.statusCode).toBe(422);
    expect(JSON.stringify(unknown.json().errors)).toContain('action');
    expectFieldErrors(await bulk({ action: 'delete', ids: Array.from({ length: 501 }, () => a.id) }), [
      'ids',
    ]);

    const removed = await bulk({ action: 'delete', ids: [a.id, b.id] });
    expect(removed.json().items).toEqual([
      { id: a.id, version: null },
      { id: b.id, version: null },
    ]);
    expect((await get(owner.cookie, `/api/v1/tasks/${a.id}`)).statusCode).toBe(404);
    expect(await countRows(t.db, 'tasks', 'id = $1 AND deleted_at IS NOT NULL', [a.id])).toBe(1);
  });

  it('describes the list’s fields for the filter builder', async () => {
    const res = await get(agent.cookie, '/api/v1/tasks/fields');
    expect(res.statusCode, res.body).toBe(200);
    const fields = res.json().items as { name: string; type: string; ops: string[]; values?: string[] }[];
    expect(fields.find((f) => f.name === 'status')).toMatchObject({
      type: 'enum',
      values: ['open', 'in_progress', 'done', 'cancelled'],
      ops: ['eq', 'ne', 'in', 'empty'],
    });
    expect(fields.find((f) => f.name === 'dueAt')).toMatchObject({ type: 'datetime', sortable: true });
  });

  it('the agenda lists the signed-in person’s tasks and meetings in a range', async () => {
    const base = Date.parse('2027-05-01T00:00:00Z');
    const at = (days: number) => new Date(base + days * 86_400_000).toISOString();
    await post(owner.cookie, '/api/v1/tasks', { kind: 'meeting', title: 'جلسه ۱', dueAt: at(1) });
    await post(owner.cookie, '/api/v1/tasks', { kind: 'todo', title: 'کار ۲', dueAt: at(3) });
    await post(owner.cookie, '/api/v1/tasks', { kind: 'call', title: 'بیرون از بازه', dueAt: at(40) });
    const cancelled = await post(owner.cookie, '/api/v1/tasks', { kind: 'call', title: 'لغو', dueAt: at(2) });
    await patch(owner.cookie, `/api/v1/tasks/${cancelled.json().id}`, { status: 'cancelled' });
    await post(agent.cookie, '/api/v1/tasks', { kind: 'meeting', title: 'مال دیگری', dueAt: at(2) });
    const res = await get(owner.cookie, `/api/v1/agenda?from=${at(0)}&to=${at(30)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { title: string }) => i.title)).toEqual(['جلسه ۱', 'کار ۲']);
    // Beside the tasks: the person's own calls, meetings and in-person touchpoints in the range.
    const log = async (
      cookie: string,
      channel: string,
      subject: string,
      occurredAt: string,
      contact = contactId,
    ) => {
      const logged = await post(cookie, '/api/v1/interactions', {
        channel,
        direction: 'out',
        subject,
        occurredAt,
        contactId: contact,
      });
      expect(logged.statusCode, logged.body).toBe(201);
      return logged.json().id as string;
    };
    await log(owner.cookie, 'in_person', 'دیدار حضوری', at(4));
    await log(owner.cookie, 'meeting', 'جلسهٔ فروش', at(2));
    await log(owner.cookie, 'email', 'نامهٔ پیگیری', at(3));
    await log(owner.cookie, 'call', 'تماس دیرهنگام', at(45));
    const removed = await log(owner.cookie, 'call', 'حذف‌شده', at(5));
    expect(
      (await call(t.app, { method: 'DELETE', url: `/api/v1/interactions/${removed}`, cookie: owner.cookie }))
        .statusCode,
    ).toBe(204);
    await log(
      agent.cookie,
      'meeting',
      'جلسهٔ دیگری',
      at(2),
      await insertContact(t.db, owner.tenantId, agent.userId),
    );
    const withTouchpoints = (await get(owner.cookie, `/api/v1/agenda?from=${at(0)}&to=${at(30)}`)).json();
    expect(withTouchpoints.interactions.map((i: { subject: string }) => i.subject)).toEqual([
      'جلسهٔ فروش',
      'دیدار حضوری',
    ]);
    expect(withTouchpoints.interactions[0].contactId).toBe(contactId);
    // A role that may read tasks but not interactions sees its tasks and no touchpoints.
    const role = await post(owner.cookie, '/api/v1/roles', {
      key: 'tasks_only',
      name: 'فقط کارها',
      rights: { tasks: ['read', 'create'] },
      scope: 'own',
    });
    expect(role.statusCode, role.body).toBe(201);
    const tasksOnly = await addMember(t.app, owner.cookie, 'tasks_only');
    await post(tasksOnly.cookie, '/api/v1/tasks', { kind: 'meeting', title: 'جلسهٔ من', dueAt: at(2) });
    await t.db.query(
      `INSERT INTO interactions (tenant_id, id, channel, direction, initiator, subject, occurred_at, contact_id, owner_id, created_by)
       VALUES ($1, gen_random_uuid(), 'meeting', 'out', 'us', 'پنهان', $2, $3, $4, $4)`,
      [owner.tenantId, at(2), contactId, tasksOnly.userId],
    );
    const limited = (await get(tasksOnly.cookie, `/api/v1/agenda?from=${at(0)}&to=${at(30)}`)).json();
    expect(limited.items.map((i: { title: string }) => i.title)).toEqual(['جلسهٔ من']);
    expect(limited.interactions).toEqual([]);
    expectFieldErrors(await get(owner.cookie, `/api/v1/agenda?from=${at(5)}&to=${at(1)}`), ['query.to']);
    expectFieldErrors(await get(owner.cookie, `/api/v1/agenda?from=nope&to=${at(1)}`), ['querystring.from']);
    const list = await get(
      owner.cookie,
      `/api/v1/tasks?status=open&assigneeId=${owner.userId}&sort=dueAt&filter=${encodeURIComponent(
        JSON.stringify({ field: 'kind', op: 'eq', value: 'meeting' }),
      )}`,
    );
    expect(list.json().items.map((i: { title: string }) => i.title)).toEqual(['جلسه ۱']);
  });

  it('the tasks list keeps mine or my team’s, and overdue ones, paged by due date', async () => {
    const manager = await addMember(t.app, owner.cookie, 'manager');
    const outsider = await addMember(t.app, owner.cookie, 'agent');
    const team = await post(owner.cookie, '/api/v1/teams', {
      name: 'فروش',
      memberIds: [manager.userId, agent.userId],
    });
    expect(team.statusCode, team.body).toBe(201);
    const stranger = await signupOrg(t.app, 'Elsewhere');
    const mark = `فهرست-${Date.now()}`;
    const make = async (cookie: string, title: string, dueAt: string | null, status = 'open') => {
      const res = await post(cookie, '/api/v1/tasks', { title: `${mark} ${title}`, dueAt, status });
      expect(res.statusCode, res.body).toBe(201);
    };
    await make(manager.cookie, 'دیروزِ من', inMinutes(-24 * 60));
    await make(manager.cookie, 'فردای من', inMinutes(24 * 60));
    await make(manager.cookie, 'بی‌موعد', null);
    await make(manager.cookie, 'انجام‌شده', inMinutes(-48 * 60), 'done');
    await make(agent.cookie, 'همکار', inMinutes(-60));
    await make(outsider.cookie, 'بیرون از تیم', inMinutes(-60));
    await make(stranger.cookie, 'سازمان دیگر', inMinutes(-60));
    const titles = async (cookie: string, query: string) => {
      const res = await get(cookie, `/api/v1/tasks?q=${encodeURIComponent(mark)}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { title: string }[]).map((i) => i.title.slice(mark.length + 1));
    };
    expect(await titles(manager.cookie, 'assigned=me&sort=dueAt')).toEqual([
      'انجام‌شده',
      'دیروزِ من',
      'فردای من',
      'بی‌موعد',
    ]);
    expect(await titles(manager.cookie, 'assigned=team&overdue=true&sort=dueAt')).toEqual([
      'دیروزِ من',
      'همکار',
    ]);
    expect(await titles(manager.cookie, 'assigned=me&overdue=false&sort=-dueAt')).toEqual([
      'بی‌موعد',
      'فردای من',
      'انجام‌شده',
    ]);
    // The owner sees everyone in the organisation; "team" is still only the owner's own (no team).
    expect((await titles(owner.cookie, 'overdue=true&sort=dueAt')).sort()).toEqual(
      ['بیرون از تیم', 'دیروزِ من', 'همکار'].sort(),
    );
    expect(await titles(owner.cookie, 'assigned=team')).toEqual([]);
    // Another organisation's assignee id finds nothing; its own owner sees only its own.
    expect(await titles(owner.cookie, `assigneeId=${stranger.userId}`)).toEqual([]);
    expect(await titles(stranger.cookie, 'assigned=team')).toEqual(['سازمان دیگر']);
    // Paging by due date with the total.
    const first = (
      await get(
        manager.cookie,
        `/api/v1/tasks?q=${encodeURIComponent(mark)}&assigned=me&sort=dueAt&limit=3&total=true`,
      )
    ).json();
    expect(first.total).toBe(4);
    const second = (
      await get(
        manager.cookie,
        `/api/v1/tasks?q=${encodeURIComponent(mark)}&assigned=me&sort=dueAt&limit=3&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.items.map((i: { title: string }) => i.title)).toEqual([`${mark} بی‌موعد`]);
    expectFieldErrors(await get(owner.cookie, '/api/v1/tasks?assigned=everyone&overdue=maybe'), [
      'querystring.assigned',
      'querystring.overdue',
    ]);
  });

  it('a due reminder becomes one notification through the job system, even if the job runs twice', async () => {
    const task = (
      await post(owner.cookie, '/api/v1/tasks', {
        kind: 'call',
        title: 'یادآوری تماس',
        dueAt: inMinutes(30),
        remindAt: inMinutes(-1),
      })
    ).json();
    const future = (
      await post(owner.cookie, '/api/v1/tasks', {
        title: 'بعداً',
        dueAt: inMinutes(120),
        remindAt: inMinutes(60),
      })
    ).json();
    // (The app's own 30-second sweep may claim it first; either way it is claimed once.)
    await sweepReminders(t.db, t.jobs);
    expect(await sweepReminders(t.db, t.jobs)).toBe(0);
    const notification = await until(async () => {
      const items = (await get(owner.cookie, '/api/v1/notifications?unread=true')).json().items as {
        id: string;
        title: string;
        link: string;
      }[];
      return items.find((n) => n.link === `/tasks/${task.id}`);
    });
    expect(notification.title).toBe('یادآوری تماس');
    expect(
      await countRows(
        t.db,
        'audit_log',
        `entity = 'notification' AND entity_id = $1 AND actor_type = 'system'`,
        [notification.id],
      ),
    ).toBe(1);
    // The job delivered again (a retry): nothing new.
    const { rows } = await t.db.query<{ remind_at: string }>(
      `SELECT to_char(remind_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS remind_at FROM tasks WHERE id = $1`,
      [task.id],
    );
    const again = await inTenant(t.db, owner.tenantId, (tx) =>
      deliverReminders(tx, owner.tenantId, [{ taskId: task.id, remindAt: rows[0]?.remind_at as string }]),
    );
    expect(again).toBe(0);
    expect(await countRows(t.db, 'notifications', `link = $1`, [`/tasks/${task.id}`])).toBe(1);
    expect(await countRows(t.db, 'notifications', `link = $1`, [`/tasks/${future.id}`])).toBe(0);
    // A new reminder time is a new reminder.
    await patch(owner.cookie, `/api/v1/tasks/${task.id}`, { remindAt: inMinutes(-0.5) });
    await sweepReminders(t.db, t.jobs);
    await until(async () =>
      (await countRows(t.db, 'notifications', `link = $1`, [`/tasks/${task.id}`])) === 2 ? true : undefined,
    );
    // Read, once; the list reports unread counts; others cannot mark it.
    expect((await post(agent.cookie, `/api/v1/notifications/${notification.id}/read`)).statusCode).toBe(404);
    const read = await post(owner.cookie, `/api/v1/notifications/${notification.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const all = (await get(owner.cookie, '/api/v1/notifications?limit=1')).json();
    expect(all.items).toHaveLength(1);
    expect(all.unreadCount).toBe(1);
    const page2 = (await get(owner.cookie, `/api/v1/notifications?limit=1&cursor=${all.nextCursor}`)).json();
    expect(page2.items[0].id).not.toBe(all.items[0].id);
    expect((await get(owner.cookie, '/api/v1/notifications?cursor=junk')).statusCode).toBe(422);
    expect((await get(agent.cookie, '/api/v1/notifications')).json().items).toEqual([]);
  });

  it('the periodic sweep delivers due reminders on its own', async () => {
    const task = (
      await post(agent.cookie, '/api/v1/tasks', {
        title: 'خودکار',
        dueAt: inMinutes(5),
        remindAt: inMinutes(-1),
      })
    ).json();
    const stop = startReminderSweep(t.db, t.jobs, { error: () => {} }, 100);
    try {
      const n = await until(async () => {
        const items = (await get(agent.cookie, '/api/v1/notifications')).json().items as { link: string }[];
        return items.find((i) => i.link === `/tasks/${task.id}`);
      });
      expect(n).toBeTruthy();
    } finally {
      await stop();
    }
  });

  it('a secret iCalendar feed serves the person’s tasks; a new URL revokes the old', async () => {
    await post(owner.cookie, '/api/v1/tasks', {
      kind: 'meeting',
      title: 'جلسه با شرکت پارس',
      description: '<p>دستور جلسه</p>',
      dueAt: inMinutes(24 * 60),
      durationMinutes: 90,
      remindAt: inMinutes(23 * 60),
    });
    const first = await post(owner.cookie, '/api/v1/agenda/feed');
    expect(first.statusCode, first.body).toBe(201);
    const url = first.json().url as string;
    expect(url).toMatch(/^\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const ics = await call(t.app, { method: 'GET', url });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    expect(ics.body).toContain('SUMMARY:جلسه با شرکت پارس');
    expect(ics.body).toContain('BEGIN:VALARM');
    expect(ics.body).not.toContain('مال دیگری');
    const secretRows = await t.db.query<{ secret_hash: string }>(`SELECT secret_hash FROM calendar_feeds`);
    expect(secretRows.rows.every((r) => !url.includes(r.secret_hash))).toBe(true);
    const second = await post(owner.cookie, '/api/v1/agenda/feed');
    expect((await call(t.app, { method: 'GET', url })).statusCode).toBe(404);
    expect((await call(t.app, { method: 'GET', url: second.json().url })).statusCode).toBe(200);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/calendar/nope.ics' })).statusCode).toBe(404);
    expect(
      (await call(t.app, { method: 'DELETE', url: '/api/v1/agenda/feed', cookie: owner.cookie })).statusCode,
    ).toBe(204);
    expect((await call(t.app, { method: 'GET', url: second.json().url })).statusCode).toBe(404);
    expect(
      await countRows(t.db, 'audit_log', `entity = 'calendar_feed' AND entity_id = $1`, [owner.userId]),
    ).toBe(3);
  });

  it('history logged on a lead follows it into the contact and account it converts to', async () => {
    const leadId = await insertLead(t.db, owner.tenantId, owner.userId);
    const i = (
      await post(owner.cookie, '/api/v1/interactions', { channel: 'call', direction: 'in', leadId })
    ).json();
    const n = (await post(owner.cookie, '/api/v1/notes', { body: 'علاقه‌مند', leadId })).json();
    const k = (await post(owner.cookie, '/api/v1/tasks', { title: 'تماس دوم', leadId })).json();
    const converted = await post(owner.cookie, `/api/v1/leads/${leadId}/convert`, {});
    expect(converted.statusCode, converted.body).toBe(200);
    const { account, contact } = converted.json() as { account: { id: string }; contact: { id: string } };
    await dispatchOutbox(t.db, t.jobs);
    const linked = await until(async () => {
      const one = (await get(owner.cookie, `/api/v1/interactions/${i.id}`)).json();
      return one.contactId ? one : undefined;
    });
    expect(linked).toMatchObject({ leadId, contactId: contact.id, accountId: account.id, version: 2 });
    expect((await get(owner.cookie, `/api/v1/notes/${n.id}`)).json()).toMatchObject({
      contactId: contact.id,
    });
    expect((await get(owner.cookie, `/api/v1/tasks/${k.id}`)).json()).toMatchObject({
      accountId: account.id,
    });
    const timeline = (
      await get(owner.cookie, `/api/v1/contacts/${contact.id}/timeline?kinds=interaction,note`)
    ).json();
    expect(timeline.items.map((e: { id: string }) => e.id).sort()).toEqual([i.id, n.id].sort());
    expect(
      await countRows(
        t.db,
        'audit_log',
        `actor_type = 'system' AND request_id LIKE 'lead.converted:%' AND entity_id = ANY($1)`,
        [[i.id, n.id, k.id]],
      ),
    ).toBe(3);
  });
});
