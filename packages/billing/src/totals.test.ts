import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAmounts, compareAmounts, dec, isDecimal } from './decimal';
import { type DocumentInput, documentTotals, type LineInput } from './totals';

describe('worked examples', () => {
  it('an Iranian invoice in Rial with 10% VAT, a line discount, an exempt service and a document discount', () => {
    const totals = documentTotals({
      currency: 'IRR',
      lines: [
        { quantity: '3', unitPrice: '1250000', taxRate: '10' },
        { quantity: '2', unitPrice: '845500', discount: { kind: 'percent', value: '5' }, taxRate: '10' },
        { quantity: '1', unitPrice: '2000000', taxRate: '0' },
      ],
      discount: { kind: 'amount', value: '500000' },
    });
    // subtotal 3,750,000 + 1,606,450 + 2,000,000 = 7,356,450. The 500,000 off is split by net:
    // exact shares 254,878.37 | 109,186.50 | 135,935.13 → floors add up to 499,999 and the one Rial left
    // goes to the largest remainder (line 2): 254,878 | 109,187 | 135,935.
    expect(totals.lines).toEqual([
      {
        gross: '3750000',
        lineDiscount: '0',
        net: '3750000',
        documentDiscount: '254878',
        taxable: '3495122',
        taxRate: '10',
        tax: '349512', // 349,512.2
        total: '3844634',
      },
      {
        gross: '1691000',
        lineDiscount: '84550',
        net: '1606450',
        documentDiscount: '109187',
        taxable: '1497263',
        taxRate: '10',
        tax: '149726', // 149,726.3
        total: '1646989',
      },
      {
        gross: '2000000',
        lineDiscount: '0',
        net: '2000000',
        documentDiscount: '135935',
        taxable: '1864065',
        taxRate: '0',
        tax: '0',
        total: '1864065',
      },
    ]);
    expect(totals).toMatchObject({
      gross: '7441000',
      lineDiscounts: '84550',
      subtotal: '7356450',
      documentDiscount: '500000',
      taxable: '6856450',
      tax: '499238',
      total: '7355688',
      taxes: [
        { taxRate: '0', taxable: '1864065', tax: '0' },
        { taxRate: '10', taxable: '4992385', tax: '499238' },
      ],
    });
  });

  it('USD: two places, half-up by default, half-even on request', () => {
    const input: DocumentInput = {
      currency: 'USD',
      lines: [{ quantity: '1', unitPrice: '0.125', taxRate: '0' }],
    };
    expect(documentTotals(input).total).toBe('0.13');
    expect(documentTotals({ ...input, rounding: 'half-even' }).total).toBe('0.12');
    // 0.375 → 0.38 either way (7 is odd, so half-even also goes up)
    expect(
      documentTotals({ ...input, lines: [{ quantity: '3', unitPrice: '0.125', taxRate: '0' }] }).total,
    ).toBe('0.38');
  });

  it('EUR: tax on the discounted amount, rounded per line; a 10% document discount', () => {
    const totals = documentTotals({
      currency: 'EUR',
      lines: [
        { quantity: '1.5', unitPrice: '19.99', taxRate: '19' }, // 29.985 → 29.99
        { quantity: '4', unitPrice: '2.50', discount: { kind: 'amount', value: '1' }, taxRate: '7' }, // 10 − 1
      ],
      discount: { kind: 'percent', value: '10' },
    });
    // subtotal 38.99; 10% = 3.899 → 3.90; shares of 390 cents by 2999 : 900 → 299.97 | 90.02 → 300 | 90
    expect(totals.lines.map((l) => [l.net, l.documentDiscount, l.taxable, l.tax, l.total])).toEqual([
      ['29.99', '3.00', '26.99', '5.13', '32.12'], // 26.99 × 19% = 5.1281
      ['9.00', '0.90', '8.10', '0.57', '8.67'], // 8.10 × 7% = 0.567
    ]);
    expect(totals).toMatchObject({
      subtotal: '38.99',
      documentDiscount: '3.90',
      tax: '5.70',
      total: '40.79',
    });
  });

  it('a discount larger than its base takes it to zero, never below', () => {
    const totals = documentTotals({
      currency: 'IRR',
      lines: [
        { quantity: '1', unitPrice: '1000', discount: { kind: 'amount', value: '5000' }, taxRate: '10' },
      ],
      discount: { kind: 'amount', value: '99' },
    });
    expect(totals.lines[0]).toMatchObject({
      lineDiscount: '1000',
      net: '0',
      documentDiscount: '0',
      total: '0',
    });
    expect(totals).toMatchObject({ documentDiscount: '0', total: '0' });
  });

  it('an empty document totals zero', () => {
    expect(documentTotals({ currency: 'USD', lines: [] })).toMatchObject({ total: '0.00', taxes: [] });
  });

  it.each([
    [{ quantity: '-1', unitPrice: '1', taxRate: '10' }, /quantity must not be negative/],
    [{ quantity: '1', unitPrice: '-5', taxRate: '10' }, /unitPrice must not be negative/],
    [{ quantity: '1', unitPrice: '5', taxRate: '100.5' }, /taxRate must be at most 100/],
    [{ quantity: '1', unitPrice: '1e3', taxRate: '10' }, /Not a decimal number/],
    [
      { quantity: '1', unitPrice: '5', discount: { kind: 'percent', value: '101' }, taxRate: '0' },
      /at most 100/,
    ],
  ] as [LineInput, RegExp][])('refuses %j', (line, message) => {
    expect(() => documentTotals({ currency: 'IRR', lines: [line] })).toThrow(message);
  });

  it('refuses a currency without a rounding rule, and JS numbers anywhere', () => {
    expect(() => documentTotals({ currency: 'XXX', lines: [] })).toThrow(/No rounding rule/);
    expect(() => dec(0.1 as unknown as string)).toThrow(RangeError);
  });
});

describe('amount helpers', () => {
  it('adds and compares exactly', () => {
    expect(addAmounts('0.1', '0.2')).toBe('0.3');
    expect(addAmounts('25000000', '-1500000', '0.50')).toBe('23500000.5');
    expect(compareAmounts('10.0', '10')).toBe(0);
    expect(compareAmounts('9.99', '10')).toBe(-1);
    expect(isDecimal('12.50')).toBe(true);
    expect(['', '1.', '.5', '01', '1e5', ' 1', '۱۲'].filter(isDecimal)).toEqual([]);
  });
});

/** A decimal string from whole units and a number of places: (12345n, 2) → '123.45'. */
const amount = (maxUnits: bigint, maxPlaces: number) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: maxUnits }), fc.integer({ min: 0, max: maxPlaces }))
    .map(([units, places]) =>
      dec(units.toString())
        .div(dec(`${10n ** BigInt(places)}`))
        .toFixed(),
    );
const rate = fc.constantFrom('0', '9', '10', '19', '7.5', '100');
const discount = fc.option(
  fc.oneof(
    fc.record({
      kind: fc.constant('percent' as const),
      value: amount(10000n, 2).filter((v) => dec(v).lte('100')),
    }),
    fc.record({ kind: fc.constant('amount' as const), value: amount(10n ** 9n, 2) }),
  ),
);
const line = fc.record({
  quantity: amount(100000n, 3),
  unitPrice: amount(10n ** 10n, 3),
  discount,
  taxRate: rate,
});
const document = fc.record({
  currency: fc.constantFrom('IRR', 'USD', 'EUR'),
  lines: fc.array(line, { maxLength: 8 }),
  discount,
  rounding: fc.constantFrom('half-up' as const, 'half-even' as const),
});

describe('properties', () => {
  const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(dec(x)), dec('0'));

  it('line totals add up to the grand total, and taxable + tax = grand total', () => {
    fc.assert(
      fc.property(document, (input) => {
        const t = documentTotals(input);
        expect(sum(t.lines.map((l) => l.total)).eq(dec(t.total))).toBe(true);
        expect(dec(t.taxable).plus(dec(t.tax)).eq(dec(t.total))).toBe(true);
        expect(dec(t.subtotal).minus(dec(t.documentDiscount)).eq(dec(t.taxable))).toBe(true);
        expect(sum(t.lines.map((l) => l.documentDiscount)).eq(dec(t.documentDiscount))).toBe(true);
        expect(sum(t.taxes.map((x) => x.tax)).eq(dec(t.tax))).toBe(true);
      }),
    );
  });

  it('no discount makes a line or the document negative, and every figure has the currency places', () => {
    const places = { IRR: 0, USD: 2, EUR: 2 } as Record<string, number>;
    fc.assert(
      fc.property(document, (input) => {
        const t = documentTotals(input);
        for (const l of t.lines) {
          for (const figure of [l.net, l.taxable, l.tax, l.total]) expect(dec(figure).gte('0')).toBe(true);
          expect(dec(l.lineDiscount).lte(dec(l.gross))).toBe(true);
          expect(dec(l.documentDiscount).lte(dec(l.net))).toBe(true);
          expect(l.total.split('.')[1]?.length ?? 0).toBe(places[input.currency]);
        }
        expect(dec(t.documentDiscount).lte(dec(t.subtotal))).toBe(true);
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        document.chain((input) =>
          fc.tuple(fc.constant(input), fc.shuffledSubarray(input.lines, { minLength: input.lines.length })),
        ),
        ([input, shuffled]) => {
          const a = documentTotals(input);
          const b = documentTotals({ ...input, lines: shuffled });
          const { lines: la, ...docA } = a;
          const { lines: lb, ...docB } = b;
          expect(docB).toEqual(docA);
          // the same lines get the same figures, wherever they stand
          const key = (l: LineInput) => JSON.stringify([l.quantity, l.unitPrice, l.discount, l.taxRate]);
          const byLine = (lines: LineInput[], totals: typeof la) =>
            lines.map((l, i) => key(l) + JSON.stringify(totals[i])).sort();
          expect(byLine(shuffled, lb)).toEqual(byLine(input.lines, la));
        },
      ),
    );
  });
});
