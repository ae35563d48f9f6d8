import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachBeneficiary } from '../src/modules/beneficiaries/index.js';
import { DateTime } from 'luxon';
import { ZONE } from '../src/shared/period.js';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import { createProgram, enrolAgain, enrolWorker, fundingSourceIds } from './support/fixtures.js';

/**
 * An export reads the list a page of 1,000 at a time, asking for the next page before handing on the
 * current one, and each page's enrolments in a query of their own: 2,345 enrolled workers of Bungo and 10
 * who are not span three pages, the last one short. The tests may run in any order: each reads its own region.
 */
const ENROLLED = 2345;
const NOT_ENROLLED = 10;

let t: TestContext;
let programCode: string;
beforeAll(async () => {
  t = await createTestContext();
  const fundingSourceId = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId, share: '1' }] });
  programCode = program.code as string;
  const csv = (from: number, n: number) =>
    [
      'nik,name,regionCode,sector',
      ...Array.from(
        { length: n },
        (_, i) => `${makeNik('08', from + i)},Pekerja ${from + i},15.08,agriculture`,
      ),
    ].join('\n');
  const upload = (body: string, query: string) =>
    t
      .as('program_manager')
      .post(`/api/v1/beneficiaries/import${query}`)
      .set('Content-Type', 'text/csv')
      .send(body);
  const enrolled = await upload(csv(0, ENROLLED), `?programId=${program.id}&startPeriod=2026-01`);
  expect(enrolled.status, enrolled.text).toBe(200);
  expect(enrolled.body).toMatchObject({ created: ENROLLED, enrolled: ENROLLED });
  const listed = await upload(csv(ENROLLED, NOT_ENROLLED), '');
  expect(listed.body).toMatchObject({ created: NOT_ENROLLED, enrolled: 0 });
}, 60_000);
afterAll(async () => t.close());

describe('GET /beneficiaries?format=csv over several pages', () => {
  it('when the list spans three pages, then every worker is one line, in id order, with their enrolment', async () => {
    const res = await t
      .as('finance_officer')
      .get('/api/v1/beneficiaries?format=csv&lang=en&regionCode=15.08');
    expect(res.status).toBe(200);
    const records = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const header = records.findIndex((r) => r[0] === 'ID');
    expect(records[header]).toEqual([
      'ID',
      'NIK',
      'Name',
      'Region code',
      'Sector',
      'Occupation',
      'KPJ number',
      'Phone',
      'Programme code',
      'Status',
      'Start month',
      'End month',
      'Exit reason',
      'Registered at',
    ]);
    const column = (name: string) => records[header]!.indexOf(name);
    const lines = records.slice(header + 1);
    const ids = (await t.db('beneficiaries').where('region_code', '15.08').orderBy('id').select('id')).map(
      (r) => String(r.id),
    );
    expect(ids).toHaveLength(ENROLLED + NOT_ENROLLED);
    expect(lines.map((l) => l[0])).toEqual(ids);
    const at = (i: number) => lines[i]!;
    for (const i of [0, 999, 1000, 1999, 2000, ENROLLED - 1]) {
      expect(at(i)[column('NIK')]).toBe(makeNik('08', i));
      expect(at(i)[column('Name')]).toBe(`Pekerja ${i}`);
      expect(at(i)[column('Programme code')]).toBe(programCode);
      expect(at(i)[column('Status')]).toBe('Active');
      expect(at(i)[column('Start month')]).toBe('2026-01');
      expect(at(i)[column('Sector')]).toBe('agriculture');
      expect(at(i)[column('Region code')]).toBe('15.08');
    }
    for (let i = ENROLLED; i < ENROLLED + NOT_ENROLLED; i++) {
      expect(at(i)[column('Programme code')]).toBe('');
      expect(at(i)[column('Status')]).toBe('Not active');
    }
    expect(lines.filter((l) => l[column('Status')] === 'Active')).toHaveLength(ENROLLED);
  });

  it('when a reader stops after the first row, then the page read ahead is waited for and the next export is whole', async () => {
    const clock = () => DateTime.fromISO('2026-11-20T10:00:00', { zone: ZONE });
    for await (const first of eachBeneficiary(t.db, clock, { regionCode: '15.08' })) {
      expect(first.nik).toBe(makeNik('08', 0));
      break;
    }
    let n = 0;
    for await (const _ of eachBeneficiary(t.db, clock, { regionCode: '15.08' })) n += 1;
    expect(n).toBe(ENROLLED + NOT_ENROLLED);
  });

  it('when a worker has two enrolments, then each file shows the one covering its month, else the one starting last', async () => {
    // The province's money, which pays for workers of every regency.
    const province = (await fundingSourceIds(t))['APBD-PROV-JAMBI']!;
    const first = await createProgram(t, { fundingShares: [{ fundingSourceId: province, share: '1' }] });
    const second = await createProgram(t, { fundingShares: [{ fundingSourceId: province, share: '1' }] });
    const nik = makeNik('02', 5000);
    const id = await enrolWorker(t, first.id as string, {
      nik,
      regionCode: '15.02',
      startPeriod: '2026-01',
      endPeriod: '2026-06',
    });
    await enrolAgain(t, id, second.id as string, '2026-09');
    const line = async (query: string) => {
      const res = await t
        .as('program_manager')
        .get(`/api/v1/beneficiaries?format=csv&lang=en&q=${nik}&${query}`);
      expect(res.status).toBe(200);
      const records = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
      const header = records.findIndex((r) => r[0] === 'ID');
      expect(records.slice(header + 1)).toHaveLength(1);
      const [row] = records.slice(header + 1);
      const at = (name: string) => row![records[header]!.indexOf(name)];
      return [at('Programme code'), at('Status'), at('Start month'), at('End month')];
    };
    // May: the first covers the month, though the second starts later.
    expect(await line('period=2026-05')).toEqual([first.code, 'Active', '2026-01', '2026-06']);
    // The current month (November): the second covers it.
    expect(await line('')).toEqual([second.code, 'Active', '2026-09', '']);
    // July: none covers it, so the one starting last.
    expect(await line('status=inactive&period=2026-07')).toEqual([second.code, 'Not active', '2026-09', '']);
    // Only the first programme's enrolments: the first, ended.
    expect(await line(`programId=${first.id}`)).toEqual([first.code, 'Not active', '2026-01', '2026-06']);
  });
});
