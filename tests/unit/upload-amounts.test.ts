import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAmount } from '../../src/shared/upload/amounts.js';
import { REASONS } from '../../src/shared/upload/reasons.js';

/** The Indonesian way of writing n: a dot between groups of three digits. */
const grouped = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');

describe('parseAmount', () => {
  describe('when an amount is written as the contract lists', () => {
    it.each([
      ['8400', '8400'],
      ['8.400', '8400'],
      ['8.400,00', '8400'],
      ['Rp 8.400', '8400'],
      ['Rp8.400', '8400'],
      ['Rp. 8.400', '8400'],
      ['rp 8400', '8400'],
      ['RP.8.400,00', '8400'],
      ['Rp\u00a016.800', '16800'],
      ['  16.800  ', '16800'],
      ['16800.00', '16800'],
      ['Rp 84.0', '84'],
      ['8400,00', '8400'],
      ['8,0', '8'],
      ['0', '0'],
      ['0008400', '8400'],
      ['1.000.000', '1000000'],
      ['999.999.999.999.999', '999999999999999'],
    ])('then %j reads as %s rupiah', (input, amount) => {
      expect(parseAmount(input)).toEqual({ amount });
    });
  });

  describe('when an amount is refused', () => {
    it.each([
      ['8.400,50', 'amount.fraction'],
      ['8.400,05', 'amount.fraction'],
      ['8,4', 'amount.decimal_comma'],
      ['8400,5', 'amount.decimal_comma'],
      ['8,400', 'amount.decimal_comma'],
      ['16,800', 'amount.decimal_comma'],
      ['8,400,000', 'amount.decimal_comma'],
      ['84.000.00', 'amount.grouping'],
      ['8400.05', 'amount.grouping'],
      ['8400.5', 'amount.grouping'],
      ['8..400', 'amount.grouping'],
      ['8.4000', 'amount.grouping'],
      ['8.400.', 'amount.grouping'],
      ['-8400', 'amount.negative'],
      ['-Rp 8.400', 'amount.negative'],
      ['Rp -8.400', 'amount.negative'],
      ['\u22128.400', 'amount.negative'],
      ['', 'required'],
      ['   ', 'required'],
      ['delapan ribu', 'amount.letters'],
      ['8400 rupiah', 'amount.letters'],
      ['IDR 8.400', 'amount.letters'],
      ['1.50801E+15', 'amount.letters'],
      ['1234567890123456', 'amount.too_long'],
      ['1.234.567.890.123.456', 'amount.too_long'],
      ['8 400', 'amount.format'],
      ['8.400,-', 'amount.format'],
      ['+8400', 'amount.format'],
      [',50', 'amount.format'],
      ['8.400,', 'amount.format'],
      ['Rp', 'amount.format'],
      ['(8.400)', 'amount.format'],
    ])('then %j is refused as %s', (input, key) => {
      const result = parseAmount(input);
      expect(result).toMatchObject({ reason: { key } });
    });

    it('then the reason names the value as written, for the message', () => {
      expect(parseAmount(' 8.400,50 ')).toEqual({
        reason: { key: 'amount.fraction', params: { value: '8.400,50' } },
      });
    });
  });

  describe('when a workbook stored the amount as a number', () => {
    it.each([
      [8400, '8400'],
      [0, '0'],
      [-0, '0'],
      [999999999999999, '999999999999999'],
      // A formula's result with binary noise: Excel shows 8400, and so it reads.
      [8400.000000000002, '8400'],
    ])('then %d reads as %s rupiah', (input, amount) => {
      expect(parseAmount(input)).toEqual({ amount });
    });

    it.each([
      [8400.5, 'amount.fraction', '8400.5'],
      [-8400, 'amount.negative', '-8400'],
      [1e15, 'amount.too_long', '1000000000000000'],
      [Number.NaN, 'amount.format', '#ERROR'],
    ])('then %d is refused as %s naming %s', (input, key, value) => {
      expect(parseAmount(input)).toEqual({ reason: { key, params: { value } } });
    });
  });

  describe('properties', () => {
    const amount = fc.bigInt({ min: 0n, max: 999_999_999_999_999n });
    const written = fc.tuple(
      amount,
      fc.constantFrom('', 'Rp ', 'Rp', 'Rp. ', 'rp '),
      fc.boolean(),
      fc.constantFrom('', ',00', ',0'),
    );

    it('when an integer is written the Indonesian way, then it reads back as itself', () => {
      fc.assert(
        fc.property(written, ([n, prefix, dots, zeros]) => {
          const text = `${prefix}${dots ? grouped(n) : n.toString()}${zeros}`;
          expect(parseAmount(text)).toEqual({ amount: n.toString() });
        }),
      );
    });

    it('when any text is given, then it is a whole amount of at most 15 digits or a known reason', () => {
      const text = fc.oneof(
        fc.string(),
        fc.stringMatching(/^(Rp\.? ?)?-?[0-9.,]{0,20}$/),
        written.map(([n]) => grouped(n)),
      );
      fc.assert(
        fc.property(text, (input) => {
          const result = parseAmount(input);
          if ('amount' in result) expect(result.amount).toMatch(/^(0|[1-9][0-9]{0,14})$/);
          else expect(Object.keys(REASONS)).toContain(result.reason.key);
        }),
      );
    });

    it('when a workbook stores any number, then it is exact whole rupiah or a known reason', () => {
      fc.assert(
        fc.property(fc.double(), (n) => {
          const result = parseAmount(n);
          if ('amount' in result) expect(BigInt(result.amount)).toBe(BigInt(Math.round(n)));
          else expect(Object.keys(REASONS)).toContain(result.reason.key);
        }),
      );
    });
  });
});
