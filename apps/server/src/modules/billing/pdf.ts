/**
 * A sales document as a PDF, in Persian (right to left, Jalali dates, Persian digits, the total in
 * words) or English. Library: pdfkit with the Vazirmatn font embedded (subset) — see the README.
 */
import { createRequire } from 'node:module';
import { dec } from '@peyvand/billing';
import {
  amountInPersianWords,
  formatJalali,
  formatMoney,
  formatNumber,
  rialToToman,
  toLatinDigits,
  toPersianDigits,
} from '@peyvand/persian';
import PDFDocument from 'pdfkit';
import { ToWords } from 'to-words';
import { sql, type Transaction } from '../../platform/db/database.js';
import {
  completeTenantSettings,
  effectiveUserSettings,
  type TenantSettings,
  type UserSettings,
} from '../../platform/settings/settings.js';
import type { Context } from '../../platform/tenancy/context.js';
import { getProfile, readLogo } from '../organization/profile.js';
import type { OrganisationProfile } from '../organization/schemas.js';
import { drawLine, drawText, type TextBox } from './pdf-layout.js';
import { documentFor, linesOf } from './records.js';
import type { DocumentLine, DocumentType } from './schemas.js';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf');
const FONT_BOLD = require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf');

export type PdfLanguage = 'fa' | 'en';

export interface PdfData {
  type: DocumentType;
  number: string | null;
  status: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  organisation: string;
  /** The letterhead: legal name, address, codes; and the logo's bytes. */
  profile: OrganisationProfile;
  logo: Buffer | null;
  accountName: string;
  /** The buyer's own codes and address, as an Iranian invoice prints them. */
  buyer: {
    legalId: string | null;
    economicCode: string | null;
    address: string | null;
    postalCode: string | null;
  };
  contactName: string | null;
  notes: string;
  gross: string;
  discounts: string;
  tax: string;
  total: string;
  lines: DocumentLine[];
  settings: TenantSettings;
  user: UserSettings;
}

/** Everything the PDF shows, read with the document's read right (404 outside the scope). */
export async function pdfData(
  tx: Transaction,
  ctx: Context,
  type: DocumentType,
  id: string,
): Promise<PdfData> {
  const doc = await documentFor(tx, ctx, type, id, 'read');
  const lines = await linesOf(tx, id, doc.currency);
  const org = await tx.query<{ name: string; settings: Partial<TenantSettings> }>(
    sql`SELECT name, settings FROM tenants`,
  );
  const me = await tx.query<{ settings: Partial<UserSettings> }>(
    sql`SELECT settings FROM users WHERE id = ${ctx.actor.userId}::uuid`,
  );
  const contact = doc.contactId
    ? await tx.query<{ name: string }>(
        sql`SELECT display_name AS name FROM contacts WHERE id = ${doc.contactId}::uuid`,
      )
    : { rows: [] };
  const buyer = await tx.query<PdfData['buyer']>(
    sql`SELECT legal_id AS "legalId", economic_code AS "economicCode", address, postal_code AS "postalCode"
          FROM accounts WHERE id = ${doc.accountId}::uuid`,
  );
  const logo = await readLogo(tx);
  const stored = org.rows[0]?.settings ?? {};
  const f = (v: string) => dec(v).toFixed();
  return {
    type,
    number: doc.number,
    status: doc.status,
    issueDate: doc.issueDate,
    dueDate: doc.dueDate,
    currency: doc.currency,
    organisation: org.rows[0]?.name ?? '',
    profile: await getProfile(tx),
    logo: logo?.bytes ?? null,
    buyer: buyer.rows[0] ?? { legalId: null, economicCode: null, address: null, postalCode: null },
    accountName: doc.accountName ?? '',
    contactName: contact.rows[0]?.name || null,
    notes: doc.notes,
    gross: f(doc.gross),
    discounts: f(dec(doc.lineDiscounts).plus(dec(doc.documentDiscount)).toFixed()),
    tax: f(doc.tax),
    total: f(doc.total),
    lines,
    settings: completeTenantSettings(stored),
    user: effectiveUserSettings(stored, me.rows[0]?.settings ?? {}),
  };
}

const TITLES: Record<PdfLanguage, Record<DocumentType, string>> = {
  fa: {
    quote: 'پیش‌فاکتور',
    sales_order: 'سفارش فروش',
    invoice: 'فاکتور فروش',
    credit_note: 'اعلامیه بستانکاری',
  },
  en: { quote: 'Quote', sales_order: 'Sales order', invoice: 'Invoice', credit_note: 'Credit note' },
};

const WORDS = {
  fa: {
    number: 'شماره',
    draft: 'پیش‌نویس',
    issueDate: 'تاریخ صدور',
    dueDate: { quote: 'معتبر تا', other: 'سررسید' },
    customer: 'خریدار',
    contact: 'طرف تماس',
    row: 'ردیف',
    description: 'شرح',
    quantity: 'تعداد',
    unitPrice: 'مبلغ واحد',
    discount: 'تخفیف',
    tax: 'مالیات',
    total: 'مبلغ کل',
    gross: 'جمع',
    discounts: 'تخفیف‌ها',
    vat: 'مالیات بر ارزش افزوده',
    grandTotal: 'جمع کل',
    inWords: 'به حروف',
    notes: 'توضیحات',
    phone: 'تلفن',
    postalCode: 'کد پستی',
    nationalId: 'شناسه ملی',
    economicCode: 'کد اقتصادی',
    registrationNumber: 'شماره ثبت',
    address: 'نشانی',
    sheba: 'شماره شبا برای پرداخت',
  },
  en: {
    number: 'Number',
    draft: 'Draft',
    issueDate: 'Issue date',
    dueDate: { quote: 'Valid until', other: 'Due date' },
    customer: 'Customer',
    contact: 'Contact',
    row: '#',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    tax: 'Tax',
    total: 'Total',
    gross: 'Subtotal',
    discounts: 'Discounts',
    vat: 'VAT',
    grandTotal: 'Grand total',
    inWords: 'In words',
    notes: 'Notes',
    phone: 'Phone',
    postalCode: 'Postal code',
    nationalId: 'National ID',
    economicCode: 'Economic code',
    registrationNumber: 'Registration no.',
    address: 'Address',
    sheba: 'Pay to IBAN (Sheba)',
  },
} as const;

/** The document title in a language, for file names too. */
export function documentTitle(type: DocumentType, lang: PdfLanguage): string {
  return TITLES[lang][type];
}

/** Formatting for one language: Persian digits and Jalali dates for fa, Latin and Gregorian for en. */
function formatters(data: PdfData, lang: PdfLanguage) {
  const digits = lang === 'fa' ? 'fa' : 'latn';
  const irr = data.currency === 'IRR';
  const money = (amount: string) =>
    irr
      ? formatMoney(amount, { display: data.settings.moneyDisplay, locale: lang, digits })
      : `${formatNumber(amount, { digits })} ${data.currency}`;
  const date = (day: string) =>
    lang === 'fa'
      ? formatJalali(day, { dateStyle: 'long' })
      : new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
          new Date(`${day}T00:00:00Z`),
        );
  const number = (v: string) => formatNumber(v, { digits });
  const code = (v: string) => formatNumber(v, { digits, grouping: false });
  const percent = (v: string) => (lang === 'fa' ? `${number(v)}٪` : `${number(v)}%`);
  return { money, date, number, code, percent };
}

const ENGLISH_WORDS = new ToWords({ localeCode: 'en-US' });

/** An exact decimal amount in English words: the whole part in words, a fraction as n/10^k. */
function amountInEnglishWords(amount: string, unit: string): string {
  const [whole = '0', fraction = ''] = dec(amount).abs().toFixed().split('.');
  const words = ENGLISH_WORDS.convert(BigInt(whole));
  return fraction ? `${words} and ${fraction}/1${'0'.repeat(fraction.length)} ${unit}` : `${words} ${unit}`;
}

/** The grand total in words, in the unit the organisation shows Rial amounts in (Persian: Rial/Toman only). */
export function totalInWords(data: PdfData, lang: PdfLanguage): string | null {
  if (data.currency !== 'IRR') return lang === 'en' ? amountInEnglishWords(data.total, data.currency) : null;
  const toman = data.settings.moneyDisplay === 'toman';
  const amount = toman ? rialToToman(data.total) : data.total;
  if (lang === 'fa') return amountInPersianWords(amount, toman ? 'تومان' : 'ریال');
  return amountInEnglishWords(amount, toman ? 'Tomans' : 'Rials');
}

/** The letterhead's lines under the organisation's name, each only with what was given. */
function letterheadLines(data: PdfData, lang: PdfLanguage, n: (code: string) => string): string[] {
  const w = WORDS[lang];
  const p = data.profile;
  const joined = (parts: (string | false | null)[]) => parts.filter(Boolean).join('  ·  ');
  return [
    (lang === 'fa' ? p.addressFa || p.addressEn : p.addressEn || p.addressFa) ?? '',
    joined([
      p.phone && `${w.phone}: ${lang === 'fa' ? toPersianDigits(p.phone) : toLatinDigits(p.phone)}`,
      p.postalCode && `${w.postalCode}: ${n(p.postalCode)}`,
      p.email,
      p.website,
    ]),
    joined([
      p.nationalId && `${w.nationalId}: ${n(p.nationalId)}`,
      p.economicCode && `${w.economicCode}: ${n(p.economicCode)}`,
      p.registrationNumber && `${w.registrationNumber}: ${p.registrationNumber}`,
    ]),
  ].filter((line) => line !== '');
}

/** Renders the PDF (A4). */
export function renderPdf(data: PdfData, lang: PdfLanguage): Promise<Buffer> {
  const w = WORDS[lang];
  const fmt = formatters(data, lang);
  const direction = lang === 'fa' ? 'rtl' : 'ltr';
  const start = lang === 'fa' ? 'right' : 'left';
  const end = lang === 'fa' ? 'left' : 'right';
  const title = documentTitle(data.type, lang);

  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `${title} ${data.number ?? ''}`.trim(), Author: data.organisation, Producer: 'Peyvand' },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const box = (y: number, align: TextBox['align'], x = left, w2 = width): TextBox => ({
    x,
    y,
    width: w2,
    align,
    direction,
  });

  // Header: the logo and letterhead at the start side, the title and the document's facts at the end side.
  const logoSize = 56;
  let textX = left;
  let textWidth = width / 2;
  if (data.logo) {
    doc.image(data.logo, lang === 'fa' ? left + width - logoSize : left, 36, { fit: [logoSize, logoSize] });
    textWidth -= logoSize + 10;
    if (lang === 'en') textX += logoSize + 10;
  }
  if (lang === 'fa') textX = left + width - (data.logo ? logoSize + 10 : 0) - textWidth;
  const legalName =
    (lang === 'fa' ? data.profile.legalNameFa : data.profile.legalNameEn) ||
    data.profile.legalNameFa ||
    data.profile.legalNameEn ||
    data.organisation;
  doc.font('bold').fontSize(14);
  let headY = 38 + drawText(doc, legalName, { ...box(38, start, textX, textWidth), direction: 'auto' });
  doc.font('regular').fontSize(8);
  for (const line of letterheadLines(data, lang, fmt.code))
    headY += drawText(doc, line, { ...box(headY + 1, start, textX, textWidth), direction: 'auto' }) + 1;
  doc.font('bold').fontSize(20);
  drawLine(doc, title, box(36, end));
  let y = 66;
  doc.font('regular').fontSize(10);
  const facts: [string, string][] = [
    [w.number, data.number ?? w.draft],
    [w.issueDate, fmt.date(data.issueDate)],
  ];
  if (data.dueDate)
    facts.push([data.type === 'quote' ? w.dueDate.quote : w.dueDate.other, fmt.date(data.dueDate)]);
  for (const [label, value] of facts) {
    drawLine(doc, `${label}: ${value}`, box(y, end));
    y += 15;
  }
  y = Math.max(y, headY, data.logo ? 36 + logoSize : 0);

  // The customer.
  y += 6;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
  y += 8;
  doc.font('bold').fontSize(11);
  drawLine(doc, `${w.customer}: ${data.accountName}`, box(y, start));
  y += 16;
  doc.font('regular').fontSize(10);
  if (data.contactName) {
    drawLine(doc, `${w.contact}: ${data.contactName}`, box(y, start));
    y += 15;
  }
  const b = data.buyer;
  const buyerCodes = [
    b.legalId && `${w.nationalId}: ${fmt.code(b.legalId)}`,
    b.economicCode && `${w.economicCode}: ${fmt.code(b.economicCode)}`,
    b.postalCode && `${w.postalCode}: ${fmt.code(b.postalCode)}`,
  ].filter(Boolean);
  doc.fontSize(9);
  if (buyerCodes.length > 0) y += drawText(doc, buyerCodes.join('  ·  '), box(y, start)) + 2;
  if (b.address)
    y += drawText(doc, `${w.address}: ${b.address}`, { ...box(y, start), direction: 'auto' }) + 2;
  doc.fontSize(10);
  y += 10;

  // The lines table; columns listed from the start side.
  const columns: {
    label: string;
    width: number;
    align: 'start' | 'end' | 'center';
    cell: (l: DocumentLine) => string;
  }[] = [
    { label: w.row, width: 24, align: 'center', cell: (l) => fmt.number(String(l.position + 1)) },
    { label: w.description, width: 0, align: 'start', cell: (l) => l.description },
    { label: w.quantity, width: 42, align: 'center', cell: (l) => fmt.number(l.quantity) },
    { label: w.unitPrice, width: 92, align: 'end', cell: (l) => fmt.money(l.unitPrice) },
    {
      label: w.discount,
      width: 70,
      align: 'end',
      cell: (l) =>
        !l.discount
          ? '—'
          : l.discount.kind === 'percent'
            ? fmt.percent(l.discount.value)
            : fmt.money(l.discount.value),
    },
    { label: w.tax, width: 40, align: 'center', cell: (l) => fmt.percent(l.taxRate) },
    { label: w.total, width: 100, align: 'end', cell: (l) => fmt.money(l.total) },
  ];
  const fixedWidth = columns.reduce((s, c) => s + c.width, 0);
  const description = columns[1];
  if (description) description.width = width - fixedWidth;
  const pad = 4;
  const cells = (row: (c: (typeof columns)[number]) => string, y0: number): number => {
    let offset = 0;
    let height = 0;
    for (const c of columns) {
      const x = lang === 'fa' ? left + width - offset - c.width : left + offset;
      offset += c.width;
      const align = c.align === 'center' ? 'center' : c.align === 'start' ? start : end;
      // A description is people's own text: its direction is its own (a Persian line in an English PDF).
      const dir = c === description ? 'auto' : direction;
      height = Math.max(
        height,
        drawText(doc, row(c), { ...box(y0, align, x + pad, c.width - 2 * pad), direction: dir }),
      );
    }
    return height;
  };
  doc.rect(left, y, width, 20).fillColor('#eeeeee').fill().fillColor('#000000');
  doc.font('bold').fontSize(9);
  cells((c) => c.label, y + 4);
  y += 22;
  doc.font('regular').fontSize(9);
  for (const line of data.lines) {
    if (y > bottom - 40) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    const used = cells((c) => c.cell(line), y + 2);
    y += used + 6;
    doc
      .moveTo(left, y - 2)
      .lineTo(left + width, y - 2)
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .stroke();
  }

  // Totals at the end side.
  if (y > bottom - 140) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  y += 8;
  const totalsWidth = 260;
  const totalsX = lang === 'fa' ? left : left + width - totalsWidth;
  const totals: [string, string, boolean][] = [
    [w.gross, fmt.money(data.gross), false],
    [w.discounts, fmt.money(data.discounts), false],
    [w.vat, fmt.money(data.tax), false],
    [w.grandTotal, fmt.money(data.total), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'bold' : 'regular').fontSize(strong ? 11 : 10);
    drawLine(doc, label, box(y, start, totalsX, totalsWidth));
    drawLine(doc, value, box(y, end, totalsX, totalsWidth));
    y += strong ? 18 : 15;
  }
  const words = totalInWords(data, lang);
  doc.font('regular').fontSize(10);
  if (words) {
    y += 4;
    y += drawText(doc, `${w.inWords}: ${words}`, box(y, start));
  }
  if (data.profile.sheba && data.type !== 'credit_note') {
    y += 4;
    y += drawText(doc, `${w.sheba}: ${data.profile.sheba}`, box(y, start));
  }
  if (data.notes.trim()) {
    y += 10;
    doc.font('bold').fontSize(10);
    drawLine(doc, w.notes, box(y, start));
    y += 15;
    doc.font('regular');
    drawText(doc, data.notes, { ...box(y, start), direction: 'auto' });
  }
  doc.end();
  return done;
}
