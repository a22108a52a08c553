/**
 * Where a normalised query matched inside the text as stored. normalizeForSearch maps characters one
 * to one (or deletes them) and collapses spaces, so every character of the normalised text comes
 * from one character of the original: the map between the two gives ranges in the original.
 */
import { normalizeForSearch, SEARCH_SPACE_CHARS } from '@peyvand/persian';
import { jaroWinkler } from '../cleaning/similarity.js';

interface Mapped {
  text: string;
  /** For each UTF-16 unit of `text`: [start, end) of the original character it came from. */
  spans: [number, number][];
}

function mapNormalised(original: string): Mapped {
  let text = '';
  const spans: [number, number][] = [];
  let offset = 0;
  for (const ch of original) {
    const start = offset;
    offset += ch.length;
    const isSpace = ch === ' ' || SEARCH_SPACE_CHARS.includes(ch);
    const out = isSpace ? ' ' : normalizeForSearch(ch);
    if (!out) continue;
    if (out === ' ' && (text === '' || text.endsWith(' '))) continue;
    for (let i = 0; i < out.length; i++) {
      text += out[i];
      spans.push([start, offset]);
    }
  }
  while (text.endsWith(' ')) {
    text = text.slice(0, -1);
    spans.pop();
  }
  return { text, spans };
}

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * UTF-16 ranges of `original` matching the words of the normalised query: exact substrings first;
 * a word with no exact match marks the stored word most like it (Jaro-Winkler ≥ 0.75) — the typo case.
 * Empty when nothing matches.
 */
export function highlightRanges(original: string, normalisedQ: string): [number, number][] {
  const mapped = mapNormalised(original);
  const ranges: [number, number][] = [];
  const words = normalisedQ.split(' ').filter(Boolean);
  // The whole query as one substring first ("علی رضا" inside "علی رضایی").
  const whole = mapped.text.indexOf(normalisedQ);
  const wanted = whole >= 0 ? [] : words;
  if (whole >= 0) ranges.push(span(mapped, whole, normalisedQ.length));
  for (const word of wanted) {
    const at = mapped.text.indexOf(word);
    if (at >= 0) {
      ranges.push(span(mapped, at, word.length));
      continue;
    }
    let best: { at: number; length: number; s: number } | null = null;
    let from = 0;
    for (const stored of mapped.text.split(' ')) {
      const s = jaroWinkler(word, stored);
      if (s >= 0.75 && (!best || s > best.s)) best = { at: from, length: stored.length, s };
      from += stored.length + 1;
    }
    if (best) ranges.push(span(mapped, best.at, best.length));
  }
  return merge(ranges);
}

function span(mapped: Mapped, at: number, length: number): [number, number] {
  const first = mapped.spans[at] as [number, number];
  const last = mapped.spans[at + length - 1] as [number, number];
  return [first[0], last[1]];
}

/** `text` with each range wrapped in <mark>…</mark>, everything else HTML-escaped (for tests and docs). */
export function markup(text: string, ranges: [number, number][]): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += `${esc(text.slice(at, start))}<mark>${esc(text.slice(start, end))}</mark>`;
    at = end;
  }
  return out + esc(text.slice(at));
}
