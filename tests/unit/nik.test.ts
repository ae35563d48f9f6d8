import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROVINCE_CODES, maskNik, nikErrors, nikRegencyChecker, parseNik } from '../../src/shared/nik.js';

/** The reasons in English, as the API answers by default. */
const nikReasons = (nik: string): string[] => nikErrors(nik).map((reason) => reason.en);

const FORMAT = 'NIK must be exactly 16 ASCII digits';
const DATE = 'birth date part (DDMMYY, women +40 on the day) is not a real date';
const SERIAL = 'serial must not be 0000';
const DISTRICT = 'district part must not be 00';
const province = (code: string): string => `unknown province code ${code}`;

const pad2 = (n: number): string => n.toString().padStart(2, '0');
const pad4 = (n: number): string => n.toString().padStart(4, '0');

interface NikParts {
  province: string;
  regency: string;
  district: string;
  day: number;
  month: number;
  yy: number;
  female: boolean;
  serial: number;
}

function buildNik(p: NikParts): string {
  const dd = p.female ? p.day + 40 : p.day;
  return `${p.province}${p.regency}${p.district}${pad2(dd)}${pad2(p.month)}${pad2(p.yy)}${pad4(p.serial)}`;
}

/** Independent Gregorian oracle: the tests do not reuse luxon to decide what a real date is. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

// Bungo (15.08), district 01, born 12 March '85, serial 0001.
const MALE = '1508011203850001';
const FEMALE = '1508015203850001'; // same, day 12 + 40

const JAMBI_REGENCIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '71', '72'];

/** A valid NIK issued in Jambi, built from parts with a real birth date (1901–2099, so 19yy and 20yy agree on leap years). */
const validPartsArb: fc.Arbitrary<NikParts> = fc
  .record({
    regency: fc.constantFrom(...JAMBI_REGENCIES),
    district: fc.integer({ min: 1, max: 99 }).map(pad2),
    year: fc.integer({ min: 1901, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    female: fc.boolean(),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .chain((r) =>
    fc.integer({ min: 1, max: daysInMonth(r.year, r.month) }).map((day) => ({
      province: '15',
      regency: r.regency,
      district: r.district,
      day,
      month: r.month,
      yy: r.year % 100,
      female: r.female,
      serial: r.serial,
    })),
  );

describe('nikErrors', () => {
  describe('when the NIK is valid', () => {
    it('then a male NIK has no errors', () => {
      expect(nikReasons(MALE)).toEqual([]);
    });

    it('then a female NIK (day + 40) has no errors', () => {
      expect(nikReasons(FEMALE)).toEqual([]);
    });

    it.each([
      ['female born on the 1st (day 41)', '1508014101900001'],
      ['female born on the 31st (day 71)', '1508017101900001'],
      ['male born on the 31st of December', '1508013112900001'],
      ['female born on 30 April (day 70)', '1508017004900001'],
      ['serial 9999', '1508011203859999'],
      ['a Kota Jambi NIK', '1571011203850001'],
      ['a Jakarta NIK', '3171011203850001'],
    ])('then a %s has no errors', (_label, nik) => {
      expect(nikReasons(nik)).toEqual([]);
    });
  });

  describe('when the NIK is not 16 ASCII digits', () => {
    it.each([
      ['15 digits', '150801120385000'],
      ['17 digits', '15080112038500011'],
      ['empty', ''],
      ['a letter', '15080112038500A1'],
      ['a leading space', ' 508011203850001'],
      ['a trailing newline', '1508011203850001\n'],
      ['dots', '15.08.01.120385.0001'],
      ['Arabic-Indic digits', '١٥٠٨٠١١٢٠٣٨٥٠٠٠١'],
      ['full-width digits', '１５０８０１１２０３８５０００１'],
      ['a sign', '+508011203850001'],
    ])('then %s gives only the format error', (_label, nik) => {
      expect(nikReasons(nik)).toEqual([FORMAT]);
    });
  });

  describe('when the province is unknown', () => {
    it.each(['99', '00', '10', '20', '22', '37', '54', '97', '98'])('then %j is named', (code) => {
      expect(nikReasons(`${code}08011203850001`)).toEqual([province(code)]);
    });

    it('then every listed province code passes', () => {
      for (const code of PROVINCE_CODES) expect(nikReasons(`${code}08011203850001`), code).toEqual([]);
    });

    it('then Jambi (15) is a known province', () => {
      expect(PROVINCE_CODES.has('15')).toBe(true);
    });
  });

  describe('when the district part is 00', () => {
    it('then it is named, with any other reason', () => {
      expect(nikReasons('1508001203850001')).toEqual([DISTRICT]);
      expect(nikReasons('9708001203850000')).toEqual([province('97'), DISTRICT, SERIAL]);
      expect(parseNik('1508001203850001')).toBeNull();
    });
  });

  describe('when the birth date is not a real date', () => {
    it.each([
      ['31 April', '1508013104850001'],
      ['31 April for a woman (day 71)', '1508017104850001'],
      ['29 February of a non-leap year (85)', '1508012902850001'],
      ['29 February of a non-leap year for a woman (69)', '1508016902850001'],
      ['30 February', '1508013002840001'],
      ['day 00', '1508010003850001'],
      ['day 40 (a woman born on day 0)', '1508014003850001'],
      ['day 32', '1508013203850001'],
      ['day 39', '1508013903850001'],
      ['day 72 (a woman born on the 32nd)', '1508017203850001'],
      ['day 99', '1508019903850001'],
      ['month 00', '1508011200850001'],
      ['month 13', '1508011213850001'],
      ['month 99', '1508011299850001'],
    ])('then %s is refused', (_label, nik) => {
      expect(nikReasons(nik)).toEqual([DATE]);
      expect(parseNik(nik)).toBeNull();
    });

    it('then 29 February is accepted only in leap years', () => {
      expect(nikReasons('1508012902840001')).toEqual([]); // 1984 and 2084 are both leap
      expect(nikReasons('1508016902840001')).toEqual([]); // same, female
      expect(nikReasons('1508012902960001')).toEqual([]); // 1996
      expect(nikReasons('1508012902040001')).toEqual([]); // 2004
      expect(nikReasons('1508012902850001')).toEqual([DATE]);
      expect(nikReasons('1508012902970001')).toEqual([DATE]);
      expect(nikReasons('1508012902230001')).toEqual([DATE]);
    });

    it('then 29 February of "00" is accepted (2000 was a leap year; nobody working was born in 1900)', () => {
      expect(nikReasons('1508012902000001')).toEqual([]);
      expect(nikReasons('1508016902000001')).toEqual([]);
    });

    it('when every DDMM is tried for leap and non-leap years, then exactly the real dates pass', () => {
      const mismatches: string[] = [];
      for (const yy of [0, 84, 85, 23, 96, 99]) {
        const year = 2000 + yy; // for every yy but 00 the 19yy year has the same leap status
        for (let dd = 0; dd <= 99; dd += 1) {
          for (let mm = 0; mm <= 99; mm += 1) {
            const day = dd > 40 ? dd - 40 : dd;
            const real = mm >= 1 && mm <= 12 && day >= 1 && day <= daysInMonth(year, mm);
            const nik = `150801${pad2(dd)}${pad2(mm)}${pad2(yy)}0001`;
            const errors = nikReasons(nik);
            if (JSON.stringify(errors) !== JSON.stringify(real ? [] : [DATE])) mismatches.push(nik);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  describe('when the serial is 0000', () => {
    it('then it is refused', () => {
      expect(nikReasons('1508011203850000')).toEqual([SERIAL]);
      expect(parseNik('1508011203850000')).toBeNull();
    });
  });

  describe('when several parts are wrong', () => {
    it('then every reason is returned at once, in order', () => {
      expect(nikReasons('9908011203850000')).toEqual([province('99'), SERIAL]);
      expect(nikReasons('9908013104850000')).toEqual([province('99'), DATE, SERIAL]);
      expect(nikReasons('1508014003850000')).toEqual([DATE, SERIAL]);
      expect(nikReasons('0008010000000000')).toEqual([province('00'), DATE, SERIAL]);
    });
  });
});

describe('parseNik', () => {
  it('when male, then region, province, birth month-day and sex', () => {
    expect(parseNik(MALE)).toEqual({
      provinceCode: '15',
      regionCode: '15.08',
      birthDate: '03-12',
      sex: 'male',
    });
  });

  it('when female, then the day is given back without the 40', () => {
    expect(parseNik(FEMALE)).toEqual({
      provinceCode: '15',
      regionCode: '15.08',
      birthDate: '03-12',
      sex: 'female',
    });
  });

  it('when born on the 1st as a woman (day 41), then female, day 01', () => {
    expect(parseNik('1571014101900001')).toMatchObject({
      regionCode: '15.71',
      birthDate: '01-01',
      sex: 'female',
    });
  });

  it('when born on 29 February of a leap year, then 02-29', () => {
    expect(parseNik('1508016902840001')).toMatchObject({ birthDate: '02-29', sex: 'female' });
  });

  it('when the NIK is invalid, then null', () => {
    expect(parseNik('150801120385000')).toBeNull();
    expect(parseNik('9908011203850001')).toBeNull();
    expect(parseNik('1508013104850001')).toBeNull();
    expect(parseNik('1508011203850000')).toBeNull();
  });
});

describe('nikRegencyChecker', () => {
  const check = nikRegencyChecker(['15', '15.01', '15.08', '15.71']);
  const reason = (nik: string) => check(nik)?.en ?? null;

  it("when the NIK's province has registered regencies, then its regency part must be one of them", () => {
    expect(reason('1508011203850001')).toBeNull();
    expect(reason('1571011203850001')).toBeNull();
    expect(reason('1599011203850001')).toBe('unknown regency or city code 15.99');
    expect(reason('1500011203850001')).toBe('unknown regency or city code 15.00');
  });

  it("when the NIK's province has no registered regency, then its regency part is not checked", () => {
    expect(reason('3171011203850001')).toBeNull();
    expect(nikRegencyChecker([])('1599011203850001')).toBeNull();
  });
});

describe('maskNik', () => {
  it('when a NIK is masked, then the region and the last two digits stay', () => {
    expect(maskNik('1508011203850001')).toBe('1508**********01');
    expect(maskNik('1571015203851234')).toBe('1571**********34');
  });

  it('when any valid NIK is masked, then 16 characters, 10 stars, and no birth date or serial head', () => {
    fc.assert(
      fc.property(validPartsArb, (parts) => {
        const nik = buildNik(parts);
        const masked = maskNik(nik);
        expect(masked).toHaveLength(16);
        expect(masked).toBe(`${nik.slice(0, 4)}**********${nik.slice(14)}`);
      }),
    );
  });
});

describe('properties', () => {
  it('when a NIK is built from a Jambi region, a real date, a sex and a serial 1..9999, then it validates and parses back', () => {
    fc.assert(
      fc.property(validPartsArb, (parts) => {
        const nik = buildNik(parts);
        expect(nik).toMatch(/^[0-9]{16}$/);
        expect(nikReasons(nik)).toEqual([]);
        expect(parseNik(nik)).toEqual({
          provinceCode: '15',
          regionCode: `15.${parts.regency}`,
          birthDate: `${pad2(parts.month)}-${pad2(parts.day)}`,
          sex: parts.female ? 'female' : 'male',
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('when the serial of any such NIK is set to 0000, then it never validates', () => {
    fc.assert(
      fc.property(validPartsArb, (parts) => {
        const nik = buildNik({ ...parts, serial: 0 });
        expect(nik.endsWith('0000')).toBe(true);
        expect(nikReasons(nik)).toEqual([SERIAL]);
        expect(parseNik(nik)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('when the day of any such NIK is pushed past the end of its month, then it never validates', () => {
    fc.assert(
      fc.property(validPartsArb, (parts) => {
        const year = 2000 + parts.yy; // same leap status as 19yy for 1901–2099
        const pastEnd = daysInMonth(year, parts.month) + 1; // 29..32: never a real day of this month
        const nik = buildNik({ ...parts, day: pastEnd });
        expect(nikReasons(nik)).toEqual([DATE]);
      }),
    );
  });

  it('when any 16-digit string is checked, then it validates exactly when all four rules hold', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{16}$/), (nik) => {
        const dd = Number(nik.slice(6, 8));
        const mm = Number(nik.slice(8, 10));
        const year = 2000 + Number(nik.slice(10, 12));
        const day = dd > 40 ? dd - 40 : dd;
        const expected: string[] = [];
        if (!PROVINCE_CODES.has(nik.slice(0, 2))) expected.push(province(nik.slice(0, 2)));
        if (nik.slice(4, 6) === '00') expected.push(DISTRICT);
        if (!(mm >= 1 && mm <= 12 && day >= 1 && day <= daysInMonth(year, mm))) expected.push(DATE);
        if (nik.endsWith('0000')) expected.push(SERIAL);
        expect(nikReasons(nik)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('when the string is not exactly 16 ASCII digits, then only the format error', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/^[0-9]{16}$/.test(s)),
        (nik) => {
          expect(nikReasons(nik)).toEqual([FORMAT]);
          expect(parseNik(nik)).toBeNull();
        },
      ),
    );
  });
});
