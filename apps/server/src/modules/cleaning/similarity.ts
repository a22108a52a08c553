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

export interface NameMatch {
  /** 0…1: how alike the two names are, penalised when one has fewer words than the other. */
  similarity: number;
  /** Every word of the shorter name found a close word (≥ 0.85) in the other. */
  allTokensMatch: boolean;
}

/**
 * Token-wise similarity: each word of the shorter name is paired (one to one, greedily, best first)
 * with a word of the longer one by Jaro-Winkler. The result is the mean of the pair scores when
 * every pair is close (≥ 0.85), else the worst pair score — a different first name is a different
 * person however alike the surnames are. Words missing from the shorter name cost a factor
 * √(shorter/longer) ("رضایی" vs "علی رضایی": 0.71). Names written with and without the space
 * between parts ("علیرضا" / "علی رضا") compare equal through their space-free forms.
 */
export function nameSimilarity(a: string[], b: string[]): NameMatch {
  if (!a.length || !b.length) return { similarity: 0, allTokensMatch: false };
  const joinedA = a.join('');
  const joinedB = b.join('');
  const sortedA = [...a].sort().join('');
  const sortedB = [...b].sort().join('');
  if (joinedA === joinedB || sortedA === sortedB) return { similarity: 1, allTokensMatch: true };
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const pairs: { i: number; j: number; s: number }[] = [];
  for (let i = 0; i < short.length; i++)
    for (let j = 0; j < long.length; j++)
      pairs.push({ i, j, s: jaroWinkler(short[i] as string, long[j] as string) });
  pairs.sort((x, y) => y.s - x.s);
  const usedI = new Set<number>();
  const usedJ = new Set<number>();
  const scores: number[] = [];
  for (const p of pairs) {
    if (usedI.has(p.i) || usedJ.has(p.j)) continue;
    usedI.add(p.i);
    usedJ.add(p.j);
    scores.push(p.s);
  }
  const worst = Math.min(...scores);
  const allTokensMatch = worst >= 0.85;
  const base = allTokensMatch ? scores.reduce((x, y) => x + y, 0) / scores.length : worst;
  const coverage = Math.sqrt(short.length / long.length);
  // Joined forms catch a split or merged word ("محمدرضا کریمی" / "محمد رضا کریمی" with a typo).
  const joined = jaroWinkler(joinedA, joinedB);
  const similarity = Math.max(base * coverage, joined >= 0.95 ? joined : 0);
  return { similarity, allTokensMatch: allTokensMatch || joined >= 0.95 };
}

export interface Evidence {
  /** Canonical phones, e-mails and the national/legal ID shared by both records. */
  phones: string[];
  emails: string[];
  nationalId: boolean;
  /** Both have a national/legal ID and they differ: almost surely two people. */
  nationalIdConflict: boolean;
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
 * - different national IDs on both records: × 0.3.
 */
export function scorePair(nameA: string[], nameB: string[], evidence: Evidence): PairScore {
  const name = nameSimilarity(nameA, nameB);
  let score = name.similarity;
  const namesAgree = name.similarity >= 0.6 && name.allTokensMatch;
  if (evidence.nationalId) score += 0.4;
  if (namesAgree || evidence.nationalId) {
    if (evidence.emails.length) score += 0.25;
    if (evidence.phones.length) score += 0.2;
  }
  if (evidence.nationalIdConflict) score *= 0.3;
  return { score: Math.min(1, Math.round(score * 1000) / 1000), name };
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
