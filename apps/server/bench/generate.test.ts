import { normalizeEmail, normalizeForSearch, parseIranPhone, parseNationalId } from '@peyvand/persian';
import { describe, expect, it } from 'vitest';
import { benchData, people, queries } from './generate.js';

describe('the bench generator', () => {
  it('is deterministic: the same size gives the same contacts, pairs and queries', () => {
    const a = people(3000);
    const b = people(3000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(queries(b.contacts)).toEqual(queries(a.contacts));
    expect(a.contacts).toHaveLength(3000);
  });

  it('writes as true pairs exactly the contacts that share an identifier, each pair spelt alike', () => {
    const { contacts, truePairs } = people(3000);
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
