import { Readable } from 'node:stream';
import { Decimal } from '../shared/money.js';
import type { Period } from '../shared/period.js';
import { eachBeneficiary } from '../modules/beneficiaries/index.js';
import { listObligations } from '../modules/billing/index.js';
import { importStatement, listExceptions, resolveException } from '../modules/reconciliation/index.js';
import type { LoadedProgramme, Loader } from './loader.js';
import type { DemoPerson } from './people.js';

/**
 * The insurer's statement of Dumisake for September 2026, as BPJS might send it: most workers credited
 * exactly, and the differences a reconciliation officer meets in practice planted in it.
 */
export const STATEMENT_MONTH = '2026-09' as Period;
/** A valid NIK nobody in the demo holds (the generator's serials never come near 9999). */
const STRANGER_NIK = '1505014101909999';

export interface PlantedStatement {
  id: string;
  programCode: string;
  period: Period;
  lines: number;
  matched: number;
  exceptions: number;
  openExceptions: number;
}

/** What each worker was billed in the month, all funding shares together (the insurer's view). */
async function workerTotals(l: Loader, programId: string): Promise<Map<string, Decimal>> {
  const totals = new Map<string, Decimal>();
  let afterId: number | null = null;
  for (;;) {
    const page = await listObligations(l.db, { programId, period: STATEMENT_MONTH }, 1000, afterId);
    for (const o of page.slice(0, 1000)) {
      if (o.status === 'cancelled') continue;
      totals.set(o.beneficiaryId, (totals.get(o.beneficiaryId) ?? new Decimal(0)).plus(o.amount));
    }
    if (page.length <= 1000) return totals;
    afterId = Number(page[999]!.id);
  }
}

async function niksOf(l: Loader, programId: string, period?: Period): Promise<Map<string, string>> {
  const niks = new Map<string, string>();
  const query = period === undefined ? { programId } : { programId, period };
  for await (const b of eachBeneficiary(l.db, l.ctx.clock, query)) niks.set(b.id, b.nik);
  return niks;
}

export async function plantStatement(
  l: Loader,
  dumisake: LoadedProgramme,
  bungo: LoadedProgramme,
  people: DemoPerson[],
): Promise<PlantedStatement> {
  l.at('2026-10-20T11:00:00');
  const niks = await niksOf(l, dumisake.id);
  const billed = [...(await workerTotals(l, dumisake.id))]
    .map(([id, amount]) => ({ nik: niks.get(id)!, amount }))
    .sort((a, b) => a.nik.localeCompare(b.nik));
  const [bungoWorker] = (await niksOf(l, bungo.id, STATEMENT_MONTH)).values();
  if (billed.length < 8 || bungoWorker === undefined) {
    throw new Error('the demo needs at least a few dozen beneficiaries to plant its statement');
  }
  const names = new Map(people.map((p) => [p.nik, p]));
  const line = (nik: string, amount: Decimal) =>
    [nik, names.get(nik)?.kpjNumber ?? '', names.get(nik)?.name ?? 'Tidak dikenal', amount.toFixed(0)].join(
      ',',
    );
  // The first three workers are missing (not credited); two are at the rate before PP 50/2025 (amount mismatch).
  const [, , , overcharged1, overcharged2, repeated, ...rest] = billed;
  const csv = [
    'nik,kpj,name,amount',
    ...[overcharged1!, overcharged2!].map((w) => line(w.nik, w.amount.times(2))),
    ...[repeated!, ...rest].map((w) => line(w.nik, w.amount)),
    // Listed twice, a stranger, and a worker whom Bungo's own programme already pays for.
    line(repeated!.nik, repeated!.amount),
    line(STRANGER_NIK, repeated!.amount),
    line(bungoWorker, repeated!.amount),
  ].join('\n');
  const { statement } = await importStatement(
    l.db,
    l.ctx,
    Number(dumisake.id),
    STATEMENT_MONTH,
    Readable.from([Buffer.from(csv)]),
  );
  const exceptions = await listExceptions(l.db, Number(statement.id), undefined, 1000, null);
  const duplicate = exceptions.find((e) => e.kind === 'duplicate');
  l.at('2026-10-22T14:00:00');
  if (duplicate) {
    await resolveException(l.db, l.ctx, Number(duplicate.id), {
      resolution: 'accepted',
      note: 'Baris ganda pada laporan BPJS; iuran hanya dibayar sekali',
    });
  }
  return {
    id: statement.id,
    programCode: dumisake.spec.code,
    period: STATEMENT_MONTH,
    lines: statement.summary.lines,
    matched: statement.summary.matched,
    exceptions: exceptions.length,
    openExceptions: exceptions.length - (duplicate ? 1 : 0),
  };
}
