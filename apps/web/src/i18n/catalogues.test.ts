import { describe, expect, it } from 'vitest';
import en from './en.json';
import fa from './fa.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const catalogues = { fa: flatten(fa), en: flatten(en) };
const namespaces = new Set([...Object.keys(fa), ...Object.keys(en)]);

// Every source file of the app (not tests), as text.
const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** `t('a.b')`, `t("a.b", …)` and `t(\`modules.${key}.name\`)` in the source; templates become patterns. */
function usedKeys(): { file: string; key: string; pattern: RegExp }[] {
  const found: { file: string; key: string; pattern: RegExp }[] = [];
  const call = /\bt\(\s*(?:'([^']+)'|"([^"]+)"|`([^`]+)`)/g;
  for (const [file, text] of Object.entries(sources)) {
    for (const match of text.matchAll(call)) {
      const key = match[1] ?? match[2] ?? match[3] ?? '';
      const pattern = new RegExp(
        `^${key
          .split(/\$\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[\\w-]+')}$`,
      );
      found.push({ file, key, pattern });
    }
  }
  return found;
}

/** Other string literals that name a catalogue key, e.g. the server-code → message map in ui/errors.ts. */
function keyLiterals(): { file: string; key: string }[] {
  const found: { file: string; key: string }[] = [];
  for (const [file, text] of Object.entries(sources)) {
    for (const match of text.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+)'/g)) {
      const key = match[1] ?? '';
      if (namespaces.has(key.split('.')[0] ?? '')) found.push({ file, key });
    }
  }
  return found;
}

describe('i18n catalogues', () => {
  it('fa and en have exactly the same keys', () => {
    const faKeys = [...catalogues.fa.keys()];
    const enKeys = [...catalogues.en.keys()];
    expect(
      faKeys.filter((key) => !catalogues.en.has(key)),
      'in fa.json but not en.json',
    ).toEqual([]);
    expect(
      enKeys.filter((key) => !catalogues.fa.has(key)),
      'in en.json but not fa.json',
    ).toEqual([]);
  });

  it('no value is empty and placeholders match between languages', () => {
    for (const [key, faValue] of catalogues.fa) {
      const enValue = catalogues.en.get(key) ?? '';
      expect(faValue.trim(), `fa ${key}`).not.toBe('');
      expect(enValue.trim(), `en ${key}`).not.toBe('');
      const holes = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(holes(faValue), `placeholders of ${key}`).toEqual(holes(enValue));
    }
  });

  it('Persian text has no Latin letters or ASCII digits (besides language names)', () => {
    for (const [key, value] of catalogues.fa) {
      if (key === 'language.en') continue;
      const text = value.replace(/\{\{\w+\}\}/g, '');
      expect(text, `fa ${key}`).not.toMatch(/[A-Za-z0-9]/);
    }
  });

  it('scans a meaningful amount of source', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(usedKeys().length).toBeGreaterThan(50);
  });

  it('every t(key) used in the source exists in both catalogues', () => {
    const missing: string[] = [];
    for (const { file, key, pattern } of usedKeys()) {
      for (const [language, catalogue] of Object.entries(catalogues)) {
        const exists = key.includes('${')
          ? [...catalogue.keys()].some((k) => pattern.test(k))
          : catalogue.has(key);
        if (!exists) missing.push(`${language}: ${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every key named as a string literal exists in both catalogues', () => {
    const missing: string[] = [];
    for (const { file, key } of keyLiterals()) {
      for (const [language, catalogue] of Object.entries(catalogues)) {
        if (!catalogue.has(key)) missing.push(`${language}: ${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
