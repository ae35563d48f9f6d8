import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
} from './support/fixtures.js';
import { csvOf, xlsxOf } from './support/field-files.js';

/**
 * Statements with JKK and JKM columns, reconciled per benefit as well as in total. Figures by hand, for a
 * declared income of Rp 1,000,000 in March 2026 (seeded rates): agriculture JKK 1% = 10,000 and JKM 6,800
 * (16,800); transport JKK 0.5% = 5,000 and JKM 3,400 (8,400).
 */
let t: TestContext;
let bungo: string;
beforeAll(async () => {
  t = await createTestContext();
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
});
afterAll(async () => t.close());

const HEADER = ['NIK', 'No KPJ', 'Nama', 'Iuran', 'JKK', 'JKM'];

interface Exception {
  kind: string;
  nik: string;
  benefit: string | null;
  expectedAmount: string | null;
  statementAmount: string | null;
}

async function upload(programId: string, period: string, body: Buffer, type: string) {
  const res = await t
    .as('finance_officer')
    .post(`/api/v1/statements?programId=${programId}&period=${period}`)
    .set('Content-Type', type)
    .send(body);
  expect(res.status, res.text).toBe(201);
  const exceptions = await t
    .as('finance_officer')
    .get(`/api/v1/statements/${res.body.id as string}/exceptions`);
  expect(exceptions.status).toBe(200);
  const rows = (exceptions.body.data as Exception[]).map(
    ({ kind, nik, benefit, expectedAmount, statementAmount }) => ({
      kind,
      nik,
      benefit,
      expectedAmount,
      statementAmount,
    }),
  );
  return { statement: res.body, exceptions: rows.sort((a, b) => a.nik.localeCompare(b.nik)) };
}

describe('statements with JKK and JKM columns', () => {
  it("when a worker's total matches but JKK and JKM are swapped, then it is an amount_mismatch naming the benefit", async () => {
    const program = await createProgram(t, {
      code: 'BENEFITS',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '10000000');
    const nik = (n: number) => makeNik('08', 700 + n);
    for (const n of [1, 2, 4, 5]) await enrolWorker(t, program.id, { nik: nik(n), startPeriod: '2026-01' });
    await enrolWorker(t, program.id, { nik: nik(3), sector: 'transport', startPeriod: '2026-01' });
    await bill(t, program.id, '2026-03');
    const csv = csvOf(HEADER, [
      [nik(1), '11', 'Satu', '16.800', '10.000', '6.800'],
      [nik(2), '12', 'Dua', 'Rp 16.800', '6.800', '10.000'],
      [nik(3), '13', 'Tiga', '8.400', '5.000', '3.400'],
      [nik(4), '14', 'Empat', '16.800', '', '6.000'],
      [nik(5), '15', 'Lima', '17.000', '10.000', '7.000'],
      [nik(6), '16', 'Enam', '16.800', '8,4', '6.800'],
    ]);
    const { statement, exceptions } = await upload(program.id, '2026-03', csv, 'text/csv');
    expect(statement.summary).toEqual({
      lines: 6,
      matched: 2,
      amountMismatch: 3,
      notCredited: 0,
      unexpected: 0,
      duplicate: 0,
      doubleCoverage: 0,
      malformed: 1,
      // Only Satu (16,800) and Tiga (8,400) are credited: a mismatch in a benefit credits nothing.
      creditedAmount: '25200',
    });
    expect(statement.malformedLines).toEqual([
      {
        line: 7,
        errors: [
          {
            path: 'jkk',
            message:
              '8,4 is ambiguous: a comma marks decimals in Bahasa Indonesia but thousands in English; write whole rupiah such as 8400 or 8.400',
          },
        ],
      },
    ]);
    expect(exceptions).toEqual([
      {
        kind: 'amount_mismatch',
        nik: nik(2),
        benefit: 'JKK',
        expectedAmount: '10000',
        statementAmount: '6800',
      },
      {
        kind: 'amount_mismatch',
        nik: nik(4),
        benefit: 'JKM',
        expectedAmount: '6800',
        statementAmount: '6000',
      },
      {
        kind: 'amount_mismatch',
        nik: nik(5),
        benefit: null,
        expectedAmount: '16800',
        statementAmount: '17000',
      },
    ]);
    await expectLedgerClean(t);
  });

  it('when the month was repriced after a rate correction, then the benefits are checked against the new price', async () => {
    const program = await createProgram(t, {
      code: 'REPRICED',
      startPeriod: '2029-01',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '1000000', 2029);
    const nik = (n: number) => makeNik('08', 720 + n);
    for (const n of [1, 2])
      await enrolWorker(t, program.id, { nik: nik(n), sector: 'fisheries', startPeriod: '2029-01' });
    const rate = await t.as('admin').post('/api/v1/contribution-rates').send({
      benefit: 'JKM',
      flatAmount: '5000',
      sector: 'fisheries',
      effectiveFrom: '2029-01',
      effectiveTo: '2029-12',
    });
    expect(rate.status, rate.text).toBe(201);
    // JKK 1% of 1,000,000 = 10,000 and JKM 5,000: 15,000 a worker.
    expect((await bill(t, program.id, '2029-02')).totalAmount).toBe('30000');
    const corrected = await t
      .as('admin')
      .post(`/api/v1/contribution-rates/${rate.body.id as string}/correct`)
      .send({ flatAmount: '4000', reason: 'typo in the regulation table' });
    expect(corrected.status, corrected.text).toBe(201);
    const reprice = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs/reprice')
      .send({ period: '2029-02', programId: program.id });
    expect(reprice.body).toMatchObject({ totalAmount: '-2000' });
    // Now 14,000 a worker: JKK 10,000 and JKM 4,000.
    const workbook = await xlsxOf(HEADER, [
      [nik(1), '21', 'Satu', 14000, 10000, 4000],
      [nik(2), '22', 'Dua', 14000, 9000, 5000],
    ]);
    const { statement, exceptions } = await upload(
      program.id,
      '2029-02',
      workbook,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(statement.summary).toMatchObject({
      lines: 2,
      matched: 1,
      amountMismatch: 1,
      creditedAmount: '14000',
    });
    expect(exceptions).toEqual([
      {
        kind: 'amount_mismatch',
        nik: nik(2),
        benefit: 'JKK',
        expectedAmount: '10000',
        statementAmount: '9000',
      },
    ]);
    await expectLedgerClean(t);
  });
});
