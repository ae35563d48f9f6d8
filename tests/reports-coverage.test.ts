import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkforce } from '../seeds/demo-workforce.js';
import { count, createTestContext, type TestContext } from './support/harness.js';
import { createProgram, enrolAgain, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { binary, csvLines, downloadWorkbook, readWorkbook } from './support/downloads.js';

let t: TestContext;

function putWorkforce(
  regionCode: string,
  year: number | string,
  body: unknown,
  role: 'admin' | 'program_manager' | 'finance_officer' | 'auditor' = 'admin',
) {
  return t
    .as(role)
    .put(`/api/v1/workforce/${regionCode}/${year}`)
    .send(body as object);
}

async function coverage(period: string) {
  const res = await t.as('auditor').get(`/api/v1/reports/coverage?period=${period}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const unknownWorkforce = {
  workers: null,
  rate: null,
  targetRate: null,
  gap: null,
  insured: null,
  coverage: null,
  gapWorkers: null,
  monthlyCostToTarget: null,
  yearlyCostToTarget: null,
  isDemo: false,
};
/** A row with a workforce but no insured count: the gap counts from the people the budgets pay for. */
const noInsuredCount = { insured: null, coverage: null, gapWorkers: null };

/**
 * In November 2026 four people are covered in Bungo (one moved from one programme to the other, one left
 * in October, one starts in December, one is registered but never enrolled), two in Kota Jambi and one in
 * Muaro Jambi. A worker at the lowest declared income costs 8,400 a month then (16,800 in 2027).
 */
async function enrolPeople(t: TestContext): Promise<void> {
  const fs = await fundingSourceIds(t);
  const a = await createProgram(t, {
    code: 'COV-A',
    fundingShares: [{ fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '1' }],
  });
  const b = await createProgram(t, {
    code: 'COV-B',
    fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
  });
  await enrolWorker(t, a.id, { regionCode: '15.08', startPeriod: '2026-01' });
  await enrolWorker(t, a.id, { regionCode: '15.08', startPeriod: '2026-06' });
  await enrolWorker(t, b.id, { regionCode: '15.08', startPeriod: '2026-01' });
  const moved = await enrolWorker(t, a.id, {
    regionCode: '15.08',
    startPeriod: '2026-01',
    endPeriod: '2026-03',
  });
  await enrolAgain(t, moved, b.id, '2026-04');
  await enrolWorker(t, b.id, { regionCode: '15.08', startPeriod: '2026-01', endPeriod: '2026-10' });
  await enrolWorker(t, b.id, { regionCode: '15.08', startPeriod: '2026-12' });
  await enrolWorker(t, a.id, { regionCode: '15.71', startPeriod: '2026-01' });
  await enrolWorker(t, a.id, { regionCode: '15.71', startPeriod: '2026-01' });
  await enrolWorker(t, a.id, { regionCode: '15.05', startPeriod: '2026-01' });
  const idle = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries')
    .send({ nik: '1508014501850777', name: 'Belum terdaftar', regionCode: '15.08' });
  expect(idle.status, idle.text).toBe(201);
}

/**
 * The workforce figures the report tests read: Bungo 10 workers at a 0.55 target, Kota Jambi 3 at 0.5,
 * Kota Sungai Penuh 0, the province 1,000, and Bungo 100 at 0.1 in 2027. Recorded by each test that reads
 * them (a PUT replaces a figure), so none depends on another having run first.
 */
async function recordWorkforce(): Promise<void> {
  for (const [region, year, workers, targetRate] of [
    ['15.08', 2026, 10, '0.55'],
    ['15.71', 2026, 3, '0.5'],
    ['15.72', 2026, 0, '0.55'],
    ['15', 2026, 1000, '0.55'],
    ['15.08', 2027, 100, '0.1'],
  ] as const) {
    const res = await putWorkforce(region, year, { workers, targetRate });
    expect(res.status, res.text).toBe(200);
  }
}

beforeAll(async () => {
  t = await createTestContext();
  await enrolPeople(t);
});
afterAll(async () => t.close());

describe('workforce', () => {
  it('when an administrator records a workforce, then 200 with the row, and a correction replaces it, each audited', async () => {
    const first = await putWorkforce('15.08', 2099, { workers: 12, targetRate: '0.550' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({
      regionCode: '15.08',
      year: 2099,
      workers: 12,
      targetRate: '0.55',
      isDemo: false,
      updatedAt: '2026-11-20T10:00:00.000+07:00',
    });
    const corrected = await putWorkforce('15.08', 2099, { workers: 10, targetRate: '0.55' });
    expect(corrected.status).toBe(200);
    expect(corrected.body.workers).toBe(10);
    expect(await count(t.db, 'workforce', { region_code: '15.08', year: 2099 })).toBe(1);
    const audit = await t.as('auditor').get('/api/v1/audit-events?entity=workforce&entityId=15.08/2099');
    expect(
      audit.body.data.map((e: { action: string; entityId: string; role: string }) => [
        e.action,
        e.entityId,
        e.role,
      ]),
    ).toEqual([
      ['workforce.set', '15.08/2099', 'admin'],
      ['workforce.set', '15.08/2099', 'admin'],
    ]);
    expect(audit.body.data[1].change).toMatchObject({
      before: { workers: 12, targetRate: '0.55' },
      after: { workers: 10, targetRate: '0.55' },
    });
  });

  it('when the request is wrong, then 400/403/404 and nothing is written', async () => {
    const rows = await count(t.db, 'workforce');
    const events = await count(t.db, 'audit_events');
    const good = { workers: 5, targetRate: '0.5' };
    const bad: unknown[] = [
      { workers: '5', targetRate: '0.5' },
      { workers: -1, targetRate: '0.5' },
      { workers: 1.5, targetRate: '0.5' },
      { workers: 5, targetRate: '1.2' },
      { workers: 5, targetRate: 0.5 },
      { workers: 5, targetRate: '-0.1' },
      { workers: 5 },
      { ...good, isDemo: true },
    ];
    for (const body of bad)
      expect((await putWorkforce('15.01', 2026, body)).status, JSON.stringify(body)).toBe(400);
    expect((await putWorkforce('15.01', 'next', good)).status).toBe(400);
    expect((await putWorkforce('15.99', 2026, good)).status).toBe(404);
    expect((await putWorkforce('Bungo', 2026, good)).status).toBe(404);
    expect((await putWorkforce('15.01', 2026, good, 'finance_officer')).status).toBe(403);
    expect((await putWorkforce('15.01', 2026, good, 'auditor')).status).toBe(403);
    expect((await putWorkforce('15.01', 2026, good, 'program_manager')).status).toBe(403);
    expect(await count(t.db, 'workforce')).toBe(rows);
    expect(await count(t.db, 'audit_events')).toBe(events);
  });

  it('when the workforce is listed, then rows come by year and region, a page at a time', async () => {
    await recordWorkforce();
    const keys = (res: { body: { data: { regionCode: string; year: number }[] } }) =>
      res.body.data.map((w) => `${w.regionCode}/${w.year}`);
    const page1 = await t.as('auditor').get('/api/v1/workforce?year=2026&limit=3');
    expect(keys(page1)).toEqual(['15/2026', '15.08/2026', '15.71/2026']);
    const page2 = await t
      .as('auditor')
      .get(`/api/v1/workforce?year=2026&limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ nextCursor: null });
    expect(keys(page2)).toEqual(['15.72/2026']);
    const byYear = await t.as('auditor').get('/api/v1/workforce?limit=5');
    expect(keys(byYear)).toEqual(['15/2026', '15.08/2026', '15.71/2026', '15.72/2026', '15.08/2027']);
    const later = await t.as('auditor').get('/api/v1/workforce?year=2027');
    expect(keys(later)).toEqual(['15.08/2027']);
  });
});

describe('coverage report', () => {
  it('when a month is asked, then each regency and city and the province show people covered against their workforce', async () => {
    await recordWorkforce();
    const report = await coverage('2026-11');
    expect(report.period).toBe('2026-11');
    // The standing rate, JKK 1% of 1,000,000 + JKM 6,800, not November's PP 50/2025 relief (8,400).
    expect(report.pricePerWorker).toBe('16800');
    expect(report.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual([
      '15.01',
      '15.02',
      '15.03',
      '15.04',
      '15.05',
      '15.06',
      '15.07',
      '15.08',
      '15.09',
      '15.71',
      '15.72',
    ]);
    const byCode = Object.fromEntries(report.rows.map((r: { regionCode: string }) => [r.regionCode, r]));
    expect(byCode['15.01']).toEqual({
      regionCode: '15.01',
      regionName: 'Kabupaten Kerinci',
      beneficiaries: 0,
      ...unknownWorkforce,
    });
    expect(byCode['15.05']).toEqual({
      regionCode: '15.05',
      regionName: 'Kabupaten Muaro Jambi',
      beneficiaries: 1,
      ...unknownWorkforce,
    });
    // 4 of 10: the target 0.55 asks for ceil(5.5) = 6, two more, at 16,800 each.
    expect(byCode['15.08']).toEqual({
      regionCode: '15.08',
      regionName: 'Kabupaten Bungo',
      workers: 10,
      beneficiaries: 4,
      rate: '0.4000',
      targetRate: '0.55',
      gap: 2,
      ...noInsuredCount,
      monthlyCostToTarget: '33600',
      yearlyCostToTarget: '403200',
      isDemo: false,
    });
    // 2 of 3 is above the target of ceil(1.5) = 2: no gap.
    expect(byCode['15.71']).toMatchObject({
      workers: 3,
      beneficiaries: 2,
      rate: '0.6667',
      targetRate: '0.5',
      gap: 0,
      monthlyCostToTarget: '0',
    });
    expect(byCode['15.72']).toMatchObject({
      workers: 0,
      beneficiaries: 0,
      rate: null,
      gap: 0,
      monthlyCostToTarget: '0',
    });
    // 543 × 16,800 = 9,122,400 a month, 109,468,800 a year.
    expect(report.province).toEqual({
      regionCode: '15',
      regionName: 'Provinsi Jambi',
      workers: 1000,
      beneficiaries: 7,
      rate: '0.0070',
      targetRate: '0.55',
      gap: 543,
      ...noInsuredCount,
      monthlyCostToTarget: '9122400',
      yearlyCostToTarget: '109468800',
      isDemo: false,
    });
  });

  it("when a month of another year is asked, then that year's workforce applies, at the same standing price", async () => {
    await recordWorkforce();
    const report = await coverage('2027-01');
    expect(report.pricePerWorker).toBe('16800');
    const bungo = report.rows.find((r: { regionCode: string }) => r.regionCode === '15.08');
    // Five in force in January 2027 (the December starter joined, the October leaver is gone): 10% of
    // 100 asks for 10, five more at 16,800.
    expect(bungo).toMatchObject({
      workers: 100,
      beneficiaries: 5,
      rate: '0.0500',
      gap: 5,
      monthlyCostToTarget: '84000',
    });
    expect(report.province).toMatchObject({ beneficiaries: 8, ...unknownWorkforce });
  });

  it('when the period is missing or malformed, then 400', async () => {
    expect((await t.as('auditor').get('/api/v1/reports/coverage')).status).toBe(400);
    expect((await t.as('auditor').get('/api/v1/reports/coverage?period=2026-13')).status).toBe(400);
  });

  it('when the demo workforce is seeded, then the province shows Jambi at 1.3 million, 41% insured, marked as demo', async () => {
    // A database of its own: the demo seed writes the province's row behind the API's back.
    const demo = await createTestContext();
    try {
      await enrolPeople(demo);
      await seedDemoWorkforce(demo.db, '2026-11-20T10:00:00.000+07:00');
      await seedDemoWorkforce(demo.db, '2026-11-20T10:00:00.000+07:00');
      const seeded = await demo.as('auditor').get('/api/v1/workforce?year=2026');
      expect(seeded.body.data).toHaveLength(12);
      expect(seeded.body.data).toContainEqual(
        expect.objectContaining({ regionCode: '15', workers: 1300000, targetRate: '0.55', isDemo: true }),
      );
      const province = async () =>
        (await demo.as('auditor').get('/api/v1/reports/coverage?period=2026-11')).body.province;
      // ceil(0.55 × 1,300,000) = 715,000 people; 7 subsidised, but 539,000 insured (41%): 176,000 more at
      // 16,800.
      expect(await province()).toMatchObject({
        workers: 1300000,
        beneficiaries: 7,
        rate: '0.0000',
        gap: 714993,
        insured: 539000,
        coverage: '0.4146',
        gapWorkers: 176000,
        monthlyCostToTarget: '2956800000',
        isDemo: true,
      });
      const recorded = await demo
        .as('admin')
        .put('/api/v1/workforce/15/2026')
        .send({ workers: 1300000, targetRate: '0.55' });
      expect(recorded.status).toBe(200);
      // The insured count is still the demo's.
      expect(await province()).toMatchObject({ workers: 1300000, isDemo: true });
      const rows = (await demo.as('auditor').get('/api/v1/reports/coverage?period=2026-11')).body.rows;
      // Every regency and city has its figures: ceil(0.55 × 125,000) = 68,750 in Bungo, 52,000 insured.
      expect(rows.filter((r: { workers: number | null }) => r.workers === null)).toEqual([]);
      expect(rows.find((r: { regionCode: string }) => r.regionCode === '15.08')).toMatchObject({
        workers: 125000,
        insured: 52000,
        gapWorkers: 16750,
        monthlyCostToTarget: '281400000',
      });
    } finally {
      await demo.close();
    }
  });
});

describe('coverage as the province counts it', () => {
  /** Counts of October 2026, a month no other test reads the insured figures of. */
  const putCount = (
    region: string,
    body: unknown,
    role: 'admin' | 'program_manager' = 'admin',
    period = '2026-10',
  ) =>
    t
      .as(role)
      .put(`/api/v1/insured-counts/${region}/${period}`)
      .send(body as object);

  it('when insured counts are recorded, then each row counts every insured member and prices the gap at the full rate', async () => {
    await recordWorkforce();
    await putWorkforce('15', 2026, { workers: 1_300_000, targetRate: '0.55' });
    await putWorkforce('15.72', 2026, { workers: 100_000, targetRate: '0.55' });
    for (const [region, insured] of [
      ['15', 539_000],
      ['15.08', 5],
      ['15.72', 55_000],
    ] as const) {
      const res = await putCount(region, { insured, documentRef: 'BPJS-TK 12/2026' });
      expect(res.status, res.text).toBe(200);
    }
    const report = await coverage('2026-10');
    // ceil(0.55 × 1,300,000) = 715,000; 539,000 insured (41.46%): 176,000 short, at the standing 16,800
    // (not the 8,400 of October's relief): 2,956,800,000 a month, 35,481,600,000 a year.
    expect(report.province).toMatchObject({
      workers: 1_300_000,
      insured: 539_000,
      coverage: '0.4146',
      targetRate: '0.55',
      gapWorkers: 176_000,
      monthlyCostToTarget: '2956800000',
      yearlyCostToTarget: '35481600000',
      isDemo: false,
    });
    const byCode = Object.fromEntries(report.rows.map((r: { regionCode: string }) => [r.regionCode, r]));
    // Bungo: ceil(5.5) = 6 against 5 insured: one more at 16,800. The subsidised stay as beneficiaries.
    expect(byCode['15.08']).toMatchObject({
      workers: 10,
      insured: 5,
      coverage: '0.5000',
      gapWorkers: 1,
      monthlyCostToTarget: '16800',
      yearlyCostToTarget: '201600',
    });
    expect(byCode['15.08'].beneficiaries).toBeGreaterThan(0);
    // 0.55 × 100,000 is exactly 55,000: the target is met, no worker short.
    expect(byCode['15.72']).toMatchObject({
      workers: 100_000,
      insured: 55_000,
      gapWorkers: 0,
      monthlyCostToTarget: '0',
    });
    // Without a count in the month, the insured figures are null.
    expect(byCode['15.71']).toMatchObject(noInsuredCount);
    expect((await coverage('2026-09')).province).toMatchObject(noInsuredCount);
  });

  it('when a count is corrected, then it replaces the first, each audited with the document cited', async () => {
    expect((await putCount('15.09', { insured: 120, documentRef: 'surat 1' })).status).toBe(200);
    const corrected = await putCount('15.09', { insured: 125, documentRef: 'surat 2' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      regionCode: '15.09',
      period: '2026-10',
      insured: 125,
      documentRef: 'surat 2',
      isDemo: false,
    });
    expect(await count(t.db, 'insured_counts', { region_code: '15.09' })).toBe(1);
    const audit = await t
      .as('auditor')
      .get('/api/v1/audit-events?entity=insured_count&entityId=15.09/2026-10');
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'insured_count.set',
      'insured_count.set',
    ]);
    expect(audit.body.data[1].change).toEqual({
      before: { insured: 120, documentRef: 'surat 1' },
      after: { insured: 125, documentRef: 'surat 2' },
    });
    const listed = await t.as('auditor').get('/api/v1/insured-counts?period=2026-10');
    expect(listed.body.data.map((c: { regionCode: string }) => c.regionCode)).toContain('15.09');
  });

  it('when a count is refused, then nothing is written', async () => {
    const before = await count(t.db, 'insured_counts');
    expect((await putCount('15.01', { insured: 1, documentRef: 'x' }, 'program_manager')).status).toBe(403);
    expect((await putCount('15.99', { insured: 1, documentRef: 'x' })).status).toBe(404);
    const badPeriod = await putCount('15.01', { insured: 1, documentRef: 'x' }, 'admin', '2026-13');
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.errors).toEqual([{ path: 'period', message: expect.any(String) }]);
    for (const body of [
      { insured: -1, documentRef: 'x' },
      { insured: '5', documentRef: 'x' },
      { insured: 5 },
    ]) {
      const res = await putCount('15.01', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await count(t.db, 'insured_counts')).toBe(before);
  });
});

describe('coverage downloads', () => {
  it('when downloaded as XLSX, then each regency and city and then the province is a row, rates and money as numbers', async () => {
    await recordWorkforce();
    const json = await coverage('2026-11');
    const { workbook } = await downloadWorkbook(
      t,
      'program_manager',
      '/api/v1/reports/coverage?period=2026-11&format=xlsx',
      'coverage-2026-11-2026-11-20.xlsx',
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Cakupan kepesertaan']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Cakupan Kepesertaan Periode 2026-11');
    expect(sheet.getRow(2).values).toEqual([undefined, 'Filter', 'Bulan: November 2026']);
    expect(sheet.getRow(5).values).toEqual([
      undefined,
      'Kode wilayah',
      'Nama wilayah',
      'Angkatan kerja',
      'Peserta',
      'Tingkat cakupan',
      'Target cakupan',
      'Kekurangan dari target',
      'Peserta aktif BPJS',
      'Cakupan semua peserta',
      'Kekurangan peserta dari target',
      'Biaya per pekerja per bulan (Rp)',
      'Biaya per bulan mencapai target (Rp)',
      'Biaya per tahun mencapai target (Rp)',
      'Data contoh',
    ]);
    const regions = [...json.rows, json.province] as Record<string, unknown>[];
    expect(sheet.rowCount).toBe(5 + regions.length);
    const orNull = (v: unknown) => (v === null ? undefined : Number(v));
    regions.forEach((r, i) => {
      const cells = sheet.getRow(6 + i).values as unknown[];
      expect(cells.slice(1, 3)).toEqual([r.regionCode, r.regionName]);
      expect(cells[5], `rate ${r.regionCode}`).toBe(orNull(r.rate));
      expect(cells[11], `price ${r.regionCode}`).toBe(16800);
      expect(cells[12], `cost ${r.regionCode}`).toBe(orNull(r.monthlyCostToTarget));
      expect(cells[13], `yearly ${r.regionCode}`).toBe(orNull(r.yearlyCostToTarget));
    });
    // Bungo: 4 of 10 covered against 0.55, two more at 16,800; no insured count in this month.
    expect(sheet.getRow(13).values).toEqual([
      undefined,
      '15.08',
      'Kabupaten Bungo',
      10,
      4,
      0.4,
      0.55,
      2,
      undefined,
      undefined,
      undefined,
      16800,
      33600,
      403200,
      'Tidak',
    ]);
    // Kerinci has no workforce recorded: its figures are empty cells, not zeros.
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      '15.01',
      'Kabupaten Kerinci',
      undefined,
      0,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      16800,
      undefined,
      undefined,
      'Tidak',
    ]);
    expect(sheet.getRow(17).getCell(1).value).toBe('15');
    expect(sheet.getCell('E13').numFmt).toBe('#,##0.00##');
    expect(sheet.getCell('L13').numFmt).toBe('"Rp "#,##0');
  });

  it('when downloaded as CSV in English, then headers are English, and a region name that looks like a formula stays text', async () => {
    await recordWorkforce();
    const before = (await t.db('regions').where({ code: '15.01' }).first('name')) as { name: string };
    await t.db('regions').where({ code: '15.01' }).update({ name: '=HYPERLINK("http://x.test","klik")' });
    try {
      const res = await t.as('auditor').get('/api/v1/reports/coverage?period=2026-11&format=csv&lang=en');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csvLines(res.text);
      expect(lines.slice(0, 5)).toEqual([
        'Coverage for 2026-11',
        'Filters,Month: November 2026',
        'Produced at,20 November 2026 10:00 WIB',
        'Region code,Region name,Workforce,Beneficiaries,Coverage rate,Target rate,Gap to target,Insured (all members),Coverage (all),Insured gap to target,Cost per worker a month (Rp),Monthly cost to target (Rp),Yearly cost to target (Rp),Demo figure',
        `15.01,"'=HYPERLINK(""http://x.test"",""klik"")",,0,,,,,,,16800,,,No`,
      ]);
      expect(lines).toContain('15.08,Kabupaten Bungo,10,4,0.4000,0.55,2,,,,16800,33600,403200,No');
      // ceil(0.55 × 1,000) = 550 people, 7 covered: 543 more at 16,800.
      expect(lines[lines.length - 1]).toBe(
        '15,Provinsi Jambi,1000,7,0.0070,0.55,543,,,,16800,9122400,109468800,No',
      );
      const workbook = await readWorkbook(
        (
          await t
            .as('auditor')
            .get('/api/v1/reports/coverage?period=2026-11&format=xlsx&lang=en')
            .buffer(true)
            .parse(binary)
        ).body,
      );
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe('Coverage');
      expect(sheet.getCell('B6').value).toBe('=HYPERLINK("http://x.test","klik")');
      expect(sheet.getCell('B6').formula).toBeUndefined();
    } finally {
      await t.db('regions').where({ code: '15.01' }).update({ name: before.name });
    }
  });
});
