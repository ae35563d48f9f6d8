import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JAMBI_REGIONS } from '../../seeds/reference.js';
import { regionReader } from '../../src/shared/upload/regions.js';

const read = regionReader(JAMBI_REGIONS);

describe('regionReader over the regions of Jambi', () => {
  describe('when a regency or city is written as people write it', () => {
    it.each([
      ['15.08', '15.08'],
      ['1508', '15.08'],
      ['15 08', '15.08'],
      ['15-08', '15.08'],
      ['Bungo', '15.08'],
      ['bungo', '15.08'],
      ['Kab. Bungo', '15.08'],
      ['Kab Bungo', '15.08'],
      ['KAB.BUNGO', '15.08'],
      ['Kabupaten Bungo', '15.08'],
      ['  kabupaten   bungo ', '15.08'],
      ['kota jambi', '15.71'],
      ['Kota Jambi', '15.71'],
      ['Kota Sungai Penuh', '15.72'],
      ['Sungai Penuh', '15.72'],
      ['sungaipenuh', '15.72'],
      ['Muaro Jambi', '15.05'],
      ['Kab. Tanjung Jabung Barat', '15.06'],
      ['15.71', '15.71'],
    ])('then %j is %s', (input, code) => {
      expect(read(input)).toEqual({ code });
    });

    it.each([
      [1508, '15.08'],
      [15.08, '15.08'],
      [15.71, '15.71'],
    ])('then the number %d a workbook stored is %s', (input, code) => {
      expect(read(input)).toEqual({ code });
    });
  });

  describe('when the region cannot be told', () => {
    it('then Jambi alone is ambiguous between the province and the city, naming both', () => {
      expect(read('Jambi')).toEqual({
        reason: {
          key: 'region.ambiguous',
          params: { value: 'Jambi', candidates: 'Provinsi Jambi (15), Kota Jambi (15.71)' },
        },
      });
    });

    it.each(['15', 'Provinsi Jambi', 'Prov. Jambi'])('then the province %j is not a regency', (input) => {
      expect(read(input)).toEqual({
        reason: { key: 'region.province', params: { value: input, name: 'Provinsi Jambi' } },
      });
    });

    it.each([
      '15.99',
      '1599',
      '16.08',
      'Bandung',
      'Kota Bungo',
      'Kabupaten Sungai Penuh',
      '15.08.01',
      '150',
      'kab',
    ])('then %j is unknown', (input) => {
      expect(read(input)).toEqual({ reason: { key: 'region.unknown', params: { value: input } } });
    });

    it('then 15.1 stored as a number is 15.10, which Jambi does not have', () => {
      expect(read(15.1)).toEqual({ reason: { key: 'region.unknown', params: { value: '15.10' } } });
    });

    it.each(['', '  ', undefined])('then %j is required', (input) => {
      expect(read(input)).toEqual({ reason: { key: 'required', params: {} } });
    });
  });

  describe('when a province has a regency and a city of the same name', () => {
    const readBekasi = regionReader([
      { code: '32', name: 'Provinsi Jawa Barat', level: 'province' },
      { code: '32.16', name: 'Kabupaten Bekasi', level: 'regency' },
      { code: '32.75', name: 'Kota Bekasi', level: 'city' },
    ]);

    it('then the kind written before the name decides, and the name alone is ambiguous', () => {
      expect(readBekasi('Kab. Bekasi')).toEqual({ code: '32.16' });
      expect(readBekasi('kota bekasi')).toEqual({ code: '32.75' });
      expect(readBekasi('Bekasi')).toMatchObject({ reason: { key: 'region.ambiguous' } });
    });
  });

  it('property: every regency and city reads back from its code, its compact code and its name', () => {
    const regencies = JAMBI_REGIONS.filter((r) => r.level !== 'province');
    fc.assert(
      fc.property(fc.constantFrom(...regencies), fc.boolean(), (region, upper) => {
        const name = upper ? region.name.toUpperCase() : region.name.toLowerCase();
        expect(read(region.code)).toEqual({ code: region.code });
        expect(read(region.code.replace('.', ''))).toEqual({ code: region.code });
        expect(read(name)).toEqual({ code: region.code });
      }),
    );
  });
});
