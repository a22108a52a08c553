/**
 * Name similarity for duplicate detection (pure, no I/O). Names are compared as normalised tokens
 * (normalizeForSearch: Arabic ي/ك, ZWNJ, digits and case already folded), token by token with
 * Jaro-Winkler, so "علی رضایی" ≈ "رضایی علی" ≈ "علي رضاعی" but "علی رضایی" ≠ "مریم رضایی".
 */
import { normalizeForSearch } from '@peyvand/persian';

/** Words that say what kind of organisation a name is, not which one: left out of account names. */
export const ORGANISATION_WORDS: readonly string[] = [
  'شرکت',
  'سهامی',
  'خاص',
  'عام',
  'گروه',
  'موسسه',
  'صنایع',
  'بازرگانی',
  'تولیدی',
  'مهندسی',
  'بین',
  'المللی',
  'و',
  'co',
  'company',
  'group',
  'inc',
  'ltd',
  'llc',
  'corp',
  'the',
  'and',
].map(normalizeForSearch);

const STOP = new Set(ORGANISATION_WORDS);

/** The tokens of a name that identify it (normalised; organisation words dropped for accounts). */
export function nameTokens(name: string | null | undefined, organisation = false): string[] {
  const tokens = normalizeForSearch(name ?? '')
    .split(' ')
    .filter((t) => t.length > 0);
  if (!organisation) return tokens;
  const kept = tokens.filter((t) => !STOP.has(t));
  return kept.length ? kept : tokens;
}

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const s1 = [...a];
  const s2 = [...b];
  if (!s1.length || !s2.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(s1.length, s2.length) / 2) - 1);
  const m1 = new Array<boolean>(s1.length).fill(false);
  const m2 = new Array<boolean>(s2.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s1.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(s2.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (m2[j] || s1[i] !== s2[j]) continue;
      m1[i] = true;
      m2[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < s1.length; i++) {
    if (!m1[i]) continue;
    while (!m2[k]) k++;
    if (s1[i] !== s2[k]) transpositions++;
    k++;
  }
  const jaro = (matches / s1.length + matches / s2.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < s1.length && prefix < s2.length && s1[prefix] === s2[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * One letter replaced, dropped or added, or two neighbours swapped (optimal string alignment distance
 * ≤ 1), for words of three letters or more — shorter words are too easily another word.
 */
export function oneEditApart(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (Math.min(x.length, y.length) < 3 || Math.abs(x.length - y.length) > 1 || a === b) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const rest = (m: number, n: number) => x.slice(m).join('') === y.slice(n).join('');
  if (x.length !== y.length) return x.length > y.length ? rest(i + 1, i) : rest(i, i + 1);
  return rest(i + 1, i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2, i + 2));
}

export interface NameMatch {
  /** 0…1: how alike the two names are, penalised when one has fewer words than the other. */
  similarity: number;
  /** Every word of the shorter name found a close word in the other (see tokenThreshold). */
  allTokensMatch: boolean;
}

/**
 * How alike two words must be to count as the same word with a typo. Short words need more: حسن and
 * حسین (0.93), or سارا and سارۀ, are different names, while one wrong letter in a longer word
 * (رضاعی / رضایی: 0.91) is a typo. A first letter differing (احمدی / محمدی: 0.87) is a different name.
 */
export function tokenThreshold(a: string, b: string): number {
  return Math.min([...a].length, [...b].length) <= 4 ? 0.95 : 0.88;
}

/**
 * Token-wise similarity: each word of the shorter name is paired (one to one, greedily, best first)
 * with a word of the longer one by Jaro-Winkler. When every pair is close (tokenThreshold), the
 * result is the mean pair score × √(shorter/longer) — words missing from the shorter name cost
 * ("رضایی" vs "علی رضایی": 0.71); otherwise it is 0.75 × the worst pair score: a different first
 * name is a different person however alike the surnames are. Names written with a different number
 * of words ("محمدرضا" / "محمد رضا") also compare through their space-free forms.
 * With `surnameTypos` (the records already share a phone or e-mail), a later word one edit away from
 * its pair (oneEditApart, same first letter) also counts as a typo when the first words are equal:
 * "مهسا جلالی" / "مهسا جالی" on one mobile is one person — families share phones and surnames, not
 * first names, so a first word is never relaxed ("حسن موسوی" / "حسین موسوی" stay two people).
 */
export function nameSimilarity(a: string[], b: string[], { surnameTypos = false } = {}): NameMatch {
  if (!a.length || !b.length) return { similarity: 0, allTokensMatch: false };
  const joinedA = a.join('');
  const joinedB = b.join('');
  if (joinedA === joinedB || [...a].sort().join(' ') === [...b].sort().join(' '))
    return { similarity: 1, allTokensMatch: true };
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const relaxLaterWords = surnameTypos && short.length > 1 && short[0] === long[0];
  const pairs: { i: number; j: number; s: number; ok: boolean }[] = [];
  for (let i = 0; i < short.length; i++)
    for (let j = 0; j < long.length; j++) {
      const x = short[i] as string;
      const y = long[j] as string;
      const s = jaroWinkler(x, y);
      const typo = relaxLaterWords && i > 0 && j > 0 && x[0] === y[0] && oneEditApart(x, y);
      pairs.push({ i, j, s, ok: s >= tokenThreshold(x, y) || typo });
    }
  pairs.sort((x, y) => y.s - x.s);
  const usedI = new Set<number>();
  const usedJ = new Set<number>();
  const chosen: { s: number; ok: boolean }[] = [];
  for (const p of pairs) {
    if (usedI.has(p.i) || usedJ.has(p.j)) continue;
    usedI.add(p.i);
    usedJ.add(p.j);
    chosen.push(p);
  }
  const allTokensMatch = chosen.every((p) => p.ok);
  const mean = chosen.reduce((x, p) => x + p.s, 0) / chosen.length;
  const worst = Math.min(...chosen.map((p) => p.s));
  let similarity = allTokensMatch ? mean * Math.sqrt(short.length / long.length) : 0.75 * worst;
  if (a.length !== b.length) {
    const joined = jaroWinkler(joinedA, joinedB);
    if (joined >= 0.97) return { similarity: Math.max(similarity, joined), allTokensMatch: true };
  }
  similarity = Math.round(similarity * 1000) / 1000;
  return { similarity, allTokensMatch };
}

export interface Evidence {
  /** Canonical phones, e-mails and the national/legal ID shared by both records. */
  phones: string[];
  emails: string[];
  nationalId: boolean;
  /** Both have a national/legal ID and they differ: almost surely two people. */
  nationalIdConflict: boolean;
  /** Both have phones and share none (absent: not known). */
  phonesConflict?: boolean;
}

export interface PairScore {
  score: number;
  name: NameMatch;
}

/** Pairs scoring at least this are stored as candidates. */
export const CANDIDATE_THRESHOLD = 0.8;

/**
 * One score in [0, 1] from the name similarity and the exact keys both records share:
 * - names alone: the name similarity (identical names 1.0; one typo in one word ≈ 0.95);
 * - a shared national ID +0.4, a shared e-mail +0.25, a shared phone +0.2 (family members and
 *   colleagues share phones and info@ addresses, so keys add to a name, they do not replace it);
 * - but when the names disagree (some word with no close match, similarity < 0.6), keys count
 *   only if a national ID is shared: a wife and husband with one home phone are two people;
 * - both have phones and share none, and nothing else is shared: −0.25 — with common names
 *   ("علی محمدی") a name alone would otherwise pair every namesake; a person who changed number
 *   and has no shared e-mail/ID is left to the person reviewing (measured: see the module's report);
 * - different national IDs on both records: × 0.3.
 */
export function scorePair(nameA: string[], nameB: string[], evidence: Evidence): PairScore {
  const name = nameSimilarity(nameA, nameB, {
    surnameTypos: evidence.phones.length > 0 || evidence.emails.length > 0,
  });
  let score = name.similarity;
  const namesAgree = name.similarity >= 0.6 && name.allTokensMatch;
  if (evidence.nationalId) score += 0.4;
  if (namesAgree || evidence.nationalId) {
    if (evidence.emails.length) score += 0.25;
    if (evidence.phones.length) score += 0.2;
  }
  if (evidence.phonesConflict && !evidence.nationalId && !evidence.emails.length) score -= 0.25;
  if (evidence.nationalIdConflict) score *= 0.3;
  return { score: Math.max(0, Math.min(1, Math.round(score * 1000) / 1000)), name };
}

/** The blocking keys of a name: pairs of 3-letter prefixes/suffixes of two of its words, or the one word. */
export function nameBlockKeys(tokens: string[]): string[] {
  const words = tokens.filter((t) => t.length >= 2);
  if (words.length === 1) return [`s:${words[0]}`];
  const ends = words.map((w) => [...new Set([[...w].slice(0, 3).join(''), [...w].slice(-3).join('')])]);
  const keys = new Set<string>();
  for (let i = 0; i < words.length; i++)
    for (let j = i + 1; j < words.length; j++)
      for (const x of ends[i] as string[])
        for (const y of ends[j] as string[]) keys.add(`w:${x < y ? `${x}|${y}` : `${y}|${x}`}`);
  return [...keys];
}
