/**
 * Zod building blocks for customer fields. Each parses what a person typed (any digit kind, usual
 * separators, Arabic ي/ك) into what is stored: display text through normalizeForDisplay, identifiers
 * and phones/e-mails in canonical form beside the value as typed. A bad value is an issue at the
 * field's own path (`nationalId`, `phones.1.value`, `items.3.email`…), which the problem handler
 * turns into a 422 naming it. Blank strings mean "no value" (null).
 */
import {
  type EmailError,
  type LegalIdError,
  type NationalIdError,
  normalizeEmail,
  normalizeForDisplay,
  type PhoneError,
  type PostalCodeError,
  parseIranPhone,
  parseJalali,
  parseLegalId,
  parseNationalId,
  parsePostalCode,
  parseSheba,
  type ShebaError,
  toLatinDigits,
} from '@peyvand/persian';
import { z } from 'zod';

type Ctx = z.core.$RefinementCtx;

/**
 * What kind of value was wrong, as the `code` of the field error (problem+json), so a client can say it
 * in the user's language; the English message stays for API users.
 */
type FieldCode =
  | 'required'
  | 'invalid_national_id'
  | 'invalid_legal_id'
  | 'invalid_economic_code'
  | 'invalid_postal_code'
  | 'invalid_sheba'
  | 'invalid_url'
  | 'invalid_date'
  | 'invalid_phone'
  | 'invalid_email';

function fail(ctx: Ctx, code: FieldCode, message: string, path: (string | number)[] = []) {
  ctx.addIssue({ code: 'custom', message, path, params: { code } });
  return z.NEVER;
}

/** Free text as displayed: normalised for display, blank → null. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => normalizeForDisplay(v) || null)
    .nullable();

/** A required name-like text: not blank after normalisation. */
export const requiredText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v, ctx) => normalizeForDisplay(v) || fail(ctx, 'required', 'Must not be blank'));

// ---- identifiers ----

const NATIONAL_ID_MESSAGES: Record<NationalIdError, string> = {
  empty: 'Enter a national ID',
  format: 'A national ID (کد ملی) has only digits',
  length: 'A national ID (کد ملی) has 10 digits',
  repeated: 'Not a real national ID (کد ملی)',
  checksum: 'Not a valid national ID (کد ملی): the check digit does not match',
};
const LEGAL_ID_MESSAGES: Record<LegalIdError, string> = {
  empty: 'Enter a national ID',
  format: 'A legal national ID (شناسه ملی) has only digits',
  length: 'A legal national ID (شناسه ملی) has 11 digits',
  repeated: 'Not a real legal national ID (شناسه ملی)',
  checksum: 'Not a valid legal national ID (شناسه ملی): the check digit does not match',
};
const POSTAL_MESSAGES: Record<PostalCodeError, string> = {
  empty: 'Enter a postal code',
  format: 'A postal code has only digits',
  length: 'A postal code has 10 digits',
  invalid: 'Not a valid Iranian postal code',
};
const SHEBA_MESSAGES: Record<ShebaError, string> = {
  empty: 'Enter a Sheba number',
  format: 'A Sheba number is IR and 24 digits',
  length: 'A Sheba number is IR and 24 digits',
  checksum: 'Not a valid Sheba number: the check digits do not match',
};
const PHONE_MESSAGES: Record<PhoneError, string> = {
  empty: 'Enter a phone number',
  format: 'Not a phone number',
  length: 'Wrong number of digits for a phone number',
  area_code: 'Unknown Iranian area code',
};
const EMAIL_MESSAGES: Record<EmailError, string> = {
  empty: 'Enter an e-mail address',
  format: 'Not a valid e-mail address',
  length: 'The e-mail address is too long',
};

const blank = (v: string) => v.trim() === '';

/** کد ملی of a person → 10 digits. */
export const nationalId = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    const r = parseNationalId(v);
    return r.ok ? r.value : fail(ctx, 'invalid_national_id', NATIONAL_ID_MESSAGES[r.reason]);
  })
  .nullable();

/** شناسه ملی of a legal entity → 11 digits. */
export const legalId = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    const r = parseLegalId(v);
    return r.ok ? r.value : fail(ctx, 'invalid_legal_id', LEGAL_ID_MESSAGES[r.reason]);
  })
  .nullable();

/** کد اقتصادی: 10–12 digits (new codes equal the national or legal ID, older ones have 12). */
export const economicCode = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    const digits = toLatinDigits(v).replace(/[\s\-\u200C]/g, '');
    return /^\d{10,12}$/.test(digits)
      ? digits
      : fail(ctx, 'invalid_economic_code', 'An economic code (کد اقتصادی) has 10 to 12 digits');
  })
  .nullable();

export const postalCode = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    const r = parsePostalCode(v);
    return r.ok ? r.value : fail(ctx, 'invalid_postal_code', POSTAL_MESSAGES[r.reason]);
  })
  .nullable();

/** شماره شبا (IBAN of an Iranian bank account) → IR + 24 digits. */
export const sheba = z
  .string()
  .max(60)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    const r = parseSheba(v);
    return r.ok ? r.value : fail(ctx, 'invalid_sheba', SHEBA_MESSAGES[r.reason]);
  })
  .nullable();

/** A web address; `example.ir` gets https:// in front. */
export function parseWebUrl(value: string): string | null {
  let s = toLatinDigits(value).trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  try {
    const url = new URL(s);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!/^[^.\s]+(\.[^.\s]+)+$/.test(url.hostname)) return null;
    return s;
  } catch {
    return null;
  }
}

export const website = z
  .string()
  .max(2000)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    return parseWebUrl(v) ?? fail(ctx, 'invalid_url', 'Not a web address');
  })
  .nullable();

/** A date: ISO YYYY-MM-DD, or a Jalali date as people type it (۱۳۶۵/۰۴/۱۲) → ISO. */
export const dateValue = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    if (blank(v)) return null;
    const s = toLatinDigits(v).trim();
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (iso && Number(iso[1]) >= 1700) {
      const d = new Date(`${s}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)) return s;
      return fail(ctx, 'invalid_date', 'No such date');
    }
    return (
      parseJalali(s) ??
      fail(ctx, 'invalid_date', 'Expected a date: YYYY-MM-DD, or a Jalali date like 1365/04/12')
    );
  })
  .nullable();

// ---- phones and e-mails ----

export interface PhonePoint {
  value: string;
  canonical: string;
  kind: 'mobile' | 'landline' | 'international';
  label: string | null;
}
export interface EmailPoint {
  value: string;
  canonical: string;
  label: string | null;
}

const PointObject = z.object({
  value: z.string().max(254),
  label: z.string().max(50).nullable().optional(),
});
type PointInput = string | z.infer<typeof PointObject>;

function point(v: PointInput) {
  return typeof v === 'string'
    ? { value: v, label: null, at: [] as string[] }
    : { value: v.value, label: v.label ? normalizeForDisplay(v.label) || null : null, at: ['value'] };
}

/** A phone: "0912 123 4567" or {value, label}; stored as typed with its E.164 form and kind. */
export const phonePoint = z.union([z.string().max(254), PointObject]).transform((v, ctx): PhonePoint => {
  const p = point(v);
  const r = parseIranPhone(p.value);
  if (!r.ok) return fail(ctx, 'invalid_phone', PHONE_MESSAGES[r.reason], p.at);
  return { value: normalizeForDisplay(p.value), canonical: r.value, kind: r.kind, label: p.label };
});

/** An e-mail: "Ali@Example.com" or {value, label}; stored as typed with its canonical form. */
export const emailPoint = z.union([z.string().max(254), PointObject]).transform((v, ctx): EmailPoint => {
  const p = point(v);
  const r = normalizeEmail(p.value);
  if (!r.ok) return fail(ctx, 'invalid_email', EMAIL_MESSAGES[r.reason], p.at);
  return { value: p.value.trim(), canonical: r.value, label: p.label };
});

export const phoneList = z.array(phonePoint).max(20);
export const emailList = z.array(emailPoint).max(20);

/** Tags: trimmed, normalised, blank and repeated ones dropped. */
export const tagList = z
  .array(z.string().max(50))
  .max(50)
  .transform((tags) => [...new Set(tags.map((t) => normalizeForDisplay(t)).filter((t) => t !== ''))]);

export const CUSTOMER_TYPES = ['external', 'internal'] as const;

/** Custom values: checked against the organisation's definitions by the service. */
export const customValues = z.record(z.string().max(64), z.unknown());

/**
 * The stored list of points: the `single` shorthand (email / phone) first, then the list, each
 * canonical value once.
 */
export function mergePoints<P extends { canonical: string }>(
  single: P | null | undefined,
  list: P[] | undefined,
): P[] {
  const seen = new Set<string>();
  const out: P[] = [];
  for (const p of [...(single ? [single] : []), ...(list ?? [])]) {
    if (seen.has(p.canonical)) continue;
    seen.add(p.canonical);
    out.push(p);
  }
  return out;
}

// ---- output shapes ----

export const PhoneSchema = z
  .object({
    value: z.string(),
    canonical: z.string(),
    kind: z.enum(['mobile', 'landline', 'international']),
    label: z.string().nullable(),
  })
  .meta({ id: 'CustomerPhone' });
export const EmailSchema = z
  .object({ value: z.string(), canonical: z.string(), label: z.string().nullable() })
  .meta({ id: 'CustomerEmail' });
