/**
 * The relationship model of the course notes (seed 000), as rules:
 *
 * Phases (فازها): آگاهی awareness → کشف exploration → گسترش expansion → تعهد commitment → انحلال
 * dissolution. Exploration has five sub-stages: جذب attraction, ارتباط و چانه‌زنی communication &
 * bargaining, توسعه و اعمال قدرت development & exercise of power, هنجارها norms, انتظارات expectations.
 *
 * Transitions (checkTransition):
 * - A relationship without a phase may start in any phase but dissolution (there is nothing to end).
 * - From any living phase a relationship may move to any other phase — forwards, back (relationships
 *   grow closer or drift apart), or to dissolution; within exploration, from one sub-stage to another.
 * - Dissolution is ended by someone (endedBy: customer, us or mutual) for a reason; re-entry after it
 *   starts again at awareness or exploration ("they can come back, at a cost").
 * - Only exploration has a sub-stage (default attraction).
 *
 * Suggested phase (suggestPhase), first rule that applies wins:
 * 1. no_touch_180 — any living phase, and no interaction for 180 days or more (counting from the
 *    phase's start when there was never one) → dissolution.
 * 2. re_entry — dissolution, and an interaction in the last 30 days after the relationship ended →
 *    exploration (attraction) when the customer initiated one of them, else awareness.
 * 3. first_touch — no phase yet and at least one interaction → awareness.
 * 4. two_way_contact — awareness, and in the last 90 days both the customer and we initiated at least
 *    one interaction → exploration (attraction).
 * 5. rising_two_way — exploration, interaction trend rising, reciprocity between 0.25 and 0.75 (both
 *    sides act) and at least 4 interactions in the last 90 days → expansion.
 * 6. mutual_commitment — expansion, latest commitment assessment ours ≥ 4 and theirs ≥ 4, and latest
 *    trust assessment averaging ≥ 4 over its three domains → commitment.
 * Otherwise there is no suggestion.
 *
 * Trend: the interactions of the last 90 days (three 30-day windows) against the 90 days before:
 * rising when the recent count is at least 2 more and at least 1.25×; falling when at least 2 fewer
 * and at most 0.75×; steady otherwise; none when both are zero.
 */
import type { FieldError } from '../../platform/http/problem.js';
import type { Phase, SubStage } from './schemas.js';

export interface CurrentPhase {
  phase: Phase | null;
  subStage: SubStage | null;
  since: Date | null;
}

export interface PhaseTarget {
  phase: Phase;
  subStage?: SubStage | undefined;
  endedBy?: 'customer' | 'us' | 'mutual' | undefined;
}

/** The transition's problems (empty when allowed) and the sub-stage it lands on. */
export function checkTransition(
  current: CurrentPhase,
  target: PhaseTarget,
): { errors: FieldError[]; subStage: SubStage | null } {
  const errors: FieldError[] = [];
  if (target.subStage && target.phase !== 'exploration')
    errors.push({ path: 'subStage', message: 'Only exploration has sub-stages', code: 'not_allowed' });
  if (target.phase === 'dissolution' && !target.endedBy)
    errors.push({ path: 'endedBy', message: 'Say who ended the relationship', code: 'required' });
  if (target.phase !== 'dissolution' && target.endedBy)
    errors.push({ path: 'endedBy', message: 'Only a dissolution is ended by someone', code: 'not_allowed' });
  const subStage =
    target.phase === 'exploration'
      ? (target.subStage ?? (current.phase === 'exploration' ? current.subStage : null) ?? 'attraction')
      : null;
  if (current.phase === null && target.phase === 'dissolution')
    errors.push({
      path: 'phase',
      message: 'A relationship that has no phase yet cannot be dissolved',
      code: 'invalid_transition',
    });
  if (current.phase === 'dissolution' && target.phase !== 'awareness' && target.phase !== 'exploration')
    errors.push({
      path: 'phase',
      message: 'After dissolution a relationship starts again at awareness or exploration',
      code: 'invalid_transition',
    });
  if (current.phase === target.phase && current.subStage === subStage)
    errors.push({ path: 'phase', message: 'The relationship is already in this phase', code: 'unchanged' });
  return { errors, subStage };
}

export interface SignalFacts {
  now: Date;
  lastTouchAt: Date | null;
  /** Counts of the six 30-day windows, newest first (index 0 = the last 30 days). */
  windows: number[];
  last90: { total: number; customer: number; us: number };
  last30: { total: number; customer: number; sinceDissolution: number; customerSinceDissolution: number };
  reciprocity: number | null;
  trust: { benevolence: number; honesty: number; competence: number } | null;
  commitment: { ours: number; theirs: number } | null;
}

export type Trend = 'rising' | 'steady' | 'falling' | 'none';

export function trendOf(windows: number[]): Trend {
  const recent = (windows[0] ?? 0) + (windows[1] ?? 0) + (windows[2] ?? 0);
  const prior = (windows[3] ?? 0) + (windows[4] ?? 0) + (windows[5] ?? 0);
  if (recent === 0 && prior === 0) return 'none';
  if (recent >= prior + 2 && recent >= prior * 1.25) return 'rising';
  if (prior >= recent + 2 && recent <= prior * 0.75) return 'falling';
  return 'steady';
}

export interface Suggestion {
  phase: Phase;
  subStage: SubStage | null;
  rule: string;
  reason: string;
}

const DAY = 86_400_000;

export function suggestPhase(current: CurrentPhase, facts: SignalFacts): Suggestion | null {
  const { phase } = current;
  const quietSince = facts.lastTouchAt ?? current.since;
  const quietDays = quietSince ? Math.floor((facts.now.getTime() - quietSince.getTime()) / DAY) : null;
  if (phase && phase !== 'dissolution' && quietDays !== null && quietDays >= 180)
    return {
      phase: 'dissolution',
      subStage: null,
      rule: 'no_touch_180',
      reason: facts.lastTouchAt
        ? `No interaction for ${quietDays} days (180 or more)`
        : `No interaction at all in ${quietDays} days in this phase (180 or more)`,
    };
  if (phase === 'dissolution' && facts.last30.sinceDissolution > 0) {
    const theyCame = facts.last30.customerSinceDissolution > 0;
    return {
      phase: theyCame ? 'exploration' : 'awareness',
      subStage: theyCame ? 'attraction' : null,
      rule: 're_entry',
      reason: theyCame
        ? 'The customer reached out again after the relationship ended'
        : 'We were in touch again after the relationship ended',
    };
  }
  if (phase === null && facts.lastTouchAt)
    return { phase: 'awareness', subStage: null, rule: 'first_touch', reason: 'First interactions recorded' };
  if (phase === 'awareness' && facts.last90.customer > 0 && facts.last90.us > 0)
    return {
      phase: 'exploration',
      subStage: 'attraction',
      rule: 'two_way_contact',
      reason: 'Both sides initiated contact in the last 90 days',
    };
  const trend = trendOf(facts.windows);
  if (
    phase === 'exploration' &&
    trend === 'rising' &&
    facts.reciprocity !== null &&
    facts.reciprocity >= 0.25 &&
    facts.reciprocity <= 0.75 &&
    facts.last90.total >= 4
  )
    return {
      phase: 'expansion',
      subStage: null,
      rule: 'rising_two_way',
      reason: `Two-way interaction is rising (${facts.last90.total} in 90 days, reciprocity ${facts.reciprocity.toFixed(2)})`,
    };
  if (phase === 'expansion' && facts.commitment && facts.trust) {
    const trust = (facts.trust.benevolence + facts.trust.honesty + facts.trust.competence) / 3;
    if (facts.commitment.ours >= 4 && facts.commitment.theirs >= 4 && trust >= 4)
      return {
        phase: 'commitment',
        subStage: null,
        rule: 'mutual_commitment',
        reason: `Both sides committed (ours ${facts.commitment.ours}, theirs ${facts.commitment.theirs}) and trust is high (${trust.toFixed(1)})`,
      };
  }
  return null;
}
