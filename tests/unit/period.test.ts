import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  DATE_PATTERN,
  PERIOD_PATTERN,
  ZONE,
  addMonths,
  currentPeriod,
  isDate,
  isPeriod,
  monthsBetween,
  type Period,
  periodRange,
  periodYear,
  timestamp,
  today,
  type Clock,
} from '../../src/shared/period.js';

const pad2 = (n: number): string => n.toString().padStart(2, '0');

/** A valid contribution month, 2000-01 … 2099-12. */
/** A month from a test's table, typed as the Period it is. */
const P = (text: string) => text as Period;

const periodArb = fc
  .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${pad2(month)}` as Period);

/** Independent calendar oracle (Gregorian), so the tests do not just re-run luxon. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

describe('isPeriod', () => {
  it.each(['2026-01', '2026-02', '2026-12', '2000-01', '2099-12', '2020-08'])('when %j, then valid', (p) => {
    expect(isPeriod(p)).toBe(true);
  });

  it.each([
    '2026-13',
    '2026-00',
    '2026-3',
    '2026-1',
    '26-03',
    '2026/03',
    '202603',
    '2026-03-01',
    ' 2026-03',
    '2026-03 ',
    '2026-03\n',
    '',
    '1999-12', // outside the 20xx range the pattern accepts
    '2100-01',
    '２０２６-０３',
  ])('when %j, then invalid', (p) => {
    expect(isPeriod(p)).toBe(false);
  });

  it('when any year 2000-2099 and month 1-12 are formatted YYYY-MM, then valid', () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        expect(isPeriod(p)).toBe(true);
      }),
    );
  });

  it('then PERIOD_PATTERN captures year and month', () => {
    expect('2026-04'.match(PERIOD_PATTERN)?.slice(1)).toEqual(['2026', '04']);
  });
});

describe('isDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-02-28', '2026-04-30', '2026-01-31', '2026-12-31', '2026-01-01'])(
    'when %j, then valid',
    (value) => {
      expect(isDate(value)).toBe(true);
    },
  );

  it.each([
    '2026-02-29', // 2026 is not a leap year
    '2025-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-06-31',
    '2026-09-31',
    '2026-11-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-1-01',
    '2026-01-1',
    '2026-3',
    '2026-03',
    '26-03-01',
    '2026/03/01',
    '2026-03-01T00:00',
    '2026-03-01 ',
    '1999-12-31',
    '',
  ])('when %j, then invalid', (value) => {
    expect(isDate(value)).toBe(false);
  });

  it('when every day number 01-31 of every month of leap and non-leap years is tried, then it agrees with the calendar', () => {
    for (const year of [2000, 2023, 2024, 2026, 2028, 2099]) {
      for (let month = 1; month <= 12; month += 1) {
        for (let day = 1; day <= 31; day += 1) {
          const value = `${year}-${pad2(month)}-${pad2(day)}`;
          expect(isDate(value), value).toBe(day <= daysInMonth(year, month));
        }
      }
    }
  });

  it('then DATE_PATTERN refuses day 00 and 32 on its own', () => {
    expect(DATE_PATTERN.test('2026-01-00')).toBe(false);
    expect(DATE_PATTERN.test('2026-01-32')).toBe(false);
    expect(DATE_PATTERN.test('2026-02-31')).toBe(true); // the calendar check is isDate's job
  });
});

describe('periodYear', () => {
  it.each([
    ['2026-04', 2026],
    ['2000-01', 2000],
    ['2099-12', 2099],
  ])('when %j, then %i', (p, year) => {
    expect(periodYear(P(p))).toBe(year);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01', 1, '2026-02'],
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-11', 3, '2027-02'],
    ['2026-01', 24, '2028-01'],
    ['2026-01', 0, '2026-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -3, '2025-12'],
    ['2026-03', -15, '2024-12'],
    ['2026-03', -27, '2023-12'],
    ['2020-08', 5, '2021-01'], // PP 49/2020 relief: August 2020 – January 2021
    ['2026-01', 14, '2027-03'], // PP 50/2025 transport: January 2026 – March 2027
    ['2024-02', 12, '2025-02'],
    ['2000-01', -1, '1999-12'],
  ])('when %j + %i months, then %j', (p, n, expected) => {
    expect(addMonths(P(p), n)).toBe(expected);
  });

  it('when n months are added then removed, then the period comes back', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: -1200, max: 1200 }), (p, n) => {
        const moved = addMonths(p, n);
        expect(moved).toMatch(/^[0-9]{4}-(0[1-9]|1[0-2])$/);
        expect(addMonths(moved, -n)).toBe(p);
      }),
    );
  });

  it('when n months are added, then monthsBetween gives n back', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: -1200, max: 1200 }), (p, n) => {
        expect(monthsBetween(p, addMonths(p, n))).toBe(n);
        expect(monthsBetween(addMonths(p, n), p)).toBe(0 - n); // 0 - n, not -n: toBe tells -0 from 0
      }),
    );
  });

  it('when adding a then b, then it equals adding a + b', () => {
    fc.assert(
      fc.property(
        periodArb,
        fc.integer({ min: -240, max: 240 }),
        fc.integer({ min: -240, max: 240 }),
        (p, a, b) => {
          expect(addMonths(addMonths(p, a), b)).toBe(addMonths(p, a + b));
        },
      ),
    );
  });

  it('when months are added, then the text order follows the month order', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 1, max: 600 }), (p, n) => {
        expect(addMonths(p, n) > p).toBe(true);
        expect(addMonths(p, -n) < p).toBe(true);
      }),
    );
  });
});

describe('periodRange', () => {
  it('when from and to span a year end, then every month is listed, inclusive', () => {
    expect(periodRange(P('2026-11'), P('2027-02'))).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('when from equals to, then that single month', () => {
    expect(periodRange(P('2026-04'), P('2026-04'))).toEqual(['2026-04']);
  });

  it('when to is before from, then empty', () => {
    expect(periodRange(P('2026-05'), P('2026-04'))).toEqual([]);
    expect(periodRange(P('2027-01'), P('2026-12'))).toEqual([]);
    expect(periodRange(P('2027-01'), P('2026-01'))).toEqual([]);
  });

  it('when the regulation ranges are expanded, then they have the right number of months', () => {
    expect(periodRange(P('2020-08'), P('2021-01'))).toHaveLength(6);
    expect(periodRange(P('2026-04'), P('2026-12'))).toHaveLength(9);
    expect(periodRange(P('2026-01'), P('2027-03'))).toHaveLength(15);
    expect(periodRange(P('2026-01'), P('2026-12'))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });

  it('when to is n ≥ 0 months after from, then n + 1 consecutive months from from to to', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 0, max: 240 }), (from, n) => {
        const to = addMonths(from, n);
        const range = periodRange(from, to);
        expect(range).toHaveLength(n + 1);
        expect(range[0]).toBe(from);
        expect(range[range.length - 1]).toBe(to);
        for (let i = 1; i < range.length; i += 1) expect(monthsBetween(range[i - 1]!, range[i]!)).toBe(1);
      }),
    );
  });

  it('when to is before from, then always empty', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 1, max: 240 }), (from, n) => {
        expect(periodRange(from, addMonths(from, -n))).toEqual([]);
      }),
    );
  });
});

describe('monthsBetween', () => {
  it.each([
    ['2026-04', '2026-04', 0],
    ['2026-04', '2026-12', 8],
    ['2026-12', '2027-01', 1],
    ['2026-01', '2027-03', 14],
    ['2027-01', '2026-12', -1],
    ['2027-03', '2026-01', -14],
    ['2000-01', '2099-12', 1199],
  ])('when from %j to %j, then %i', (from, to, n) => {
    expect(monthsBetween(P(from), P(to))).toBe(n);
  });

  it('then its sign agrees with the text order', () => {
    fc.assert(
      fc.property(periodArb, periodArb, (a, b) => {
        expect(Math.sign(monthsBetween(a, b))).toBe(a === b ? 0 : a < b ? 1 : -1);
      }),
    );
  });
});

describe('clock helpers', () => {
  // 2026-01-31T20:30Z is already 1 February 03:30 in Jakarta (UTC+7).
  const clock: Clock = () => DateTime.fromISO('2026-01-31T20:30:00.000Z').setZone(ZONE);

  it('when it is 1 February in Jakarta but still 31 January in UTC, then the Jakarta calendar wins', () => {
    expect(currentPeriod(clock)).toBe('2026-02');
    expect(today(clock)).toBe('2026-02-01');
    expect(timestamp(clock)).toBe('2026-02-01T03:30:00.000+07:00');
  });

  it('then the zone is Asia/Jakarta', () => {
    expect(ZONE).toBe('Asia/Jakarta');
  });
});
