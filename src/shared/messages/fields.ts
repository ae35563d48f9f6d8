import { label, type Label } from '../i18n.js';

type P<K extends string> = Record<K, string | number>;

/**
 * What is wrong with one field, in both languages. Zod schemas name a rule by its key (see `rule` in
 * shared/fields.ts) and `zodErrors` fills in the figures the issue carries (`minimum`, `maximum`, or the
 * `params` a refinement passes); services call a rule directly.
 */
export const FIELD = {
  // Kinds of value
  stringType: () => label('must be a string', 'harus berupa teks'),
  booleanType: () => label('must be true or false', 'harus true atau false'),
  notEmpty: () => label('must not be empty', 'tidak boleh kosong'),
  tooLong: (p: P<'maximum'>) =>
    label(`must be at most ${p.maximum} characters`, `paling banyak ${p.maximum} karakter`),
  controlCharacters: () =>
    label('must not contain control characters', 'tidak boleh berisi karakter kendali'),
  oneOf: (p: P<'values'>) => label(`must be one of ${p.values}`, `harus salah satu dari ${p.values}`),
  atLeast: (p: P<'minimum'>) => label(`must be at least ${p.minimum}`, `paling sedikit ${p.minimum}`),
  atMost: (p: P<'maximum'>) => label(`must be at most ${p.maximum}`, `paling banyak ${p.maximum}`),
  notNegative: () => label('must not be negative', 'tidak boleh negatif'),
  wholeNumber: () => label('must be a whole number', 'harus bilangan bulat'),
  wholeNumberFrom1: () => label('must be a whole number from 1', 'harus bilangan bulat mulai 1'),
  wholeNumber1to99: () =>
    label('must be a whole number from 1 to 99', 'harus bilangan bulat dari 1 sampai 99'),
  requiredWith: (p: P<'other'>) => label(`is required with ${p.other}`, `wajib diisi bersama ${p.other}`),
  notAfter: (p: P<'other'>) => label(`must not be after ${p.other}`, `tidak boleh sesudah ${p.other}`),
  notBefore: (p: P<'other'>) => label(`must not be before ${p.other}`, `tidak boleh sebelum ${p.other}`),
  // Money
  rupiahType: () =>
    label(
      'must be a decimal string of whole rupiah, e.g. "16800" (JSON numbers are refused)',
      'harus teks angka rupiah bulat, misalnya "16800" (angka JSON ditolak)',
    ),
  rupiah: () =>
    label(
      'must be a decimal string of whole rupiah, e.g. "16800"',
      'harus teks angka rupiah bulat, misalnya "16800"',
    ),
  noFraction: () => label('must be whole rupiah (no fraction)', 'harus rupiah bulat (tanpa pecahan)'),
  notExceed: (p: P<'maximum'>) => label(`must not exceed ${p.maximum}`, `tidak boleh melebihi ${p.maximum}`),
  aboveZero: () => label('must be greater than zero', 'harus lebih dari nol'),
  notZero: () => label('must not be zero', 'tidak boleh nol'),
  // Months, dates, years
  periodType: () => label('must be a contribution month "YYYY-MM"', 'harus bulan iuran "YYYY-MM"'),
  period: () =>
    label(
      'must be a contribution month "YYYY-MM" (2000-01 to 2099-12)',
      'harus bulan iuran "YYYY-MM" (2000-01 sampai 2099-12)',
    ),
  dateType: () => label('must be a date "YYYY-MM-DD"', 'harus tanggal "YYYY-MM-DD"'),
  date: () =>
    label('must be a real calendar date "YYYY-MM-DD"', 'harus tanggal kalender yang nyata "YYYY-MM-DD"'),
  timestamp: () =>
    label(
      'must be a date "YYYY-MM-DD" or an ISO 8601 timestamp with offset',
      'harus tanggal "YYYY-MM-DD" atau waktu ISO 8601 dengan zona',
    ),
  yearType: () =>
    label('must be an integer year such as 2026', 'harus tahun berupa bilangan bulat, misalnya 2026'),
  year: () => label('must be a year from 2000 to 2099', 'harus tahun dari 2000 sampai 2099'),
  yearFrom2000: () => label('must be 2000 or later', 'paling awal 2000'),
  yearTo2099: () => label('must be 2099 or earlier', 'paling akhir 2099'),
  dateOfFiscalYear: () => label('must be a date of the fiscal year', 'harus tanggal pada tahun anggaran itu'),
  monthOfFiscalYear: () => label('must be a month of the fiscal year', 'harus bulan pada tahun anggaran itu'),
  atMost12Months: () =>
    label(
      'must cover at most 12 months (BPJS accepts payment up to 12 months ahead)',
      'paling banyak 12 bulan (BPJS menerima pembayaran sampai 12 bulan di muka)',
    ),
  // Ids, codes, cursors
  idType: () => label('must be an id string', 'harus id berupa teks'),
  id: () => label('must be an id returned by this service', 'harus id yang diberikan layanan ini'),
  cursor: () => label('must be a cursor returned by this service', 'harus cursor yang diberikan layanan ini'),
  code: () =>
    label(
      'must be 1 to 64 upper-case letters, digits and . _ -',
      'harus 1 sampai 64 huruf kapital, angka dan . _ -',
    ),
  sp2dCharacters: () =>
    label(
      'may contain letters, digits, spaces and . / _ -',
      'hanya boleh berisi huruf, angka, spasi dan . / _ -',
    ),
  idempotencyKey: () =>
    label(
      'must be 1 to 200 characters of letters, digits and ._:-',
      'harus 1 sampai 200 karakter berupa huruf, angka dan ._:-',
    ),
  validJson: () => label('body must be valid JSON', 'isi harus JSON yang valid'),
  // People and regions
  nikType: () => label('must be a NIK string of 16 digits', 'harus NIK berupa 16 digit'),
  nikDigits: () => label('NIK must be exactly 16 ASCII digits', 'NIK harus tepat 16 digit'),
  nikProvince: (p: P<'code'>) =>
    label(`unknown province code ${p.code}`, `kode provinsi ${p.code} tidak dikenal`),
  nikRegency: (p: P<'code'>) =>
    label(`unknown regency or city code ${p.code}`, `kode kabupaten/kota ${p.code} tidak dikenal`),
  nikDistrict: () => label('district part must not be 00', 'bagian kecamatan tidak boleh 00'),
  nikBirthDate: () =>
    label(
      'birth date part (DDMMYY, women +40 on the day) is not a real date',
      'bagian tanggal lahir (DDMMYY, perempuan +40 pada tanggal) bukan tanggal yang nyata',
    ),
  nikSerial: () => label('serial must not be 0000', 'nomor urut tidak boleh 0000'),
  digitsType: () => label('must be a string of digits', 'harus teks berisi angka'),
  digits: () => label('must be digits', 'harus berupa angka'),
  kpj: () => label('must be 1 to 32 digits', 'harus 1 sampai 32 digit'),
  phone: () =>
    label('must be 6 to 15 digits, optionally after a leading +', 'harus 6 sampai 15 digit, boleh diawali +'),
  regionCodeType: () => label('must be a region code string', 'harus kode wilayah berupa teks'),
  regionCode: () =>
    label(
      'must be a Kemendagri region code such as "15" or "15.08"',
      'harus kode wilayah Kemendagri seperti "15" atau "15.08"',
    ),
  unknownRegion: () => label('is not a known region code', 'bukan kode wilayah yang dikenal'),
  residenceIsProvince: () =>
    label(
      'is a province; a worker lives in a regency or city (e.g. 15.08)',
      'adalah provinsi; pekerja tinggal di kabupaten atau kota (misalnya 15.08)',
    ),
  outOfRegion: (p: P<'code'>) =>
    label(
      `lives outside ${p.code}, which a share of this programme is limited to`,
      `tinggal di luar ${p.code}, wilayah yang menjadi batas salah satu porsi program ini`,
    ),
  alreadyRegistered: () => label('is already registered', 'sudah terdaftar'),
  repeatsLine: (p: P<'line'>) =>
    label(`repeats line ${p.line} of the file`, `mengulang baris ${p.line} berkas`),
  // Programmes, rates and budgets
  unknownProgramme: () => label('is not a known programme', 'bukan program yang dikenal'),
  unknownFundingSource: () => label('is not a known funding source', 'bukan sumber dana yang dikenal'),
  unknownBeneficiary: () => label('is not a known beneficiary', 'bukan peserta yang dikenal'),
  sourcesScopeRoles: () =>
    label(
      'only finance officers and auditors can be limited to funding sources',
      'hanya petugas keuangan dan auditor yang dapat dibatasi pada sumber dana',
    ),
  outsideScope: () => label('is outside your scope', 'di luar cakupan Anda'),
  noRepeatedRegion: () => label('must not name a region twice', 'wilayah tidak boleh disebut dua kali'),
  regionsScopeRoles: () =>
    label(
      'only program managers and auditors can be limited to regions',
      'hanya pengelola program dan auditor yang dapat dibatasi pada wilayah',
    ),
  accountCode: () =>
    label(
      'must be a kode rekening of digits separated by dots, e.g. 5.1.02.02.02.0006',
      'harus kode rekening berupa angka dipisah titik, misalnya 5.1.02.02.02.0006',
    ),
  nip: () => label('must be a NIP of 18 digits (spaces allowed)', 'harus NIP 18 digit (boleh dengan spasi)'),
  noRepeatedSignatoryRole: () =>
    label('must name each signatory role once', 'setiap peran penandatangan hanya sekali'),
  benefitRequired: () =>
    label(
      'must name the benefit: this budget is kept per benefit',
      'harus menyebut manfaat: pagu ini dicatat per manfaat',
    ),
  benefitNotAllowed: () =>
    label(
      'must not name a benefit: this budget is one pooled line',
      'tidak boleh menyebut manfaat: pagu ini satu pagu gabungan',
    ),
  programmeBenefit: () => label('must be one of the programme benefits', 'harus salah satu manfaat program'),
  programmeSource: () =>
    label('must be one of the programme funding sources', 'harus salah satu sumber dana program'),
  benefitsRequired: () =>
    label('must include JKK and JKM (JHT is optional)', 'harus memuat JKK dan JKM (JHT pilihan)'),
  noRepeatedBenefit: () => label('must not repeat a benefit', 'manfaat tidak boleh berulang'),
  minIncome: () =>
    label(
      'must be at least 1000000 (the lowest declared income of a BPU worker)',
      'paling sedikit 1000000 (penghasilan terendah peserta BPU)',
    ),
  sourcesMin: () =>
    label('must name at least one funding source', 'harus menyebut paling sedikit satu sumber dana'),
  sourcesMax: () => label('must name at most 20 funding sources', 'paling banyak 20 sumber dana'),
  noRepeatedSource: () =>
    label('must not name a funding source twice', 'sumber dana tidak boleh disebut dua kali'),
  shareType: () =>
    label('must be a decimal fraction string such as "0.6"', 'harus teks pecahan desimal, misalnya "0.6"'),
  share: () =>
    label(
      'must be a decimal fraction above 0 and at most 1, with at most 9 decimals, e.g. "0.6"',
      'harus pecahan desimal di atas 0 dan paling besar 1, paling banyak 9 desimal, misalnya "0.6"',
    ),
  sharesSum: () => label('shares must sum to exactly 1', 'jumlah porsi harus tepat 1'),
  percentType: () =>
    label('must be a decimal string such as "1" (percent)', 'harus teks desimal, misalnya "1" (persen)'),
  percent: () =>
    label(
      'must be a percent from 0 to 100 as a decimal string, e.g. "0.5"',
      'harus persen dari 0 sampai 100 berupa teks desimal, misalnya "0.5"',
    ),
  exactlyOneAmount: () =>
    label(
      'exactly one of percentOfIncome and flatAmount is required',
      'harus tepat satu dari percentOfIncome dan flatAmount',
    ),
  atMostOneAmount: () =>
    label(
      'give at most one of percentOfIncome and flatAmount',
      'isi paling banyak satu dari percentOfIncome dan flatAmount',
    ),
  targetRateType: () =>
    label('must be a decimal fraction string such as "0.55"', 'harus teks pecahan desimal, misalnya "0.55"'),
  targetRate: () =>
    label(
      'must be a decimal fraction from 0 to 1 with at most 6 decimals, e.g. "0.55"',
      'harus pecahan desimal dari 0 sampai 1, paling banyak 6 desimal, misalnya "0.55"',
    ),
  workersType: () =>
    label(
      'must be a whole number of workers (a JSON integer)',
      'harus jumlah pekerja berupa bilangan bulat JSON',
    ),
  noRateCovers: (p: P<'benefit' | 'period'>) =>
    label(
      `no ${p.benefit} contribution rate covers ${p.period}`,
      `tidak ada tarif iuran ${p.benefit} untuk ${p.period}`,
    ),
  withinProgramme: (p: P<'from' | 'to'>) =>
    label(`must be within ${p.from}..${p.to}`, `harus di antara ${p.from}..${p.to}`),
  shortBy: (p: P<'shortfall' | 'remaining' | 'required'>) =>
    label(
      `short by ${p.shortfall} (remaining ${p.remaining}, required ${p.required})`,
      `kurang ${p.shortfall} (sisa ${p.remaining}, dibutuhkan ${p.required})`,
    ),
  notBelowRemovable: (p: P<'removable'>) =>
    label(`must not be below -${p.removable}`, `tidak boleh kurang dari -${p.removable}`),
  nothingRemovable: () =>
    label(
      'cannot be negative: everything allocated is already billed',
      'tidak boleh negatif: seluruh pagu sudah ditagih',
    ),
  notExceedOutstanding: (p: P<'outstanding'>) =>
    label(
      `must not exceed the outstanding ${p.outstanding}`,
      `tidak boleh melebihi sisa tagihan ${p.outstanding}`,
    ),
  notInFuture: () => label('must not be in the future', 'tidak boleh di masa depan'),
  notBeforePeriodYear: (p: P<'year'>) =>
    label(`must not be before the period's year ${p.year}`, `tidak boleh sebelum tahun periode ${p.year}`),
  notBeforeProgrammeStarts: (p: P<'start'>) =>
    label(
      `must not be before the programme starts (${p.start})`,
      `tidak boleh sebelum program mulai (${p.start})`,
    ),
  notAfterProgrammeEnds: (p: P<'end'>) =>
    label(
      `must not be after the programme ends (${p.end})`,
      `tidak boleh setelah program berakhir (${p.end})`,
    ),
  notBeforeEnrolmentStarts: (p: P<'start'>) =>
    label(
      `must not be before the enrolment starts (${p.start})`,
      `tidak boleh sebelum kepesertaan mulai (${p.start})`,
    ),
  notAfterEnrolmentEnd: (p: P<'end'>) =>
    label(
      `must not be after the enrolment's current end (${p.end})`,
      `tidak boleh setelah akhir kepesertaan saat ini (${p.end})`,
    ),
  rebillNeedsBeneficiary: () =>
    label('rebill needs a registered beneficiary', 'tagih ulang memerlukan peserta terdaftar'),
  // Uploads
  fieldCount: (p: P<'fields' | 'width'>) =>
    label(
      `has ${p.fields} fields but the header only ${p.width}`,
      `berisi ${p.fields} kolom padahal judul hanya ${p.width}`,
    ),
} satisfies Record<string, (p: never) => Label>;

export type FieldRule = keyof typeof FIELD;

export function isFieldRule(key: string): key is FieldRule {
  return Object.hasOwn(FIELD, key);
}
