import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { amountInPersianWords, formatJalali, formatMoney, rialToToman } from '@peyvand/persian';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { billingOrg, type Doc } from './test-support.js';

// The PDF is checked as a person and a machine would read it: poppler renders the first page to a PNG
// (kept in e2e/screenshots/ to look at) and extracts its text, which must hold the logical Persian
// strings — words in order, letters in order — and the embedded font's glyph map must show contextual
// forms and the lam-alef ligature (shaping happened, not isolated letters).
const SCREENSHOTS = resolve(import.meta.dirname, '../../../../../e2e/screenshots');
const LOGO = readFileSync(resolve(import.meta.dirname, '../../../../web/public/icon-192.png'));
const work = mkdtempSync(join(tmpdir(), 'peyvand-pdf-'));

/** Text as extracted, comparable with logical strings: base letters (no presentation forms), no
 * direction marks, zero-width non-joiners or spaces (poppler guesses spaces from gaps), colons and
 * brackets dropped (poppler moves them across right-to-left runs). Letters and words keep their order. */
const comparable = (s: string) =>
  s.normalize('NFKC').replace(/[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069:()\s]/g, '');

function pdftotext(pdf: Buffer, name: string): string {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  return comparable(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'));
}

function screenshot(pdf: Buffer, name: string) {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  mkdirSync(SCREENSHOTS, { recursive: true });
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '100',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    file,
    join(SCREENSHOTS, name),
  ]);
  const png = readFileSync(join(SCREENSHOTS, `${name}.png`));
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
}

/** The embedded fonts' glyph → text maps (ToUnicode CMaps), from the PDF's compressed streams. */
function glyphTexts(pdf: Buffer): string[][] {
  const raw = pdf.toString('latin1');
  const maps: string[][] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const from = (m.index ?? 0) + m[0].length;
    let text: string;
    try {
      text = inflateSync(pdf.subarray(from, raw.indexOf('endstream', from))).toString('latin1');
    } catch {
      continue;
    }
    const range = /beginbfrange\s*<[0-9a-f]+>\s*<[0-9a-f]+>\s*\[([^\]]*)\]/i.exec(text);
    if (!range?.[1]) continue;
    maps.push(
      [...range[1].matchAll(/<([0-9a-f ]*)>/gi)].map((h) =>
        String.fromCharCode(
          ...(h[1] ?? '')
            .split(' ')
            .filter(Boolean)
            .map((u) => Number.parseInt(u, 16)),
        ),
      ),
    );
  }
  return maps;
}

describe.each(testEngines())('PDF of sales documents on %s', (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof billingOrg>>;
  let invoice: Doc & { issueDate: string; dueDate: string };
  beforeAll(async () => {
    t = await startTestApp(engine);
    org = await billingOrg(t);
    // The letterhead and logo the PDF prints, and the buyer's codes.
    const profile = await org.as('PATCH', '/api/v1/settings/profile', {
      legalNameFa: 'شرکت پیوند گستر پارسیان',
      legalNameEn: 'Peyvand Gostar Parsian Co.',
      addressFa: 'تهران، خیابان ولیعصر، شماره ۱۲',
      addressEn: '12 Valiasr St, Tehran',
      postalCode: '۱۵۸۷۶۵۴۳۲۱',
      phone: '۰۲۱-۸۸۷۷۶۶۵۵',
      economicCode: '411111111111',
      sheba: 'IR84 0120 0000 0000 0123 4567 89',
    });
    expect(profile.statusCode, profile.body).toBe(200);
    const logo = await call(t.app, {
      method: 'PUT',
      url: '/api/v1/settings/logo',
      cookie: org.owner.cookie,
      headers: { 'content-type': 'image/png' },
      body: LOGO,
    });
    expect(logo.statusCode, logo.body).toBe(200);
    await org.as('PATCH', `/api/v1/accounts/${org.accountId}`, { economicCode: '۴۱۱۴۴۴۴۴۴۴۴۴' });
    const contact = await org.made(
      await org.as('POST', '/api/v1/contacts', { firstName: 'مریم', lastName: 'کاظمی' }),
    );
    const draft = await org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', {
        accountId: org.accountId,
        contactId: contact.id,
        dueDate: '2030-03-21',
        // The second line has a lam-alef (کالا); poppler extracts that ligature's two letters reversed, so
        // only the first line is compared as text and the ligature is checked in the font's glyph map.
        notes: 'پرداخت ظرف ۳۰ روز به حساب شرکت\nکالا پس از تسویه تحویل می‌شود',
        lines: [
          { productId: org.product.id, quantity: '2' },
          {
            description: 'نصب و راه‌اندازی (دو روز)',
            quantity: '1',
            unitPrice: '15000000',
            discount: { kind: 'percent', value: '10' },
          },
        ],
      }),
    );
    const issued = await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'issued' });
    expect(issued.statusCode).toBe(200);
    invoice = issued.json();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const pdfOf = (lang?: 'fa' | 'en') =>
    org.as('GET', `/api/v1/invoices/${invoice.id}/pdf${lang ? `?lang=${lang}` : ''}`);

  it('writes an invoice in Persian: right to left, joined letters, Jalali dates, Persian digits, the total in words', async () => {
    const res = await pdfOf(); // a Persian organisation's owner: Persian by default
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const name = `فاکتور فروش ${invoice.number}.pdf`;
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (engine === 'pglite') screenshot(pdf, 'billing-pdf-invoice-fa');

    const text = pdftotext(pdf, 'fa');
    const total = formatMoney(invoice.total, { display: 'toman' }); // '۵۶٬۴۸۵٬۰۰۰ تومان'
    for (const expected of [
      'فاکتور فروش',
      invoice.number ?? 'no number',
      'شرکت پیوند گستر پارسیان',
      'تهران، خیابان ولیعصر، شماره ۱۲',
      'کد پستی ۱۵۸۷۶۵۴۳۲۱',
      'کد اقتصادی ۴۱۱۱۱۱۱۱۱۱۱۱',
      'کد اقتصادی ۴۱۱۴۴۴۴۴۴۴۴۴',
      'خریدار شرکت آوای پارس',
      'طرف تماس مریم کاظمی',
      `تاریخ صدور ${formatJalali(invoice.issueDate, { dateStyle: 'long' })}`,
      'سررسید ۱ فروردین ۱۴۰۹',
      'نصب و راه‌اندازی (دو روز)',
      'مالیات بر ارزش افزوده',
      total.split(' ')[0] ?? '',
      `به حروف ${amountInPersianWords(rialToToman(invoice.total), 'تومان')}`,
      'پرداخت ظرف ۳۰ روز به حساب شرکت',
    ])
      expect(text).toContain(comparable(expected));
    // Every figure in Persian digits: the only Latin digits are the document number's (and the test
    // organisation's name, 'Billing N').
    expect(
      text
        .replaceAll(invoice.number ?? '', '')
        .replace(/Billing\d+/, '')
        .replace('IR840120000000000123456789', ''),
    ).not.toMatch(/[0-9]/);
    expect(text).toContain(comparable('شماره شبا برای پرداخت IR840120000000000123456789'));
    // The logo is drawn: one image XObject of the PNG's size.
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image[\s\S]*?\/Width 192/);

    // Shaping: the same letter drawn by several glyphs (isolated, initial, medial, final forms) and a
    // lam-alef ligature glyph standing for two letters; unshaped text has one glyph per letter.
    const maps = glyphTexts(pdf);
    const forms = Math.max(...maps.map((m) => m.filter((g) => g === 'ی').length));
    expect(forms).toBeGreaterThanOrEqual(3);
    expect(maps.flat()).toContain('لا');
  });

  it('writes it in English: Gregorian dates, Latin digits, Persian names kept in their order', async () => {
    const res = await pdfOf('en');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`filename="Invoice ${invoice.number}.pdf"`);
    if (engine === 'pglite') screenshot(res.rawPayload, 'billing-pdf-invoice-en');
    const text = pdftotext(res.rawPayload, 'en');
    for (const expected of [
      'Invoice',
      'Peyvand Gostar Parsian Co.',
      '12 Valiasr St, Tehran',
      'Economic code 411111111111',
      'Phone 021-88776655 · Postal code 1587654321',
      `Number ${invoice.number}`,
      'Due date 21 March 2030',
      'Customer شرکت آوای پارس',
      'Contact مریم کاظمی',
      'Grand total',
      formatMoney(invoice.total, { display: 'toman', locale: 'en' }),
      'In words Fifty Six Million Four Hundred Eighty Five Thousand Tomans',
    ])
      expect(text).toContain(comparable(expected));
  });

  it("is 404 for an unknown id, another type's id and another organisation's document; 422 for a bad lang", async () => {
    const unknown = await org.as('GET', '/api/v1/invoices/019a0000-0000-7000-8000-000000000000/pdf');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await org.as('GET', `/api/v1/quotes/${invoice.id}/pdf`)).statusCode).toBe(404);
    const stranger = await signupOrg(t.app, 'Other', 'fa');
    const theirs = await call(t.app, {
      method: 'GET',
      url: `/api/v1/invoices/${invoice.id}/pdf`,
      cookie: stranger.cookie,
    });
    expect(theirs.statusCode).toBe(404);
    expect((await org.as('GET', `/api/v1/invoices/${invoice.id}/pdf?lang=de`)).statusCode).toBe(422);
  });
});
