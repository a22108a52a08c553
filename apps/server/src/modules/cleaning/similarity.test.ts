import { describe, expect, it } from 'vitest';
import {
  jaroWinkler,
  nameBlockKeys,
  nameSimilarity,
  nameTokens,
  oneEditApart,
  scorePair,
} from './similarity.js';

const none = { phones: [], emails: [], nationalId: false, nationalIdConflict: false };
const sim = (a: string, b: string, org = false) =>
  nameSimilarity(nameTokens(a, org), nameTokens(b, org)).similarity;

describe('name similarity', () => {
  it('Jaro-Winkler matches the textbook values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('', 'a')).toBe(0);
  });

  it.each([
    ['علی رضایی', 'علي رضايي'],
    ['علی رضایی', 'رضایی علی'],
    ['علی‌رضا کریمی', 'علی رضا کریمی'],
    ['محمدرضا کریمی', 'محمد رضا کریمی'],
    ['فاطمه محمّدی', 'فاطمه محمدی'],
    ['شرکت پارس نوین', 'پارس نوین'],
  ])('%s = %s', (a, b) => {
    expect(sim(a, b, a.startsWith('شرکت'))).toBe(1);
  });

  it.each([
    ['علی رضاعی', 'علی رضایی'],
    ['Ali Rezaei', 'ali rezaie'],
    ['Sara Ahmadi', 'Sarah Ahmadi'],
    ['پریسا قاسمی', 'پریسا قاسمیی'],
  ])('typo: %s ≈ %s', (a, b) => {
    expect(sim(a, b)).toBeGreaterThanOrEqual(0.9);
    expect(scorePair(nameTokens(a), nameTokens(b), none).score).toBeGreaterThanOrEqual(0.8);
  });

  it.each([
    ['علی احمدی', 'علی محمدی'],
    ['علی رضایی', 'علی رضوانی'],
    ['محمد کریمی', 'احمد کریمی'],
    ['حسن موسوی', 'حسین موسوی'],
    ['علی رضایی', 'مریم رضایی'],
    ['زهرا کاظمی', 'زهرا حسینی'],
    ['Ali Rahimi', 'Ali Rezaei'],
  ])('different people: %s / %s', (a, b) => {
    expect(scorePair(nameTokens(a), nameTokens(b), none).score).toBeLessThan(0.8);
    // A shared home phone or e-mail does not make them one person.
    const shared = { ...none, phones: ['+989121110001'], emails: ['home@example.com'] };
    expect(scorePair(nameTokens(a), nameTokens(b), shared).score).toBeLessThan(0.8);
  });

  it('keys add to a partial name; a different national ID takes away', () => {
    const partial = scorePair(nameTokens('سلطانی'), nameTokens('نرگس سلطانی'), none).score;
    expect(partial).toBeLessThan(0.8);
    expect(
      scorePair(nameTokens('سلطانی'), nameTokens('نرگس سلطانی'), { ...none, phones: ['+98912'] }).score,
    ).toBeGreaterThanOrEqual(0.8);
    expect(
      scorePair(nameTokens('علی رضایی'), nameTokens('علی رضایی'), { ...none, nationalIdConflict: true })
        .score,
    ).toBeLessThan(0.8);
  });

  it('namesakes with different phones are not paired by the name alone; a shared e-mail still pairs them', () => {
    const namesakes = { ...none, phonesConflict: true };
    expect(scorePair(nameTokens('محمد حسینی'), nameTokens('محمد حسینی'), namesakes).score).toBeLessThan(0.8);
    expect(
      scorePair(nameTokens('محمد حسینی'), nameTokens('محمد حسینی'), { ...namesakes, emails: ['m@h.ir'] })
        .score,
    ).toBe(1);
  });

  it('a surname one letter off pairs only when the records share a phone or e-mail and the first name', () => {
    const phone = { ...none, phones: ['+989121110001'] };
    for (const [a, b] of [
      ['مهسا جلالی', 'مهسا جالی'],
      ['فرشته ملکی', 'فرشته ملظی'],
      ['حامد پاک نژاد', 'حامد پاک نژژاد'],
      ['نادر جلالی', 'نادر جللی'],
    ] as const) {
      expect(scorePair(nameTokens(a), nameTokens(b), phone).score, `${a} / ${b}`).toBeGreaterThanOrEqual(0.8);
      expect(
        scorePair(nameTokens(a), nameTokens(b), { ...none, emails: ['x@y.ir'] }).score,
      ).toBeGreaterThanOrEqual(0.8);
      expect(scorePair(nameTokens(a), nameTokens(b), none).score, `${a} / ${b} by name alone`).toBeLessThan(
        0.8,
      );
    }
    // The first name is never relaxed, nor a surname two edits or a first letter away.
    expect(scorePair(nameTokens('مهسا جلالی'), nameTokens('مهیا جلالی'), phone).score).toBeLessThan(0.8);
    expect(scorePair(nameTokens('مهسا جلالی'), nameTokens('مهسا جمالیان'), phone).score).toBeLessThan(0.8);
    expect(scorePair(nameTokens('مهسا جلالی'), nameTokens('مهسا هلالی'), phone).score).toBeLessThan(0.8);
  });

  it('oneEditApart: one replaced, dropped, added or swapped letter', () => {
    expect(oneEditApart('جلالی', 'جالی')).toBe(true);
    expect(oneEditApart('جالی', 'جلالی')).toBe(true);
    expect(oneEditApart('ملکی', 'ملظی')).toBe(true);
    expect(oneEditApart('سعدی', 'سععدی')).toBe(true);
    expect(oneEditApart('johnson', 'jonhson')).toBe(true);
    expect(oneEditApart('رضایی', 'رضوانی')).toBe(false);
    expect(oneEditApart('رضایی', 'رضایی')).toBe(false);
    expect(oneEditApart('حس', 'حسن')).toBe(false);
  });

  it('blocking keys survive one typo and word order', () => {
    const a = new Set(nameBlockKeys(nameTokens('علی رضاعی')));
    const b = nameBlockKeys(nameTokens('رضایی علی'));
    expect(b.some((k) => a.has(k))).toBe(true);
    const merged = new Set(nameBlockKeys(nameTokens('علیرضا رضایی')));
    expect(nameBlockKeys(nameTokens('علی رضا رضایی')).some((k) => merged.has(k))).toBe(true);
  });
});
