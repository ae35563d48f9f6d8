import { Readable } from 'node:stream';
import type { Db } from '../db/knex.js';
import { seedDemoWorkforce } from '../../seeds/demo-workforce.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';
import { Decimal } from '../shared/money.js';
import { addMonths, asPeriod, monthOf, periodRange, timestamp, type Period } from '../shared/period.js';
import { loader, type LoadedProgramme, type Loader, type ProgrammeSpec } from './loader.js';
import { importBeneficiaries, listEnrolments, type EndReason } from '../modules/beneficiaries/index.js';
import { endEnrolmentWithEffects } from '../modules/life-events/index.js';
import { billedByPeriod, runBilling } from '../modules/billing/index.js';
import { createAllocation } from '../modules/budgets/index.js';
import { listFundingSources } from '../modules/funding-sources/index.js';
import { recordPayment, reversePayment } from '../modules/payments/index.js';
import { setPeriodClosed } from '../modules/periods/index.js';
import { createProgram, listPrograms } from '../modules/programs/index.js';
import { demoPeople, type DemoPerson, type ProgrammeKey } from './people.js';
import { plantStatement, type PlantedStatement } from './statement.js';

/**
 * Loads a deterministic demo year into an empty database through the same service functions the HTTP
 * routes call, on a clock that walks from January to 20 November 2026: four programmes and their budgets
 * (Dumisake paid by the province alone for workers across the province; Bungo, Muaro Jambi and Kota Jambi
 * each paying for their own residents from their own APBD),
 * a few thousand workers, a billing run every month, an SP2D for almost every month (Bungo's October and
 * every November left unpaid, to show arrears), one payment corrected by reversal, one insurer statement
 * with planted differences, January to August closed, and the demo workforce figures for coverage.
 */
export const DEMO_NOW = '2026-11-20T10:00:00';
const FIRST_MONTH = '2026-01' as Period;
const CLOSED_UP_TO = '2026-08' as Period;
const PRICE_BEFORE_RELIEF = new Decimal(16_800);

const PROGRAMMES: ProgrammeSpec[] = [
  {
    key: 'DUMISAKE',
    code: 'DUMISAKE',
    name: 'Dumisake - Jaminan Sosial Pekerja Rentan Provinsi Jambi',
    shares: [['APBD-PROV-JAMBI', '1']],
  },
  {
    key: 'BUNGO',
    code: 'BUNGO-RENTAN',
    name: 'Perlindungan Pekerja Rentan Kabupaten Bungo',
    shares: [['APBD-KAB-BUNGO', '1']],
  },
  {
    key: 'MUARO_JAMBI',
    code: 'MUARO-JAMBI-RENTAN',
    name: 'Jaminan Sosial Pekerja Rentan Kabupaten Muaro Jambi',
    shares: [['APBD-KAB-MUARO-JAMBI', '1']],
  },
  {
    key: 'KOTA_JAMBI',
    code: 'KOTA-JAMBI-RENTAN',
    name: 'Jaminan Sosial Pekerja Rentan Kota Jambi',
    shares: [['APBD-KOTA-JAMBI', '1']],
  },
];

/** Months no SP2D was issued: Bungo's October waits for its APBD-P, and November is not paid yet. */
const UNPAID = new Set([
  'BUNGO 2026-10',
  'BUNGO 2026-11',
  'DUMISAKE 2026-11',
  'MUARO_JAMBI 2026-11',
  'KOTA_JAMBI 2026-11',
]);
/** Kota Jambi first paid June short by one worker (Rp 8.400 at the relief rate); the SP2D was reversed and issued again. */
const CORRECTED = 'KOTA_JAMBI 2026-06';
const CORRECTED_SHORTFALL = new Decimal(8_400);

export interface DemoSummary {
  programmes: { code: string; id: string; workers: number; sources: string[] }[];
  beneficiaries: number;
  endedEnrolments: number;
  months: Period[];
  obligations: number;
  billed: Decimal;
  payments: number;
  paid: Decimal;
  reversals: number;
  statement: PlantedStatement;
  closed: Period[];
  /** Bungo's APBD-P, the amendment of its 2026 budget line. */
  amendment: string;
  /** A Bungo worker's death in August, reported in November: what it cancelled and what it turned into claims. */
  lateDeath: { cancelled: number; overpaid: number };
  fundingSourceIds: Record<string, string>;
}

async function createProgrammes(
  l: Loader,
  people: DemoPerson[],
): Promise<Map<ProgrammeKey, LoadedProgramme>> {
  const programmes = new Map<ProgrammeKey, LoadedProgramme>();
  for (const spec of PROGRAMMES) {
    const program = await createProgram(l.db, l.ctx, {
      code: spec.code,
      name: spec.name,
      benefits: ['JKK', 'JKM'],
      declaredIncome: '1000000',
      fundingShares: spec.shares.map(([code, share]) => ({ fundingSourceId: l.sourceId(code), share })),
      startPeriod: FIRST_MONTH,
    });
    const workers = people.filter((p) => p.programme === spec.key).length;
    programmes.set(spec.key, { id: program.id, spec, workers });
    // The DPA was drawn up before PP 50/2025 halved the rate, so it budgets a full year at Rp 16.800.
    for (const [code, share] of spec.shares) {
      const yearly = PRICE_BEFORE_RELIEF.times(workers).times(12).times(share);
      await createAllocation(l.db, l.ctx, {
        programId: program.id,
        fundingSourceId: l.sourceId(code),
        fiscalYear: 2026,
        amount: yearly.div(1_000_000).ceil().times(1_000_000).toFixed(0),
        documentRef: `DPA ${spec.code} 2026`,
      });
    }
  }
  return programmes;
}

const csvOf = (people: DemoPerson[]) =>
  Readable.from([
    Buffer.from(
      [
        'nik,name,regionCode,sector,occupation,kpjNumber,phone',
        ...people.map((p) =>
          [p.nik, p.name, p.regionCode, p.sector, p.occupation ?? '', p.kpjNumber ?? '', p.phone ?? ''].join(
            ',',
          ),
        ),
      ].join('\n'),
    ),
  ]);

/** Each programme's workers arrive as CSV uploads, one per month of registration, enrolled from that month. */
async function registerPeople(
  l: Loader,
  people: DemoPerson[],
  programmes: Map<ProgrammeKey, LoadedProgramme>,
): Promise<void> {
  const groups = new Map<string, DemoPerson[]>();
  for (const p of people) {
    const key = `${p.startPeriod} ${p.programme}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const [key, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [startPeriod, name] = key.split(' ') as [Period, ProgrammeKey];
    l.at(`${startPeriod}-02T09:00:00`);
    await importBeneficiaries(l.db, l.ctx, csvOf(group), {
      programId: Number(programmes.get(name)!.id),
      startPeriod,
    });
  }
}

interface PlannedEnd {
  id: number;
  endPeriod: Period;
  reason: EndReason;
}

/** Every 40th enrolment ends between April and August: a death, a move, or a job whose employer insures. */
async function plannedEnds(l: Loader, programId: string): Promise<PlannedEnd[]> {
  const reasons: EndReason[] = ['deceased', 'moved', 'employer_covered'];
  const ends: PlannedEnd[] = [];
  let seen = 0;
  let afterId: number | null = null;
  for (;;) {
    const page = await listEnrolments(l.db, { programId }, 1000, afterId);
    for (const e of page.slice(0, 1000)) {
      seen += 1;
      if (seen % 40 !== 0) continue;
      const n = ends.length;
      const endPeriod = monthOf(2026, 4 + (n % 5));
      ends.push({
        id: Number(e.id),
        endPeriod: endPeriod < e.startPeriod ? e.startPeriod : endPeriod,
        reason: reasons[n % 3]!,
      });
    }
    if (page.length <= 1000) return ends;
    afterId = Number(page[999]!.id);
  }
}

interface YearTotals {
  obligations: number;
  billed: Decimal;
  payments: number;
  paid: Decimal;
  reversals: number;
  closed: Period[];
}

async function pay(l: Loader, programId: string, code: string, month: Period, amount: Decimal, n: number) {
  return recordPayment(l.db, l.ctx, {
    programId,
    fundingSourceId: l.sourceId(code),
    period: month,
    amount: amount.toFixed(0),
    paidOn: `${month}-10`,
    sp2dNumber: `${String(n).padStart(4, '0')}/SP2D-LS/${code}/${month}`,
  });
}

/** The year month by month: ends reported, billing on the 3rd, SP2Ds on the 10th, the month before closed on the 25th. */
async function runYear(
  l: Loader,
  months: Period[],
  programmes: Map<ProgrammeKey, LoadedProgramme>,
  ends: PlannedEnd[],
): Promise<YearTotals> {
  const totals: YearTotals = {
    obligations: 0,
    billed: new Decimal(0),
    payments: 0,
    paid: new Decimal(0),
    reversals: 0,
    closed: [],
  };
  for (const month of months) {
    l.at(`${month}-02T09:00:00`);
    for (const end of ends.filter((e) => e.endPeriod === addMonths(month, -1))) {
      await endEnrolmentWithEffects(l.db, l.ctx, end.id, { endPeriod: end.endPeriod, reason: end.reason });
    }
    l.at(`${month}-03T09:00:00`);
    const run = await runBilling(l.db, l.ctx, month);
    totals.obligations += run.obligationCount;
    totals.billed = totals.billed.plus(run.totalAmount);
    l.at(`${month}-10T10:00:00`);
    for (const { id, spec } of programmes.values()) {
      if (UNPAID.has(`${spec.key} ${month}`)) continue;
      for (const [code] of spec.shares) {
        const due = (await billedByPeriod(l.db, Number(id), Number(l.sourceId(code)), [month])).get(month);
        if (!due || due.isZero()) continue;
        if (`${spec.key} ${month}` === CORRECTED) {
          totals.payments += 1;
          const short = await pay(l, id, code, month, due.minus(CORRECTED_SHORTFALL), totals.payments);
          await reversePayment(l.db, l.ctx, Number(short.id), 'nominal SP2D salah, diterbitkan ulang');
          totals.reversals += 1;
        }
        totals.payments += 1;
        await pay(l, id, code, month, due, totals.payments);
        totals.paid = totals.paid.plus(due);
      }
    }
    const previous = addMonths(month, -1);
    if (previous >= FIRST_MONTH && previous <= CLOSED_UP_TO) {
      l.at(`${month}-25T15:00:00`);
      await setPeriodClosed(l.db, l.ctx, previous, true, `Rekonsiliasi ${previous} selesai`);
      totals.closed.push(previous);
    }
  }
  return totals;
}

/**
 * Bungo's APBD-P: the amendment that funds the October it left unpaid, a month of its workers at the rate
 * before PP 50/2025, passed on 30 September and recorded in November.
 */
async function amendBungo(l: Loader, bungo: LoadedProgramme): Promise<string> {
  const amount = PRICE_BEFORE_RELIEF.times(bungo.workers).toFixed(0);
  await createAllocation(l.db, l.ctx, {
    programId: bungo.id,
    fundingSourceId: l.sourceId('APBD-KAB-BUNGO'),
    fiscalYear: 2026,
    amount,
    kind: 'amendment',
    documentDate: '2026-09-30',
    documentRef: `DPA-P ${bungo.spec.code} 2026`,
  });
  return amount;
}

/**
 * A death reported late: a Bungo worker who died in August, reported in November. September was paid, so it
 * becomes an overpayment (a claim on the insurer); October and November were billed and not paid, so they
 * are cancelled. The worker is the last of the first page of Bungo's open enrolments, not one the insurer's
 * statement names.
 */
async function lateDeath(l: Loader, bungo: LoadedProgramme): Promise<DemoSummary['lateDeath']> {
  const page = await listEnrolments(l.db, { programId: bungo.id }, 1000, null);
  const late = [...page].reverse().find((e) => e.endPeriod === null && e.startPeriod <= '2026-08');
  if (!late) throw new Error('the demo needs a Bungo worker enrolled since August for its late death');
  const ended = await endEnrolmentWithEffects(l.db, l.ctx, Number(late.id), {
    endPeriod: '2026-08' as Period,
    reason: 'deceased',
  });
  return {
    cancelled: ended.affected.filter((a) => a.outcome === 'cancelled').length,
    overpaid: ended.affected.filter((a) => a.outcome === 'overpaid').length,
  };
}

/** Loads the demo into an empty database; refuses (409) where any programme already exists. */
export async function loadDemo(db: Db, options: { beneficiaries: number }): Promise<DemoSummary> {
  if ((await listPrograms(db, 1, null)).length > 0) {
    throw new AppError('DEMO_NEEDS_EMPTY_DATABASE', DETAILS.demoNeedsEmpty);
  }
  const sources = Object.fromEntries((await listFundingSources(db, 100, null)).map((s) => [s.code, s.id]));
  const l = loader(db, sources, `${FIRST_MONTH}-02T09:00:00`);
  const people = demoPeople(options.beneficiaries);
  const months = periodRange(FIRST_MONTH, asPeriod(DEMO_NOW.slice(0, 7)));
  const programmes = await createProgrammes(l, people);
  await registerPeople(l, people, programmes);
  const ends: PlannedEnd[] = [];
  for (const p of programmes.values()) ends.push(...(await plannedEnds(l, p.id)));
  const year = await runYear(l, months, programmes, ends);
  const statement = await plantStatement(l, programmes.get('DUMISAKE')!, programmes.get('BUNGO')!, people);
  l.at('2026-11-18T09:00:00');
  const amendment = await amendBungo(l, programmes.get('BUNGO')!);
  l.at('2026-11-19T09:00:00');
  const death = await lateDeath(l, programmes.get('BUNGO')!);
  l.at(DEMO_NOW);
  await seedDemoWorkforce(db, timestamp(l.ctx.clock));
  return {
    programmes: [...programmes.values()].map((p) => ({
      code: p.spec.code,
      id: p.id,
      workers: p.workers,
      sources: p.spec.shares.map(([code, share]) => `${code} ${share}`),
    })),
    beneficiaries: people.length,
    endedEnrolments: ends.length,
    months,
    ...year,
    statement,
    amendment,
    lateDeath: death,
    fundingSourceIds: sources,
  };
}
