import { MONTH_NAMES } from '../../shared/i18n.js';
import * as billing from './areas/billing.js';
import * as payments from './areas/payments.js';
import * as scope from './areas/scope.js';
import * as beneficiaries from './areas/beneficiaries.js';
import * as reconciliation from './areas/reconciliation.js';
import * as reports from './areas/reports.js';
import * as auditWords from './areas/audit.js';
import * as usersWords from './areas/users.js';
import * as home from './areas/home.js';
/**
 * The console's words in Bahasa Indonesia, the default language. `en.ts` must carry every key (its type is
 * derived from this file), so a missing translation fails the type check instead of showing a blank.
 */
export const id = {
  product: 'iuran-ledger',
  subtitle: 'Iuran BPJS Ketenagakerjaan pekerja rentan',
  skipLink: 'Langsung ke isi halaman',
  navLabel: 'Menu utama',
  nav: {
    home: 'Beranda',
    beneficiaries: 'Penerima',
    billing: 'Tagihan',
    payments: 'Pembayaran',
    reconciliation: 'Rekonsiliasi',
    reports: 'Laporan',
    audit: 'Audit',
    users: 'Pengguna',
  },
  roles: {
    admin: 'Administrator',
    program_manager: 'Pengelola program',
    finance_officer: 'Petugas keuangan',
    auditor: 'Auditor',
  },
  signedInAs: 'Masuk sebagai',
  signOut: 'Keluar',
  switchLanguage: 'Ganti bahasa',
  apiReference: 'Referensi API',
  footerNote: 'Pencatatan iuran BPJS Ketenagakerjaan yang dibayar dari APBD.',
  months: MONTH_NAMES.id,
  timeSeparator: '.',
  errorSummaryTitle: 'Ada masalah',
  errorPrefix: 'Kesalahan:',
  signIn: {
    title: 'Masuk',
    intro: 'Masuk dengan token akses Anda untuk membuka konsol.',
    tokenLabel: 'Token akses',
    tokenHint:
      'Token diberikan oleh administrator saat akun Anda dibuat dan hanya ditampilkan sekali. Pada pemasangan baru, administrator masuk dengan ADMIN_TOKEN yang diatur di server.',
    submit: 'Masuk',
    lostToken: 'Token hilang atau kedaluwarsa? Minta administrator membuatkan akun baru.',
    tokenMissing: 'Masukkan token akses Anda',
    tokenRefused: 'Token tidak dikenal atau sudah dicabut. Periksa kembali token Anda.',
    tokenExpired: 'Token ini sudah kedaluwarsa. Minta administrator membuatkan token baru.',
    throttled: (minutes: number) =>
      `Terlalu banyak percobaan masuk yang gagal dari komputer ini. Coba lagi dalam ${minutes} menit.`,
    sessionEnded: 'Sesi Anda telah berakhir. Silakan masuk kembali.',
    signedOut: 'Anda telah keluar.',
  },
  audit: auditWords.id,
  users: usersWords.id,
  billing: billing.id,
  payments: payments.id,
  scope: scope.id,
  beneficiaries: beneficiaries.id,
  reports: reports.id,
  reconciliation: reconciliation.id,
  home: home.id,
  errors: {
    notFoundTitle: 'Halaman tidak ditemukan',
    notFoundBody: 'Alamat yang Anda buka tidak ada. Periksa alamatnya, atau kembali ke Beranda.',
    forbiddenTitle: 'Anda tidak memiliki akses',
    forbiddenBody: (role: string) => `Halaman ini tidak tersedia untuk peran ${role}.`,
    csrfTitle: 'Permintaan ditolak',
    csrfBody:
      'Formulir ini tidak dikirim dari halaman konsol, sehingga tidak dijalankan. Jika Anda sendiri yang mengirimnya, kembali ke halaman tersebut, muat ulang, lalu coba lagi.',
    refusedTitle: 'Permintaan tidak dapat diproses',
    serverTitle: 'Terjadi kesalahan pada sistem',
    serverBody:
      'Kesalahan ini sudah dicatat. Coba lagi beberapa saat lagi; jika terus terjadi, hubungi administrator.',
    backHome: 'Kembali ke Beranda',
  },
  problems: {
    fallback: 'Permintaan tidak dapat diproses.',
    byStatus: {
      400: 'Ada isian yang belum benar.',
      401: 'Anda perlu masuk kembali.',
      403: 'Peran Anda tidak diizinkan melakukan ini.',
      404: 'Data yang diminta tidak ditemukan.',
      409: 'Ini bertentangan dengan data yang sudah tercatat.',
      413: 'Berkas atau isian terlalu besar.',
      422: 'Aturan anggaran atau pembayaran menolak permintaan ini.',
      429: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
      500: 'Terjadi kesalahan pada sistem. Kesalahan ini sudah dicatat.',
    },
    byCode: {
      PERIOD_CLOSED: 'Periode ini sudah ditutup oleh auditor, sehingga tidak dapat diubah lagi.',
      OVER_BUDGET: 'Pagu yang tersisa tidak mencukupi untuk tagihan ini.',
      OVERPAYMENT: 'Jumlahnya melebihi tagihan yang belum dibayar.',
      OUT_OF_SCOPE: 'Ini di luar wilayah atau sumber dana yang menjadi kewenangan Anda.',
      FORBIDDEN: 'Peran Anda tidak diizinkan melakukan ini.',
      DUPLICATE: 'Data yang sama sudah tercatat.',
      DUPLICATE_NIK: 'NIK ini sudah terdaftar.',
      DUPLICATE_CODE: 'Kode ini sudah dipakai.',
      UNKNOWN_REFERENCE: 'Permintaan ini merujuk ke data yang tidak ada.',
      UNAUTHENTICATED: 'Anda perlu masuk kembali.',
      TOKEN_EXPIRED: 'Token Anda sudah kedaluwarsa. Minta administrator membuatkan token baru.',
      CSRF_FAILED: 'Formulir ini tidak berasal dari halaman konsol. Muat ulang halaman lalu coba lagi.',
      SAME_PERSON:
        'Pembayaran harus disetujui atau ditolak oleh petugas keuangan lain, bukan oleh yang mencatatnya.',
      AWAITING_APPROVAL:
        'Pembayaran ini masih menunggu persetujuan; tolak pembayarannya alih-alih membatalkannya.',
      NOT_PENDING: 'Pembayaran ini tidak lagi menunggu persetujuan.',
      APPROVAL_NOT_REQUIRED: 'Sumber dana ini tidak memakai persetujuan empat mata.',
      ALREADY_REVERSED: 'Pembayaran ini sudah dibatalkan.',
      DUPLICATE_SP2D: 'Nomor SP2D ini sudah tercatat; nomor SP2D tidak pernah dipakai ulang.',
      ALREADY_CANCELLED: 'Proses tagihan ini sudah dibatalkan.',
      RUN_PAID:
        'Sebagian tagihan ini sudah dibayar, sehingga tidak dapat dibatalkan. Batalkan pembayarannya dulu.',
      RUN_CREDITED: 'Sebagian tagihan ini sudah dikreditkan BPJS, sehingga tidak dapat dibatalkan.',
      RUN_REPRICED: 'Bulan ini sudah dihitung ulang; batalkan penghitungan ulangnya dulu.',
      PROGRAM_NOT_RUNNING: 'Program ini tidak berjalan pada bulan tersebut.',
      NO_RATE: 'Belum ada tarif iuran yang berlaku untuk bulan tersebut.',
    },
  },
} as const;
