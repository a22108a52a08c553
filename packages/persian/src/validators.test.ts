import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPersianDigits } from './digits';
import {
  isValidNationalId,
  normalizeEmail,
  parseIranPhone,
  parseLegalId,
  parseNationalId,
  parsePostalCode,
  parseSheba,
} from './validators';

/** Every string obtained by replacing one digit of `s` with another digit. */
function oneDigitVariants(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (!/\d/.test(s.charAt(i))) continue;
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== s.charAt(i)) out.push(s.slice(0, i) + d + s.slice(i + 1));
    }
  }
  return out;
}

describe('parseIranPhone', () => {
  it.each([
    ['09121234567', '+989121234567', 'mobile'],
    ['9121234567', '+989121234567', 'mobile'],
    ['+989121234567', '+989121234567', 'mobile'],
    ['00989121234567', '+989121234567', 'mobile'],
    ['989121234567', '+989121234567', 'mobile'],
    ['۰۹۱۲ ۱۲۳ ۴۵۶۷', '+989121234567', 'mobile'],
    ['٠٩١٢-١٢٣-٤٥٦٧', '+989121234567', 'mobile'],
    ['+98 (912) 123.45.67', '+989121234567', 'mobile'],
    ['+98 (0) 912 123 4567', '+989121234567', 'mobile'],
    ['\u200E+98 912 123 4567\u200F', '+989121234567', 'mobile'],
    ['0990 123 4567', '+989901234567', 'mobile'],
    ['021-12345678', '+982112345678', 'landline'],
    ['(021) 1234 5678', '+982112345678', 'landline'],
    ['+98 21 1234 5678', '+982112345678', 'landline'],
    ['2112345678', '+982112345678', 'landline'],
    ['031-32123456', '+983132123456', 'landline'],
    ['۰۵۱ ۳۸۰۰ ۱۲۳۴', '+985138001234', 'landline'],
    ['0098-87-33123456', '+988733123456', 'landline'],
    ['+1 (415) 555-2671', '+14155552671', 'international'],
    ['0044 20 7946 0958', '+442079460958', 'international'],
    ['+49 30 123456', '+4930123456', 'international'],
  ])('%j → %s (%s)', (input, value, kind) => {
    expect(parseIranPhone(input)).toEqual({ ok: true, value, kind });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['0912abc4567', 'format'],
    ['0912+1234567', 'format'],
    ['0912123456', 'length'],
    ['091212345678', 'length'],
    ['12345678', 'length'],
    ['+98912123456', 'length'],
    ['+9891212345678', 'length'],
    ['0101234567', 'length'],
    ['01012345678', 'area_code'],
    ['02012345678', 'area_code'],
    ['+98 0 0 12345678', 'format'],
    ['+1 234', 'length'],
    ['+1234567890123456', 'length'],
    ['+0 123456789', 'format'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseIranPhone(input)).toEqual({ ok: false, reason });
  });

  it('gives the same result for every way of writing a mobile', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^9[0-9]{9}$/),
        fc.constantFrom('+98', '0098', '98', '0', '', '+98 (0) '),
        fc.boolean(),
        (nsn, prefix, persian) => {
          const spaced = `${prefix}${nsn.slice(0, 3)} ${nsn.slice(3, 6)}-${nsn.slice(6)}`;
          const input = persian ? toPersianDigits(spaced) : spaced;
          expect(parseIranPhone(input)).toEqual({ ok: true, value: `+98${nsn}`, kind: 'mobile' });
        },
      ),
    );
  });
});

/** Check digit of a 9-digit national ID body, computed the textbook way. */
function nationalIdCheck(body: string): number {
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  return sum % 11 < 2 ? sum % 11 : 11 - (sum % 11);
}

describe('parseNationalId', () => {
  it('accepts commonly cited sample IDs', () => {
    // The first two are the usual examples in Iranian developer write-ups; the others are further
    // checksum-valid IDs with leading zeros.
    for (const id of ['0499370899', '0790419904', '0013542419', '0067749828']) {
      expect(parseNationalId(id)).toEqual({ ok: true, value: id });
    }
  });

  it('accepts IDs built from the algorithm, in any digit kind and with dashes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), (body) => {
        const id = body + nationalIdCheck(body);
        fc.pre(!/^(\d)\1*$/.test(id));
        expect(parseNationalId(id)).toEqual({ ok: true, value: id });
        expect(
          parseNationalId(`${toPersianDigits(id.slice(0, 3))}-${id.slice(3, 9)}-${id.slice(9)}`),
        ).toEqual({
          ok: true,
          value: id,
        });
        // A wrong check digit is always refused.
        const wrong = (Number(id[9]) + 1 + (Number(body[0]) % 9)) % 10;
        expect(parseNationalId(body + wrong).ok).toBe(false);
      }),
    );
  });

  it('left-pads 8 and 9 digit input with zeros', () => {
    expect(parseNationalId('13542419')).toEqual({ ok: true, value: '0013542419' });
    expect(parseNationalId('499370899')).toEqual({ ok: true, value: '0499370899' });
    expect(isValidNationalId('۴۹۹۳۷۰۸۹۹')).toBe(true);
  });

  it.each([
    ['0499370898', 'checksum'],
    ['0499370809', 'checksum'],
    ['1499370899', 'checksum'],
    ['0790419914', 'checksum'],
    ['1111111111', 'repeated'],
    ['0000000000', 'repeated'],
    ['1234567', 'length'],
    ['12345678901', 'length'],
    ['04993708x9', 'format'],
    ['', 'empty'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseNationalId(input)).toEqual({ ok: false, reason });
    expect(isValidNationalId(input)).toBe(false);
  });

  it('catches a one-digit typo unless it lands on the one collision of the check rule', () => {
    // r = 1 and r = 10 both give check digit 1, so a typo moving r between them goes unnoticed;
    // every other single-digit change must be refused.
    for (const id of ['0499370899', '0790419904']) {
      for (const variant of oneDigitVariants(id)) {
        const sum = [...variant.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
        const collides = variant[9] === '1' && (sum % 11 === 1 || sum % 11 === 10);
        expect({ variant, ok: parseNationalId(variant).ok }).toEqual({ variant, ok: collides });
      }
    }
  });
});

describe('parseLegalId', () => {
  const COEF = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];
  const legalCheck = (ten: string): number => {
    const t = Number(ten[9]) + 2;
    const r = [...ten].reduce((acc, d, i) => acc + (Number(d) + t) * (COEF[i] ?? 0), 0) % 11;
    return r === 10 ? 0 : r;
  };

  it('accepts a known-valid sample and IDs built from the algorithm', () => {
    expect(parseLegalId('10380284790')).toEqual({ ok: true, value: '10380284790' });
    expect(parseLegalId('۱۰۳۸۰۲۸۴۷۹۰')).toEqual({ ok: true, value: '10380284790' });
    expect(parseLegalId('103-8028-4790')).toEqual({ ok: true, value: '10380284790' });
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), (ten) => {
        const id = ten + legalCheck(ten);
        fc.pre(!/^(\d)\1*$/.test(id));
        expect(parseLegalId(id)).toEqual({ ok: true, value: id });
        expect(parseLegalId(ten + ((legalCheck(ten) + 1) % 10)).ok).toBe(false);
      }),
    );
  });

  it.each([
    ['10380284791', 'checksum'],
    ['10380284780', 'checksum'],
    ['20380284790', 'checksum'],
    ['11111111111', 'repeated'],
    ['1038028479', 'length'],
    ['103802847900', 'length'],
    ['1038028479a', 'format'],
    ['', 'empty'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseLegalId(input)).toEqual({ ok: false, reason });
  });
});

describe('parsePostalCode', () => {
  it.each([
    ['1417935840', '1417935840'],
    ['14179-35840', '1417935840'],
    ['۱۴۱۷۹-۳۵۸۴۰', '1417935840'],
    ['1193653471', '1193653471'],
    ['71348 45799', '7134845799'],
    ['1345600000', '1345600000'],
  ])('%j → %s', (input, value) => {
    expect(parsePostalCode(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['1234567890', 'invalid'], // 2 in the first five digits
    ['0134567890', 'invalid'], // 0 in the first five digits
    ['1345067891', 'invalid'],
    ['1111111111', 'invalid'],
    ['141793584', 'length'],
    ['14179358400', 'length'],
    ['14179a5840', 'format'],
    ['', 'empty'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parsePostalCode(input)).toEqual({ ok: false, reason });
  });
});

/** ISO 13616 check with BigInt, independent of the implementation's chunked arithmetic. */
function ibanIsValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const numeric = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(numeric) % 97n === 1n;
}

describe('parseSheba', () => {
  const KNOWN = ['IR062960000000100324200001', 'IR820540102680020817909002'];

  it('accepts commonly cited sample Shebas (verified independently with mod 97)', () => {
    for (const sheba of KNOWN) {
      expect(ibanIsValid(sheba)).toBe(true);
      expect(parseSheba(sheba)).toEqual({ ok: true, value: sheba });
    }
  });

  it.each([
    ['ir062960000000100324200001'],
    ['IR06 2960 0000 0010 0324 2000 01'],
    ['IR06-2960-0000-0010-0324-2000-01'],
    ['062960000000100324200001'],
    ['IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱'],
    [' \u200Eir 06 ٢٩٦٠ 0000 0010 0324 2000 01 '],
  ])('canonicalises %j', (input) => {
    expect(parseSheba(input)).toEqual({ ok: true, value: 'IR062960000000100324200001' });
  });

  it('refuses every one-digit change of a valid Sheba', () => {
    for (const sheba of KNOWN) {
      for (const variant of oneDigitVariants(sheba)) {
        expect({ variant, result: parseSheba(variant) }).toEqual({
          variant,
          result: { ok: false, reason: 'checksum' },
        });
      }
    }
  });

  it('agrees with a BigInt mod-97 check on random input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{24}$/), (digits) => {
        expect(parseSheba(`IR${digits}`).ok).toBe(ibanIsValid(`IR${digits}`));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{22}$/), (bban) => {
        const check = 98 - Number(BigInt(`${bban}182700`) % 97n);
        const sheba = `IR${String(check).padStart(2, '0')}${bban}`;
        expect(parseSheba(sheba)).toEqual({ ok: true, value: sheba });
      }),
    );
  });

  it.each([
    ['', 'empty'],
    ['IR06296000000010032420000', 'length'],
    ['IR0629600000001003242000011', 'length'],
    ['DE89370400440532013000', 'format'],
    ['IR06296000000010032420000X', 'format'],
    ['IR072960000000100324200001', 'checksum'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseSheba(input)).toEqual({ ok: false, reason });
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['Ali.Rezaei@Example.COM', 'ali.rezaei@example.com'],
    ['  ali@example.ir  ', 'ali@example.ir'],
    ['mailto:Ali@Example.ir', 'ali@example.ir'],
    ['<ali@example.ir>', 'ali@example.ir'],
    ['MAILTO:<ali@example.ir>', 'ali@example.ir'],
    ['ali۱۲۳@example.ir', 'ali123@example.ir'],
    ['\u200Eali@example.ir\u200F', 'ali@example.ir'],
    ["o'brien+crm@mail.example.co.uk", "o'brien+crm@mail.example.co.uk"],
    ['x@xn--mgba3a4f16a.ir', 'x@xn--mgba3a4f16a.ir'],
    ['x@example.xn--mgba3a4f16a', 'x@example.xn--mgba3a4f16a'],
  ])('%j → %s', (input, value) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['mailto:', 'empty'],
    ['ali', 'format'],
    ['ali@', 'format'],
    ['@example.ir', 'format'],
    ['ali@example', 'format'],
    ['ali@@example.ir', 'format'],
    ['ali..r@example.ir', 'format'],
    ['.ali@example.ir', 'format'],
    ['ali@-example.ir', 'format'],
    ['ali@example.ir.', 'format'],
    ['ali @example.ir', 'format'],
    ['علی@example.ir', 'format'],
    ['ali@مثال.ایران', 'format'],
    ['Ali <ali@example.ir>', 'format'],
    [`${'a'.repeat(65)}@example.ir`, 'length'],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.ir`, 'length'],
    ['x@xn--mgba3a4f16a', 'format'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, reason });
  });
});
