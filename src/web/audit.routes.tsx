import { DateTime } from 'luxon';
import { AUDIT_ACTIONS } from '../modules/audit/index.js';
import type { PeriodState } from '../modules/periods/index.js';
import type { TotalsReport } from '../modules/reports/index.js';
import { notFound } from '../shared/errors.js';
import {
  isDate,
  isPeriod,
  periodRange,
  timestamp,
  yearEnd,
  yearStart,
  ZONE,
  type Period,
} from '../shared/period.js';
import { describeAreaProblem } from './area-refusal.js';
import { CalendarPage, type MonthFacts } from './pages/audit/calendar.js';
import { PeriodChangePage } from './pages/audit/period-change.js';
import { TrailPage, type AuditEvent, type TrailFilters } from './pages/audit/trail.js';
import { VerifyPage, type ChainResult, type LedgerResult } from './pages/audit/verify.js';
import type { PageInput, Pages } from './routing.js';
import type { UserRow } from './pages/users/list.js';
import { formText as text } from './lookups.js';

type List<T> = { data: T[]; nextCursor: string | null };

/** The trail shows this many events a page: enough to read a day's closing, short enough to print. */
const TRAIL_PAGE = '50';

function yearOf(value: unknown): number | null {
  const year = Number(text(value));
  return Number.isInteger(year) && year >= 2000 && year <= 2099 ? year : null;
}

function periodOf(value: unknown): Period {
  if (typeof value !== 'string' || !isPeriod(value)) throw notFound('route');
  return value;
}

async function calendar({ view, req, ctx, call }: PageInput) {
  const thisYear = ctx.clock().year;
  const year = yearOf(req.query.tahun) ?? thisYear;
  const periods = periodRange(yearStart(year), yearEnd(year));
  const [locks, totals, statements, users] = await Promise.all([
    call<List<PeriodState>>('listPeriods'),
    call<TotalsReport>('totalsReport', {
      query: { from: yearStart(year), to: yearEnd(year), groupBy: 'period' },
    }),
    Promise.all(
      periods.map((period) => call<List<unknown>>('listStatements', { query: { period, limit: '1' } })),
    ),
    call<List<UserRow>>('listUsers'),
  ]);
  const lockOf = new Map(locks.data.map((p) => [p.period, p]));
  const rowOf = new Map(totals.rows.map((r) => [r.period, r]));
  const months: MonthFacts[] = periods.map((period, i) => {
    const row = rowOf.get(period);
    return {
      period,
      lock: lockOf.get(period) ?? null,
      billed: row?.billed ?? '0',
      paid: row?.paid ?? '0',
      credited: row?.credited ?? '0',
      outstanding: row?.outstanding ?? '0',
      statement: (statements[i]?.data.length ?? 0) > 0,
    };
  });
  const years = Array.from({ length: 6 }, (_, i) => thisYear - 4 + i);
  if (!years.includes(year)) years.push(year);
  const closed = text(req.query.ditutup);
  const reopened = text(req.query.dibuka);
  const t = view.t.audit.calendar;
  const notice = isPeriod(closed)
    ? t.closed(view.f.month(closed))
    : isPeriod(reopened)
      ? t.reopened(view.f.month(reopened))
      : undefined;
  return (
    <CalendarPage
      view={view}
      year={year}
      years={years.sort((a, b) => a - b)}
      months={months}
      names={new Map(users.data.map((u) => [u.id, u.name]))}
      notice={notice}
    />
  );
}

/** A day of the trail's filter as the API's bound: `to` is inclusive on the page, exclusive in the API. */
const dayAfter = (date: string) => DateTime.fromISO(date, { zone: ZONE }).plus({ days: 1 }).toISODate()!;

async function trail({ view, req, call }: PageInput) {
  const filters: TrailFilters = {
    actor: text(req.query.actor),
    action: text(req.query.action),
    entity: text(req.query.entity),
    from: text(req.query.from),
    to: text(req.query.to),
  };
  const errors: Partial<Record<keyof TrailFilters, string>> = {};
  for (const key of ['from', 'to'] as const) {
    if (filters[key] !== '' && !isDate(filters[key])) errors[key] = view.t.audit.trail.badDate;
  }
  const shown = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
  const cursor = text(req.query.cursor);
  const users = await call<List<UserRow>>('listUsers');
  const events: List<AuditEvent> =
    Object.keys(errors).length > 0
      ? { data: [], nextCursor: null }
      : await call<List<AuditEvent>>('listAuditEvents', {
          query: {
            ...shown,
            ...(filters.to ? { to: dayAfter(filters.to) } : {}),
            limit: TRAIL_PAGE,
            ...(cursor ? { cursor } : {}),
          },
        });
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...shown, ...extra }).toString();
  return (
    <TrailPage
      view={view}
      filters={filters}
      errors={errors}
      events={events.data}
      nextPage={events.nextCursor ? query({ cursor: events.nextCursor }) : null}
      firstPage={cursor ? query({}) : null}
      actors={users.data.map((u) => ({ id: u.id, name: u.name, role: u.role }))}
      actions={AUDIT_ACTIONS}
    />
  );
}

async function verify({ view, req, ctx, call }: PageInput) {
  if (text(req.query.jalankan) !== '1') return <VerifyPage view={view} results={null} />;
  const [chain, ledger] = await Promise.all([
    call<ChainResult>('verifyAuditChain'),
    call<LedgerResult>('verifyLedger'),
  ]);
  return <VerifyPage view={view} results={{ chain, ledger, at: timestamp(ctx.clock) }} />;
}

/** Closing and reopening a month: one form each, the note required, refusals shown on the form. */
function registerPeriodChange(pages: Pages, closing: boolean): void {
  const path = `/audit/:period/${closing ? 'tutup' : 'buka'}`;
  const operation = closing ? 'closePeriod' : 'reopenPeriod';
  pages.page(path, { section: 'audit' }, async ({ view, req }) => (
    <PeriodChangePage view={view} period={periodOf(req.params.period)} closing={closing} note="" />
  ));
  pages.action(
    path,
    { operation },
    async ({ req, call }) => {
      const period = periodOf(req.params.period);
      await call(operation, { params: { period }, body: { note: req.body?.note ?? '' } });
      const notice = closing ? 'ditutup' : 'dibuka';
      return { redirect: `/audit?tahun=${period.slice(0, 4)}&${notice}=${period}` };
    },
    {
      refused: async ({ view, req }, problem) => (
        <PeriodChangePage
          view={view}
          period={periodOf(req.params.period)}
          closing={closing}
          note={text(req.body?.note)}
          refusal={describeAreaProblem(view.t, problem, view.t.audit.problems, {
            note: view.t.audit.change.noteLabel,
          })}
        />
      ),
    },
  );
}

/** The Audit area: the period calendar with closing and reopening, the audit trail and the verifications. */
export function registerAuditRoutes(pages: Pages): void {
  pages.page('/audit', { section: 'audit' }, calendar);
  pages.page('/audit/jejak', { section: 'audit' }, trail);
  pages.page('/audit/verifikasi', { section: 'audit' }, verify);
  registerPeriodChange(pages, true);
  registerPeriodChange(pages, false);
}
