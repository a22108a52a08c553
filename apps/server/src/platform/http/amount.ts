import { toLatinDigits } from '@peyvand/persian';
import { z } from 'zod';

/**
 * An exact amount typed by a person: a decimal string (Persian digits and separators accepted),
 * never a float; at most 4 decimals, never negative. Shared by deals, deal and document lines.
 */
export const AmountSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const s = toLatinDigits(v).trim().replace(/[,٬]/g, '').replace('٫', '.');
    if (s.startsWith('-')) {
      ctx.addIssue({ code: 'custom', message: 'Must not be negative', params: { code: 'negative' } });
      return z.NEVER;
    }
    const m = /^(\d{1,20})(?:\.(\d{1,4}))?$/.exec(s);
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        message: 'Expected an amount like "1250000" or "99.50" (at most 4 decimals)',
        params: { code: 'invalid_amount' },
      });
      return z.NEVER;
    }
    const int = (m[1] as string).replace(/^0+(?=\d)/, '');
    const frac = (m[2] ?? '').replace(/0+$/, '');
    return frac ? `${int}.${frac}` : int;
  })
  .describe('A decimal string, e.g. "125000000" or "99.5"');
