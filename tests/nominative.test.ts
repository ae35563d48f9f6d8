import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, fundingSourceIds } from './support/fixtures.js';
import { binary, csvLines, pdfText, readWorkbook } from './support/downloads.js';

let t: TestContext;
let province: string;
let bungo: string;
let programId: string;
const niks: string[] = [];

/** Three workers of a programme co-funded 0.333 by the province and 0.667 by Bungo, billed for March 2026. */
beforeAll(async () => {
  t = await createTestContext();
  const ids = await fundingSourceIds(t);
  province = ids['APBD-PROV-JAMBI']!;
  bungo = ids['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, {
    code: 'NOMINATIF',
    fundingShares: [
      { fundingSourceId: province, share: '0.333' },
      { fundingSourceId: bungo, share: '0.667' },
    ],
  });
  programId = program.id;
  await allocate(t, programId, province, '1000000');
  await allocate(t, programId, bungo, '1000000');
  for (let i = 1; i <= 3; i += 1) {
    const nik = makeNik('08', 700 + i);
    niks.push(nik);
    const b = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik, name: `Pekerja ${i}`, regionCode: '15.08', kpjNumber: `2600000${i}` });
    await t
      .as('program_manager')
      .post('/api/v1/enrolments')
      .send({ beneficiaryId: b.body.id, programId, startPeriod: '2026-03' });
  }
  await bill(t, programId, '2026-03');
  await t
    .as('admin')
    .patch(`/api/v1/funding-sources/${bungo}`)
    .send({
      signatories: [
        { role: 'pptk', name: 'Dewi Sartika, S.E.', nip: '198001012005012001' },
        { role: 'bendahara_pengeluaran', name: 'Rina Marlina', nip: '198505052010012002' },
      ],
    });
});
afterAll(async () => t.close());

async function payment(body: Record<string, unknown>): Promise<string> {
  const res = await t
    .as('finance_officer')
    .post('/api/v1/payments')
    .send({ programId, period: '2026-03', paidOn: '2026-03-20', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

let bungoPayment: Promise<string> | null = null;

/** Bungo's whole March (3 × 11,206 = 33,618), paid once with its SPM and the insurer's invoice. */
function wholeBungoMonth(): Promise<string> {
  bungoPayment ??= payment({
    fundingSourceId: bungo,
    amount: '33618',
    sp2dNumber: '0031/SP2D-LS/DISNAKER/2026',
    spmNumber: '0029/SPM-LS/DISNAKER/2026',
    spmDate: '2026-03-18',
    invoiceRef: 'INV-BPJS-2026-03-0815',
  });
  return bungoPayment;
}

const nominative = (id: string, format: string, role: 'finance_officer' | 'auditor' = 'finance_officer') =>
  t.as(role).get(`/api/v1/payments/${id}/nominative?format=${format}`);

describe('daftar nominatif of a payment', () => {
  it('when Bungo pays its whole month, then each worker shows JKK 6,670 and JKM 4,536 and the list adds up to the payment', async () => {
    // 16,800 × 0.667 = 11,205.6 → 11,206 a worker; split 10,000 : 6,800 → 6,670.24 / 4,535.76 → 6,670 and 4,536.
    const id = await wholeBungoMonth();
    const stored = await t.as('auditor').get(`/api/v1/payments/${id}`);
    expect(stored.body).toMatchObject({
      spmNumber: '0029/SPM-LS/DISNAKER/2026',
      spmDate: '2026-03-18',
      invoiceRef: 'INV-BPJS-2026-03-0815',
    });
    const csv = await nominative(id, 'csv');
    expect(csv.status, csv.text).toBe(200);
    const lines = csvLines(csv.text);
    expect(lines[0]).toBe('DAFTAR NOMINATIF PESERTA BPJS KETENAGAKERJAAN - SP2D 0031/SP2D-LS/DISNAKER/2026');
    expect(lines).toContain(`1,${niks[0]},26000001,Pekerja 1,15.08,2026-03,6670,4536,11206`);
    expect(lines).toContain(`3,${niks[2]},26000003,Pekerja 3,15.08,2026-03,6670,4536,11206`);
    expect(lines).toContain(',,,JUMLAH,,,20010,13608,33618');
    expect(lines).toContain('"Mengetahui,","Muara Bungo, 20 Maret 2026"');

    const masked = csvLines((await nominative(id, 'csv', 'auditor')).text);
    expect(masked.some((l) => l.includes(niks[0]!))).toBe(false);
    expect(masked).toContain(
      `1,${niks[0]!.slice(0, 4)}**********${niks[0]!.slice(-2)},26000001,Pekerja 1,15.08,2026-03,6670,4536,11206`,
    );

    const xlsx = await nominative(id, 'xlsx').buffer(true).parse(binary);
    const sheet = (await readWorkbook(xlsx.body)).worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[3] === 'JUMLAH')?.slice(6)).toEqual([20010, 13608, 33618]);
  });

  it('when the province pays its month in two SP2D, then the worker at the edge is split between them to the rupiah', async () => {
    // The province's share is 5,594 a worker (JKK 3,330, JKM 2,264). 10,000 pays worker 1 and 4,406 of worker 2:
    // 4,406 × 3,330 / 5,594 = 2,622.81 and 4,406 × 2,264 / 5,594 = 1,783.19 → 2,623 and 1,783. The second
    // SP2D pays the other 1,188 of worker 2 (707.19 / 480.81 → 707 and 481) and worker 3.
    const first = await payment({ fundingSourceId: province, amount: '10000', sp2dNumber: 'SP2D-PROV-1' });
    const second = await payment({ fundingSourceId: province, amount: '6782', sp2dNumber: 'SP2D-PROV-2' });
    const one = csvLines((await nominative(first, 'csv')).text);
    expect(one).toContain(`1,${niks[0]},26000001,Pekerja 1,15.08,2026-03,3330,2264,5594`);
    expect(one).toContain(`2,${niks[1]},26000002,Pekerja 2,15.08,2026-03,2623,1783,4406`);
    expect(one).toContain(',,,JUMLAH,,,5953,4047,10000');
    const two = csvLines((await nominative(second, 'csv')).text);
    expect(two).toContain(`1,${niks[1]},26000002,Pekerja 2,15.08,2026-03,707,481,1188`);
    expect(two).toContain(`2,${niks[2]},26000003,Pekerja 3,15.08,2026-03,3330,2264,5594`);
    expect(two).toContain(',,,JUMLAH,,,4037,2745,6782');
  });

  it('when it is printed, then the PDF reads back with the SP2D, SPM, the list, its total and the signatories', async () => {
    const target = await wholeBungoMonth();
    const res = await nominative(target, 'pdf').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    if (process.env.NOMINATIVE_PDF) fs.writeFileSync(process.env.NOMINATIVE_PDF, res.body as Buffer);
    const text = await pdfText(res.body);
    expect(text).toContain('DAFTAR NOMINATIF PESERTA BPJS KETENAGAKERJAAN');
    expect(text).toContain('0031/SP2D-LS/DISNAKER/2026, 20 Maret 2026');
    expect(text).toContain('0029/SPM-LS/DISNAKER/2026, 18 Maret 2026');
    expect(text).toContain('JKK 5.1.02.02.02.0006; JKM 5.1.02.02.02.0007');
    expect(text).toContain('Pekerja 2');
    expect(text).toMatch(/JUMLAH[\s\S]*Rp\u00a0?\s?33\.618/);
    expect(text).toContain('Muara Bungo, 20 Maret 2026');
    expect(text).toContain('Rina Marlina');
    expect(text).toContain('NIP. 198005012005012001'.replace('198005012005012001', '198001012005012001'));
    expect(text).not.toContain('DEMO');
  });

  it('when the SPM is dated after the SP2D or the payment is unknown, then it is refused', async () => {
    const late = await t.as('finance_officer').post('/api/v1/payments').send({
      programId,
      fundingSourceId: bungo,
      period: '2026-03',
      amount: '1',
      paidOn: '2026-03-20',
      sp2dNumber: 'SP2D-LATE-SPM',
      spmDate: '2026-03-21',
    });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].path).toBe('spmDate');
    expect((await nominative('999999', 'csv')).status).toBe(404);
  });
});
