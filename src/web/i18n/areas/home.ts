import { Decimal } from '../../../shared/money.js';

/** The Beranda's words: `id` is the source, `en` must match it (the catalogue's type says so). */

/** A rate or share (`0.4123`) as a percentage with one decimal (`41,2%`), in the reader's notation. */
const percentWith = (comma: boolean) => (rate: string) => {
  const text = new Decimal(rate).times(100).toFixed(1);
  return `${comma ? text.replace('.', ',') : text}%`;
};

export const id = {
  title: 'Beranda',
  welcome: (name: string) => `Selamat datang, ${name}.`,
  yearLabel: 'Tahun anggaran',
  yearSubmit: 'Tampilkan',
  percent: percentWith(true),
  summaryTitle: (year: number) => `Ringkasan tahun anggaran ${year}`,
  figures: {
    budget: 'Pagu',
    billed: 'Ditagih',
    paid: 'Dibayar',
    credited: 'Dikreditkan BPJS',
    remainingBudget: 'Sisa pagu',
    outstanding: 'Belum dibayar',
  },
  ofBudget: (share: string) => `${share} dari pagu`,
  ofBilled: (share: string) => `${share} dari tagihan`,
  emptyYearTitle: (year: number) => `Belum ada angka untuk tahun anggaran ${year}`,
  emptyYear:
    'Angka muncul di sini setelah program didaftarkan, pagunya dialokasikan, penerima didaftarkan dan tagihan bulan pertama dijalankan. Pilih tahun lain di atas untuk melihat tahun yang sudah berjalan.',
  linesTitle: 'Pagu per program dan sumber dana',
  linesCaption: (year: number) =>
    `Pagu, tagihan, pembayaran, pengkreditan dan sisa pagu per program dan sumber dana, tahun anggaran ${year}`,
  columns: {
    program: 'Program',
    source: 'Sumber dana',
    used: 'Terserap',
    month: 'Bulan',
  },
  total: 'Jumlah',
  monthlyTitle: 'Tagihan, pembayaran dan pengkreditan per bulan',
  monthlyChart: (year: number) =>
    `Grafik garis tagihan, pembayaran dan pengkreditan BPJS per bulan, tahun anggaran ${year}. Angkanya ada pada tabel di bawah grafik.`,
  monthlyCaption: (year: number) =>
    `Tagihan, pembayaran dan pengkreditan BPJS per bulan, tahun anggaran ${year}`,
  forecastTitle: 'Perkiraan pemakaian pagu',
  forecastBasis: (month: string) =>
    `Perkiraan ini menagih setiap bulan yang belum ditagih sampai Desember dengan laju peserta aktif ${month}, pada tarif bulan itu.`,
  forecastAllLast: (month: string) => `Dengan laju saat ini, semua pagu cukup sampai ${month}.`,
  forecastRunsOut: (line: string, month: string, perMonth: string) =>
    `${line}: dengan laju ${perMonth} per bulan, pagu habis pada ${month}.`,
  forecastNoCeiling: (line: string) => `${line}: sudah ditagih, tetapi belum ada pagu.`,
  forecastCaption: (year: number, month: string) =>
    `Perkiraan pemakaian pagu per program dan sumber dana sampai Desember ${year}, dengan laju ${month}`,
  forecastColumns: {
    remaining: 'Sisa pagu',
    enrolments: (month: string) => `Peserta aktif ${month}`,
    runRate: 'Laju per bulan',
    projectedSpend: 'Perkiraan tagihan s.d. Desember',
    projectedBalance: 'Perkiraan sisa akhir tahun',
    runsOutIn: 'Pagu habis pada',
  },
  lastsTheYear: 'Cukup',
  forecastChart: (year: number) =>
    `Grafik garis sisa pagu per program dan sumber dana, dalam persen dari pagunya, setiap akhir bulan tahun ${year}: garis utuh untuk bulan yang sudah berjalan, garis putus-putus untuk perkiraan. Angkanya ada pada tabel di bawah grafik.`,
  forecastChartTable: 'Angka grafik sisa pagu per bulan',
  forecastChartCaption: (year: number) =>
    `Sisa pagu pada akhir setiap bulan tahun ${year}, dalam rupiah dan persen dari pagu, per program dan sumber dana (perkiraan setelah bulan berjalan)`,
  forecastEmpty: 'Belum ada program yang berjalan atau memiliki pagu pada tahun ini.',
  coverageTitle: 'Cakupan kepesertaan terhadap target',
  coverageIntro: (month: string) =>
    `Peserta aktif BPJS Ketenagakerjaan (penerima upah dan bukan penerima upah) yang tinggal di tiap kabupaten dan kota pada ${month}, menurut hitungan BPJS, dibandingkan dengan angkatan kerja tahun itu. Penerima iuran APBD adalah sebagian dari mereka.`,
  coverageChart: (month: string) =>
    `Grafik batang cakupan kepesertaan dan targetnya per kabupaten dan kota yang jumlah peserta aktifnya tercatat, ${month}. Angkanya ada pada tabel di bawah grafik.`,
  coverageSeries: { rate: 'Cakupan', target: 'Target' },
  coverageProvince: (name: string, rate: string, target: string) =>
    `Cakupan ${name}: ${rate} dari angkatan kerja, target ${target}.`,
  coverageGap: (workers: string, cost: string) =>
    `Untuk mencapai target masih kurang ${workers} pekerja, ${cost} per bulan dengan tarif penuh.`,
  coverageReached: 'Target sudah tercapai.',
  coverageReport: 'Cakupan bulan lain, dengan unduhan CSV dan XLSX',
  coverageNoWorkforce: (year: number) =>
    `Angkatan kerja per kabupaten dan kota tahun ${year} belum dicatat, sehingga cakupannya belum dapat dihitung. Administrator mencatatnya melalui API (PUT /api/v1/workforce).`,
  programsTitle: 'Program',
  programsCaption: 'Program iuran yang terdaftar dan sumber dananya',
  noPrograms: 'Belum ada program yang terdaftar.',
  programColumns: {
    code: 'Kode',
    name: 'Nama program',
    funding: 'Sumber dana (porsi)',
    runs: 'Berlaku',
    benefits: 'Manfaat',
  },
  runsFrom: (from: string) => `sejak ${from}`,
  runsBetween: (from: string, to: string) => `${from} s.d. ${to}`,
};

export const en: typeof id = {
  title: 'Dashboard',
  welcome: (name) => `Welcome, ${name}.`,
  yearLabel: 'Fiscal year',
  yearSubmit: 'Show',
  percent: percentWith(false),
  summaryTitle: (year) => `Fiscal year ${year} at a glance`,
  figures: {
    budget: 'Budget',
    billed: 'Billed',
    paid: 'Paid',
    credited: 'Credited by BPJS',
    remainingBudget: 'Budget left',
    outstanding: 'Unpaid',
  },
  ofBudget: (share) => `${share} of the budget`,
  ofBilled: (share) => `${share} of the billed amount`,
  emptyYearTitle: (year) => `No figures for fiscal year ${year} yet`,
  emptyYear:
    'Figures appear here once a programme is registered, its budget allocated, its beneficiaries enrolled and its first month billed. Choose another year above to see a year that has started.',
  linesTitle: 'Budget per programme and funding source',
  linesCaption: (year) =>
    `Budget, billed, paid, credited and budget left per programme and funding source, fiscal year ${year}`,
  columns: {
    program: 'Programme',
    source: 'Funding source',
    used: 'Used',
    month: 'Month',
  },
  total: 'Total',
  monthlyTitle: 'Billed, paid and credited per month',
  monthlyChart: (year) =>
    `Line chart of the amounts billed, paid and credited by BPJS per month, fiscal year ${year}. The figures are in the table below the chart.`,
  monthlyCaption: (year) => `Billed, paid and credited by BPJS per month, fiscal year ${year}`,
  forecastTitle: 'Budget burn forecast',
  forecastBasis: (month) =>
    `The forecast bills every month not billed yet up to December at the pace of the enrolments in force in ${month}, at that month's rates.`,
  forecastAllLast: (month) => `At the current pace, every budget lasts until ${month}.`,
  forecastRunsOut: (line, month, perMonth) =>
    `${line}: at ${perMonth} a month, the budget runs out in ${month}.`,
  forecastNoCeiling: (line) => `${line}: billed, but no budget has been allocated.`,
  forecastCaption: (year, month) =>
    `Budget burn forecast per programme and funding source up to December ${year}, at the pace of ${month}`,
  forecastColumns: {
    remaining: 'Budget left',
    enrolments: (month) => `Enrolled in ${month}`,
    runRate: 'Pace per month',
    projectedSpend: 'Forecast billing to December',
    projectedBalance: 'Forecast left at year end',
    runsOutIn: 'Budget runs out in',
  },
  lastsTheYear: 'Lasts',
  forecastChart: (year) =>
    `Line chart of the budget left per programme and funding source, as a share of its budget, at the end of each month of ${year}: solid for the months gone by, dashed for the forecast. The figures are in the table below the chart.`,
  forecastChartTable: 'Figures of the budget-left chart per month',
  forecastChartCaption: (year) =>
    `Budget left at the end of each month of ${year}, in rupiah and as a share of the budget, per programme and funding source (forecast after the current month)`,
  forecastEmpty: 'No programme runs or has a budget in this year yet.',
  coverageTitle: 'Coverage against the target',
  coverageIntro: (month) =>
    `Active members of BPJS Ketenagakerjaan (wage and non-wage) living in each regency and city in ${month}, as the insurer counts them, against the workforce of that year. The beneficiaries of the APBD budgets are some of them.`,
  coverageChart: (month) =>
    `Bar chart of the coverage and its target per regency and city with a recorded count of active members, ${month}. The figures are in the table below the chart.`,
  coverageSeries: { rate: 'Coverage', target: 'Target' },
  coverageProvince: (name, rate, target) =>
    `Coverage of ${name}: ${rate} of the workforce, target ${target}.`,
  coverageGap: (workers, cost) =>
    `Reaching the target takes ${workers} more workers, ${cost} a month at the full rate.`,
  coverageReached: 'The target is reached.',
  coverageReport: 'Coverage of other months, with CSV and XLSX downloads',
  coverageNoWorkforce: (year) =>
    `The workforce of the regencies and cities for ${year} is not recorded yet, so their coverage cannot be computed. An administrator records it through the API (PUT /api/v1/workforce).`,
  programsTitle: 'Programmes',
  programsCaption: 'Registered contribution programmes and their funding sources',
  noPrograms: 'No programme has been registered yet.',
  programColumns: {
    code: 'Code',
    name: 'Programme',
    funding: 'Funding sources (share)',
    runs: 'Runs',
    benefits: 'Benefits',
  },
  runsFrom: (from) => `from ${from}`,
  runsBetween: (from, to) => `${from} to ${to}`,
};
