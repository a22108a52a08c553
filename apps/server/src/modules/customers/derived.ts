/**
 * The derived columns of a new record, computed here rather than by the database's trigger because
 * peyvand_normalize() is slow per call (see migrations/0011). They must equal what the trigger
 * computes: the same parts in the same order, normalised by normalizeForSearch (the TypeScript twin
 * of peyvand_normalize); derived.test.ts compares the two on both engines.
 */
import { normalizeForSearch } from '@peyvand/persian';
import type { EmailPoint, PhonePoint } from './fields.js';

export interface Derived {
  phones_canonical: string[];
  emails_canonical: string[];
  name_key: string;
  search_text: string;
}

type Part = string | null | undefined;
const joined = (parts: Part[]) =>
  normalizeForSearch(parts.filter((p) => p !== null && p !== undefined).join(' '));

function points(emails: EmailPoint[], phones: PhonePoint[]): string[] {
  return [
    emails.map((e) => e.value).join(' '),
    emails.map((e) => e.canonical).join(' '),
    phones.map((p) => p.value).join(' '),
    phones.map((p) => p.canonical).join(' '),
  ];
}

const canonical = (emails: EmailPoint[], phones: PhonePoint[]) => ({
  phones_canonical: phones.map((p) => p.canonical),
  emails_canonical: emails.map((e) => e.canonical),
});

export function accountDerived(a: {
  name: string;
  legal_id: string | null;
  economic_code: string | null;
  website: string | null;
  emails: EmailPoint[];
  phones: PhonePoint[];
}): Derived {
  return {
    ...canonical(a.emails, a.phones),
    name_key: joined([a.name]),
    search_text: joined([a.name, a.legal_id, a.economic_code, a.website, ...points(a.emails, a.phones)]),
  };
}

export function contactDerived(c: {
  first_name: string | null;
  last_name: string | null;
  national_id: string | null;
  job_title: string | null;
  account_names: string[];
  emails: EmailPoint[];
  phones: PhonePoint[];
}): Derived {
  return {
    ...canonical(c.emails, c.phones),
    name_key: joined([c.first_name, c.last_name]),
    search_text: joined([
      c.first_name,
      c.last_name,
      c.national_id,
      c.job_title,
      c.account_names.join(' '),
      ...points(c.emails, c.phones),
    ]),
  };
}

export function leadDerived(l: {
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  job_title: string | null;
  emails: EmailPoint[];
  phones: PhonePoint[];
}): Derived {
  return {
    ...canonical(l.emails, l.phones),
    name_key: joined([l.first_name, l.last_name]),
    search_text: joined([
      l.first_name,
      l.last_name,
      l.company_name,
      l.job_title,
      ...points(l.emails, l.phones),
    ]),
  };
}
