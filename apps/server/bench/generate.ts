/**
 * The benchmark's data, deterministic for a size (same seed → the same bytes on every machine).
 *
 *   npx tsx apps/server/bench/generate.ts --size S --out bench-data/S
 *
 * writes `contacts.jsonl` (one `POST /api/v1/contacts/batch` item a line), `truth.csv` (the true
 * duplicate pairs, as 0-based line numbers of contacts.jsonl), `custom-fields.json` (the definitions
 * the contacts' `custom` values need: POST /api/v1/custom-fields), `interactions.jsonl` (each
 * contact's interactions over three years, `contact` a line number of contacts.jsonl), `orders.jsonl`
 * (sales orders with their lines, placed by the contacts that work for a company), `import.csv`
 * and `import.xlsx` (the import generator's messy file of the same size with custom columns, for the
 * import job; the XLSX's cells, not its zip's entry times, are the same on every run) and
 * `queries.json` (what people type in search).
 *
 * Names are drawn with a Zipf-like skew from lists ranked by how common a name is (zipf()); phones,
 * e-mails, national IDs, birth dates and companies come from the import generator's messy rows
 * (Persian/Arabic digits, ي/ك, ZWNJ, +98/0098…); 5% of contacts repeat an earlier person's name
 * with a typo or another spelling plus their mobile: those are the planted duplicates, and the only
 * true pairs (every other identifier is unique per person).
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { formatJalali, PERSIAN_GROUP_SEPARATOR, toPersianDigits } from '@peyvand/persian';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { CustomFieldCreateSchema } from '../src/modules/customers/schemas.js';
import ExcelJS from '../src/modules/imports/excel.js';
import { messyContacts, prng } from '../src/modules/imports/generator.js';

export const SIZES = { S: 10_000, M: 100_000, L: 1_000_000 } as const;
export type Size = keyof typeof SIZES;
export const isSize = (s: string | undefined): s is Size => s !== undefined && Object.hasOwn(SIZES, s);

/** Companies of the import generator; the bench creates one account for each before loading. */
export const COMPANY_NAMES = [
  'شرکت پارس',
  'گروه صنعتی نوین',
  'Alpha Trading',
  'بانک ملت',
  'پتروشیمی جم',
  'شرکت داده‌پردازان',
  'فولاد مبارکه',
  'Tehran Soft',
  'کارخانه قند',
];

/**
 * Names ranked roughly from most to least common (the head: names every Iranian list of frequent
 * names starts with — محمد, علی, زهرا, فاطمه; محمدی, حسینی, احمدی, رضایی — the order below that is
 * an estimate, not census data). Drawn with zipf(): a few names very common, a long tail.
 */
const FIRST =
  'محمد علی زهرا فاطمه حسین رضا مریم مهدی امیرحسین امیر ابوالفضل محمدرضا سارا نیلوفر حامد سعید مجید بهروز فرهاد کاوه بابک آرش سیاوش مسعود نادر هوشنگ جواد یوسف اکبر اصغر حمید وحید پویا شهرام کیوان مهرداد بهزاد سهراب فریدون داریوش یاسمن نگار شیرین لیلا الهام مهسا نازنین پریسا سمیرا فرشته طاهره معصومه کبری صدیقه منیژه شهلا پروین آزاده ترانه هستی ستاره مهتاب بهاره سپیده رویا نسرین اعظم فرزانه مینا هانیه کیمیا گلناز ژاله پژمان کامران عبدالله چنگیز'.split(
    ' ',
  );
const LAST =
  'محمدی حسینی احمدی رضایی موسوی کریمی جعفری رحیمی هاشمی قاسمی صادقی کاظمی حیدری نوری اکبری امینی باقری بهرامی جلالی خسروی داوودی رستمی زارعی سلطانی شریفی عباسی عزیزی صالحی طاهری مرادی نجفی یوسفی نوروزی تهرانی اصفهانی شیرازی تبریزی کرمانی کاشانی قزوینی خراسانی عسگری فتحی فرهادی قربانی کامرانی کیانی گودرزی لطفی مظفری ملکی منصوری نصیری یزدانی میرزایی حسن‌زاده علی‌پور قلی‌زاده شاه‌محمدی عبدالهی پورمحمد میرزازاده بهبهانی دهقان کشاورز شکوهی آهنگر نجار زرگر عطار صراف نیک‌نام خوش‌نویس پاک‌نژاد فراهانی کلانتری مستوفی افشار قاجار زند پهلوان سپهری فردوسی سعدی'.split(
    ' ',
  );
const EN_FIRST =
  'Ali Sara Reza Maryam John David Emma Nima Arash Omid Kian Shirin Laleh Peter Anna Mark Julia Lena'.split(
    ' ',
  );
const EN_LAST =
  'Ahmadi Karimi Rahimi Smith Johnson Brown Tehrani Sadeghi Moradi Wilson Miller Taylor Navabi Clark'.split(
    ' ',
  );
const JOBS = ['مدیر فروش', 'کارشناس خرید', 'مدیرعامل', 'حسابدار', 'Sales Manager', 'CTO', null, null, null];

type Random = ReturnType<typeof prng>;

/**
 * A Zipf–Mandelbrot draw from a ranked list: the item of rank k (from 1) weighs 1 / (k + 10). The
 * offset flattens the head so that, with lists this short, the commonest name is about 4–5% of people
 * (a plain 1/k would make it a fifth, and a first+last pair shared by hundreds) and the rarest ~0.5%.
 */
function zipf<T>(ranked: readonly T[]): (r: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= ranked.length; k++) {
    total += 1 / (k + 10);
    cumulative.push(total);
  }
  return (r) => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return ranked[lo] as T;
  };
}
const firstName = { fa: zipf(FIRST), en: zipf(EN_FIRST) };
const lastName = { fa: zipf(LAST), en: zipf(EN_LAST) };

/** Another spelling people use: Arabic ي/ك, or ZWNJ/space/nothing between the parts of a name. */
export function respell(name: string, r: Random): string {
  switch (r.int(4)) {
    case 0:
      return name.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
    case 1:
      return name.includes('\u200c') ? name.replace(/\u200c/g, r.chance(0.5) ? ' ' : '') : `${name}\u200c`;
    default:
      return name;
  }
}
/** One letter replaced, dropped or doubled (not the first letter). */
export function typo(word: string, r: Random): string {
  const chars = [...word];
  if (chars.length < 4) return word;
  const i = 1 + r.int(chars.length - 1);
  const letters = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی'];
  switch (r.int(3)) {
    case 0:
      chars[i] = r.pick(letters);
      break;
    case 1:
      chars.splice(i, 1);
      break;
    default:
      chars.splice(i, 0, chars[i] as string);
  }
  return chars.join('');
}

/**
 * The organisation's custom fields on contacts (the bench creates them through POST
 * /api/v1/custom-fields before loading), so loads, imports and reads carry `custom` values.
 */
export const CUSTOM_FIELDS = [
  {
    entity: 'contact',
    key: 'region',
    labelFa: 'منطقه',
    labelEn: 'Region',
    type: 'select',
    options: [
      { value: 'tehran', labelFa: 'تهران', labelEn: 'Tehran' },
      { value: 'isfahan', labelFa: 'اصفهان', labelEn: 'Isfahan' },
      { value: 'khorasan', labelFa: 'خراسان', labelEn: 'Khorasan' },
      { value: 'fars', labelFa: 'فارس', labelEn: 'Fars' },
      { value: 'azarbaijan', labelFa: 'آذربایجان', labelEn: 'Azarbaijan' },
      { value: 'kerman', labelFa: 'کرمان', labelEn: 'Kerman' },
      { value: 'gilan', labelFa: 'گیلان', labelEn: 'Gilan' },
    ],
  },
  {
    entity: 'contact',
    key: 'annualBudget',
    labelFa: 'بودجه سالانه',
    labelEn: 'Annual budget',
    type: 'number',
  },
  { entity: 'contact', key: 'firstPurchase', labelFa: 'اولین خرید', labelEn: 'First purchase', type: 'date' },
] as const satisfies readonly z.input<typeof CustomFieldCreateSchema>[];

export interface CustomValues {
  region?: string;
  annualBudget?: number;
  firstPurchase?: string;
}
const REGIONS = CUSTOM_FIELDS[0].options;
/** Regions ranked as the options are (Tehran first): most customers are in the capital. */
const region = zipf(REGIONS);

/** A contact's custom values as the API takes them; each field is left empty for some contacts. */
function customValues(r: Random): CustomValues {
  const values: CustomValues = {};
  if (r.chance(0.7)) values.region = region(r).value;
  // Budgets in rials, round to the million, spread over three orders of magnitude.
  if (r.chance(0.5)) values.annualBudget = Math.round(10 ** (2 + 3 * r.next())) * 1_000_000;
  if (r.chance(0.4)) values.firstPurchase = isoDate(HISTORY_END - r.next() * 6 * YEAR);
  return values;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** A fixed end, not now: the same size gives the same bytes on any day. */
const HISTORY_END = Date.UTC(2026, 10, 27);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface ContactInput {
  firstName?: string;
  lastName?: string;
  phones?: string[];
  emails?: string[];
  nationalId?: string;
  birthDate?: string;
  jobTitle?: string;
  /** The company's name (an account's); the loader turns it into `accountId`. */
  company?: string;
  custom?: CustomValues;
}

export interface People {
  contacts: ContactInput[];
  /**
   * True duplicate pairs [earlier, later] as indexes of `contacts`: every two contacts of one person
   * (a duplicate of a duplicate pairs with the original and the first duplicate too).
   */
  truePairs: [number, number][];
}

/** N contacts and the pairs among them that are the same person. */
export function people(n: number): People {
  const r = prng(20_261_127);
  const { csv, plan } = messyContacts(Math.ceil(n * 1.15) + 100, 42, []);
  const rows = parseCsv(csv);
  const contacts: ContactInput[] = [];
  const truePairs: [number, number][] = [];
  /** Index → the indexes of all contacts of that person, for people planted more than once. */
  const personOf = new Map<number, number[]>();
  for (let i = 1; i < rows.length && contacts.length < n; i++) {
    // Only the source's new people: its planted duplicate rows would be true pairs nobody recorded.
    if (plan.fates.get(i + 1)?.kind !== 'created') continue;
    const [first, , mobile, landline, email, nid, birth, company] = rows[i] as string[];
    const c: ContactInput = {};
    let original: number | undefined;
    if (r.chance(0.05) && contacts.length > 100) {
      // A planted duplicate: an earlier person's name, respelt or with a typo, and their mobile.
      original = r.int(contacts.length);
      const of = contacts[original] as ContactInput;
      c.firstName = of.firstName ? respell(of.firstName, r) : undefined;
      c.lastName = of.lastName ? (r.chance(0.5) ? typo(of.lastName, r) : respell(of.lastName, r)) : undefined;
      if (of.phones?.[0]) c.phones = [of.phones[0]];
    } else {
      // The source's names are few and drawn evenly: only its choice of language is kept.
      const language = /^[A-Za-z]/.test(first ?? '') ? 'en' : 'fa';
      c.firstName = respell(firstName[language](r), r);
      c.lastName = respell(lastName[language](r), r);
      const phones = [mobile, landline].filter((p): p is string => !!p);
      if (phones.length) c.phones = phones;
      if (email?.trim()) c.emails = [email.trim()];
      if (nid) c.nationalId = nid;
      if (birth) c.birthDate = birth;
      const job = r.pick(JOBS);
      if (job) c.jobTitle = job;
      if (company) c.company = company;
      const custom = customValues(r);
      if (Object.keys(custom).length) c.custom = custom;
    }
    if (original !== undefined) {
      const person = personOf.get(original) ?? [original];
      for (const earlier of person) truePairs.push([earlier, contacts.length]);
      person.push(contacts.length);
      for (const member of person) personOf.set(member, person);
    }
    contacts.push(c);
  }
  return { contacts, truePairs };
}

export interface Query {
  kind: string;
  q: string;
}

/** 200 queries people type: prefixes, full names, other spellings, typos, phone fragments, e-mails. */
export function queries(list: ContactInput[], count = 200): Query[] {
  const r = prng(7);
  const out: Query[] = [];
  const anyone = () => list[r.int(list.length)] as ContactInput;
  const persian = () => {
    for (;;) {
      const p = anyone();
      if (p.lastName && /^[\u0600-\u06ff]/.test(p.lastName)) return p;
    }
  };
  const latin = () => {
    for (;;) {
      const p = anyone();
      if (p.lastName && /^[A-Za-z]/.test(p.lastName)) return p;
    }
  };
  const prefix = (s: string) => [...s].slice(0, 2 + r.int(5)).join('');
  const toFa = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string);
  for (let i = 0; i < 30; i++) out.push({ kind: 'fa-prefix', q: prefix(persian().lastName as string) });
  for (let i = 0; i < 15; i++) out.push({ kind: 'latin-prefix', q: prefix(latin().lastName as string) });
  for (let i = 0; i < 30; i++) {
    const p = persian();
    out.push({ kind: 'full-name', q: `${p.firstName ?? ''} ${p.lastName}`.trim() });
  }
  for (let i = 0; i < 10; i++) {
    const p = latin();
    out.push({ kind: 'full-name', q: `${p.firstName ?? ''} ${p.lastName}`.trim() });
  }
  for (let i = 0; i < 25; i++) {
    const p = persian();
    out.push({
      kind: 'arabic-zwnj',
      q: `${p.firstName ?? ''} ${p.lastName}`
        .replace(/ی/g, 'ي')
        .replace(/ک/g, 'ك')
        .replace(/\u200c/g, ' '),
    });
  }
  for (let i = 0; i < 30; i++) {
    const p = persian();
    out.push({
      kind: 'typo',
      q: r.chance(0.5) ? typo(p.lastName as string, r) : `${p.firstName} ${typo(p.lastName as string, r)}`,
    });
  }
  for (let i = 0; i < 30; i++) {
    const digits = (anyone().phones?.[0] ?? '09121234567')
      .replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)))
      .replace(/[٠-٩]/g, (d) => String('٠١٢٣٤٥٦٧٨٩'.indexOf(d)))
      .replace(/\D/g, '');
    const whole = r.chance(0.3);
    const fragment = whole ? digits : digits.slice(digits.length - 4 - r.int(4));
    out.push({ kind: whole ? 'phone' : 'phone-fragment', q: r.chance(0.3) ? toFa(fragment) : fragment });
  }
  for (let i = 0; i < 30; i++) {
    let p = anyone();
    while (!p.emails?.length) p = anyone();
    const e = (p.emails as string[])[0] as string;
    out.push({ kind: 'email', q: r.chance(0.5) ? e : e.slice(0, 4 + r.int(6)) });
  }
  return out.slice(0, count);
}

/** The import file's custom columns, headed by the fields' Persian labels as a user's sheet would be. */
function withCustomColumns(csv: string, r: Random): string {
  return csv
    .split('\r\n')
    .map((line, i) => {
      if (!line) return line;
      const cells = i === 0 ? CUSTOM_FIELDS.map((f) => f.labelFa) : customCells(customValues(r), r);
      return `${line},${cells.join(',')}`;
    })
    .join('\r\n');
}
/** Custom values as people type them: a region's label in either language (ي/ك too), Persian digits, Jalali dates. */
function customCells(values: CustomValues, r: Random): string[] {
  const option = REGIONS.find((o) => o.value === values.region);
  const budget = values.annualBudget;
  const date = values.firstPurchase;
  return [
    option
      ? r.pick([option.labelFa, option.labelFa.replace(/ی/g, 'ي').replace(/ک/g, 'ك'), option.labelEn])
      : '',
    budget === undefined
      ? ''
      : r.chance(0.5)
        ? String(budget)
        : toPersianDigits(budget.toLocaleString('en')).replace(/,/g, PERSIAN_GROUP_SEPARATOR),
    date === undefined ? '' : r.chance(0.6) ? formatJalali(new Date(date)) : date,
  ];
}

/**
 * The import file as a spreadsheet through exceljs's streaming writer (rows are written as they
 * come). Cells of Latin digits without a leading zero become numbers, as a spreadsheet stores them
 * (that is how mobiles and national IDs lose their leading zero). The zip's entry times are the
 * writing time, so only the cells, not the bytes, are the same on every run.
 */
export async function writeImportXlsx(csv: string, stream: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true });
  book.created = new Date(HISTORY_END);
  book.modified = book.created;
  const sheet = book.addWorksheet('contacts');
  for (const row of parseCsv(csv)) sheet.addRow(row.map(spreadsheetCell)).commit();
  sheet.commit();
  await book.commit();
}
const spreadsheetCell = (cell: string): string | number =>
  /^[1-9]\d{0,14}$/.test(cell) ? Number(cell) : cell;
const parseCsv = (csv: string) =>
  parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];

const CHANNELS = ['call', 'email', 'sms', 'meeting'] as const;
export interface InteractionInput {
  /** 0-based line of contacts.jsonl. */
  contact: number;
  channel: (typeof CHANNELS)[number];
  direction: 'in' | 'out';
  initiator: 'customer' | 'us';
  subject: string;
  occurredAt: string;
  durationSeconds?: number;
}

const channel = zipf(CHANNELS);
const SUBJECTS = {
  call: [
    'پیگیری سفارش',
    'استعلام قیمت',
    'پیگیری پرداخت',
    'شکایت از ارسال',
    'Follow-up call',
    'تمدید قرارداد',
  ],
  email: ['پیش‌فاکتور', 'ارسال کاتالوگ', 'صورتحساب', 'Quotation', 'Invoice', 'پاسخ به درخواست'],
  sms: ['یادآوری جلسه', 'کد پیگیری سفارش', 'تبریک نوروز', 'یادآوری پرداخت'],
  meeting: ['جلسه معرفی محصول', 'بازدید از کارخانه', 'مذاکره قرارداد', 'Demo', 'جلسه آموزش'],
} satisfies Record<InteractionInput['channel'], string[]>;
/** Tehran is UTC+3:30 all year (no daylight saving since 2022). */
const TEHRAN = 3.5 * 3_600_000;

/**
 * Each contact's interactions over the three years to HISTORY_END, contact by contact: how many is
 * exponential with a mean of about 10 (most customers a few, some dozens); each contact's history
 * starts on a day within the three years. Days follow the Iranian week (Saturday–Wednesday; Thursday
 * half as often, Friday rarely); calls and meetings fall in working hours 8–17 Tehran time, e-mails
 * and SMS mostly so. A generator: at size L (10 million) the stream is never held whole.
 */
export function* interactions(contacts: number): Generator<InteractionInput> {
  const r = prng(20_261_129);
  for (let contact = 0; contact < contacts; contact++) {
    const count = Math.floor(-Math.log(1 - r.next()) * 10.5);
    const since = HISTORY_END - r.next() * 3 * YEAR;
    for (let k = 0; k < count; k++) {
      const kind = channel(r);
      const direction = kind === 'meeting' ? (r.chance(0.7) ? 'out' : 'in') : r.chance(0.4) ? 'in' : 'out';
      const initiator = (direction === 'in') !== r.chance(0.1) ? 'customer' : 'us';
      const item: InteractionInput = {
        contact,
        channel: kind,
        direction,
        initiator,
        subject: r.pick(SUBJECTS[kind]),
        occurredAt: new Date(workingTime(since, kind, r)).toISOString(),
      };
      if (kind === 'call') item.durationSeconds = 20 + Math.floor(-Math.log(1 - r.next()) * 240);
      if (kind === 'meeting') item.durationSeconds = (30 + 15 * r.int(7)) * 60;
      yield item;
    }
  }
}
/** A moment between `since` and HISTORY_END on an Iranian working day and hour (UTC ms). */
function workingTime(since: number, kind: InteractionInput['channel'], r: Random): number {
  for (;;) {
    const day = Math.floor((since + r.next() * (HISTORY_END - since)) / DAY) * DAY;
    const weekday = new Date(day).getUTCDay(); // 5 Friday, 4 Thursday
    if (r.next() >= (weekday === 5 ? 0.05 : weekday === 4 ? 0.5 : 1)) continue;
    const office = kind === 'call' || kind === 'meeting' || r.chance(0.8);
    const hour = office ? 8 + r.next() * 9 : 17 + r.next() * 6;
    return day + hour * 3_600_000 - TEHRAN;
  }
}

export interface OrderLineInput {
  description: string;
  quantity: number;
  /** Rial, a multiple of 10 so the 10% VAT is whole Rials. */
  unitPrice: number;
}
export interface OrderInput {
  /** 0-based line of contacts.jsonl: a contact with a company (orders are placed for its account). */
  contact: number;
  issuedAt: string;
  lines: OrderLineInput[];
}

const PRODUCTS = zipf([
  ['کاغذ A4 بسته ۵۰۰ برگی', 1_850_000],
  ['کارتریج تونر لیزری', 12_400_000],
  ['Office chair, ergonomic', 48_000_000],
  ['میز اداری', 65_000_000],
  ['خودکار آبی (جعبه ۵۰ عددی)', 2_300_000],
  ['روغن موتور ۴ لیتری', 9_800_000],
  ['فیلتر هوا', 1_450_000],
  ['Laptop 14"', 620_000_000],
  ['مانیتور ۲۴ اینچ', 145_000_000],
  ['پرینتر لیزری', 210_000_000],
  ['کابل شبکه Cat6 (۳۰۵ متر)', 38_000_000],
  ['قهوه اسپرسو ۱ کیلویی', 16_500_000],
  ['چای ایرانی ۵۰۰ گرمی', 4_200_000],
  ['Annual support plan', 95_000_000],
  ['نصب و راه‌اندازی', 25_000_000],
  ['آموزش کاربران (ساعتی)', 6_000_000],
] as const);

/**
 * Sales orders of the contacts that work for a company (a buyer orders for their account), over the
 * three years to HISTORY_END: how many a contact places is exponential with a mean of 4, each of
 * 1–8 lines (products drawn with the same skew as names) — about 3.5 lines an order. A generator, like
 * interactions(): at size L the millions of lines are never held whole.
 */
export function* orders(contacts: readonly ContactInput[]): Generator<OrderInput> {
  const r = prng(20_261_131);
  for (let contact = 0; contact < contacts.length; contact++) {
    if (!contacts[contact]?.company) continue;
    const count = Math.floor(-Math.log(1 - r.next()) * 4.5);
    const since = HISTORY_END - r.next() * 3 * YEAR;
    for (let k = 0; k < count; k++) {
      const lines: OrderLineInput[] = [];
      const width = 1 + Math.min(7, Math.floor(-Math.log(1 - r.next()) * 2.5));
      for (let j = 0; j < width; j++) {
        const [description, price] = PRODUCTS(r);
        lines.push({ description, quantity: 1 + Math.floor(-Math.log(1 - r.next()) * 4), unitPrice: price });
      }
      yield { contact, issuedAt: new Date(workingTime(since, 'meeting', r)).toISOString(), lines };
    }
  }
}

/** Everything a run of the size needs (interactions are a stream: interactions(contacts.length)). */
export function benchData(size: Size) {
  const n = SIZES[size];
  const { contacts, truePairs } = people(n);
  // Other people than the loaded ones (people() draws from the first 1.15 n + 100 of the source), so
  // the import's duplicates are only the ones its file plants.
  const { csv: importCsv, plan } = importFile(n);
  return { contacts, truePairs, importCsv, importPlan: plan, queries: queries(contacts) };
}

/** The import generator's messy file of n rows (people numbered from 2n + 100), with custom columns. */
export function importFile(n: number) {
  const { csv, plan } = messyContacts(n, 20_261_128, [], 2 * n + 100);
  return { csv: withCustomColumns(csv, prng(20_261_130)), plan };
}

/** Writes `lines` to `file` without holding them all (the interactions at L). */
async function writeLines(file: string, lines: Iterable<string>) {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await finished(out);
}
function* jsonLines<T>(items: Iterable<T>) {
  for (const item of items) yield JSON.stringify(item);
}

async function main(argv: string[]) {
  const at = (name: string) => argv[argv.indexOf(`--${name}`) + 1];
  const size = argv.includes('--size') ? at('size') : 'S';
  if (!isSize(size)) throw new Error(`--size S|M|L, not ${size}`);
  const out = argv.includes('--out') ? (at('out') as string) : join('bench-data', size);
  mkdirSync(out, { recursive: true });
  const data = benchData(size);
  writeFileSync(join(out, 'contacts.jsonl'), `${data.contacts.map((c) => JSON.stringify(c)).join('\n')}\n`);
  writeFileSync(
    join(out, 'truth.csv'),
    `original,duplicate\n${data.truePairs.map((p) => p.join(',')).join('\n')}\n`,
  );
  writeFileSync(join(out, 'import.csv'), data.importCsv);
  await writeImportXlsx(data.importCsv, createWriteStream(join(out, 'import.xlsx')));
  writeFileSync(join(out, 'custom-fields.json'), JSON.stringify(CUSTOM_FIELDS, null, 1));
  await writeLines(join(out, 'interactions.jsonl'), jsonLines(interactions(data.contacts.length)));
  await writeLines(join(out, 'orders.jsonl'), jsonLines(orders(data.contacts)));
  writeFileSync(join(out, 'queries.json'), JSON.stringify(data.queries, null, 1));
  process.stderr.write(
    `${size}: ${data.contacts.length} contacts, ${data.truePairs.length} true pairs, ${data.importPlan.rows} import rows → ${out}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
