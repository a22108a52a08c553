// Validators for Iranian identifiers. Each parser takes what a person typed (any digit kind, usual
// separators) and returns either the canonical form to store or the reason it was refused.

import { toLatinDigits } from './digits';

export type Valid<T> = { ok: true; value: T };
export type Invalid<R extends string> = { ok: false; reason: R };
export type ParseResult<T, R extends string> = Valid<T> | Invalid<R>;

const fail = <R extends string>(reason: R): Invalid<R> => ({ ok: false, reason });

// What people put between digit groups: any space, ZWNJ, bidi marks (pasted from RTL text),
// dashes of every kind, dots, slashes and parentheses.
const SEPARATORS =
  /[\s\u200B-\u200F\u061C\u2066-\u2069\u202A-\u202E\uFEFF\-\u2010-\u2015\u2212\u066B\u066C.()/]/g;

function digitsOnly(input: string): string {
  return toLatinDigits(input).replace(SEPARATORS, '');
}

const allSameDigit = (s: string): boolean => /^(\d)\1*$/.test(s);

// ---------------------------------------------------------------------------------------------
// Phones

export type PhoneKind = 'mobile' | 'landline' | 'international';
export type PhoneError = 'empty' | 'format' | 'length' | 'area_code';
export type PhoneResult = { ok: true; value: string; kind: PhoneKind } | Invalid<PhoneError>;

/**
 * Iranian province area codes (کد شهر without the trunk 0). Landline numbers are the area code
 * plus an 8-digit subscriber number, so 10 digits after +98 like mobiles.
 */
export const IRAN_AREA_CODES: ReadonlySet<string> = new Set([
  '11', // Mazandaran
  '13', // Gilan
  '17', // Golestan
  '21', // Tehran
  '23', // Semnan
  '24', // Zanjan
  '25', // Qom
  '26', // Alborz
  '28', // Qazvin
  '31', // Isfahan
  '34', // Kerman
  '35', // Yazd
  '38', // Chaharmahal and Bakhtiari
  '41', // East Azerbaijan
  '44', // West Azerbaijan
  '45', // Ardabil
  '51', // Razavi Khorasan
  '54', // Sistan and Baluchestan
  '56', // South Khorasan
  '58', // North Khorasan
  '61', // Khuzestan
  '66', // Lorestan
  '71', // Fars
  '74', // Kohgiluyeh and Boyer-Ahmad
  '76', // Hormozgan
  '77', // Bushehr
  '81', // Hamadan
  '83', // Kermanshah
  '84', // Ilam
  '86', // Markazi
  '87', // Kurdistan
]);

function iranNationalNumber(nsn: string): PhoneResult {
  // "+98 (0) 912 …" leaves the trunk 0 after the country code.
  const n = nsn.length === 11 && nsn.startsWith('0') ? nsn.slice(1) : nsn;
  if (n.length !== 10) return fail('length');
  if (n.startsWith('9')) return { ok: true, value: `+98${n}`, kind: 'mobile' };
  if (n.startsWith('0')) return fail('format');
  if (!IRAN_AREA_CODES.has(n.slice(0, 2))) return fail('area_code');
  return { ok: true, value: `+98${n}`, kind: 'landline' };
}

/**
 * Parses an Iranian mobile or landline, or any international number, to E.164.
 * Iranian forms: +98…, 0098…, 98…, 0…, or bare (10 digits): '۰۹۱۲ ۱۲۳ ۴۵۶۷' → '+989121234567'
 * (mobile), '021-12345678' → '+982112345678' (landline). Numbers starting with + or 00 and another
 * country code are accepted as kind 'international' (8–15 digits, E.164) so foreign customers are
 * not refused; their national rules are not checked.
 */
export function parseIranPhone(input: string): PhoneResult {
  const raw = toLatinDigits(input)
    .replace(SEPARATORS, '')
    .replace(/^\uFF0B/, '+');
  if (raw === '') return fail('empty');
  if (!/^\+?\d+$/.test(raw)) return fail('format');
  let international: string | null = null;
  if (raw.startsWith('+')) international = raw.slice(1);
  else if (raw.startsWith('00')) international = raw.slice(2);
  if (international !== null) {
    if (international.startsWith('98')) return iranNationalNumber(international.slice(2));
    if (international.startsWith('0')) return fail('format');
    if (international.length < 8 || international.length > 15) return fail('length');
    return { ok: true, value: `+${international}`, kind: 'international' };
  }
  if (raw.length === 12 && raw.startsWith('98')) return iranNationalNumber(raw.slice(2));
  if (raw.length === 11 && raw.startsWith('0')) return iranNationalNumber(raw.slice(1));
  // Ten digits starting with 0 is a trunk-prefixed number missing a digit.
  if (raw.length === 10) return raw.startsWith('0') ? fail('length') : iranNationalNumber(raw);
  return fail('length');
}

// ---------------------------------------------------------------------------------------------
// کد ملی (national ID of a person)

export type NationalIdError = 'empty' | 'format' | 'length' | 'repeated' | 'checksum';

/**
 * کد ملی: 10 digits, the last a check digit. Fewer digits (8 or 9) are left-padded with zeros, as
 * IDs from some provinces start with 00 and lose them in spreadsheets and number fields.
 * Check: s = Σ d[i]·(10−i) for i = 0…8, r = s mod 11, check = r < 2 ? r : 11 − r.
 * IDs of one repeated digit pass that sum but are not issued, so they are refused.
 */
export function parseNationalId(input: string): ParseResult<string, NationalIdError> {
  const digits = digitsOnly(input);
  if (digits === '') return fail('empty');
  if (!/^\d+$/.test(digits)) return fail('format');
  if (digits.length < 8 || digits.length > 10) return fail('length');
  const id = digits.padStart(10, '0');
  if (allSameDigit(id)) return fail('repeated');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(id[i]) * (10 - i);
  const r = sum % 11;
  const check = r < 2 ? r : 11 - r;
  return check === Number(id[9]) ? { ok: true, value: id } : fail('checksum');
}

export function isValidNationalId(input: string): boolean {
  return parseNationalId(input).ok;
}

// ---------------------------------------------------------------------------------------------
// شناسه ملی (national ID of a legal entity)

export type LegalIdError = 'empty' | 'format' | 'length' | 'repeated' | 'checksum';

const LEGAL_ID_COEFFICIENTS = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];

/**
 * شناسه ملی اشخاص حقوقی: 11 digits. With t = d[9] + 2:
 * s = Σ (d[i] + t)·c[i] for i = 0…9, c = [29,27,23,19,17,29,27,23,19,17];
 * r = s mod 11, check = r = 10 ? 0 : r, which must equal d[10].
 */
export function parseLegalId(input: string): ParseResult<string, LegalIdError> {
  const id = digitsOnly(input);
  if (id === '') return fail('empty');
  if (!/^\d+$/.test(id)) return fail('format');
  if (id.length !== 11) return fail('length');
  if (allSameDigit(id)) return fail('repeated');
  const t = Number(id[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (Number(id[i]) + t) * (LEGAL_ID_COEFFICIENTS[i] ?? 0);
  const r = sum % 11;
  const check = r === 10 ? 0 : r;
  return check === Number(id[10]) ? { ok: true, value: id } : fail('checksum');
}

// ---------------------------------------------------------------------------------------------
// کد پستی

export type PostalCodeError = 'empty' | 'format' | 'length' | 'invalid';

/**
 * کد پستی: 10 digits, usually written 5-5 with a dash; stored without it. The rule commonly cited
 * from Iran Post: the first five digits (the region part) never contain 0 or 2, and a code of one
 * repeated digit is not real. Stricter regexes circulate (no 5 in the fifth place, no 2 anywhere)
 * but are not backed by a published rule, so we do not apply them and risk refusing real codes.
 */
export function parsePostalCode(input: string): ParseResult<string, PostalCodeError> {
  const code = digitsOnly(input);
  if (code === '') return fail('empty');
  if (!/^\d+$/.test(code)) return fail('format');
  if (code.length !== 10) return fail('length');
  if (/[02]/.test(code.slice(0, 5)) || allSameDigit(code)) return fail('invalid');
  return { ok: true, value: code };
}

// ---------------------------------------------------------------------------------------------
// شبا (IBAN)

export type ShebaError = 'empty' | 'format' | 'length' | 'checksum';

/** ISO 7064 mod 97 of a digit string, in chunks so no BigInt is needed. */
function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

/**
 * شماره شبا: 'IR' + 2 check digits + 22-digit BBAN (ISO 13616). Accepts lower case, spaces,
 * dashes, any digit kind, and the 24 digits without 'IR' (as many forms print them).
 * Valid when the IBAN rearranged (BBAN + 'IR' + check) with I=18, R=27 is ≡ 1 (mod 97).
 */
export function parseSheba(input: string): ParseResult<string, ShebaError> {
  const s = digitsOnly(input).toUpperCase();
  if (s === '') return fail('empty');
  const body = s.startsWith('IR') ? s.slice(2) : s;
  if (!/^\d+$/.test(body)) return fail('format');
  if (body.length !== 24) return fail('length');
  const rearranged = `${body.slice(2)}1827${body.slice(0, 2)}`;
  return mod97(rearranged) === 1 ? { ok: true, value: `IR${body}` } : fail('checksum');
}

// ---------------------------------------------------------------------------------------------
// Email

export type EmailError = 'empty' | 'format' | 'length';

// Dot-atom local part and an LDH domain with an alphabetic (or punycode) TLD: RFC 5322 without
// quoted strings, comments and IP literals, which real customers do not have.
const EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Canonical email for storage and de-duplication: trimmed, invisible characters and 'mailto:' or
 * surrounding <…> removed, Persian digits → ASCII, and lower-cased in full. The local part is
 * lower-cased too although RFC 5321 lets it be case-sensitive: practically every provider treats
 * it case-insensitively, and two customers differing only in case are the same person.
 * Unicode (IDN) domains are refused; enter them in punycode (xn--…).
 */
export function normalizeEmail(input: string): ParseResult<string, EmailError> {
  let s = toLatinDigits(input)
    .replace(/[\u200B-\u200F\u061C\u2066-\u2069\u202A-\u202E\uFEFF]/g, '')
    .trim();
  s = s.replace(/^mailto:/i, '').trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  if (s === '') return fail('empty');
  const email = s.toLowerCase();
  const at = email.lastIndexOf('@');
  if (at > 64 || email.length > 254) return fail('length');
  return EMAIL_RE.test(email) ? { ok: true, value: email } : fail('format');
}
