import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Decimal,
  MAX_RUPIAH,
  formatRupiah,
  formatRupiahAmount,
  fromDb,
  parseRupiah,
  roundRupiah,
  splitByShares,
  sumByKey,
  toDb,
  toWire,
  isRefusal,
  type MoneyRefusal,
  type MoneyRule,
} from '../../src/shared/money.js';

const FORMAT_REASON: MoneyRefusal = { rule: 'rupiah' };
const FRACTION_REASON: MoneyRefusal = { rule: 'noFraction' };
const MAX_REASON: MoneyRefusal = { rule: 'notExceed', params: { maximum: '999999999999999' } };
const RULE_REASON: Record<MoneyRule, MoneyRefusal> = {
  positive: { rule: 'aboveZero' },
  nonNegative: { rule: 'notNegative' },
  nonZero: { rule: 'notZero' },
};
const RULES: MoneyRule[] = ['positive', 'nonNegative', 'nonZero'];

const d = (value: string | number): Decimal => new Decimal(value);
const wire = (parts: Decimal[]): string[] => parts.map((p) => toWire(p));

/** Narrows a parse result: fails the test with the reason when it was refused. */
function accepted(result: Decimal | MoneyRefusal): Decimal {
  if (isRefusal(result)) throw new Error(`expected a Decimal, got refusal: ${JSON.stringify(result)}`);
  return result;
}

describe('parseRupiah', () => {
  describe('when the string is a well-formed whole amount', () => {
    it.each([
      ['16800', '16800'],
      ['16800.00', '16800'],
      ['16800.0', '16800'],
      ['1', '1'],
      ['999999999999999', '999999999999999'],
      ['999999999999999.00', '999999999999999'],
      ['0016800', '16800'],
    ])('then %j is accepted as %s under every rule', (input, expected) => {
      for (const rule of RULES) {
        const value = accepted(parseRupiah(input, rule));
        expect(value).toBeInstanceOf(Decimal);
        expect(toWire(value)).toBe(expected);
      }
    });

    it('then the default rule is positive', () => {
      expect(toWire(accepted(parseRupiah('16800')))).toBe('16800');
      expect(parseRupiah('0')).toEqual(RULE_REASON.positive);
      expect(parseRupiah('-1')).toEqual(RULE_REASON.positive);
    });
  });

  describe('when the amount is zero', () => {
    it.each(['0', '0.00', '00', '-0', '-0.00'])(
      'then %j is refused by positive and nonZero, naming the rule',
      (input) => {
        expect(parseRupiah(input, 'positive')).toEqual(RULE_REASON.positive);
        expect(parseRupiah(input, 'nonZero')).toEqual(RULE_REASON.nonZero);
      },
    );

    it.each(['0', '0.00', '00', '-0', '-0.00'])(
      'then %j is accepted by nonNegative as a plain (not negative) zero',
      (input) => {
        const value = accepted(parseRupiah(input, 'nonNegative'));
        expect(value.isZero()).toBe(true);
        expect(value.isNegative()).toBe(false);
        expect(toWire(value)).toBe('0');
      },
    );
  });

  describe('when the amount is negative', () => {
    it('then only nonZero accepts it', () => {
      expect(toWire(accepted(parseRupiah('-16800', 'nonZero')))).toBe('-16800');
      expect(toWire(accepted(parseRupiah('-16800.00', 'nonZero')))).toBe('-16800');
      expect(toWire(accepted(parseRupiah('-999999999999999', 'nonZero')))).toBe('-999999999999999');
    });

    it('then positive and nonNegative refuse it, naming the rule', () => {
      expect(parseRupiah('-16800', 'positive')).toEqual(RULE_REASON.positive);
      expect(parseRupiah('-16800', 'nonNegative')).toEqual(RULE_REASON.nonNegative);
      expect(parseRupiah('-1', 'nonNegative')).toEqual(RULE_REASON.nonNegative);
    });
  });

  describe('when the input is not a string', () => {
    it.each([
      ['the JSON number 16800', 16800],
      ['the JSON number 0', 0],
      ['the JSON number 16800.5', 16800.5],
      ['a bigint', 16800n],
      ['null', null],
      ['undefined', undefined],
      ['a boolean', true],
      ['an object', { amount: '16800' }],
      ['an array', ['16800']],
      ['a String object', new String('16800')],
      ['a Decimal', new Decimal(16800)],
    ])('then %s is refused under every rule', (_label, input) => {
      for (const rule of RULES) expect(parseRupiah(input, rule)).toEqual(FORMAT_REASON);
    });
  });

  describe('when the string is malformed', () => {
    it.each([
      '',
      ' ',
      ' 1',
      '1 ',
      '+1',
      '--1',
      '1e3',
      '1E3',
      '16800.',
      '.5',
      '16,800',
      '16_800',
      '0x10',
      'Infinity',
      '-Infinity',
      'NaN',
      '1\n',
      '\n1',
      'Rp 16.800',
      '١٦٨٠٠', // Arabic-Indic digits
      '１', // full-width digit one
      '１６８００',
      '16800\u00a0',
    ])('then %j is refused as not a decimal string, under every rule', (input) => {
      for (const rule of RULES) expect(parseRupiah(input, rule)).toEqual(FORMAT_REASON);
    });
  });

  describe('when the string has a non-zero fraction', () => {
    it.each([
      '16800.5',
      '16800.01',
      '0.5',
      '-0.5',
      '16.800', // the human format is a fraction to a machine
      '16800.00000000000000000000000000000000000000000001',
      '999999999999999.0000000001',
    ])('then %j is refused as not whole, under every rule', (input) => {
      for (const rule of RULES) expect(parseRupiah(input, rule)).toEqual(FRACTION_REASON);
    });
  });

  describe('when the magnitude exceeds MAX_RUPIAH', () => {
    it('then MAX_RUPIAH itself is 999999999999999', () => {
      expect(MAX_RUPIAH.toFixed(0)).toBe('999999999999999');
    });

    it.each(['1000000000000000', '1000000000000000.00', '99999999999999999999', '-1000000000000000'])(
      'then %j is refused under every rule',
      (input) => {
        for (const rule of RULES) expect(parseRupiah(input, rule)).toEqual(MAX_REASON);
      },
    );
  });

  describe('properties', () => {
    const magnitude = fc.bigInt({ min: 0n, max: 999_999_999_999_999n });

    it('then every whole amount within range round-trips through toWire, with or without ".00"', () => {
      fc.assert(
        fc.property(
          magnitude,
          fc.boolean(),
          fc.constantFrom('', '.0', '.00', '.000'),
          (m, negative, suffix) => {
            const n = negative ? -m : m;
            const canonical = n.toString();
            fc.pre(n !== 0n);
            const input = `${canonical}${suffix}`;
            expect(toWire(accepted(parseRupiah(input, 'nonZero')))).toBe(canonical);
            const positive = parseRupiah(input, 'positive');
            const nonNegative = parseRupiah(input, 'nonNegative');
            if (n > 0n) {
              expect(toWire(accepted(positive))).toBe(canonical);
              expect(toWire(accepted(nonNegative))).toBe(canonical);
            } else {
              expect(positive).toEqual(RULE_REASON.positive);
              expect(nonNegative).toEqual(RULE_REASON.nonNegative);
            }
          },
        ),
      );
    });

    it('then any JS number, integral or not, is refused', () => {
      fc.assert(
        fc.property(fc.oneof(fc.integer(), fc.double()), fc.constantFrom(...RULES), (n, rule) => {
          expect(parseRupiah(n, rule)).toEqual(FORMAT_REASON);
        }),
      );
    });

    it('then any non-zero fraction is refused', () => {
      fc.assert(
        fc.property(
          magnitude,
          fc.integer({ min: 1, max: 999_999_999 }),
          fc.constantFrom(...RULES),
          (m, fraction, rule) => {
            const input = `${m.toString()}.${fraction.toString().padStart(9, '0')}`;
            expect(parseRupiah(input, rule)).toEqual(FRACTION_REASON);
          },
        ),
      );
    });

    it('then any string with a character outside [0-9.-] is refused', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => /[^0-9.-]/.test(s)),
          fc.constantFrom(...RULES),
          (input, rule) => {
            expect(parseRupiah(input, rule)).toEqual(FORMAT_REASON);
          },
        ),
      );
    });
  });
});

describe('sumByKey', () => {
  it('then items sharing a key become one, in first-seen order, keeping the first item of each key', () => {
    const items = [
      { source: 'a', year: 2026, amount: d(10080) },
      { source: 'b', year: 2026, amount: d(6720) },
      { source: 'a', year: 2026, amount: d(-4200) },
      { source: 'a', year: 2027, amount: d(1) },
    ];
    const sums = sumByKey(items, (i) => `${i.source}/${i.year}`);
    expect(sums.map((s) => [s.source, s.year, toWire(s.amount)])).toEqual([
      ['a', 2026, '5880'],
      ['b', 2026, '6720'],
      ['a', 2027, '1'],
    ]);
    expect(toWire(items[0]!.amount)).toBe('10080');
  });

  it('then nothing gives nothing', () => {
    expect(sumByKey([], () => '')).toEqual([]);
  });
});

describe('splitByShares', () => {
  describe('examples', () => {
    it('when 16800 is split 0.333/0.667, then 5594/11206 (the leftover rupiah goes to the .6 remainder)', () => {
      // 16800 × 0.333 = 5594.4, 16800 × 0.667 = 11205.6 → floors 5594 + 11205 = 16799, 1 left for .6.
      expect(wire(splitByShares(d(16800), [d('0.333'), d('0.667')]))).toEqual(['5594', '11206']);
    });

    it('when 16800 is split 0.5/0.5, then 8400/8400', () => {
      expect(wire(splitByShares(d(16800), [d('0.5'), d('0.5')]))).toEqual(['8400', '8400']);
    });

    it('when 16800 is split province 0.6 / regency 0.4, then 10080/6720', () => {
      expect(wire(splitByShares(d(16800), [d('0.6'), d('0.4')]))).toEqual(['10080', '6720']);
    });

    it('when 10 is split in three near-thirds summing to 1, then the leftover goes to the largest remainder', () => {
      // 3.33333333, 3.33333333, 3.33333334 → floors 3+3+3 = 9, 1 left for the third share.
      const shares = [d('0.333333333'), d('0.333333333'), d('0.333333334')];
      expect(wire(splitByShares(d(10), shares))).toEqual(['3', '3', '4']);
    });

    it('when remainders tie, then the leftover goes to the earlier share', () => {
      // 2.5, 2.5, 5 → floors 2+2+5 = 9, tie between the first two: the first wins.
      expect(wire(splitByShares(d(10), [d('0.25'), d('0.25'), d('0.5')]))).toEqual(['3', '2', '5']);
      expect(wire(splitByShares(d(1), [d('0.5'), d('0.5')]))).toEqual(['1', '0']);
      expect(wire(splitByShares(d(2), [d('0.25'), d('0.25'), d('0.25'), d('0.25')]))).toEqual([
        '1',
        '1',
        '0',
        '0',
      ]);
    });

    it('when there is a single share of 1, then the whole goes to it', () => {
      expect(wire(splitByShares(d(16800), [d(1)]))).toEqual(['16800']);
    });

    it('when a share is zero, then its part is zero', () => {
      expect(wire(splitByShares(d(16801), [d(0), d('0.5'), d('0.5')]))).toEqual(['0', '8401', '8400']);
    });

    it('when the total is zero, then every part is zero', () => {
      const parts = splitByShares(d(0), [d('0.333'), d('0.667')]);
      expect(wire(parts)).toEqual(['0', '0']);
      for (const p of parts) expect(p.isNegative()).toBe(false);
    });

    it('when the total is negative, then the split mirrors the positive one', () => {
      expect(wire(splitByShares(d(-16800), [d('0.333'), d('0.667')]))).toEqual(['-5594', '-11206']);
      expect(wire(splitByShares(d(-1), [d('0.5'), d('0.5')]))).toEqual(['-1', '0']);
      // no negative zero leaks out
      for (const p of splitByShares(d(-1), [d('0.5'), d('0.5')])) expect(formatRupiah(p)).not.toBe('-Rp 0');
    });

    it('when the total is "16800.00" (integral Decimal), then it is split like 16800', () => {
      expect(wire(splitByShares(d('16800.00'), [d('0.333'), d('0.667')]))).toEqual(['5594', '11206']);
    });
  });

  describe('refusals', () => {
    it('when the shares sum to less than 1, then it throws', () => {
      expect(() => splitByShares(d(16800), [d('0.3'), d('0.3')])).toThrow('shares must sum to exactly 1');
      expect(() => splitByShares(d(10), [d('0.333333333'), d('0.333333333'), d('0.333333333')])).toThrow(
        'shares must sum to exactly 1',
      );
    });

    it('when the shares sum to more than 1, then it throws', () => {
      expect(() => splitByShares(d(16800), [d('0.5'), d('0.500000001')])).toThrow(
        'shares must sum to exactly 1',
      );
    });

    it('when there are no shares, then it throws', () => {
      expect(() => splitByShares(d(16800), [])).toThrow('shares must sum to exactly 1');
    });

    it('when the total has a fraction, then it throws', () => {
      expect(() => splitByShares(d('16800.5'), [d('0.5'), d('0.5')])).toThrow('split needs a whole amount');
      expect(() => splitByShares(d('-0.01'), [d(1)])).toThrow('split needs a whole amount');
    });
  });

  describe('properties', () => {
    /**
     * Shares with up to 9 decimals that are all positive and sum to exactly 1: pick n-1 distinct cut
     * points in (0, 10^k) and take the gaps between them (the integer weights), divided by 10^k.
     */
    const sharesArb = fc
      .record({ decimals: fc.integer({ min: 1, max: 9 }), count: fc.integer({ min: 1, max: 7 }) })
      .chain(({ decimals, count }) => {
        const scale = 10 ** decimals;
        return fc
          .uniqueArray(fc.integer({ min: 1, max: scale - 1 }), {
            minLength: Math.min(count - 1, scale - 1),
            maxLength: Math.min(count - 1, scale - 1),
          })
          .map((cuts) => {
            const points = [0, ...cuts.sort((a, b) => a - b), scale];
            return points.slice(1).map((p, i) => new Decimal(p - points[i]!).div(scale));
          });
      });

    const totalArb = fc
      .oneof(
        fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }),
        fc.bigInt({ min: -100n, max: 100n }),
        fc.constant(0n),
      )
      .map((n) => new Decimal(n.toString()));

    it('then the generated shares are positive, have at most 9 decimals and sum to exactly 1', () => {
      fc.assert(
        fc.property(sharesArb, (shares) => {
          expect(shares.reduce((a, s) => a.plus(s), d(0)).eq(1)).toBe(true);
          for (const s of shares) {
            expect(s.gt(0)).toBe(true);
            expect(s.decimalPlaces()).toBeLessThanOrEqual(9);
          }
        }),
      );
    });

    it('then the parts are whole and sum exactly to the total', () => {
      fc.assert(
        fc.property(totalArb, sharesArb, (total, shares) => {
          const parts = splitByShares(total, shares);
          expect(parts).toHaveLength(shares.length);
          for (const p of parts) expect(p.isInteger()).toBe(true);
          expect(parts.reduce((a, p) => a.plus(p), d(0)).eq(total)).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('then no part has the opposite sign of the total', () => {
      fc.assert(
        fc.property(totalArb, sharesArb, (total, shares) => {
          for (const p of splitByShares(total, shares)) {
            if (total.isNegative()) expect(p.gt(0)).toBe(false);
            else expect(p.isNegative()).toBe(false);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('then each part is within 1 rupiah of total × share (the floor or the ceiling of it)', () => {
      fc.assert(
        fc.property(totalArb, sharesArb, (total, shares) => {
          const parts = splitByShares(total, shares);
          parts.forEach((p, i) => {
            const exact = total.times(shares[i]!);
            expect(p.minus(exact).abs().lt(1)).toBe(true);
            expect(p.eq(exact.floor()) || p.eq(exact.ceil())).toBe(true);
          });
        }),
        { numRuns: 500 },
      );
    });

    it('then it is deterministic and does not mutate its inputs', () => {
      fc.assert(
        fc.property(totalArb, sharesArb, (total, shares) => {
          const before = shares.map((s) => s.toString());
          const totalBefore = total.toString();
          const a = wire(splitByShares(total, shares));
          const b = wire(splitByShares(total, shares));
          expect(a).toEqual(b);
          expect(shares.map((s) => s.toString())).toEqual(before);
          expect(total.toString()).toBe(totalBefore);
        }),
      );
    });

    it('then negating the total negates every part', () => {
      fc.assert(
        fc.property(totalArb, sharesArb, (total, shares) => {
          const positive = wire(splitByShares(total.abs(), shares));
          const negative = wire(splitByShares(total.abs().negated(), shares));
          expect(negative).toEqual(positive.map((p) => (p === '0' ? '0' : `-${p}`)));
        }),
      );
    });

    it('then shares that do not sum to 1 always throw', () => {
      fc.assert(
        fc.property(
          totalArb,
          sharesArb,
          fc.integer({ min: 1, max: 999_999_999 }),
          fc.boolean(),
          (total, shares, off, up) => {
            const delta = new Decimal(off).div(1_000_000_000);
            const skewed = [
              ...shares.slice(0, -1),
              shares[shares.length - 1]!.plus(up ? delta : delta.negated()),
            ];
            expect(() => splitByShares(total, skewed)).toThrow('shares must sum to exactly 1');
          },
        ),
      );
    });
  });
});

describe('roundRupiah', () => {
  it.each([
    ['0.5', '1'],
    ['1.5', '2'],
    ['2.5', '3'],
    ['2.4999999', '2'],
    ['2.5000001', '3'],
    ['0.4', '0'],
    ['16800', '16800'],
    ['5594.4', '5594'],
    ['11205.6', '11206'],
  ])('when %s is rounded, then %s (half up)', (input, expected) => {
    expect(toWire(roundRupiah(d(input)))).toBe(expected);
  });

  it.each([
    ['-0.5', '-1'],
    ['-2.5', '-3'],
    ['-2.4', '-2'],
  ])('when the negative %s is rounded, then %s (half away from zero, symmetric)', (input, expected) => {
    expect(toWire(roundRupiah(d(input)))).toBe(expected);
  });

  it('when a statutory percentage of income is taken, then the result is whole rupiah, half up', () => {
    const income = d(1_000_000);
    expect(toWire(roundRupiah(income.times('0.01')))).toBe('10000'); // JKK 1%
    expect(toWire(roundRupiah(income.times('0.0001')))).toBe('100'); // JKK 0.01% (PP 49/2020)
    expect(toWire(roundRupiah(income.times(1).div(100).div(100)))).toBe('100');
    expect(toWire(roundRupiah(income.times('0.02')))).toBe('20000'); // JHT 2%
    expect(toWire(roundRupiah(d(1_234_567).times('0.01')))).toBe('12346'); // 12345.67
    expect(toWire(roundRupiah(d(1_234_567).times('0.0001')))).toBe('123'); // 123.4567
    expect(toWire(roundRupiah(d(6800).times('0.01')))).toBe('68'); // JKM cut by 99%
    expect(toWire(roundRupiah(d(16800).times('0.5')))).toBe('8400'); // PP 50/2025 cut by 50%
  });

  it('when a value is rounded, then it is whole and within half a rupiah', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 9999 }),
        (whole, frac) => {
          const value = d(`${whole.toString()}.${frac.toString().padStart(4, '0')}`);
          const rounded = roundRupiah(value);
          expect(rounded.isInteger()).toBe(true);
          expect(rounded.minus(value).abs().lte('0.5')).toBe(true);
        },
      ),
    );
  });
});

describe('formatRupiahAmount', () => {
  it.each([
    ['16800', '16.800'],
    ['0', '0'],
    ['23587200000', '23.587.200.000'],
    ['-400', '-400'],
    ['-0', '0'],
  ])('when %s is written under a header that says Rp, then %j', (input, expected) => {
    expect(formatRupiahAmount(d(input))).toBe(expected);
  });
});

describe('formatRupiah', () => {
  it.each([
    ['16800', 'Rp 16.800'],
    ['0', 'Rp 0'],
    ['1', 'Rp 1'],
    ['999', 'Rp 999'],
    ['1000', 'Rp 1.000'],
    ['100000', 'Rp 100.000'],
    ['1000000', 'Rp 1.000.000'],
    ['1008000000', 'Rp 1.008.000.000'],
    ['999999999999999', 'Rp 999.999.999.999.999'],
    ['-16800', '-Rp 16.800'],
    ['16800.00', 'Rp 16.800'],
  ])('when %s is formatted, then %j', (input, expected) => {
    expect(formatRupiah(d(input))).toBe(expected);
  });

  it('when the amount is a negative zero (e.g. a small negative rounded), then it is shown as "Rp 0"', () => {
    expect(formatRupiah(d('-0'))).toBe('Rp 0');
    expect(formatRupiah(roundRupiah(d('-0.4')))).toBe('Rp 0');
  });

  it('when any whole amount is formatted, then removing "Rp " and the dots gives the digits back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (n) => {
        const text = formatRupiah(d(n.toString()));
        expect(text).toMatch(/^-?Rp [0-9]{1,3}(\.[0-9]{3})*$/);
        expect(text.replace('Rp ', '').replace(/\./g, '')).toBe(n.toString());
      }),
    );
  });
});

describe('fromDb', () => {
  it.each([
    ['a number', 16800, '16800'],
    ['a negative number', -16800, '-16800'],
    ['a zero number', 0, '0'],
    ['a negative zero number', -0, '0'],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ['a string', '16800', '16800'],
    ['a SUM string beyond 2^53', '9007199254740993', '9007199254740993'],
    ['a numeric string with zero fraction', '16800.00', '16800'],
    ['a bigint', 16800n, '16800'],
    ['a bigint beyond 2^53', 9007199254740993n, '9007199254740993'],
    ['a negative bigint', -16800n, '-16800'],
    ['null (an empty SUM)', null, '0'],
    ['undefined', undefined, '0'],
  ])('when the driver returns %s, then it is the exact Decimal', (_label, value, expected) => {
    const result = fromDb(value);
    expect(result).toBeInstanceOf(Decimal);
    expect(toWire(result)).toBe(expected);
  });

  it.each([
    ['2^53', 2 ** 53],
    ['-(2^53)', -(2 ** 53)],
    ['1e20', 1e20],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('when the driver returns the unsafe number %s, then it throws', (_label, value) => {
    expect(() => fromDb(value)).toThrow(/unsafe integer amount from database/);
  });

  it.each([
    ['a boolean', true],
    ['an object', { sum: '1' }],
    ['a Date', new Date()],
  ])('when the driver returns %s, then it throws', (_label, value) => {
    expect(() => fromDb(value)).toThrow(/unexpected amount type from database/);
  });

  it('when any safe integer comes back as number, string or bigint, then all three agree', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const expected = n.toString();
        expect(toWire(fromDb(n))).toBe(expected);
        expect(toWire(fromDb(String(n)))).toBe(expected);
        expect(toWire(fromDb(BigInt(n)))).toBe(expected);
      }),
    );
  });
});

describe('toWire / toDb', () => {
  it('when the amount is whole, then it is a plain decimal string without exponent', () => {
    expect(toWire(d(16800))).toBe('16800');
    expect(toWire(d('16800.00'))).toBe('16800');
    expect(toWire(d(0))).toBe('0');
    expect(toWire(d(-5))).toBe('-5');
    expect(toWire(d('1e20'))).toBe('100000000000000000000');
    expect(toWire(d('999999999999999'))).toBe('999999999999999');
    expect(toDb(d(16800))).toBe('16800');
    expect(toDb(d('1e20'))).toBe('100000000000000000000');
  });

  it('when the amount has a fraction, then it throws', () => {
    expect(() => toWire(d('16800.5'))).toThrow(/not a whole rupiah amount: 16800.5/);
    expect(() => toWire(d('0.01'))).toThrow(/not a whole rupiah amount/);
    expect(() => toDb(d('-0.5'))).toThrow(/not a whole rupiah amount/);
  });

  it('when the amount is a negative zero, then the wire form is "0"', () => {
    expect(toWire(d('-0'))).toBe('0');
    expect(toWire(roundRupiah(d('-0.4')))).toBe('0');
  });

  it('when a parsed amount is written back, then toWire(parseRupiah(x)) is the canonical string', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), (n) => {
        const value = accepted(parseRupiah(n.toString()));
        expect(toWire(value)).toBe(n.toString());
        expect(toDb(value)).toBe(n.toString());
      }),
    );
  });
});
