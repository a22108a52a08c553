import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { countRows, expectFieldErrors, insertContact } from '../interactions/test-support.js';

/** A 1×1 PNG: real bytes, so the type is recognised from the content. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

interface Attachment {
  id: string;
  name: string;
  description: string | null;
  contentType: string;
  size: number;
  sha256: string;
  preview: 'image' | 'pdf' | null;
  contactId: string | null;
  accountId: string | null;
  ownerId: string | null;
  version: number;
}

function multipart(field: string, fileName: string, contentType: string, data: Buffer) {
  const boundary = `----peyvand${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
        `Content-Type: ${contentType}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(testEngines())('attachments on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let other: Awaited<ReturnType<typeof signupOrg>>;
  let contactId: string;
  const limit = 3 * 1024 * 1024;

  beforeAll(async () => {
    process.env.PEYVAND_ATTACHMENT_MAX_BYTES = String(limit);
    t = await startTestApp(engine);
    delete process.env.PEYVAND_ATTACHMENT_MAX_BYTES;
    owner = await signupOrg(t.app, 'Files');
    other = await signupOrg(t.app, 'Other');
    contactId = await insertContact(t.db, owner.tenantId, owner.userId);
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = (query: string, body: Buffer | string, contentType: string, cookie = owner.cookie) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/attachments?${query}`,
      headers: { cookie, 'content-type': contentType },
      payload: body,
    });
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: owner.cookie, ...headers } });

  it('stores an image, recognises it from its bytes, and serves it back inline with its Persian name', async () => {
    const res = await upload(
      `contactId=${contactId}&name=${encodeURIComponent('عکس كارت ملي.png')}&description=${encodeURIComponent('پشت و رو')}`,
      PNG,
      'application/octet-stream',
    );
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as Attachment;
    expect(a).toMatchObject({
      name: 'عکس کارت ملی.png',
      description: 'پشت و رو',
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      preview: 'image',
      contactId,
      ownerId: owner.userId,
      version: 1,
    });

    const content = await get(`/api/v1/attachments/${a.id}/content?disposition=inline`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(PNG)).toBe(true);
    expect(content.headers['content-type']).toBe('image/png');
    expect(content.headers['content-length']).toBe(String(PNG.length));
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-security-policy']).toContain('sandbox');
    expect(content.headers['content-disposition']).toBe(
      `inline; filename="___ ____ ___.png"; filename*=UTF-8''${encodeURIComponent('عکس کارت ملی.png')}`,
    );
    const again = await get(`/api/v1/attachments/${a.id}/content`, {
      'if-none-match': String(content.headers.etag),
    });
    expect(again.statusCode).toBe(304);
    const download = await get(`/api/v1/attachments/${a.id}/content`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);

    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND entity = 'attachment' AND entity_id = $2`,
      [owner.tenantId, a.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create']);
  });

  it('takes a multipart upload (a browser form) and shows a PDF in the browser’s own viewer', async () => {
    const form = multipart('file', 'C:\\Users\\me\\قرارداد.pdf', 'application/pdf', PDF);
    const res = await upload(`contactId=${contactId}`, form.body, form.contentType);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as Attachment;
    expect(a).toMatchObject({ name: 'قرارداد.pdf', contentType: 'application/pdf', preview: 'pdf' });
    const content = await get(`/api/v1/attachments/${a.id}/content?disposition=inline`);
    expect(content.headers['content-disposition']).toMatch(/^inline; /);
    expect(content.headers['content-security-policy']).toBeUndefined();
    expect(content.rawPayload.equals(PDF)).toBe(true);
  });

  it('never shows what it does not recognise: HTML or SVG declared as an image is a sandboxed download', async () => {
    const html = '<html><script>alert(document.cookie)</script></html>';
    const res = await upload(`contactId=${contactId}&name=photo.png`, html, 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as Attachment;
    expect(a.preview).toBeNull();
    const content = await get(`/api/v1/attachments/${a.id}/content?disposition=inline`);
    expect(content.headers['content-disposition']).toMatch(/^attachment; /);
    expect(content.headers['content-security-policy']).toContain('sandbox');
    expect(content.headers['x-content-type-options']).toBe('nosniff');

    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const s = (
      await upload(`contactId=${contactId}&name=logo.svg`, svg, 'image/svg+xml')
    ).json() as Attachment;
    expect(s.preview).toBeNull();
    // A form part may declare anything; what is not a well-formed type is served as plain bytes.
    const weird = multipart('file', 'x.bin', 'weird', Buffer.from('abc'));
    const bad = await upload(`contactId=${contactId}`, weird.body, weird.contentType);
    expect(bad.statusCode, bad.body).toBe(201);
    expect((bad.json() as Attachment).contentType).toBe('application/octet-stream');
  });

  it('streams a multi-chunk file in and out unchanged', async () => {
    const big = randomBytes(Math.floor(limit * 0.9));
    const res = await upload(`contactId=${contactId}&name=data.bin`, big, 'application/octet-stream');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as Attachment;
    expect(a.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    const content = await get(`/api/v1/attachments/${a.id}/content`);
    expect(content.rawPayload.equals(big)).toBe(true);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await countRows(t.db, 'files', 'tenant_id = $1', [owner.tenantId]);
    const none = await upload('name=a.txt', 'x', 'text/plain');
    expectFieldErrors(none, ['contactId']);
    const missing = await upload(`contactId=${newId()}&name=a.txt`, 'x', 'text/plain');
    expectFieldErrors(missing, ['contactId']);
    const otherOrg = await insertContact(t.db, other.tenantId, other.userId);
    expectFieldErrors(await upload(`contactId=${otherOrg}&name=a.txt`, 'x', 'text/plain'), ['contactId']);
    expectFieldErrors(await upload(`contactId=${contactId}`, 'x', 'text/plain'), ['name']);
    const badId = await upload('contactId=nope&name=a.txt', 'x', 'text/plain');
    expect(badId.statusCode).toBe(422);
    expect(badId.body).toContain('contactId');

    const tooBig = await upload(
      `contactId=${contactId}&name=big.bin`,
      Buffer.alloc(limit + 1),
      'application/octet-stream',
    );
    expect(tooBig.statusCode, tooBig.body).toBe(413);
    expect(tooBig.json().detail).toContain('PEYVAND_ATTACHMENT_MAX_BYTES');
    const form = multipart('file', 'big.bin', 'application/octet-stream', Buffer.alloc(limit + 1));
    expect((await upload(`contactId=${contactId}`, form.body, form.contentType)).statusCode).toBe(413);
    const wrongPart = multipart('document', 'a.txt', 'text/plain', Buffer.from('x'));
    expectFieldErrors(await upload(`contactId=${contactId}`, wrongPart.body, wrongPart.contentType), [
      'file',
    ]);

    expect(await countRows(t.db, 'files', 'tenant_id = $1', [owner.tenantId])).toBe(before);
  });

  it('lists, searches (Persian-normalised), renames with If-Match, and deletes to the recycle bin', async () => {
    const c = await insertContact(t.db, owner.tenantId, owner.userId, 'کیان');
    const a = (
      await upload(`contactId=${c}&name=${encodeURIComponent('پیش‌فاکتور كيان.pdf')}`, PDF, 'application/pdf')
    ).json() as Attachment;
    await upload(`contactId=${c}&name=notes.txt`, 'hello', 'text/plain');

    const list = await get(`/api/v1/attachments?contactId=${c}`);
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json() as { items: Attachment[] }).items.map((x) => x.name)).toEqual([
      'notes.txt',
      'پیش‌فاکتور کیان.pdf',
    ]);
    const found = await get(`/api/v1/attachments?q=${encodeURIComponent('پيش فاكتور کیان')}`);
    expect((found.json() as { items: Attachment[] }).items.map((x) => x.id)).toEqual([a.id]);

    const stale = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/attachments/${a.id}`,
      cookie: owner.cookie,
      headers: { 'if-match': '"99"' },
      body: { name: 'x.pdf' },
    });
    expect(stale.statusCode).toBe(409);
    const renamed = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/attachments/${a.id}`,
      cookie: owner.cookie,
      headers: { 'if-match': '"1"' },
      body: { name: 'فاکتور نهایی.pdf', description: 'امضا شده' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'فاکتور نهایی.pdf', description: 'امضا شده', version: 2 });
    const unlinked = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/attachments/${a.id}`,
      cookie: owner.cookie,
      body: { contactId: null },
    });
    expectFieldErrors(unlinked, ['contactId']);

    const del = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/attachments/${a.id}`,
      cookie: owner.cookie,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(`/api/v1/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/attachments/${a.id}/content`)).statusCode).toBe(404);
    const after = (await get(`/api/v1/attachments?contactId=${c}`)).json() as { items: Attachment[] };
    expect(after.items.map((x) => x.name)).toEqual(['notes.txt']);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND entity = 'attachment' AND entity_id = $2 ORDER BY at, id`,
      [owner.tenantId, a.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
  });

  it('appears on the customer’s timeline and moves with a merge (and back on undo)', async () => {
    const survivor = await insertContact(t.db, owner.tenantId, owner.userId, 'مینا');
    const merged = await insertContact(t.db, owner.tenantId, owner.userId, 'مينا');
    const a = (await upload(`contactId=${merged}&name=scan.png`, PNG, 'image/png')).json() as Attachment;

    const timeline = await get(`/api/v1/contacts/${merged}/timeline?kinds=attachment`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const items = (timeline.json() as { items: { kind: string; id: string; title: string }[] }).items;
    expect(items.filter((i) => i.kind === 'attachment')).toEqual([
      expect.objectContaining({ kind: 'attachment', id: a.id, title: 'scan.png' }),
    ]);

    const merge = await call(t.app, {
      method: 'POST',
      url: '/api/v1/duplicates/merge',
      cookie: owner.cookie,
      body: { type: 'contact', survivorId: survivor, mergedId: merged },
    });
    expect(merge.statusCode, merge.body).toBe(200);
    expect((merge.json() as { moved: { mover: string; count: number }[] }).moved).toContainEqual({
      mover: 'attachments.contact_id',
      count: 1,
    });
    expect(((await get(`/api/v1/attachments/${a.id}`)).json() as Attachment).contactId).toBe(survivor);
    const undo = await call(t.app, {
      method: 'POST',
      url: `/api/v1/duplicates/merges/${(merge.json() as { id: string }).id}/undo`,
      cookie: owner.cookie,
      body: {},
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(((await get(`/api/v1/attachments/${a.id}`)).json() as Attachment).contactId).toBe(merged);
  });

  it('a customer erased for good takes its attachments and their bytes with it', async () => {
    const c = await insertContact(t.db, owner.tenantId, owner.userId);
    const a = (await upload(`contactId=${c}&name=x.pdf`, PDF, 'application/pdf')).json() as Attachment;
    const { rows } = await t.db.query<{ file_id: string }>(`SELECT file_id FROM attachments WHERE id = $1`, [
      a.id,
    ]);
    const fileId = rows[0]?.file_id;
    expect(await countRows(t.db, 'file_chunks', 'file_id = $1', [fileId])).toBe(1);
    await t.db.query(`DELETE FROM contacts WHERE tenant_id = $1 AND id = $2`, [owner.tenantId, c]);
    expect(await countRows(t.db, 'attachments', 'id = $1', [a.id])).toBe(0);
    expect(await countRows(t.db, 'files', 'id = $1', [fileId])).toBe(0);
    expect(await countRows(t.db, 'file_chunks', 'file_id = $1', [fileId])).toBe(0);
  });
});
