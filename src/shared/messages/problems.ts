import { label, type Label } from '../i18n.js';

interface ProblemSpec {
  status: number;
  title: Label;
}

/**
 * Every error code the service answers with, its HTTP status and its title, in one place: services name a
 * code and the status follows from it, the OpenAPI document lists them all, and clients can rely on the
 * code (UPPER_SNAKE) where the wording of `detail` may change.
 */
export const PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: label('Invalid request', 'Permintaan tidak valid') },
  MALFORMED_JSON: { status: 400, title: label('Malformed JSON', 'JSON tidak dapat dibaca') },
  BAD_REQUEST: { status: 400, title: label('Bad request', 'Permintaan tidak dapat dibaca') },
  RANGE_TOO_LARGE: { status: 400, title: label('Range too large', 'Rentang terlalu besar') },
  MALFORMED_CSV: { status: 400, title: label('Unreadable file', 'Berkas tidak dapat dibaca') },
  INVALID_HEADER: { status: 400, title: label('Invalid file header', 'Judul kolom berkas tidak valid') },
  INVALID_XLSX: { status: 400, title: label('Unreadable workbook', 'Buku kerja tidak dapat dibaca') },
  INVALID_UTF8: { status: 400, title: label('Invalid text encoding', 'Pengodean teks tidak valid') },
  CONTROL_CHARACTER: { status: 400, title: label('Control character', 'Karakter kendali') },
  NO_VALID_LINES: { status: 400, title: label('No valid line', 'Tidak ada baris yang valid') },
  UNAUTHENTICATED: { status: 401, title: label('Unauthorized', 'Belum masuk') },
  TOKEN_EXPIRED: { status: 401, title: label('Token expired', 'Token kedaluwarsa') },
  FORBIDDEN: { status: 403, title: label('Forbidden', 'Tidak diizinkan') },
  OUT_OF_SCOPE: { status: 403, title: label('Outside your scope', 'Di luar cakupan Anda') },
  SAME_PERSON: { status: 403, title: label('Same person', 'Orang yang sama') },
  CSRF_FAILED: { status: 403, title: label('Form expired', 'Formulir kedaluwarsa') },
  NOT_FOUND: { status: 404, title: label('Not found', 'Tidak ditemukan') },
  DUPLICATE: { status: 409, title: label('Duplicate', 'Data ganda') },
  DUPLICATE_CODE: { status: 409, title: label('Code already used', 'Kode sudah dipakai') },
  DUPLICATE_NIK: { status: 409, title: label('NIK already registered', 'NIK sudah terdaftar') },
  DUPLICATE_SP2D: { status: 409, title: label('SP2D number already used', 'Nomor SP2D sudah dipakai') },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    title: label('Idempotency key reused', 'Idempotency-Key dipakai ulang'),
  },
  PERIOD_CLOSED: { status: 409, title: label('Period closed', 'Periode sudah ditutup') },
  PERIOD_ALREADY_CLOSED: { status: 409, title: label('Period already closed', 'Periode sudah ditutup') },
  PERIOD_NOT_CLOSED: { status: 409, title: label('Period not closed', 'Periode belum ditutup') },
  ALREADY_CANCELLED: { status: 409, title: label('Already cancelled', 'Sudah dibatalkan') },
  RUN_CREDITED: { status: 409, title: label('Run already credited', 'Tagihan sudah dikreditkan') },
  RUN_PAID: { status: 409, title: label('Run already paid', 'Tagihan sudah dibayar') },
  RUN_REPRICED: { status: 409, title: label('Run repriced', 'Tagihan sudah dihitung ulang') },
  ALREADY_REVERSED: { status: 409, title: label('Already reversed', 'Sudah dibatalkan') },
  APPROVAL_NOT_REQUIRED: {
    status: 409,
    title: label('Approval not required', 'Persetujuan tidak diperlukan'),
  },
  NOT_PENDING: { status: 409, title: label('Not awaiting approval', 'Tidak menunggu persetujuan') },
  AWAITING_APPROVAL: {
    status: 409,
    title: label('Awaiting approval', 'Masih menunggu persetujuan'),
  },
  ALREADY_RESOLVED: { status: 409, title: label('Already resolved', 'Sudah diselesaikan') },
  ALREADY_SETTLED: { status: 409, title: label('Already settled', 'Sudah diselesaikan') },
  ALREADY_REVOKED: { status: 409, title: label('Already revoked', 'Sudah dicabut') },
  ALREADY_DISABLED: { status: 409, title: label('Already turned off', 'Sudah dimatikan') },
  NO_ADMIN_USER: { status: 409, title: label('No admin user', 'Belum ada pengguna admin') },
  LAST_ADMIN: { status: 409, title: label('Last admin', 'Admin terakhir') },
  ENROLMENT_OVERLAP: {
    status: 409,
    title: label('Enrolment overlaps', 'Kepesertaan tumpang tindih'),
  },
  ENROLMENT_ENDED: { status: 409, title: label('Enrolment ended', 'Kepesertaan sudah berakhir') },
  RATE_OVERLAP: { status: 409, title: label('Rate overlaps', 'Tarif tumpang tindih') },
  RATE_SUPERSEDED: { status: 409, title: label('Rate already corrected', 'Tarif sudah dikoreksi') },
  MIXED_BUDGET_LINES: {
    status: 409,
    title: label('Mixed budget lines', 'Baris anggaran bercampur'),
  },
  DATABASE_IN_USE: { status: 409, title: label('Database in use', 'Basis data sedang dipakai') },
  KEPT_COPY_EXISTS: { status: 409, title: label('Kept copy exists', 'Salinan cadangan sudah ada') },
  CURRENT_DATABASE_UNREADABLE: {
    status: 409,
    title: label('Current database unreadable', 'Basis data saat ini tidak terbaca'),
  },
  BACKUP_NOT_FOUND: { status: 404, title: label('Backup not found', 'Berkas cadangan tidak ada') },
  NOT_A_BACKUP: { status: 422, title: label('Not a backup', 'Bukan berkas cadangan') },
  BACKUP_DOES_NOT_VERIFY: {
    status: 422,
    title: label('Backup does not verify', 'Berkas cadangan tidak lolos pemeriksaan'),
  },
  DEMO_NEEDS_EMPTY_DATABASE: {
    status: 409,
    title: label('Database not empty', 'Basis data tidak kosong'),
  },
  NOT_ACCEPTABLE: { status: 406, title: label('Not acceptable', 'Format tidak dapat diberikan') },
  BODY_TOO_LARGE: { status: 413, title: label('Content too large', 'Isi permintaan terlalu besar') },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: label('Unsupported media type', 'Jenis isi tidak didukung'),
  },
  UNKNOWN_REFERENCE: { status: 422, title: label('Unknown reference', 'Rujukan tidak dikenal') },
  OVER_BUDGET: { status: 422, title: label('Over budget', 'Melebihi pagu') },
  OVERPAYMENT: { status: 422, title: label('Overpayment', 'Pembayaran berlebih') },
  BELOW_COMMITTED: { status: 422, title: label('Below what is billed', 'Di bawah yang sudah ditagih') },
  AMOUNT_TOO_LARGE: { status: 422, title: label('Amount too large', 'Jumlah terlalu besar') },
  NOT_A_FUNDING_SOURCE_OF_PROGRAM: {
    status: 422,
    title: label('Not a funding source of the programme', 'Bukan sumber dana program'),
  },
  NOT_A_BENEFICIARY: { status: 422, title: label('Not a beneficiary', 'Bukan peserta terdaftar') },
  NO_RATE: { status: 422, title: label('No rate in force', 'Tidak ada tarif yang berlaku') },
  OUTSIDE_PROGRAM: { status: 422, title: label('Outside the programme', 'Di luar masa program') },
  OUT_OF_REGION: { status: 422, title: label('Outside the region', 'Di luar wilayah') },
  SCOPE_NOT_FOR_ROLE: {
    status: 422,
    title: label('Scope does not fit the role', 'Cakupan tidak sesuai peran'),
  },
  PROGRAM_NOT_RUNNING: { status: 422, title: label('Programme not running', 'Program tidak berjalan') },
  INVALID_END_PERIOD: { status: 422, title: label('Invalid end month', 'Bulan akhir tidak valid') },
  TOO_MANY_REJECTED: {
    status: 422,
    title: label('Too many rejected rows', 'Terlalu banyak baris ditolak'),
  },
  TOO_MANY_FAILED_LOGINS: {
    status: 429,
    title: label('Too Many Requests', 'Terlalu banyak percobaan'),
  },
  INTERNAL: { status: 500, title: label('Internal Server Error', 'Kesalahan server') },
} as const satisfies Record<string, ProblemSpec>;

export type ErrorCode = keyof typeof PROBLEMS;

export const ERROR_CODES = Object.keys(PROBLEMS) as ErrorCode[];
