import { PassThrough, Readable } from 'node:stream';
import {
  normalizeEmail,
  normalizeForSearch,
  parseIranPhone,
  parseJalali,
  parseNationalId,
  toLatinDigits,
} from '@peyvand/persian';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../src/modules/imports/excel.js';
import {
  benchData,
  CUSTOM_FIELDS,
  type InteractionInput,
  importFile,
  interactions,
  orders,
  people,
  queries,
  writeImportXlsx,
} from './generate.js';

describe('the bench generator', () => {
  const a = people(3000);

  it('is deterministic: the same size gives the same contacts, pairs, queries, import file and interactions', () => {
    const b = people(3000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(queries(b.contacts)).toEqual(queries(a.contacts));
    expect(a.contacts).toHaveLength(3000);
    expect(importFile(300).csv).toBe(importFile(300).csv);
    expect(JSON.stringify([...interactions(300)])).toBe(JSON.stringify([...interactions(300)]));
  });

  it('draws names with a skew: the commonest surnames are many times the rarest', () => {
    const counts = new Map<string, number>();
    for (const c of a.contacts) {
      const name = normalizeForSearch(c.lastName ?? '').replace(/ /g, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const ranked = [...counts.values()].sort((x, y) => y - x);
    expect(ranked[0]).toBeGreaterThan(60); // about 3% of 3000
    expect(ranked[0]).toBeLessThan(200);
    expect(ranked[0] as number).toBeGreaterThan(4 * (ranked[60] as number));
  });

  it('fills custom values the definitions accept, leaving some empty', () => {
    const regions = new Set<string>(CUSTOM_FIELDS[0].options.map((o) => o.value));
    const custom = a.contacts.flatMap((c) => (c.custom ? [c.custom] : []));
    expect(custom.length).toBeGreaterThan(1500);
    expect(custom.length).toBeLessThan(3000);
    for (const v of custom) {
      if (v.region !== undefined) expect(regions).toContain(v.region);
      if (v.annualBudget !== undefined) expect(Number.isSafeInteger(v.annualBudget)).toBe(true);
      if (v.firstPurchase !== undefined) expect(v.firstPurchase).toMatch(/^20\d\d-\d\d-\d\d$/);
    }
  });

  it('writes as true pairs exactly the contacts that share an identifier, each pair spelt alike', () => {
    const { contacts, truePairs } = a;
    expect(truePairs.length).toBeGreaterThan(100);
    // Identifiers are unique per person in the source rows, so sharing one means a planted duplicate.
    const byKey = new Map<string, number[]>();
    const add = (key: string, i: number) => byKey.set(key, [...(byKey.get(key) ?? []), i]);
    contacts.forEach((c, i) => {
      for (const p of c.phones ?? []) {
        const phone = parseIranPhone(p);
        if (phone.ok) add(`phone ${phone.value}`, i);
      }
      for (const e of c.emails ?? []) {
        const email = normalizeEmail(e);
        if (email.ok) add(`email ${email.value}`, i);
      }
      const nid = c.nationalId ? parseNationalId(c.nationalId) : undefined;
      if (nid?.ok) add(`nid ${nid.value}`, i);
    });
    const sharing = new Set<string>();
    for (const group of byKey.values())
      for (let x = 0; x < group.length; x++)
        for (let y = x + 1; y < group.length; y++) sharing.add(`${group[x]},${group[y]}`);
    expect(new Set(truePairs.map(([a, b]) => `${a},${b}`))).toEqual(sharing);
    for (const [a, b] of truePairs) {
      expect(a).toBeLessThan(b);
      const first = (i: number) => normalizeForSearch(contacts[i]?.firstName ?? '').replace(/ /g, '');
      expect(first(b)).toBe(first(a));
    }
  });
});

describe('the interactions', () => {
  const list = [...interactions(2000)];
  const tehran = (iso: string) => new Date(Date.parse(iso) + 3.5 * 3_600_000);

  it('are about 10 a contact, spread over three years on Iranian working days', () => {
    expect(list.length / 2000).toBeGreaterThan(9);
    expect(list.length / 2000).toBeLessThan(11);
    const times = list.map((i) => Date.parse(i.occurredAt));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2.9 * 365 * 86_400_000);
    const fridays = list.filter((i) => tehran(i.occurredAt).getUTCDay() === 5).length;
    expect(fridays / list.length).toBeLessThan(0.02);
  });

  it('put calls and meetings in working hours, with a duration, and mostly let the customer start what comes in', () => {
    const spoken = list.filter((x) => x.channel === 'call' || x.channel === 'meeting');
    const hour = (i: InteractionInput) => tehran(i.occurredAt).getUTCHours();
    expect(spoken.filter((i) => hour(i) < 8 || hour(i) >= 17 || !i.durationSeconds)).toEqual([]);
    const incoming = list.filter((i) => i.direction === 'in');
    expect(incoming.filter((i) => i.initiator === 'customer').length / incoming.length).toBeGreaterThan(0.85);
    expect(new Set(list.map((i) => i.channel))).toEqual(new Set(['call', 'email', 'sms', 'meeting']));
  });
});

describe('the orders', () => {
  const { contacts } = people(3000);
  const list = [...orders(contacts)];

  it('are deterministic, placed only by contacts with a company, with lines priced in whole Rials', () => {
    expect(JSON.stringify([...orders(contacts)])).toBe(JSON.stringify(list));
    expect(list.every((o) => contacts[o.contact]?.company)).toBe(true);
    const buyers = contacts.filter((c) => c.company).length;
    expect(list.length / buyers).toBeGreaterThan(3);
    expect(list.length / buyers).toBeLessThan(5);
    const lines = list.flatMap((o) => o.lines);
    expect(lines.length / list.length).toBeGreaterThan(2.5);
    expect(lines.length / list.length).toBeLessThan(4);
    for (const line of lines) {
      expect(Number.isInteger(line.quantity) && line.quantity >= 1).toBe(true);
      expect(line.unitPrice % 10).toBe(0);
    }
    const times = list.map((o) => Date.parse(o.issuedAt));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2.5 * 365 * 86_400_000);
  });
});

describe('the import file', () => {
  const { csv } = importFile(100);
  const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];

  it('has a column per custom field, headed by its Persian label, with values people type', () => {
    expect(rows[0]?.slice(-3)).toEqual(CUSTOM_FIELDS.map((f) => f.labelFa));
    for (const row of rows) expect(row).toHaveLength(11);
    const labels = new Set(
      CUSTOM_FIELDS[0].options.flatMap((o) => [normalizeForSearch(o.labelFa), normalizeForSearch(o.labelEn)]),
    );
    for (const [region, budget, date] of rows.slice(1).map((r) => r.slice(-3) as [string, string, string])) {
      if (region) expect(labels).toContain(normalizeForSearch(region));
      if (budget) expect(toLatinDigits(budget).replace(/\u066C/g, '')).toMatch(/^\d+$/);
      if (date)
        expect(date.includes('/') ? parseJalali(toLatinDigits(date)) : date).toMatch(/^20\d\d-\d\d-\d\d$/);
    }
  });

  it('is written as XLSX with the same cells (numbers where a spreadsheet keeps them)', async () => {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (p: Buffer) => parts.push(p));
    await writeImportXlsx(csv, out);
    const book = new ExcelJS.Workbook();
    await book.xlsx.read(Readable.from([Buffer.concat(parts)]));
    const read: string[][] = [];
    book.worksheets[0]?.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      read.push(Array.from({ length: 11 }, (_, k) => (values[k] === undefined ? '' : String(values[k]))));
    });
    expect(read).toEqual(rows.map((r) => Array.from({ length: 11 }, (_, k) => r[k] ?? '')));
  });
});

describe('the bench data of a size', () => {
  it("imports other people than it loads: the import file's new people share no identifier with the contacts", () => {
    const data = benchData('S');
    const loaded = new Set(
      data.contacts.flatMap((c) =>
        (c.phones ?? []).map((p) => parseIranPhone(p)).flatMap((p) => (p.ok ? [p.value] : [])),
      ),
    );
    const imported = [...data.importPlan.fates.values()].flatMap((f) =>
      f.kind === 'created' && f.person.mobile ? [f.person.mobile] : [],
    );
    expect(imported.length).toBeGreaterThan(8000);
    expect(imported.filter((m) => loaded.has(m))).toEqual([]);
  });
});
