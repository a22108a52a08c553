/**
 * The benchmark's data, deterministic for a size (same seed → the same bytes on every machine).
 *
 *   npx tsx apps/server/bench/generate.ts --size S --out bench-data/S
 *
 * writes `contacts.jsonl` (one `POST /api/v1/contacts/batch` item a line), `truth.csv` (the true
 * duplicate pairs, as 0-based line numbers of contacts.jsonl), `import.csv` (the import generator's
 * messy file of the same size, for the import job) and `queries.json` (what people type in search).
 *
 * Names, phones, e-mails, national IDs, birth dates and companies come from the import generator's
 * messy rows (Persian/Arabic digits, ي/ك, ZWNJ, +98/0098…); names are widened with the lists below,
 * so that a name pair is not shared by hundreds of people; 5% of contacts
 * repeat an earlier person's name with a typo or another spelling plus their mobile: those are the
 * planted duplicates, and the only true pairs (every other identifier is unique per person).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
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

const FIRST =
  'امیر امیرحسین ابوالفضل مهدی حامد سعید مجید بهروز فرهاد کامران بابک آرش سیاوش مسعود نادر هوشنگ جواد یوسف اکبر اصغر حمید وحید پویا شهرام کیوان مهرداد بهزاد سهراب فریدون داریوش نگار شیرین لیلا الهام مهسا نازنین پریسا سمیرا فرشته طاهره معصومه کبری صدیقه منیژه شهلا پروین آزاده ترانه هستی ستاره مهتاب بهاره سپیده رویا نسرین اعظم فرزانه مینا هانیه کیمیا'.split(
    ' ',
  );
const LAST =
  'اکبری امینی باقری بهرامی جلالی حیدری خسروی داوودی رحیمی رستمی زارعی سلطانی شریفی شکوهی صالحی طاهری عباسی عزیزی عسگری فتحی فرهادی قربانی کامرانی کرمانی کیانی گودرزی لطفی مرادی مظفری ملکی منصوری نجفی نصیری نوری هاشمی یزدانی یوسفی اصفهانی شیرازی تبریزی کاشانی قزوینی خراسانی بهبهانی دهقان کشاورز آهنگر نجار زرگر عطار صراف میرزایی حسن‌زاده علی‌پور قلی‌زاده شاه‌محمدی عبدالهی نیک‌نام خوش‌نویس پاک‌نژاد فراهانی کلانتری مستوفی افشار قاجار زند پهلوان سپهری فردوسی سعدی'.split(
    ' ',
  );
const EN_FIRST = 'Reza Nima Arash Kian Shirin Laleh Peter Anna Mark Julia'.split(' ');
const EN_LAST = 'Rahimi Sadeghi Johnson Wilson Moradi Taylor Navabi Clark'.split(' ');
const JOBS = ['مدیر فروش', 'کارشناس خرید', 'مدیرعامل', 'حسابدار', 'Sales Manager', 'CTO', null, null, null];

type Random = ReturnType<typeof prng>;

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
  const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  const contacts: ContactInput[] = [];
  const truePairs: [number, number][] = [];
  /** Index → the indexes of all contacts of that person, for people planted more than once. */
  const personOf = new Map<number, number[]>();
  for (let i = 1; i < rows.length && contacts.length < n; i++) {
    // Only the source's new people: its planted duplicate rows would be true pairs nobody recorded.
    if (plan.fates.get(i + 1)?.kind !== 'created') continue;
    const [first, last, mobile, landline, email, nid, birth, company] = rows[i] as string[];
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
      const english = /^[A-Za-z]/.test(first ?? '');
      const widen = r.chance(0.8);
      c.firstName = widen ? respell(r.pick(english ? EN_FIRST : FIRST), r) : first || undefined;
      c.lastName = widen ? respell(r.pick(english ? EN_LAST : LAST), r) : last || undefined;
      const phones = [mobile, landline].filter((p): p is string => !!p);
      if (phones.length) c.phones = phones;
      if (email?.trim()) c.emails = [email.trim()];
      if (nid) c.nationalId = nid;
      if (birth) c.birthDate = birth;
      const job = r.pick(JOBS);
      if (job) c.jobTitle = job;
      if (company) c.company = company;
    }
    if (!c.firstName && !c.lastName) continue;
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

/** Everything a run of the size needs. */
export function benchData(size: Size) {
  const n = SIZES[size];
  const { contacts, truePairs } = people(n);
  // Other people than the loaded ones (people() draws from the first 1.15 n + 100 of the source), so
  // the import's duplicates are only the ones its file plants.
  const { csv: importCsv, plan } = messyContacts(n, 20_261_128, [], 2 * n + 100);
  return { contacts, truePairs, importCsv, importPlan: plan, queries: queries(contacts) };
}

function main(argv: string[]) {
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
  writeFileSync(join(out, 'queries.json'), JSON.stringify(data.queries, null, 1));
  process.stderr.write(
    `${size}: ${data.contacts.length} contacts, ${data.truePairs.length} true pairs, ${data.importPlan.rows} import rows → ${out}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
