import { describe, expect, it } from 'vitest';
import { type CurrentPhase, checkTransition, type SignalFacts, suggestPhase, trendOf } from './phases.js';

const none: CurrentPhase = { phase: null, subStage: null, since: null };
const at = (phase: CurrentPhase['phase'], subStage: CurrentPhase['subStage'] = null, daysAgo = 10) => ({
  phase,
  subStage,
  since: new Date(Date.parse('2026-06-01T00:00:00Z') - daysAgo * 86_400_000),
});
const now = new Date('2026-06-01T00:00:00Z');
const facts = (over: Partial<SignalFacts> = {}): SignalFacts => ({
  now,
  lastTouchAt: null,
  windows: [0, 0, 0, 0, 0, 0],
  last90: { total: 0, customer: 0, us: 0 },
  last30: { total: 0, customer: 0, sinceDissolution: 0, customerSinceDissolution: 0 },
  reciprocity: null,
  trust: null,
  commitment: null,
  ...over,
});
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const paths = (r: ReturnType<typeof checkTransition>) => r.errors.map((e) => `${e.path}:${e.code}`);

describe('phase transitions (آگاهی → کشف → گسترش → تعهد → انحلال)', () => {
  it('starts anywhere but dissolution; exploration defaults to attraction', () => {
    expect(checkTransition(none, { phase: 'exploration' })).toEqual({ errors: [], subStage: 'attraction' });
    expect(paths(checkTransition(none, { phase: 'dissolution', endedBy: 'us' }))).toEqual([
      'phase:invalid_transition',
    ]);
    expect(checkTransition(none, { phase: 'commitment' }).errors).toEqual([]);
  });
  it('moves between exploration sub-stages and keeps the current one by default', () => {
    expect(
      checkTransition(at('exploration', 'norms'), { phase: 'exploration', subStage: 'expectations' }),
    ).toEqual({ errors: [], subStage: 'expectations' });
    expect(paths(checkTransition(at('exploration', 'norms'), { phase: 'exploration' }))).toEqual([
      'phase:unchanged',
    ]);
  });
  it('only dissolution has endedBy and needs it; only exploration has sub-stages', () => {
    expect(paths(checkTransition(at('expansion'), { phase: 'dissolution' }))).toEqual(['endedBy:required']);
    expect(paths(checkTransition(at('expansion'), { phase: 'commitment', endedBy: 'us' }))).toEqual([
      'endedBy:not_allowed',
    ]);
    expect(paths(checkTransition(at('awareness'), { phase: 'expansion', subStage: 'norms' }))).toEqual([
      'subStage:not_allowed',
    ]);
    expect(checkTransition(at('commitment'), { phase: 'exploration', subStage: 'norms' }).errors).toEqual([]);
  });
  it('re-entry after dissolution is at awareness or exploration only', () => {
    expect(checkTransition(at('dissolution'), { phase: 'awareness' }).errors).toEqual([]);
    expect(checkTransition(at('dissolution'), { phase: 'exploration' }).errors).toEqual([]);
    expect(paths(checkTransition(at('dissolution'), { phase: 'commitment' }))).toEqual([
      'phase:invalid_transition',
    ]);
  });
});

describe('suggested phase rules', () => {
  it('trend: last 90 days against the 90 before', () => {
    expect(trendOf([0, 0, 0, 0, 0, 0])).toBe('none');
    expect(trendOf([2, 1, 1, 1, 0, 0])).toBe('rising');
    expect(trendOf([0, 1, 0, 2, 1, 1])).toBe('falling');
    expect(trendOf([1, 1, 1, 1, 1, 1])).toBe('steady');
  });
  it('no_touch_180: a living relationship without interaction for 180 days → dissolution', () => {
    expect(suggestPhase(at('commitment'), facts({ lastTouchAt: daysAgo(181) }))).toMatchObject({
      phase: 'dissolution',
      rule: 'no_touch_180',
    });
    expect(suggestPhase(at('commitment'), facts({ lastTouchAt: daysAgo(179) }))).toBeNull();
    expect(suggestPhase(at('awareness', null, 200), facts())).toMatchObject({ rule: 'no_touch_180' });
    expect(suggestPhase(at('dissolution', null, 400), facts({ lastTouchAt: daysAgo(300) }))).toBeNull();
  });
  it('re_entry: contact after dissolution → exploration if the customer came, else awareness', () => {
    const last30 = { total: 1, customer: 1, sinceDissolution: 1, customerSinceDissolution: 1 };
    expect(suggestPhase(at('dissolution'), facts({ lastTouchAt: daysAgo(2), last30 }))).toMatchObject({
      phase: 'exploration',
      subStage: 'attraction',
      rule: 're_entry',
    });
    expect(
      suggestPhase(
        at('dissolution'),
        facts({ lastTouchAt: daysAgo(2), last30: { ...last30, customerSinceDissolution: 0 } }),
      ),
    ).toMatchObject({ phase: 'awareness', rule: 're_entry' });
  });
  it('first_touch, two_way_contact, rising_two_way, mutual_commitment', () => {
    expect(suggestPhase(none, facts({ lastTouchAt: daysAgo(1) }))).toMatchObject({ phase: 'awareness' });
    expect(suggestPhase(none, facts())).toBeNull();
    expect(
      suggestPhase(
        at('awareness'),
        facts({ lastTouchAt: daysAgo(1), last90: { total: 2, customer: 1, us: 1 } }),
      ),
    ).toMatchObject({ phase: 'exploration', rule: 'two_way_contact' });
    const rising = facts({
      lastTouchAt: daysAgo(1),
      windows: [3, 1, 0, 1, 0, 0],
      last90: { total: 4, customer: 2, us: 2 },
      reciprocity: 0.5,
    });
    expect(suggestPhase(at('exploration', 'norms'), rising)).toMatchObject({
      phase: 'expansion',
      rule: 'rising_two_way',
    });
    expect(suggestPhase(at('exploration', 'norms'), { ...rising, reciprocity: 0.9 })).toBeNull();
    const committed = facts({
      lastTouchAt: daysAgo(1),
      trust: { benevolence: 4, honesty: 5, competence: 4 },
      commitment: { ours: 4, theirs: 5 },
    });
    expect(suggestPhase(at('expansion'), committed)).toMatchObject({ phase: 'commitment' });
    expect(suggestPhase(at('expansion'), { ...committed, commitment: { ours: 5, theirs: 3 } })).toBeNull();
  });
});
