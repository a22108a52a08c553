/**
 * A deterministic generator of messy contact files for the import tests (not a test file itself).
 *
 * Every row is planted with a known fate, and the generator keeps the books: which rows must be
 * created, rejected (and for which fields), or skipped as duplicates (of which earlier row or existing
 * record, by which identifier). Identifiers (mobile, landline, e-mail, national ID) are unique per
 * person, so the only duplicates are the planted ones; a duplicate repeats one identifier of its
 * original in another spelling (Persian or Arabic digits, +98, upper case…).
 */

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const FA_FIRST = [
  'علی',
  'علي',
  'محمد',
  'محمد‌رضا',
  'زهرا',
  'فاطمه',
  'مریم',
  'مريم',
  'رضا',
  'حسین',
  'کاوه',
  'كاوه',
  'نیلوفر',
  'سارا',
  'یاسمن',
  'پژمان',
  'ژاله',
  'گلناز',
  'چنگیز',
  'عبدالله',
];
const FA_LAST = [
  'محمدی',
  'کریمی',
  'كريمي',
  'احمدی',
  'حسینی',
  'رضایی',
  'رضائی',
  'موسوی',
  'جعفری',
  'کاظمی',
  'قاسمی',
  'صادقی',
  'نوروزی',
  'میرزا‌زاده',
  'پورمحمد',
  'تهرانی',
];
const EN_FIRST = ['John', 'Sara', 'David', 'Maryam', 'Ali', 'Emma', 'Omid', 'Lena'];
const EN_LAST = ['Smith', 'Karimi', 'Brown', 'Tehrani', 'Miller', 'Ahmadi'];
export const COMPANIES = [
  'شرکت پارس',
  'شركت پارس',
  'گروه صنعتی نوین',
  'Alpha Trading',
  'بانک ملت',
  'پتروشیمی جم',
  'شرکت داده‌پردازان',
  'فولاد مبارکه',
  'Tehran Soft',
  'کارخانه قند',
];

const FA = '۰۱۲۳۴۵۶۷۸۹';
const AR = '٠١٢٣٤٥٦٧٨٩';
const toFa = (s: string) => s.replace(/\d/g, (d) => FA[Number(d)] as string);
const toAr = (s: string) => s.replace(/\d/g, (d) => AR[Number(d)] as string);

/** A valid کد ملی from a 9-digit seed (same rule as packages/persian). */
export function nationalIdOf(seed: number): string {
  const body = String(seed % 1_000_000_000).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
  const r = sum % 11;
  return `${body}${r < 2 ? r : 11 - r}`;
}

/** Mobile number n (unique per n) as +98 E.164. */
export const mobileOf = (n: number) => `+98912${String(1_000_000 + n).slice(-7)}`;
/** Landline n in Tehran (021) as E.164. */
export const landlineOf = (n: number) => `+9821${String(30_000_000 + n).padStart(8, '0')}`;
export const emailOf = (n: number) => `person${n}@example.com`;

/** One mobile number written as people write it. */
function spellMobile(e164: string, r: ReturnType<typeof prng>): string {
  const local = `0${e164.slice(3)}`; // 0912xxxxxxx
  switch (r.int(8)) {
    case 0:
      return local;
    case 1:
      return toFa(local);
    case 2:
      return toAr(local);
    case 3:
      return `+98 ${local.slice(1, 4)} ${local.slice(4, 7)} ${local.slice(7)}`;
    case 4:
      return `0098${local.slice(1)}`;
    case 5:
      return toFa(`${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`);
    case 6:
      return `(${local.slice(0, 4)}) ${local.slice(4, 7)}-${local.slice(7)}`;
    default:
      return local.slice(1); // 912…: the leading zero lost in a spreadsheet
  }
}
function spellLandline(e164: string, r: ReturnType<typeof prng>): string {
  const local = `0${e164.slice(3)}`; // 021xxxxxxxx
  switch (r.int(4)) {
    case 0:
      return `${local.slice(0, 3)}-${local.slice(3)}`;
    case 1:
      return toFa(`${local.slice(0, 3)}-${local.slice(3)}`);
    case 2:
      return `+98 21 ${local.slice(3)}`;
    default:
      return local;
  }
}
function spellEmail(email: string, r: ReturnType<typeof prng>): string {
  return r.chance(0.3)
    ? email.toUpperCase()
    : r.chance(0.3)
      ? ` ${email.replace('person', 'Person')} `
      : email;
}
function spellNationalId(id: string, r: ReturnType<typeof prng>): string {
  switch (r.int(4)) {
    case 0:
      return toFa(id);
    case 1:
      return `${id.slice(0, 3)}-${id.slice(3, 9)}-${id.slice(9)}`;
    case 2:
      return id.startsWith('0') ? id.replace(/^0+/, '') : id; // leading zeros lost in a spreadsheet
    default:
      return id;
  }
}

export const HEADERS = [
  'نام',
  'نام خانوادگی',
  'موبایل',
  'تلفن ثابت',
  'ایمیل',
  'کد ملی',
  'تاریخ تولد',
  'شرکت',
];
const COL = { first: 0, last: 1, mobile: 2, landline: 3, email: 4, nid: 5, birth: 6, company: 7 } as const;

/** A person: the canonical identifiers a record will have. */
export interface Person {
  mobile: string | null;
  landline: string | null;
  email: string | null;
  nationalId: string | null;
}

export type Fate =
  | { kind: 'created'; person: Person; company: string | null }
  | { kind: 'rejected'; fields: string[] }
  | { kind: 'dup_row'; of: number; by: 'phone' | 'email' | 'nationalId' }
  | { kind: 'dup_existing'; of: number; by: 'phone' | 'email' | 'nationalId' };

export interface Plan {
  /** Records made before the import (through the API): identifiers of each. */
  existing: Person[];
  /** Data rows: row number (header = 1) → fate. */
  fates: Map<number, Fate>;
  rows: number;
  expect: { created: number; rejected: number; skipped: number; dupRows: number; dupExisting: number };
  companiesCreated: Set<string>;
}

/** Persons for the existing records; identifiers from a range the file's new people never use. */
export function existingPeople(count: number): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    mobile: mobileOf(5_000_000 + i),
    landline: null,
    email: emailOf(5_000_000 + i),
    nationalId: nationalIdOf(500_000_000 + i * 7),
  }));
}

/**
 * The CSV text (UTF-8 with BOM, comma, CRLF) of `rows` data rows, and the plan of what each must
 * become. `existing` are records that exist before the import. `firstPerson` numbers the file's new
 * people from there, so two files with disjoint ranges share no identifier (below 5,000,000 − rows,
 * where existingPeople() begin).
 */
export function messyContacts(rows: number, seed: number, existing: Person[], firstPerson = 0) {
  const r = prng(seed);
  const fates = new Map<number, Fate>();
  const created: number[] = []; // row numbers of rows that create a record
  const lines: string[] = [HEADERS.join(',')];
  const expect = { created: 0, rejected: 0, skipped: 0, dupRows: 0, dupExisting: 0 };
  const normalCompany = (c: string) => c.replace(/ك/g, 'ک').replace(/ي/g, 'ی');
  const companiesCreated = new Set<string>();
  const quote = (v: string) => (/[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

  for (let i = 0; i < rows; i++) {
    const row = i + 2;
    const cells: string[] = ['', '', '', '', '', '', '', ''];
    const english = r.chance(0.15);
    cells[COL.first] = english ? r.pick(EN_FIRST) : r.pick(FA_FIRST);
    cells[COL.last] = english ? r.pick(EN_LAST) : r.pick(FA_LAST);
    if (r.chance(0.05)) cells[COL.first] = ` ${cells[COL.first]}\u200C`; // stray spaces and ZWNJ
    const roll = r.next();
    let fate: Fate;
    if (roll < 0.04 && created.length > 10) {
      // A duplicate of an earlier row of the file.
      const of = created[r.int(created.length)] as number;
      const original = fates.get(of) as Extract<Fate, { kind: 'created' }>;
      const p = original.person;
      const by = p.nationalId && r.chance(0.3) ? 'nationalId' : p.email && r.chance(0.5) ? 'email' : 'phone';
      if (by === 'nationalId') cells[COL.nid] = spellNationalId(p.nationalId as string, r);
      else if (by === 'email') cells[COL.email] = spellEmail(p.email as string, r);
      else cells[COL.mobile] = spellMobile(p.mobile as string, r);
      fate = { kind: 'dup_row', of, by };
      expect.skipped += 1;
      expect.dupRows += 1;
    } else if (roll < 0.05 && existing.length) {
      const of = r.int(existing.length);
      const p = existing[of] as Person;
      const by = r.pick(['phone', 'email', 'nationalId'] as const);
      if (by === 'nationalId') cells[COL.nid] = spellNationalId(p.nationalId as string, r);
      else if (by === 'email') cells[COL.email] = spellEmail(p.email as string, r);
      else cells[COL.mobile] = spellMobile(p.mobile as string, r);
      fate = { kind: 'dup_existing', of, by };
      expect.skipped += 1;
      expect.dupExisting += 1;
    } else {
      // A new person; some of their values are broken on purpose.
      const n = firstPerson + i;
      const person: Person = {
        mobile: mobileOf(n),
        landline: r.chance(0.2) ? landlineOf(n) : null,
        email: r.chance(0.6) ? emailOf(n) : null,
        nationalId: r.chance(0.4) ? nationalIdOf(100_000_000 + n * 3) : null,
      };
      cells[COL.mobile] = spellMobile(person.mobile as string, r);
      if (person.landline) cells[COL.landline] = spellLandline(person.landline, r);
      if (person.email) cells[COL.email] = spellEmail(person.email, r);
      if (person.nationalId) cells[COL.nid] = spellNationalId(person.nationalId, r);
      if (r.chance(0.3)) {
        const jy = 1330 + r.int(60);
        cells[COL.birth] = r.chance(0.5)
          ? toFa(`${jy}/${String(1 + r.int(12)).padStart(2, '0')}/${String(1 + r.int(29)).padStart(2, '0')}`)
          : `${jy + 621}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
      }
      const company = r.chance(0.3) ? r.pick(COMPANIES) : null;
      if (company) cells[COL.company] = company;
      const broken: string[] = [];
      const b = r.next();
      if (b < 0.03) {
        cells[COL.mobile] = r.pick(['0912123', 'abc', '09121234567890', '۰۸۱۲۳']);
        broken.push('phones.0');
      } else if (b < 0.05) {
        cells[COL.email] = r.pick(['person@@example.com', 'no-at-sign.com', 'x@', 'a b@example.com']);
        broken.push(cells[COL.landline] ? 'emails.0' : 'emails.0');
      } else if (b < 0.065) {
        const valid = person.nationalId ?? nationalIdOf(100_000_000 + n * 3);
        cells[COL.nid] = `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}`; // wrong check digit
        broken.push('nationalId');
      } else if (b < 0.075) {
        cells[COL.first] = '';
        cells[COL.last] = '';
        broken.push('lastName');
      } else if (b < 0.08) {
        cells[COL.birth] = toFa('1365/13/40');
        broken.push('birthDate');
      } else if (b < 0.085) {
        cells[COL.mobile] = 'abc';
        cells[COL.email] = 'x@';
        broken.push('phones.0', 'emails.0');
      }
      if (broken.length) {
        fate = { kind: 'rejected', fields: broken };
        expect.rejected += 1;
      } else {
        fate = { kind: 'created', person, company };
        created.push(row);
        expect.created += 1;
        if (company) companiesCreated.add(normalCompany(company));
      }
    }
    fates.set(row, fate);
    lines.push(cells.map(quote).join(','));
  }
  const csv = `\uFEFF${lines.join('\r\n')}\r\n`;
  return { csv, plan: { existing, fates, rows, expect, companiesCreated } satisfies Plan };
}
