import type { UploadSpec } from './headers.js';

/** The columns of a beneficiary list, by their Indonesian and English names (the contract's "Files as they come from the field"). */
export const BENEFICIARY_COLUMNS = {
  nik: { names: ['NIK'], required: true },
  name: { names: ['Nama', 'name'], required: true },
  regionCode: { names: ['Kode Wilayah', 'Kabupaten/Kota', 'regionCode'], required: true },
  sector: { names: ['Sektor', 'sector'] },
  occupation: { names: ['Pekerjaan', 'occupation'] },
  kpjNumber: { names: ['No KPJ', 'kpjNumber', 'kpj'] },
  phone: { names: ['No HP', 'phone'] },
} as const satisfies UploadSpec<string>;

/** The columns of an insurer's statement; JKK and JKM, when present, split the amount per benefit. */
export const STATEMENT_COLUMNS = {
  nik: { names: ['NIK'], required: true },
  kpj: { names: ['No KPJ', 'kpj'], required: true },
  name: { names: ['Nama', 'name'], required: true },
  amount: { names: ['Iuran', 'Jumlah', 'amount'], required: true },
  jkk: { names: ['JKK'] },
  jkm: { names: ['JKM'] },
} as const satisfies UploadSpec<string>;
