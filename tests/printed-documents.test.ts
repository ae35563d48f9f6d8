import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkforce } from '../seeds/demo-workforce.js';
import { createTestContext, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds, pay } from './support/fixtures.js';
import { binary, csvLines, pdfText } from './support/downloads.js';

let t: TestContext;
let bungo: string;
let paymentId: string;

/** Bungo, seeded with its capital, signs with its own officers; one programme of its own paid for March. */
beforeAll(async () => {
  t = await createTestContext();
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const res = await t
    .as('admin')
    .patch(`/api/v1/funding-sources/${bungo}`)
    .send({
      signatories: [
        { role: 'kepala_dinas', name: 'H. Syafrudin, S.Sos', nip: '197001011990031001' },
        { role: 'bendahara_pengeluaran', name: 'Rina Marlina', nip: '198505052010012002' },
        { role: 'pptk', name: 'Dewi Sartika, S.E.', nip: '198001012005012001' },
      ],
    });
  expect(res.status, res.text).toBe(200);
  const program = await createProgram(t, {
    code: 'BUNGO-RENTAN',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, program.id, bungo, '201600');
  await enrolWorker(t, program.id, { startPeriod: '2026-03' });
  await bill(t, program.id, '2026-03');
  paymentId = await pay(t, {
    programId: program.id,
    fundingSourceId: bungo,
    period: '2026-03',
    amount: '16800',
  });
});
afterAll(async () => t.close());

const statement = (format: string) =>
  t
    .as('auditor')
    .get(`/api/v1/reports/monthly-statement?fundingSourceId=${bungo}&period=2026-03&format=${format}`);

async function monthlyPdfText(): Promise<string> {
  const res = await statement('pdf').buffer(true).parse(binary);
  expect(res.status).toBe(200);
  if (process.env.MONTHLY_PDF) fs.writeFileSync(process.env.MONTHLY_PDF, res.body as Buffer);
  return (await pdfText(res.body)).replace(/\s+/g, ' ');
}

describe('printed documents are signed where and by whom the source says', () => {
  it("when Bungo's monthly statement is printed, then it is signed at Muara Bungo by its officers, with its kode rekening", async () => {
    const text = await monthlyPdfText();
    expect(text).toContain('Muara Bungo, 20 November 2026');
    expect(text).not.toContain('Jambi, 20 November 2026');
    expect(text).toContain('H. Syafrudin, S.Sos');
    expect(text).toContain('NIP. 198505052010012002');
    expect(text).toContain('JKK 5.1.02.02.02.0006; JKM 5.1.02.02.02.0007');
    const html = (await statement('html')).text;
    expect(html).toContain('<div>Muara Bungo, 20 November 2026</div>');
    expect(html).toContain('<div class="name">Rina Marlina</div>');
    expect(html).not.toContain('class="demo"');
  });

  it('when the database holds the demo, then every printed document says it is demo data', async () => {
    await seedDemoWorkforce(t.db, '2026-11-20T10:00:00.000+07:00');
    try {
      expect(await monthlyPdfText()).toContain('DATA CONTOH (DEMO)');
      expect((await statement('html')).text).toContain('DATA CONTOH (DEMO)');
      const lra = await t
        .as('auditor')
        .get(`/api/v1/reports/realisation?fundingSourceId=${bungo}&fiscalYear=2026&format=csv`);
      expect(csvLines(lra.text)[1]).toContain('DATA CONTOH (DEMO)');
      const list = await t
        .as('auditor')
        .get(`/api/v1/payments/${paymentId}/nominative`)
        .buffer(true)
        .parse(binary);
      const text = (await pdfText(list.body)).replace(/\s+/g, ' ');
      expect(text).toContain('DATA CONTOH (DEMO)');
      expect(text).toContain('Dewi Sartika, S.E.');
    } finally {
      await t.db('workforce').where({ is_demo: true }).delete();
    }
  });
});
