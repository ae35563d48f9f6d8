import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';
import { binary, csvLines, readWorkbook } from './support/downloads.js';

let t: TestContext;
let province: string;
let bungo: string;

beforeAll(async () => {
  t = await createTestContext();
  const ids = await fundingSourceIds(t);
  province = ids['APBD-PROV-JAMBI']!;
  bungo = ids['APBD-KAB-BUNGO']!;
});
afterAll(async () => t.close());

const realisation = (source: string, year: number, asOf?: string) =>
  t
    .as('auditor')
    .get(
      `/api/v1/reports/realisation?fundingSourceId=${source}&fiscalYear=${year}${asOf ? `&asOf=${asOf}` : ''}`,
    );

type Row = Record<string, string | null>;
const rowsOf = (body: { rows: Row[] }, programCode: string) =>
  body.rows.filter((r) => r.programCode === programCode);

/** The benefit split of a payment's journal entry, from its postings on the paid account. */
async function paidSplit(paymentId: string): Promise<Record<string, string>> {
  const res = await t.as('auditor').get(`/api/v1/journal-entries?sourceType=payment&sourceId=${paymentId}`);
  const postings = (
    res.body.data[0].postings as { account: string; amount: string; benefit: string }[]
  ).filter((p) => p.account.startsWith('paid:'));
  return Object.fromEntries(postings.map((p) => [p.benefit, p.amount]));
}

describe('realisation, cash-based and split over kode rekening', () => {
  it('when a month co-funded 0.333 / 0.667 is paid, then each payment splits over JKK and JKM to the rupiah', async () => {
    // March 2026: JKK 1% of 1,000,000 = 10,000 and JKM 6,800, so 16,800 a worker. The province's share is
    // 16,800 × 0.333 = 5,594.4 → 5,594 and Bungo's 11,205.6 → 11,206 (the rupiah left goes to .6). Each share
    // splits 10,000 : 6,800 by largest remainder: 5,594 → 3,329.76 / 2,264.24 → JKK 3,330, JKM 2,264;
    // 11,206 → 6,670.24 / 4,535.76 → JKK 6,670, JKM 4,536 (together 10,000 and 6,800).
    const program = await createProgram(t, {
      code: 'CO-FUNDED',
      fundingShares: [
        { fundingSourceId: province, share: '0.333' },
        { fundingSourceId: bungo, share: '0.667' },
      ],
    });
    await allocate(t, program.id, province, '1000000');
    await allocate(t, program.id, bungo, '2000000');
    for (let i = 0; i < 3; i += 1) await enrolWorker(t, program.id, { startPeriod: '2026-03' });
    await bill(t, program.id, '2026-03');
    // The province pays its whole month: 3 × 5,594 = 16,782 = JKK 3 × 3,330 + JKM 3 × 2,264.
    const whole = await pay(t, {
      programId: program.id,
      fundingSourceId: province,
      period: '2026-03',
      amount: '16782',
    });
    expect(await paidSplit(whole)).toEqual({ JKK: '9990', JKM: '6792' });
    // Bungo pays 10,000 of its 33,618 (JKK 20,010, JKM 13,608): 10,000 × 20,010 / 33,618 = 5,952.17 and
    // 10,000 × 13,608 / 33,618 = 4,047.83, so the rupiah left goes to JKM: 5,952 and 4,048.
    const part = await pay(t, {
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-03',
      amount: '10000',
    });
    expect(await paidSplit(part)).toEqual({ JKK: '5952', JKM: '4048' });

    const march = await realisation(province, 2026, '2026-03-31');
    expect(march.status, march.text).toBe(200);
    expect(rowsOf(march.body, 'CO-FUNDED')).toEqual([
      expect.objectContaining({
        benefit: null,
        accountCode: null,
        original: '1000000',
        amended: '1000000',
        realisedThisMonth: '16782',
        realisedToDate: '16782',
        remaining: '983218',
        // 100 × 16,782 / 1,000,000 = 1.6782 → 1.68
        percent: '1.68',
      }),
      expect.objectContaining({
        benefit: 'JKK',
        accountCode: '5.1.02.02.02.0006',
        original: null,
        realisedToDate: '9990',
        remaining: null,
      }),
      expect.objectContaining({ benefit: 'JKM', accountCode: '5.1.02.02.02.0007', realisedToDate: '6792' }),
    ]);
    const later = await realisation(bungo, 2026, '2026-11-20');
    expect(
      rowsOf(later.body, 'CO-FUNDED').map((r) => [r.benefit, r.realisedThisMonth, r.realisedToDate]),
    ).toEqual([
      [null, '0', '10000'],
      ['JKK', '0', '5952'],
      ['JKM', '0', '4048'],
    ]);
    await expectLedgerClean(t);
  });

  it('when a budget kept per benefit is amended, then each kode rekening shows original, amended and sisa pagu', async () => {
    const program = await createProgram(t, {
      code: 'PER-ACCOUNT',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    const line = (benefit: string, amount: string, documentRef: string) =>
      t.as('finance_officer').post('/api/v1/budget-allocations').send({
        programId: program.id,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        benefit,
        amount,
        documentRef,
      });
    expect((await line('JKK', '120000', 'DPA')).status).toBe(201);
    expect((await line('JKM', '81600', 'DPA')).status).toBe(201);
    expect((await line('JKK', '-20000', 'DPPA')).body.kind).toBe('amendment');
    await enrolWorker(t, program.id, { startPeriod: '2026-02' });
    await bill(t, program.id, '2026-02');
    await pay(t, {
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-02',
      amount: '16800',
      paidOn: '2026-02-12',
    });
    const res = await realisation(bungo, 2026, '2026-02-28');
    // JKK: 120,000 − 20,000 = 100,000 amended, 10,000 paid: 90,000 left, 10.00%. JKM: 81,600, 6,800: 8.33%.
    expect(rowsOf(res.body, 'PER-ACCOUNT')).toEqual([
      expect.objectContaining({
        benefit: 'JKK',
        original: '120000',
        amended: '100000',
        realisedThisMonth: '10000',
        realisedToDate: '10000',
        remaining: '90000',
        percent: '10.00',
      }),
      expect.objectContaining({
        benefit: 'JKM',
        original: '81600',
        amended: '81600',
        realisedToDate: '6800',
        remaining: '74800',
        percent: '8.33',
      }),
    ]);
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect((lines.body.data as Row[]).map((l) => [l.benefit, l.paid])).toEqual([
      ['JKK', '10000'],
      ['JKM', '6800'],
    ]);
  });

  it('when a December bill is paid on 10 January, then it is realisation of January of the new year', async () => {
    const program = await createProgram(t, {
      code: 'DEC-JAN',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '1000000', 2026);
    await allocate(t, program.id, bungo, '720000', 2027);
    await enrolWorker(t, program.id, { startPeriod: '2026-12' });
    await enrolWorker(t, program.id, { startPeriod: '2026-12' });
    t.setNow('2027-01-15T10:00:00');
    try {
      // December 2026 (PP 50/2025): JKK 0.5% = 5,000 and JKM 3,400, so 8,400 a worker, 16,800 for two.
      await bill(t, program.id, '2026-12');
      await pay(t, {
        programId: program.id,
        fundingSourceId: bungo,
        period: '2026-12',
        amount: '16800',
        paidOn: '2027-01-10',
      });
      const year2026 = await realisation(bungo, 2026, '2026-12-31');
      expect(rowsOf(year2026.body, 'DEC-JAN')[0]).toMatchObject({
        realisedToDate: '0',
        remaining: '1000000',
      });
      const january = await realisation(bungo, 2027);
      expect(january.body.asOf).toBe('2027-01-15');
      expect(rowsOf(january.body, 'DEC-JAN')).toEqual([
        // 100 × 16,800 / 720,000 = 2.333… → 2.33
        expect.objectContaining({
          benefit: null,
          amended: '720000',
          realisedThisMonth: '16800',
          remaining: '703200',
          percent: '2.33',
        }),
        expect.objectContaining({ benefit: 'JKK', realisedToDate: '10000' }),
        expect.objectContaining({ benefit: 'JKM', realisedToDate: '6800' }),
      ]);
      // The journal keeps the accrual view: the payment is on the 2026 accounts of the month it pays.
      const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}&fiscalYear=2026`);
      expect(lines.body.data[0]).toMatchObject({ billed: '16800', paid: '16800' });
      await expectLedgerClean(t);
    } finally {
      t.setNow('2026-11-20T10:00:00');
    }
  });

  it('when a payment is reversed, then it stops counting from the reversal date on', async () => {
    const program = await createProgram(t, {
      code: 'REVERSED',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '500000');
    await enrolWorker(t, program.id, { startPeriod: '2026-05' });
    await bill(t, program.id, '2026-05');
    // May 2026: 5,000 + 3,400 = 8,400.
    const id = await pay(t, {
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-05',
      amount: '8400',
    });
    const reversed = await t
      .as('finance_officer')
      .post(`/api/v1/payments/${id}/reversal`)
      .send({ reason: 'wrong SP2D' });
    expect(reversed.status).toBe(201);
    const before = await realisation(bungo, 2026, '2026-11-19');
    expect(rowsOf(before.body, 'REVERSED')[0]).toMatchObject({ realisedToDate: '8400' });
    const after = await realisation(bungo, 2026, '2026-11-20');
    expect(rowsOf(after.body, 'REVERSED')[0]).toMatchObject({ realisedToDate: '0', remaining: '500000' });
    await expectLedgerClean(t);
  });

  it('when the query is wrong, then it is refused naming the field', async () => {
    expect((await realisation(bungo, 2026, '2027-01-01')).body.errors[0].path).toBe('query.asOf');
    expect((await realisation('999999', 2026)).status).toBe(404);
    const noYear = await t.as('auditor').get(`/api/v1/reports/realisation?fundingSourceId=${bungo}`);
    expect(noYear.body.errors[0].path).toBe('query.fiscalYear');
  });

  it('when it is downloaded, then the file is titled like the LRA and signed at the source place', async () => {
    const program = await createProgram(t, {
      code: 'LRA',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '201600');
    await enrolWorker(t, program.id, { startPeriod: '2026-03' });
    await bill(t, program.id, '2026-03');
    await pay(t, { programId: program.id, fundingSourceId: bungo, period: '2026-03', amount: '16800' });
    await t
      .as('admin')
      .patch(`/api/v1/funding-sources/${bungo}`)
      .send({
        signatories: [
          { role: 'kepala_dinas', name: 'H. Syafrudin, S.Sos', nip: '197001011990031001' },
          { role: 'bendahara_pengeluaran', name: 'Rina Marlina', nip: '198505052010012002' },
        ],
      });
    const url = `/api/v1/reports/realisation?fundingSourceId=${bungo}&fiscalYear=2026&asOf=2026-03-31`;
    const csv = await t.as('auditor').get(`${url}&format=csv`);
    expect(csv.status).toBe(200);
    const lines = csvLines(csv.text);
    expect(lines[0]).toBe(
      'LAPORAN REALISASI ANGGARAN APBD KABUPATEN BUNGO TAHUN ANGGARAN 2026 PER 31 MARET 2026',
    );
    // 100 × 16,800 / 201,600 = 8.333… → 8.33
    expect(lines).toContain(',Test programme (LRA),201600,201600,16800,16800,184800,8.33');
    expect(lines).toContain('5.1.02.02.02.0006,  Iuran Jaminan Kecelakaan Kerja (JKK) - LRA,,,10000,10000,,');
    expect(lines).toContain('5.1.02.02.02.0007,  Iuran Jaminan Kematian (JKM) - LRA,,,6800,6800,,');
    expect(lines).toContain('"Mengetahui,","Muara Bungo, 31 Maret 2026"');
    expect(lines).toContain('"H. Syafrudin, S.Sos",Rina Marlina');
    expect(lines).toContain('NIP. 197001011990031001,NIP. 198505052010012002');
    const xlsx = await t.as('auditor').get(`${url}&format=xlsx`).buffer(true).parse(binary);
    const sheet = (await readWorkbook(xlsx.body)).worksheets[0]!;
    expect(sheet.name).toBe('Realisasi anggaran');
    const values = sheet
      .getSheetValues()
      .flat()
      .map((v) => String(v));
    expect(values).toContain('NIP. 198505052010012002');
    expect(values).toContain('Muara Bungo, 31 Maret 2026');
  });
});
