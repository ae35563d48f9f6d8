/**
 * Words of the Pengguna pages: the list of users, creating one (its token shown once) and revoking one.
 * `en` has the shape of `id`.
 */
export const id = {
  title: 'Pengguna',
  intro:
    'Orang yang boleh masuk ke konsol dan API, dengan perannya. Token setiap pengguna hanya ditampilkan sekali, saat dibuat.',
  create: 'Buat pengguna',
  caption: 'Pengguna, termasuk yang sudah dicabut',
  empty: 'Belum ada pengguna. Buat pengguna pertama; sampai saat itu administrator masuk dengan ADMIN_TOKEN.',
  columns: {
    name: 'Nama',
    role: 'Peran',
    status: 'Status',
    created: 'Dibuat',
    expires: 'Berlaku sampai',
    actions: 'Tindakan',
  },
  status: { active: 'Aktif', revoked: 'Dicabut', expired: 'Kedaluwarsa' },
  revokedOn: (when: string) => `sejak ${when}`,
  never: 'Tanpa batas',
  revoke: 'Cabut',
  scope: 'Cakupan',
  revokeFor: (name: string) => `Cabut akses ${name}`,
  revoked: (name: string) => `Akses ${name} telah dicabut.`,
  form: {
    title: 'Buat pengguna',
    intro:
      'Pengguna baru mendapat token akses untuk masuk. Token ditampilkan sekali di halaman berikutnya; serahkan kepada pemiliknya melalui jalur yang aman.',
    name: 'Nama lengkap',
    nameHint: 'Nama orangnya, misalnya Siti Rahmawati (Bendahara BPKAD Bungo)',
    role: 'Peran',
    roleHelp: {
      admin: 'mengelola pengguna dan semua data',
      program_manager: 'mendaftarkan penerima dan kepesertaan',
      finance_officer: 'pagu, tagihan, pembayaran dan rekonsiliasi',
      auditor: 'membaca semua data, menutup dan membuka bulan',
    },
    expires: 'Masa berlaku token (hari)',
    expiresHint: 'Kosongkan untuk 365 hari. Paling lama 3650 hari.',
    submit: 'Buat pengguna',
    cancel: 'Batal',
  },
  created: {
    title: 'Pengguna dibuat',
    lead: (name: string, role: string) => `${name} dibuat sebagai ${role}.`,
    tokenLabel: 'Token akses',
    warningTitle: 'Token ini hanya ditampilkan sekali',
    warning:
      'Salin token sekarang dan serahkan kepada pemiliknya melalui jalur yang aman. Setelah halaman ini ditutup, token tidak dapat ditampilkan lagi; jika hilang, cabut pengguna ini dan buat yang baru.',
    copy: 'Salin token',
    copied: 'Token disalin.',
    expires: (when: string) => `Token berlaku sampai ${when}.`,
    back: 'Kembali ke daftar pengguna',
  },
  revokeForm: {
    title: (name: string) => `Cabut akses ${name}`,
    intro:
      'Token pengguna ini langsung tidak berlaku: sesi konsolnya berakhir pada permintaan berikutnya dan API menolak tokennya. Pencabutan tidak dapat dibatalkan; untuk memberi akses lagi, buat pengguna baru.',
    confirm: 'Ya, cabut aksesnya',
    cancel: 'Batal',
  },
  problems: {
    LAST_ADMIN:
      'Pengguna ini adalah administrator aktif terakhir. Buat administrator lain terlebih dahulu, lalu cabut yang ini.',
    ALREADY_REVOKED: 'Akses pengguna ini sudah dicabut sebelumnya.',
  },
};

export const en: typeof id = {
  title: 'Users',
  intro:
    'The people who may sign in to the console and the API, with their roles. Each user’s token is shown only once, when the user is created.',
  create: 'Create a user',
  caption: 'Users, revoked ones included',
  empty: 'No users yet. Create the first one; until then an administrator signs in with ADMIN_TOKEN.',
  columns: {
    name: 'Name',
    role: 'Role',
    status: 'Status',
    created: 'Created',
    expires: 'Valid until',
    actions: 'Actions',
  },
  status: { active: 'Active', revoked: 'Revoked', expired: 'Expired' },
  revokedOn: (when: string) => `since ${when}`,
  never: 'No limit',
  revoke: 'Revoke',
  scope: 'Scope',
  revokeFor: (name: string) => `Revoke ${name}’s access`,
  revoked: (name: string) => `${name}’s access is revoked.`,
  form: {
    title: 'Create a user',
    intro:
      'A new user gets an access token to sign in with. The token is shown once, on the next page; hand it to its owner by a safe channel.',
    name: 'Full name',
    nameHint: 'The person’s name, for example Siti Rahmawati (Treasurer, BPKAD Bungo)',
    role: 'Role',
    roleHelp: {
      admin: 'manages users and every record',
      program_manager: 'registers beneficiaries and enrolments',
      finance_officer: 'budgets, billing, payments and reconciliation',
      auditor: 'reads every record, closes and reopens months',
    },
    expires: 'Token lifetime (days)',
    expiresHint: 'Leave empty for 365 days. At most 3650 days.',
    submit: 'Create user',
    cancel: 'Cancel',
  },
  created: {
    title: 'User created',
    lead: (name: string, role: string) => `${name} is created as ${role}.`,
    tokenLabel: 'Access token',
    warningTitle: 'This token is shown only once',
    warning:
      'Copy the token now and hand it to its owner by a safe channel. Once this page is closed the token cannot be shown again; if it is lost, revoke this user and create a new one.',
    copy: 'Copy token',
    copied: 'Token copied.',
    expires: (when: string) => `The token is valid until ${when}.`,
    back: 'Back to the users',
  },
  revokeForm: {
    title: (name: string) => `Revoke ${name}’s access`,
    intro:
      'This user’s token stops working at once: their console session ends on its next request and the API refuses the token. A revocation cannot be undone; to give access again, create a new user.',
    confirm: 'Yes, revoke access',
    cancel: 'Cancel',
  },
  problems: {
    LAST_ADMIN:
      'This user is the last active administrator. Create another administrator first, then revoke this one.',
    ALREADY_REVOKED: 'This user’s access is already revoked.',
  },
};
