import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SECTORS } from '../../src/modules/programs/programs.schemas.js';
import { readNik } from '../../src/shared/upload/nik-cell.js';
import { REASONS, reasonText, type ReasonKey } from '../../src/shared/upload/reasons.js';
import { parseSector, SECTOR_NAMES } from '../../src/shared/upload/sectors.js';

describe('parseSector', () => {
  it('then the Bahasa names map onto exactly the API sector codes', () => {
    expect(Object.values(SECTOR_NAMES).sort()).toEqual([...SECTORS].sort());
  });

  it.each([
    ['pertanian', 'agriculture'],
    ['Perikanan', 'fisheries'],
    ['TRANSPORTASI', 'transport'],
    [' perdagangan ', 'trade'],
    ['Konstruksi', 'construction'],
    ['industri', 'manufacturing'],
    ['Jasa', 'services'],
    ['lainnya', 'other'],
    ['agriculture', 'agriculture'],
    ['Manufacturing', 'manufacturing'],
  ])('when the sector is %j, then it is %s', (input, sector) => {
    expect(parseSector(input)).toEqual({ sector });
  });

  it.each(['', '   ', undefined])('when the cell is %j, then no sector is given', (input) => {
    expect(parseSector(input)).toEqual({ sector: undefined });
  });

  it('when the sector is unknown, then the reason lists the accepted names', () => {
    expect(parseSector('peternakan')).toEqual({
      reason: {
        key: 'sector.unknown',
        params: {
          value: 'peternakan',
          accepted: 'pertanian, perikanan, transportasi, perdagangan, konstruksi, industri, jasa, lainnya',
        },
      },
    });
  });
});

describe('readNik', () => {
  it('when a NIK is 16 digits as text, then it is read as is', () => {
    expect(readNik(' 1508014203850001 ')).toEqual({ nik: '1508014203850001' });
  });

  it('when a workbook stored the NIK as a number that kept all 16 digits, then they come back', () => {
    expect(readNik(1508014203850001)).toEqual({ nik: '1508014203850001' });
  });

  it.each([1508014203850000, 2 ** 54, 1.50801e15])(
    'when a stored number %d may have lost its 16th digit to Excel, then it is refused with the remedy',
    (input) => {
      expect(readNik(input)).toEqual({ reason: { key: 'nik.number', params: {} } });
    },
  );

  it.each(['1.50801E+15', '1,50801E+15', '1.50801e15'])(
    'when the NIK is %j (Excel scientific form), then the reason says its digits are lost',
    (input) => {
      expect(readNik(input)).toEqual({ reason: { key: 'nik.scientific', params: { value: input } } });
      expect(reasonText({ key: 'nik.scientific', params: { value: input } }, 'en')).toContain(
        'format the column as Text',
      );
    },
  );

  it.each(['150801420385000', '15080142038500011', '1508-0142-0385-0001', 'abc'])(
    'when the NIK is %j, then it must be 16 digits',
    (input) => {
      expect(readNik(input)).toEqual({ reason: { key: 'nik.digits', params: {} } });
    },
  );

  it('when the cell is empty, then the NIK is required', () => {
    expect(readNik('')).toEqual({ reason: { key: 'required', params: {} } });
    expect(readNik(undefined)).toEqual({ reason: { key: 'required', params: {} } });
  });

  it('property: any text is a 16-digit NIK or a known reason, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9.,eE+]{1,20}$/)), (input) => {
        const result = readNik(input);
        if ('nik' in result) expect(result.nik).toMatch(/^[0-9]{16}$/);
        else expect(Object.keys(REASONS)).toContain(result.reason.key);
      }),
    );
  });
});

describe('the reasons catalogue', () => {
  it('then every key has both sentences, naming the same parameters', () => {
    for (const [key, { en, id }] of Object.entries(REASONS)) {
      const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(en.length, key).toBeGreaterThan(0);
      expect(id.length, key).toBeGreaterThan(0);
      expect(params(id), key).toEqual(params(en));
    }
  });

  it('then a reason renders in English and in Bahasa Indonesia with its parameters filled', () => {
    const fraction = { key: 'amount.fraction' as ReasonKey, params: { value: '8.400,50' } };
    expect(reasonText(fraction, 'en')).toBe('has a fraction (8.400,50): amounts are whole rupiah');
    expect(reasonText(fraction, 'id')).toBe('memiliki pecahan (8.400,50): jumlah harus dalam rupiah bulat');
  });
});
