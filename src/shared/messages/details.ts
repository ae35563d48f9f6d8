import { label, type Label } from '../i18n.js';

/** What was not found or not known, named the way a person would name it. */
export const THINGS = {
  beneficiary: label('beneficiary', 'peserta'),
  billingRun: label('billing run', 'tagihan'),
  contributionRate: label('contribution rate', 'tarif iuran'),
  enrolment: label('enrolment', 'kepesertaan'),
  exception: label('reconciliation exception', 'selisih rekonsiliasi'),
  fundingSource: label('funding source', 'sumber dana'),
  overpayment: label('overpayment', 'kelebihan bayar'),
  payment: label('payment', 'pembayaran'),
  programme: label('programme', 'program'),
  region: label('region', 'wilayah'),
  rejectedLines: label('set of rejected lines', 'daftar baris yang ditolak'),
  route: label('route', 'rute'),
  statement: label('statement', 'laporan BPJS'),
  user: label('user', 'pengguna'),
} satisfies Record<string, Label>;
export type Thing = keyof typeof THINGS;

const open = (to: string | null) => to ?? 'open';

/**
 * The `detail` of each refusal, in both languages. Services build the one they need from here with its
 * figures, so no sentence a person reads is written inside a service.
 */
export const DETAILS = {
  invalidRequest: label('the request is invalid', 'permintaan tidak valid'),
  malformedJson: label('the request body is not valid JSON', 'isi permintaan bukan JSON yang valid'),
  unreadable: label('the request could not be read', 'permintaan tidak dapat dibaca'),
  internal: label(
    'an unexpected error occurred; it has been logged',
    'terjadi kesalahan tak terduga; sudah dicatat',
  ),
  bodyTooLarge: label('the request body is larger than allowed', 'isi permintaan melebihi batas'),
  notFound: (thing: Thing) => label(`${THINGS[thing].en} not found`, `${THINGS[thing].id} tidak ditemukan`),
  noRoute: (method: string, path: string) =>
    label(`no route for ${method} ${path}`, `tidak ada rute untuk ${method} ${path}`),
  unknown: (thing: Thing) =>
    label(`the ${THINGS[thing].en} does not exist`, `${THINGS[thing].id} tidak terdaftar`),
  unknownRecord: label(
    'the request refers to a record that does not exist',
    'permintaan merujuk data yang tidak ada',
  ),
  duplicate: label(
    'a record with the same unique value already exists',
    'sudah ada data dengan nilai unik yang sama',
  ),
  duplicateCode: (thing: Thing, code: string) =>
    label(
      `a ${THINGS[thing].en} with code ${code} already exists`,
      `${THINGS[thing].id} dengan kode ${code} sudah ada`,
    ),
  jsonAnswersOnly: label('this resource answers only in JSON', 'sumber ini hanya menjawab dalam JSON'),
  jsonOnly: label('the body must be application/json', 'isi permintaan harus application/json'),
  csvOnly: label('the body must be text/csv', 'isi permintaan harus text/csv'),
  bearerRequired: label('a bearer token is required', 'diperlukan token bearer'),
  bootstrapOff: label('the bootstrap token is turned off', 'token awal sudah dimatikan'),
  tokenUnknown: label('the token is unknown or revoked', 'token tidak dikenal atau sudah dicabut'),
  tokenExpired: label(
    'the token has expired; ask an administrator for a new one',
    'token sudah kedaluwarsa; mintalah token baru kepada administrator',
  ),
  tooManyFailures: (seconds: number) =>
    label(
      `too many failed sign-ins from this address; try again in ${seconds} s`,
      `terlalu banyak percobaan masuk yang gagal dari alamat ini; coba lagi dalam ${seconds} detik`,
    ),
  roleMayNot: (role: string, action: string) =>
    label(`the role ${role} may not ${action}`, `peran ${role} tidak boleh melakukan ini: ${action}`),
  keyReused: label(
    'this Idempotency-Key was already used with another request body',
    'Idempotency-Key ini sudah dipakai untuk isi permintaan lain',
  ),
  rangeTooLarge: (from: string, to: string, months: number, max: number) =>
    label(
      `${from}..${to} spans ${months} months; a report covers at most ${max} months`,
      `${from}..${to} mencakup ${months} bulan; sebuah laporan mencakup paling banyak ${max} bulan`,
    ),
  periodClosed: (periods: string) => label(`period ${periods} is closed`, `periode ${periods} sudah ditutup`),
  periodAlready: (period: string, closed: boolean) =>
    label(
      `period ${period} is already ${closed ? 'closed' : 'open'}`,
      `periode ${period} sudah ${closed ? 'ditutup' : 'terbuka'}`,
    ),
  alreadyRevoked: (id: number) => label(`user ${id} is already revoked`, `pengguna ${id} sudah dicabut`),
  noAdminUser: label(
    'create an admin user before turning the bootstrap token off',
    'buat pengguna admin sebelum mematikan token awal',
  ),
  alreadyDisabled: label('the bootstrap token is already off', 'token awal sudah dimatikan'),
  lastAdmin: (id: number) =>
    label(
      `user ${id} is the last active admin; create another admin before revoking this one`,
      `pengguna ${id} adalah admin aktif terakhir; buat admin lain sebelum mencabut yang ini`,
    ),
  rateOverlap: (id: string, what: string, from: string, to: string | null) =>
    label(
      `rate ${id} (${what}, ${from}..${open(to)}) already covers part of this range`,
      `tarif ${id} (${what}, ${from}..${to ?? 'terbuka'}) sudah mencakup sebagian rentang ini`,
    ),
  rateSuperseded: (id: number, by: string) =>
    label(`rate ${id} was already corrected by rate ${by}`, `tarif ${id} sudah dikoreksi oleh tarif ${by}`),
  noRate: (benefit: string, period: string, sector: string) =>
    label(
      `no ${benefit} rate is in force for ${period} (sector ${sector})`,
      `tidak ada tarif ${benefit} yang berlaku untuk ${period} (sektor ${sector})`,
    ),
  unknownFundingSourceOfProgramme: label(
    'the programme names an unknown funding source',
    'program menyebut sumber dana yang tidak dikenal',
  ),
  notSourceOfProgramme: (sourceId: number, programCode: string) =>
    label(
      `funding source ${sourceId} does not fund programme ${programCode}`,
      `sumber dana ${sourceId} tidak membiayai program ${programCode}`,
    ),
  mixedBudgetLines: (programCode: string, year: number, kept: 'pooled' | 'perBenefit') =>
    kept === 'pooled'
      ? label(
          `the ${year} budget of programme ${programCode} from this source is one pooled line; an allocation naming a benefit cannot join it`,
          `pagu ${year} program ${programCode} dari sumber dana ini satu pagu gabungan; alokasi yang menyebut manfaat tidak dapat digabungkan`,
        )
      : label(
          `the ${year} budget of programme ${programCode} from this source is kept per benefit (kode rekening); an allocation must name its benefit`,
          `pagu ${year} program ${programCode} dari sumber dana ini dicatat per manfaat (kode rekening); alokasi harus menyebut manfaatnya`,
        ),
  belowCommitted: (lowerBy: string, removable: string) =>
    label(
      `lowering the ceiling by ${lowerBy} would leave it below what is already billed; at most ${removable} can be removed`,
      `menurunkan pagu sebesar ${lowerBy} membuatnya di bawah yang sudah ditagih; paling banyak ${removable} dapat dikurangi`,
    ),
  ledgerTotalTooLarge: (total: string, max: string) =>
    label(
      `the allocations of all budget lines would total ${total}; together they may not exceed ${max}`,
      `pagu seluruh baris anggaran akan berjumlah ${total}; bersama-sama paling banyak ${max}`,
    ),
  nothingRemovable: label(
    'the ceiling cannot be lowered: everything allocated is already billed, so nothing can be removed',
    'pagu tidak dapat diturunkan: seluruh pagu sudah ditagih, jadi tidak ada yang dapat dikurangi',
  ),
  programNotRunning: (code: string, period: string) =>
    label(`programme ${code} does not run in ${period}`, `program ${code} tidak berjalan pada ${period}`),
  overBudget: (count: number, list: string) =>
    label(
      `the run exceeds the remaining budget of ${count} funding source(s): ${list}`,
      `tagihan melebihi sisa pagu ${count} sumber dana: ${list}`,
    ),
  alreadyCancelled: (runId: number) =>
    label(`billing run ${runId} is already cancelled`, `tagihan ${runId} sudah dibatalkan`),
  runCredited: (runId: number) =>
    label(
      `billing run ${runId} has obligations the insurer already credited`,
      `tagihan ${runId} memuat iuran yang sudah dikreditkan BPJS`,
    ),
  runPaid: (runId: number, what: string) =>
    label(`billing run ${runId} is already paid: ${what}`, `tagihan ${runId} sudah dibayar: ${what}`),
  runRepriced: (laterId: string) =>
    label(
      `repricing run ${laterId} adjusts this period; cancel it first`,
      `penghitungan ulang ${laterId} menyesuaikan periode ini; batalkan dulu`,
    ),
  overpayment: (amount: string, outstanding: string, range: string) =>
    label(
      `the payment of ${amount} exceeds the outstanding ${outstanding} billed for ${range}`,
      `pembayaran ${amount} melebihi sisa tagihan ${outstanding} untuk ${range}`,
    ),
  nothingToOffset: (amount: string) =>
    label(
      `no open billed month of this programme and funding source is left for an offset of ${amount} to pay`,
      `tidak ada bulan tagihan terbuka program dan sumber dana ini yang dapat dibayar dengan kompensasi ${amount}`,
    ),
  duplicateSp2d: (number: string) =>
    label(
      `SP2D number ${number} is already recorded (an SP2D number is never reused)`,
      `nomor SP2D ${number} sudah tercatat (nomor SP2D tidak pernah dipakai ulang)`,
    ),
  approvalNotRequired: label(
    'four-eyes approval is not on for this funding source',
    'persetujuan empat mata tidak aktif untuk sumber dana ini',
  ),
  notPending: (status: string) =>
    label(`the payment is already ${status}`, `pembayaran sudah berstatus ${status}`),
  awaitingApproval: label(
    'the payment is awaiting four-eyes approval: the approver may reject it instead',
    'pembayaran masih menunggu persetujuan empat mata: penyetuju dapat menolaknya',
  ),
  samePerson: label(
    'a payment is never approved or rejected by the user who recorded it',
    'pembayaran tidak boleh disetujui atau ditolak oleh pengguna yang mencatatnya',
  ),
  alreadyReversed: (id: number) =>
    label(`payment ${id} is already reversed`, `pembayaran ${id} sudah dibatalkan`),
  duplicateNik: label(
    'a beneficiary with this NIK is already registered',
    'peserta dengan NIK ini sudah terdaftar',
  ),
  outsideProgram: label(
    'the enrolment lies outside the months of its programme',
    'kepesertaan berada di luar bulan-bulan programnya',
  ),
  unknownInEnrolment: label(
    'the enrolment names an unknown record',
    'kepesertaan menyebut data yang tidak dikenal',
  ),
  enrolmentOverlap: (programId: string, from: string, to: string | null) =>
    label(
      `the person is already enrolled in programme ${programId} from ${from}${to ? ` to ${to}` : ''}`,
      `orang ini sudah terdaftar di program ${programId} sejak ${from}${to ? ` sampai ${to}` : ''}`,
    ),
  enrolmentEnded: (end: string | null, reason: string) =>
    label(
      `the enrolment already ended with ${end} (${reason})`,
      `kepesertaan sudah berakhir pada ${end} (${reason})`,
    ),
  endBeforeStart: label(
    'an enrolment cannot end before it starts',
    'kepesertaan tidak dapat berakhir sebelum mulai',
  ),
  endExtends: label(
    'ending an enrolment cannot extend it',
    'mengakhiri kepesertaan tidak dapat memperpanjangnya',
  ),
  tooManyRejected: (max: number) =>
    label(
      `more than ${max} rows were rejected, so nothing was imported; the first ones are listed`,
      `lebih dari ${max} baris ditolak sehingga tidak ada yang diimpor; baris-baris pertama dicantumkan`,
    ),
  alreadyResolved: (id: number, resolution: string) =>
    label(
      `exception ${id} was already resolved as ${resolution}`,
      `selisih ${id} sudah diselesaikan sebagai ${resolution}`,
    ),
  alreadySettled: (id: number, method: string) =>
    label(
      `overpayment ${id} was already settled by ${method}`,
      `kelebihan bayar ${id} sudah diselesaikan dengan ${method === 'offset' ? 'kompensasi' : 'pengembalian'}`,
    ),
  notABeneficiary: (id: number) =>
    label(
      `NIK of exception ${id} is not a registered beneficiary, so it cannot be rebilled`,
      `NIK pada selisih ${id} bukan peserta terdaftar sehingga tidak dapat ditagih ulang`,
    ),
  noValidLines: label('the statement has no valid line', 'laporan BPJS tidak memiliki baris yang valid'),
  notABackup: (file: string, why: Label) =>
    label(`${file} ${why.en}; nothing was restored`, `${file} ${why.id}; tidak ada yang dipulihkan`),
  notRegularFile: label('is not a regular file', 'bukan berkas biasa'),
  notSqliteFile: label('is not an SQLite database', 'bukan basis data SQLite'),
  hasWal: label(
    'has a -wal file beside it: it is a live database; back it up first',
    'memiliki berkas -wal di sampingnya: itu basis data yang sedang dipakai; buat cadangannya dulu',
  ),
  isTheDatabase: label('is the database being restored', 'adalah basis data yang akan dipulihkan'),
  backupMissing: (file: string) =>
    label(`${file} does not exist; nothing was restored`, `${file} tidak ada; tidak ada yang dipulihkan`),
  keptCopyExists: (kept: string) =>
    label(`${kept} already exists; nothing was restored`, `${kept} sudah ada; tidak ada yang dipulihkan`),
  currentUnreadable: (target: string, why: string) =>
    label(
      `${target} cannot be read (${why}), so it cannot be kept; nothing was restored. Move it and its -wal file aside, then restore again`,
      `${target} tidak dapat dibaca (${why}) sehingga tidak dapat disimpan; tidak ada yang dipulihkan. Pindahkan berkas itu beserta berkas -wal-nya, lalu pulihkan lagi`,
    ),
  backupDoesNotVerify: (file: string) =>
    label(
      `${file} does not verify; nothing was restored`,
      `${file} tidak lolos pemeriksaan; tidak ada yang dipulihkan`,
    ),
  databaseInUse: (refusal: string, file: string) =>
    label(`${refusal} (${file} is locked)`, `${refusal} (${file} terkunci)`),
  // Scoped access
  sourcesOutOfScope: (ids: readonly (string | number)[]) =>
    label(
      `funding source ${ids.join(', ')} is outside your scope`,
      `sumber dana ${ids.join(', ')} di luar cakupan Anda`,
    ),
  regionsOutOfScope: (codes: readonly string[]) =>
    label(
      `region ${codes.join(', ')} is outside your scope`,
      `wilayah ${codes.join(', ')} di luar cakupan Anda`,
    ),
  outOfRegion: (source: string, area: string, home: string) =>
    label(
      `${source} pays only for workers living in ${area}; this worker lives in ${home}`,
      `${source} hanya membayar pekerja yang tinggal di ${area}; pekerja ini tinggal di ${home}`,
    ),
  everyProgrammeOutOfScope: label(
    'a run over every programme reaches funding sources outside your scope; name a programme all of whose funding sources are in your scope',
    'tagihan untuk semua program menjangkau sumber dana di luar cakupan Anda; sebutkan satu program yang semua sumber dananya dalam cakupan Anda',
  ),
  provinceWideOnly: label(
    'closing and reopening a month concerns the whole province, so it needs a province-wide user',
    'menutup dan membuka kembali bulan menyangkut seluruh provinsi, sehingga memerlukan pengguna tanpa batas cakupan',
  ),
  scopeNotForRole: label(
    'the scope names something this role may not be limited by',
    'cakupan menyebut sesuatu yang tidak dapat membatasi peran ini',
  ),
  // The console
  sessionEnded: label(
    'the console session has ended; sign in again',
    'sesi konsol sudah berakhir; silakan masuk lagi',
  ),
  csrfFailed: label(
    'a write with the session cookie needs the X-CSRF-Token header of that session and a same-origin Origin or Referer',
    'penulisan dengan cookie sesi memerlukan header X-CSRF-Token sesi itu dan Origin atau Referer dari situs yang sama',
  ),
  langField: label('lang must be id or en', 'lang harus id atau en'),
  demoNeedsEmpty: label(
    'the database already holds programmes; load the demo into a fresh database',
    'basis data sudah berisi program; muat data contoh ke basis data baru',
  ),
} as const;
