import { exactSum, type Conn } from '../../db/knex.js';
import { maskNik } from '../../shared/nik.js';
import { Decimal, fromDb, splitByWeights } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import { coversSource, type Scope } from '../../shared/scope.js';
import { addBenefits, priceBenefits, splitOverBenefits, type PriceBenefits } from '../billing/index.js';
import { getFundingSource, type FundingSource } from '../funding-sources/index.js';
import { getPayment, type Payment } from '../payments/index.js';
import { getProgram, type Benefit, type Program } from '../programs/index.js';

/**
 * The daftar nominatif of a payment: who it pays for, which months, and each worker's JKK and JKM, the
 * list a finance office attaches to an SP2D. A payment pays a month of a programme and source as a whole
 * (the insurer bills a collective account), so its rupiah are laid over that month's workers in a fixed
 * order (by beneficiary id) after what earlier payments of the month cover: the list of every payment of a
 * month together names each worker once, a worker at the edge between two payments appears in both with
 * the part each pays, and each list adds up exactly to its payment. A worker's amount is split over
 * benefits as the journal splits money (largest remainder by the worker's benefit amounts).
 */
export interface NominativeHead {
  payment: Payment;
  program: Program;
  source: FundingSource;
  benefits: Benefit[];
  /** Per month paid: what the payment pays and what earlier payments of the month already covered. */
  months: { period: Period; amount: Decimal; before: Decimal }[];
}

export interface NominativeRow {
  nik: string;
  kpjNumber: string | null;
  name: string;
  regionCode: string;
  period: Period;
  benefits: Map<Benefit, Decimal>;
  total: Decimal;
}

/** The payment, its programme and source, and where its money starts in each month; null if not visible. */
export async function nominativeHead(db: Conn, paymentId: number, scope: Scope | undefined) {
  const payment = await getPayment(db, paymentId);
  if (!payment || !coversSource(scope, Number(payment.fundingSourceId))) return null;
  const program = (await getProgram(db, Number(payment.programId)))!;
  const source = (await getFundingSource(db, Number(payment.fundingSourceId)))!;
  const months = [];
  for (const a of payment.allocations) {
    const row = (await db('payment_allocations')
      .where({ program_id: program.id, funding_source_id: source.id, period: a.period })
      .where('payment_id', '<', paymentId)
      .first(exactSum(db, 'amount', 'total'))) as { total: unknown };
    months.push({ period: a.period, amount: new Decimal(a.amount), before: fromDb(row.total ?? 0) });
  }
  return { payment, program, source, benefits: program.benefits, months } satisfies NominativeHead;
}

/**
 * Obligations read at a time: the page the beneficiary export found to keep its peak lowest (a page lives
 * while the download waits for the client, long enough to be promoted to the old generation).
 */
const PAGE = 1000;

interface Worker {
  beneficiaryId: number;
  nik: string;
  kpjNumber: string | null;
  name: string;
  regionCode: string;
  amount: Decimal;
  benefits: Map<Benefit, Decimal>;
}

/**
 * A month's workers in beneficiary order, a page of obligations at a time (the month's index by worker):
 * a page's last worker may continue on the next page, so it is read again there.
 */
async function* monthWorkers(db: Conn, head: NominativeHead, period: Period): AsyncGenerator<Worker> {
  const prices = new Map<number, PriceBenefits>();
  let after = 0;
  for (;;) {
    const rows = (await db('obligations as o')
      .join('beneficiaries as b', 'b.id', 'o.beneficiary_id')
      .where({ 'o.period': period, 'o.program_id': head.program.id, 'o.funding_source_id': head.source.id })
      .whereNot('o.status', 'cancelled')
      .where('o.beneficiary_id', '>', after)
      // The same bound on the worker's side: PostgreSQL merges the two by id, and without it walks the
      // workers from the first id on every page (168 ms a page deep into 540,000 workers, 2.4 ms with it).
      .where('b.id', '>', after)
      .orderBy([{ column: 'o.beneficiary_id' }, { column: 'o.id' }])
      .limit(PAGE)
      .select(
        'o.beneficiary_id',
        'o.amount',
        'o.price_id',
        'b.nik',
        'b.kpj_number',
        'b.name',
        'b.region_code',
      )) as Record<string, unknown>[];
    const missing = [...new Set(rows.map((r) => Number(r.price_id)))].filter((id) => !prices.has(id));
    for (const [id, price] of await priceBenefits(db, missing)) prices.set(id, price);
    const complete =
      rows.length < PAGE
        ? rows
        : rows.filter((r) => r.beneficiary_id !== rows[rows.length - 1]!.beneficiary_id);
    let worker: Worker | null = null;
    for (const r of complete) {
      const id = Number(r.beneficiary_id);
      if (worker && worker.beneficiaryId !== id) yield worker;
      if (!worker || worker.beneficiaryId !== id) {
        worker = {
          beneficiaryId: id,
          nik: r.nik as string,
          kpjNumber: (r.kpj_number as string | null) ?? null,
          name: r.name as string,
          regionCode: r.region_code as string,
          amount: new Decimal(0),
          benefits: new Map(),
        };
      }
      const amount = fromDb(r.amount);
      worker.amount = worker.amount.plus(amount);
      addBenefits(worker.benefits, splitOverBenefits(amount, prices.get(Number(r.price_id))!));
    }
    if (worker) yield worker;
    if (rows.length < PAGE || !worker) return;
    after = worker.beneficiaryId;
  }
}

/** The part of a worker's month that this payment pays, split over the worker's benefits. */
function paidPart(worker: Worker, part: Decimal, benefits: Benefit[]): Map<Benefit, Decimal> {
  if (part.eq(worker.amount)) return worker.benefits;
  const weights = benefits.map((b) => Decimal.max(worker.benefits.get(b) ?? new Decimal(0), 0));
  if (weights.every((w) => w.isZero())) return new Map([[benefits[0]!, part]]);
  const parts = splitByWeights(part, weights);
  return new Map(benefits.map((b, i) => [b, parts[i]!]));
}

/** The rows of the list, month by month, each worker's NIK masked where the reader sees masked NIKs. */
export async function* nominativeRows(
  db: Conn,
  head: NominativeHead,
  mask: boolean,
): AsyncGenerator<NominativeRow> {
  for (const month of head.months) {
    const start = month.before;
    const end = month.before.plus(month.amount);
    let cursor = new Decimal(0);
    for await (const worker of monthWorkers(db, head, month.period)) {
      const from = Decimal.max(cursor, start);
      const to = Decimal.min(cursor.plus(worker.amount), end);
      cursor = cursor.plus(worker.amount);
      if (to.gt(from)) {
        const part = to.minus(from);
        yield {
          nik: mask ? maskNik(worker.nik) : worker.nik,
          kpjNumber: worker.kpjNumber,
          name: worker.name,
          regionCode: worker.regionCode,
          period: month.period,
          benefits: paidPart(worker, part, head.benefits),
          total: part,
        };
      }
      if (cursor.gte(end)) break;
    }
  }
}
