import { describe, expect, it } from 'vitest';
import { highlightRanges, markup } from './highlight.js';

describe('highlight', () => {
  it.each([
    ['علی رضایی', 'رض', 'علی <mark>رض</mark>ایی'],
    ['علی رضایی', 'علی رضاعی', '<mark>علی</mark> <mark>رضایی</mark>'],
    ['علي رضايي', 'علی رضایی', '<mark>علي رضايي</mark>'],
    ['محمد رضایی‌نژاد', 'رضایی نژاد', 'محمد <mark>رضایی‌نژاد</mark>'],
    ['Ali  Rezaei', 'rezaei', 'Ali  <mark>Rezaei</mark>'],
    ['<b>x</b>', 'x', '&#60;b&#62;<mark>x</mark>&#60;/b&#62;'],
    ['کریمی', 'احمد', 'کریمی'],
  ])('%s / %s', (text, q, expected) => {
    expect(markup(text, highlightRanges(text, q))).toBe(expected);
  });
});
