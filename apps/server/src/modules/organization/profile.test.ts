import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';

const PNG = readFileSync(resolve(import.meta.dirname, '../../../../web/public/icon-192.png'));
// The smallest JPEG header (SOI + APP0) is not a drawable image: it must be refused like any other junk.
const BROKEN_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

describe.each(testEngines())('the letterhead (organisation profile) on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Letterhead');
  });
  afterAll(async () => {
    await t?.close();
  });
  const as = (method: 'GET' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers = {}) =>
    call(t.app, { method, url, cookie: owner.cookie, headers, ...(body !== undefined ? { body } : {}) });

  it('starts empty at version 0, takes Persian digits and spacing in its codes, clears a blank field, audits', async () => {
    const empty = await as('GET', '/api/v1/settings/profile');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ legalNameFa: null, economicCode: null, logo: null, version: 0 });

    const saved = await as(
      'PATCH',
      '/api/v1/settings/profile',
      {
        legalNameFa: '  شركت   پیوند  ',
        nationalId: '۱۰۳۸۰۲۸۴۷۹۰',
        economicCode: '۴۱۱۱ ۱۱۱۱ ۱۱۱۱',
        postalCode: '۱۵۸۷۶-۵۴۳۲۱',
        sheba: 'ir06 2960 0000 0010 0324 2000 01',
        email: 'Sales@Peyvand.Example',
        website: 'peyvand.example',
      },
      { 'if-match': '"0"' },
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.json()).toMatchObject({
      legalNameFa: 'شرکت پیوند',
      nationalId: '10380284790',
      economicCode: '411111111111',
      postalCode: '1587654321',
      sheba: 'IR062960000000100324200001',
      email: 'sales@peyvand.example',
      website: 'https://peyvand.example',
      version: 1,
    });

    const cleared = await as('PATCH', '/api/v1/settings/profile', { website: '' });
    expect(cleared.json()).toMatchObject({ website: null, legalNameFa: 'شرکت پیوند', version: 2 });

    const stale = await as('PATCH', '/api/v1/settings/profile', { phone: '021' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);

    const audit = await as('GET', `/api/v1/audit?entity=organisation_profile&id=${owner.tenantId}`);
    expect(audit.statusCode).toBe(200);
    const changes = (audit.json() as { items: { changes: Record<string, unknown> }[] }).items.map((i) =>
      Object.keys(i.changes),
    );
    expect(changes).toContainEqual(['website']);
  });

  it('names the field of every bad value and writes none of them', async () => {
    const before = (await as('GET', '/api/v1/settings/profile')).json();
    const bad = await as('PATCH', '/api/v1/settings/profile', {
      legalNameEn: 'Peyvand Ltd',
      nationalId: '12345',
      economicCode: '12',
      postalCode: 'abc',
      sheba: 'IR000000000000000000000000',
      email: 'not-mail',
      website: 'ftp://x',
      colour: 'red',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = (bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['nationalId', 'economicCode', 'postalCode', 'sheba', 'email', 'website']),
    );
    const after = (await as('GET', '/api/v1/settings/profile')).json();
    expect(after).toEqual(before);
  });

  it('keeps a PNG logo (raw or multipart), serves it back, refuses junk and oversize by the field, removes it', async () => {
    const put = await as('PUT', '/api/v1/settings/logo', PNG, { 'content-type': 'image/png' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().logo).toEqual({ contentType: 'image/png', bytes: PNG.length });
    const got = await as('GET', '/api/v1/settings/logo');
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);

    const boundary = 'pvdlogo';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const viaForm = await as('PUT', '/api/v1/settings/logo', multipart, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(viaForm.statusCode, viaForm.body).toBe(200);

    const version = viaForm.json().version as number;
    for (const [body, code] of [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'invalid_image'],
      [BROKEN_JPEG, 'invalid_image'],
      [Buffer.concat([PNG, Buffer.alloc(256 * 1024)]), 'image_too_big'],
    ] as const) {
      const refused = await as('PUT', '/api/v1/settings/logo', body, { 'content-type': 'image/png' });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'logo', code })]);
    }
    const wrongType = await as('PUT', '/api/v1/settings/logo', 'x', { 'content-type': 'text/plain' });
    expect(wrongType.statusCode).toBe(415);
    expect((await as('GET', '/api/v1/settings/profile')).json().version).toBe(version);

    const removed = await as('DELETE', '/api/v1/settings/logo');
    expect(removed.json().logo).toBeNull();
    expect((await as('GET', '/api/v1/settings/logo')).statusCode).toBe(404);
  });
});
