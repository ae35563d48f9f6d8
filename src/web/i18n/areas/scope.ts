/** The words of a user's scope page (Pengguna › Cakupan). */
export const id = {
  title: (name: string) => `Cakupan ${name}`,
  pageTitle: 'Cakupan pengguna',
  back: 'Kembali ke daftar pengguna',
  role: 'Peran',
  intro:
    'Cakupan membatasi uang dan orang yang dapat dilihat dan diubah pengguna: sumber dana untuk anggaran, tagihan dan pembayaran, wilayah untuk penerima dan kepesertaannya. Laporan dan unduhan pengguna hanya menghitung isi cakupannya.',
  current: 'Cakupan saat ini',
  both: 'Sumber dana dan wilayah',
  provinceWide: 'Seluruh provinsi',
  allSources: 'Semua sumber dana',
  allRegions: 'Semua wilayah',
  sourcesLegend: 'Sumber dana',
  sourcesHint:
    'Pilih sumber dana yang menjadi kewenangan pengguna. Tanpa pilihan, sumber dana tidak dibatasi.',
  regionsLegend: 'Wilayah',
  regionsHint:
    'Pilih kabupaten/kota yang menjadi kewenangan pengguna. Tanpa pilihan, wilayah tidak dibatasi.',
  adminNote: 'Administrator selalu mencakup seluruh provinsi, sehingga cakupannya tidak dapat dibatasi.',
  submit: 'Simpan cakupan',
  saved: 'Cakupan disimpan. Berlaku mulai permintaan berikutnya dari pengguna ini.',
  revoked: 'Token pengguna ini sudah dicabut.',
};

export const en: typeof id = {
  title: (name: string) => `Scope of ${name}`,
  pageTitle: 'User scope',
  back: 'Back to the users',
  role: 'Role',
  intro:
    'A scope limits the money and the people a user sees and changes: funding sources for budgets, bills and payments, regions for beneficiaries and their enrolments. The user’s reports and downloads count only what is in scope.',
  current: 'Current scope',
  both: 'Funding sources and regions',
  provinceWide: 'The whole province',
  allSources: 'Every funding source',
  allRegions: 'Every region',
  sourcesLegend: 'Funding sources',
  sourcesHint:
    'Choose the funding sources this user is responsible for. With none chosen, funding sources are not limited.',
  regionsLegend: 'Regions',
  regionsHint:
    'Choose the regencies and cities this user is responsible for. With none chosen, regions are not limited.',
  adminNote: 'Administrators always cover the whole province, so their scope cannot be limited.',
  submit: 'Save scope',
  saved: 'Scope saved. It applies from this user’s next request.',
  revoked: 'This user’s token has been revoked.',
};
