import type { Label } from '../i18n.js';

/**
 * Why a cell or an upload is refused, as a key and its parameters: the edge renders them in the language
 * the user asked for. Each key carries its sentence in English and in Bahasa Indonesia; `{name}` marks a
 * parameter.
 */
export const REASONS = {
  required: { en: 'is required', id: 'wajib diisi' },

  'amount.negative': { en: 'must not be negative ({value})', id: 'tidak boleh negatif ({value})' },
  'amount.letters': {
    en: 'must be a number of rupiah such as 8400 or Rp 8.400, not text ({value})',
    id: 'harus berupa angka rupiah seperti 8400 atau Rp 8.400, bukan teks ({value})',
  },
  'amount.fraction': {
    en: 'has a fraction ({value}): amounts are whole rupiah',
    id: 'memiliki pecahan ({value}): jumlah harus dalam rupiah bulat',
  },
  'amount.decimal_comma': {
    en: '{value} is ambiguous: a comma marks decimals in Bahasa Indonesia but thousands in English; write whole rupiah such as 8400 or 8.400',
    id: '{value} bermakna ganda: koma menandai desimal dalam bahasa Indonesia tetapi ribuan dalam bahasa Inggris; tulis rupiah bulat seperti 8400 atau 8.400',
  },
  'amount.grouping': {
    en: 'the dots in {value} do not separate groups of three digits; write 8400 or 8.400',
    id: 'titik pada {value} tidak memisahkan kelompok tiga angka; tulis 8400 atau 8.400',
  },
  'amount.too_long': { en: 'has more than 15 digits ({value})', id: 'lebih dari 15 angka ({value})' },
  'amount.format': {
    en: '{value} is not an amount of whole rupiah such as 8400, 8.400 or Rp 8.400',
    id: '{value} bukan jumlah rupiah bulat seperti 8400, 8.400 atau Rp 8.400',
  },

  'nik.digits': { en: 'must be 16 digits', id: 'harus 16 angka' },
  'nik.scientific': {
    en: '{value} is a NIK that Excel showed in scientific form and cut to 15 digits: format the column as Text and type the NIK again',
    id: '{value} adalah NIK yang ditampilkan Excel dalam bentuk ilmiah dan terpotong menjadi 15 angka: ubah format kolom menjadi Teks lalu ketik ulang NIK-nya',
  },
  'nik.number': {
    en: 'was stored as a number, and Excel keeps only 15 digits, so its last digit may be lost: format the column as Text and type the NIK again',
    id: 'tersimpan sebagai angka, dan Excel hanya menyimpan 15 angka sehingga angka terakhirnya mungkin hilang: ubah format kolom menjadi Teks lalu ketik ulang NIK-nya',
  },

  'region.unknown': {
    en: '{value} is not a known regency or city, by code or name (e.g. 15.08, 1508 or Kabupaten Bungo)',
    id: '{value} bukan kabupaten atau kota yang dikenal, menurut kode atau nama (misalnya 15.08, 1508 atau Kabupaten Bungo)',
  },
  'region.ambiguous': {
    en: '{value} may mean {candidates}; write the code, or Kabupaten or Kota before the name',
    id: '{value} dapat berarti {candidates}; tulis kodenya, atau Kabupaten atau Kota sebelum namanya',
  },
  'region.province': {
    en: '{value} is a province ({name}), not a regency or city',
    id: '{value} adalah provinsi ({name}), bukan kabupaten atau kota',
  },

  'sector.unknown': {
    en: '{value} is not a sector; use one of {accepted}',
    id: '{value} bukan sektor; gunakan salah satu dari {accepted}',
  },

  'upload.too_large': { en: 'an upload may be at most 200 MiB', id: 'berkas unggahan paling besar 200 MiB' },
  'upload.header': {
    en: 'the header (line {line}) must name the columns {required}',
    id: 'baris judul (baris {line}) harus memuat kolom {required}',
  },
  'upload.header_missing': {
    en: 'is a required column missing from the header (accepted names: {names})',
    id: 'adalah kolom wajib yang tidak ada di baris judul (nama yang diterima: {names})',
  },
  'upload.header_repeated': {
    en: 'appears more than once in the header (columns {positions})',
    id: 'muncul lebih dari sekali di baris judul (kolom {positions})',
  },
  'upload.header_too_long': {
    en: 'the CSV header line is longer than 64 KiB',
    id: 'baris judul CSV lebih panjang dari 64 KiB',
  },
  'upload.invalid_utf8': {
    en: 'line {line} is not valid UTF-8: save the file as CSV UTF-8',
    id: 'baris {line} bukan UTF-8 yang sah: simpan berkas sebagai CSV UTF-8',
  },
  'upload.control_character': {
    en: 'line {line}, column {column} ({header}) holds the control character {char}, which a list must not contain',
    id: 'baris {line}, kolom {column} ({header}) memuat karakter kendali {char} yang tidak boleh ada dalam daftar',
  },
  'upload.malformed_csv': {
    en: 'the CSV cannot be read near line {line} ({detail})',
    id: 'CSV tidak dapat dibaca di sekitar baris {line} ({detail})',
  },
  'upload.xls': {
    en: 'the file is an Excel 97-2003 workbook (.xls) or a password-protected one: save it as an Excel Workbook (.xlsx) without a password',
    id: 'berkas adalah buku kerja Excel 97-2003 (.xls) atau yang dilindungi kata sandi: simpan sebagai Excel Workbook (.xlsx) tanpa kata sandi',
  },
  'upload.not_xlsx': {
    en: 'the file is not an XLSX workbook ({detail})',
    id: 'berkas bukan buku kerja XLSX ({detail})',
  },
  'upload.no_sheet': { en: 'the workbook has no worksheet', id: 'buku kerja tidak memiliki lembar kerja' },
  'upload.part_too_large': {
    en: 'the workbook part {part} unpacks to more than {limit}',
    id: 'bagian buku kerja {part} berukuran lebih dari {limit} setelah dibuka',
  },
  'upload.malformed_xlsx': {
    en: 'the workbook cannot be read near row {line} ({detail})',
    id: 'buku kerja tidak dapat dibaca di sekitar baris {line} ({detail})',
  },
} as const satisfies Record<string, { en: string; id: string }>;

export type ReasonKey = keyof typeof REASONS;
export type Lang = 'en' | 'id';

export interface Reason {
  key: ReasonKey;
  params: Readonly<Record<string, string>>;
}

export const reason = (key: ReasonKey, params: Record<string, string> = {}): Reason => ({ key, params });

/** The reason as a sentence; a parameter the sentence names but the reason lacks stays as `{name}`. */
export function reasonText({ key, params }: Reason, lang: Lang): string {
  return REASONS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The reason in both languages, for a field error that the edge localises like every other. */
export const reasonLabel = (r: Reason): Label => ({ en: reasonText(r, 'en'), id: reasonText(r, 'id') });
