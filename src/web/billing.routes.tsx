import type { BillingRun } from '../modules/billing/index.js';
import type { PeriodState } from '../modules/periods/index.js';
import type { Program } from '../modules/programs/index.js';
import type { Statement } from '../modules/reconciliation/index.js';
import type { TotalsReport } from '../modules/reports/index.js';
import { notFound } from '../shared/errors.js';
import { isPeriod, periodRange, type Period } from '../shared/period.js';
import { BoardPage } from './pages/billing/board.js';
import { CancelPage } from './pages/billing/cancel.js';
import { MonthPage } from './pages/billing/month.js';
import { PreviewPage, RunFormPage, runRefusal, type RunInput } from './pages/billing/run.js';
import { monthState } from './components/month-state.js';
import { describeProblem } from './problem-text.js';
import type { PageInput, Pages } from './routing.js';
import { formText as text, programsAndSources as lookups } from './lookups.js';

type List<T> = { data: T[] };
/** Lists of programmes and sources fit one page of the API: a province runs a handful of each. */
const ALL = { limit: '1000' };

const idOf = (value: unknown) => (/^[1-9][0-9]{0,17}$/.test(text(value)) ? text(value) : undefined);
const yearOf = (value: unknown) => (/^20[0-9]{2}$/.test(text(value)) ? Number(text(value)) : undefined);

const runsIn = (p: Program, year: number) =>
  p.startPeriod <= `${year}-12` && (p.endPeriod === null || p.endPeriod >= `${year}-01`);

/** The run form's fields as the API names them; an empty programme bills every programme running. */
const runInput = (body: Record<string, unknown>, query: Record<string, unknown> = {}): RunInput => ({
  programId: text(body.programId ?? query.programId),
  period: text(body.period ?? query.period),
});

const runBody = (input: RunInput, dryRun: boolean) => ({
  period: input.period,
  ...(input.programId ? { programId: input.programId } : {}),
  ...(dryRun ? { dryRun: true } : {}),
});

interface BoardFigures {
  billed: string;
  paid: string;
  credited: string;
  outstanding: string;
}

/**
 * The board's money per programme and month. Paid and outstanding are null only in a grouping by region,
 * which the board never asks.
 */
function perProgrammeMonth(rows: TotalsReport['rows']): Map<string, BoardFigures> {
  return new Map(
    rows.map((r) => [
      `${r.programId}|${r.period}`,
      { billed: r.billed, paid: r.paid!, credited: r.credited, outstanding: r.outstanding! },
    ]),
  );
}

export function registerBillingRoutes(pages: Pages): void {
  pages.page('/tagihan', { section: 'billing' }, async ({ view, req, call, ctx, may }) => {
    const thisYear = ctx.clock().year;
    const year = yearOf(req.query.tahun) ?? thisYear;
    const chosen = idOf(req.query.program);
    const months = periodRange(`${year}-01` as Period, `${year}-12` as Period);
    const [{ programs }, totals, periods, statements] = await Promise.all([
      lookups(call),
      call<TotalsReport>('totalsReport', {
        query: { from: months[0], to: months[11], groupBy: 'program,period' },
      }),
      call<List<PeriodState>>('listPeriods'),
      Promise.all(
        months.map((period) => call<List<Statement>>('listStatements', { query: { ...ALL, period } })),
      ),
    ]);
    const rows = perProgrammeMonth(totals.rows);
    const closed = new Set(periods.data.filter((p) => p.status === 'closed').map((p) => p.period));
    const reconciled = new Set(statements.flatMap((s) => s.data.map((st) => `${st.programId}|${st.period}`)));
    const all = [...programs.values()];
    const firstYear = Math.min(thisYear - 2, ...all.map((p) => Number(p.startPeriod.slice(0, 4))));
    const years = Array.from({ length: thisYear + 2 - firstYear }, (_, i) => firstYear + i);
    if (!years.includes(year)) years.push(year);
    return (
      <BoardPage
        view={view}
        year={year}
        years={years.sort()}
        months={months}
        programs={all.filter((p) => (chosen ? p.id === chosen : runsIn(p, year)))}
        choices={all}
        chosen={chosen}
        mayRun={may('runBilling')}
        cell={(programId, period) => {
          const row = rows.get(`${programId}|${period}`);
          const billed = row?.billed ?? '0';
          return {
            figures: row && billed !== '0' ? row : null,
            state: monthState({
              closed: closed.has(period),
              billed,
              outstanding: row?.outstanding ?? null,
              reconciled: reconciled.has(`${programId}|${period}`),
            }),
          };
        }}
      />
    );
  });

  const showRunForm = async ({ view, req, call }: PageInput) => {
    const { programs } = await lookups(call);
    const input = runInput(req.body ?? {}, req.query);
    return <RunFormPage view={view} programs={programs} input={input} />;
  };
  pages.page('/tagihan/jalankan', { section: 'billing' }, showRunForm);

  const refusedRun = async ({ view, req, call }: PageInput, problem: Parameters<typeof runRefusal>[1]) => {
    const { programs, sources } = await lookups(call);
    return (
      <RunFormPage
        view={view}
        programs={programs}
        input={runInput(req.body ?? {})}
        refusal={runRefusal(view, problem, sources)}
      />
    );
  };
  pages.action(
    '/tagihan/jalankan/pratinjau',
    { operation: 'runBilling' },
    async ({ view, req, call }) => {
      const input = runInput(req.body ?? {});
      const run = await call<BillingRun>('runBilling', { body: runBody(input, true) });
      const { programs, sources } = await lookups(call);
      return <PreviewPage view={view} run={run} input={input} programs={programs} sources={sources} />;
    },
    { refused: refusedRun },
  );
  pages.action(
    '/tagihan/jalankan',
    { operation: 'runBilling' },
    async ({ req, call }) => {
      const input = runInput(req.body ?? {});
      const run = await call<BillingRun>('runBilling', { body: runBody(input, false) });
      const notice =
        run.obligationCount > 0 && run.id ? { notice: 'billed', run: run.id } : { notice: 'none' };
      const program = input.programId ? { program: input.programId } : {};
      return {
        redirect: `/tagihan/${input.period}?${new URLSearchParams({ ...notice, ...program }).toString()}`,
      };
    },
    { refused: refusedRun },
  );

  pages.page('/tagihan/:period', { section: 'billing' }, async ({ view, req, call, may }) => {
    const period = String(req.params.period);
    if (!isPeriod(period)) throw notFound('route');
    const chosen = idOf(req.query.program);
    const [{ programs, sources }, state, totals, runs] = await Promise.all([
      lookups(call),
      call<PeriodState>('getPeriod', { params: { period } }),
      call<TotalsReport>('totalsReport', {
        query: { from: period, to: period, groupBy: 'program,fundingSource' },
      }),
      call<List<BillingRun>>('listBillingRuns', { query: { ...ALL, period } }),
    ]);
    const shown = chosen ? totals.rows.filter((r) => r.programId === chosen) : totals.rows;
    const t = view.t.billing.notices;
    const run = runs.data.find((r) => r.id === text(req.query.run));
    const notice =
      req.query.notice === 'billed' && run
        ? t.billed(view.f.count(run.obligationCount), view.f.money(run.totalAmount))
        : req.query.notice === 'cancelled' && run
          ? t.cancelled(run.id)
          : req.query.notice === 'none'
            ? t.nothingNew
            : undefined;
    return (
      <MonthPage
        view={view}
        period={period}
        state={state}
        totals={chosen ? { ...totals, rows: shown } : totals}
        runs={runs.data.filter((r) => !chosen || r.programId === null || r.programId === chosen)}
        programs={programs}
        sources={sources}
        chosen={chosen}
        notice={notice}
        mayRun={may('runBilling')}
        mayCancel={may('cancelBillingRun')}
      />
    );
  });

  const showCancel = async ({ view, req, call }: PageInput, refusal?: ReturnType<typeof describeProblem>) => {
    const [run, { programs, sources }] = await Promise.all([
      call<BillingRun>('getBillingRun', { params: { id: String(req.params.id) } }),
      lookups(call),
    ]);
    const reason = text((req.body as Record<string, unknown> | undefined)?.reason);
    return (
      <CancelPage
        view={view}
        run={run}
        programs={programs}
        sources={sources}
        reason={reason}
        refusal={refusal}
      />
    );
  };
  pages.page('/tagihan/proses/:id/batalkan', { operation: 'cancelBillingRun' }, (input) => showCancel(input));
  pages.action(
    '/tagihan/proses/:id/batalkan',
    { operation: 'cancelBillingRun' },
    async ({ req, call }) => {
      const id = String(req.params.id);
      const run = await call<BillingRun>('cancelBillingRun', {
        params: { id },
        body: { reason: text(req.body?.reason) },
      });
      return {
        redirect: `/tagihan/${run.period}?${new URLSearchParams({ notice: 'cancelled', run: id }).toString()}`,
      };
    },
    {
      refused: (input, problem) =>
        showCancel(input, describeProblem(input.view.t, problem, { reason: input.view.t.billing.reason })),
    },
  );
}
