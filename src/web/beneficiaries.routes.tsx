import type { Beneficiary } from '../modules/beneficiaries/index.js';
import type { FundingSource } from '../modules/funding-sources/index.js';
import type { Affected, Overpayment } from '../modules/life-events/index.js';
import type { Program } from '../modules/programs/index.js';
import type { Region } from '../modules/regions/index.js';
import { AppError } from '../shared/errors.js';
import { registerBeneficiaryUploadRoutes } from './beneficiaries-upload.routes.js';
import { BeneficiaryList, FILTER_NAMES, queryOf, type ListFilters } from './pages/beneficiaries/list.js';
import { PersonPage, endEffects, type PersonDetail, type PersonForm } from './pages/beneficiaries/person.js';
import { asFormProblem } from './query-problem.js';
import { describeProblem, problemOf, type Problem } from './problem-text.js';
import type { PageInput, Pages } from './routing.js';

type List<T> = { data: T[]; nextCursor?: string | null };

/** Rows per page of the list: a screenful or two, quick on a regency office's link. */
const PAGE_SIZE = '50';
const WRITE = { operation: 'createEnrolment' } as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const formOf = (req: PageInput['req']) => (req.body ?? {}) as Record<string, string>;

function filtersOf(query: Record<string, unknown>): ListFilters {
  const filters: ListFilters = {};
  for (const name of FILTER_NAMES) {
    const value = text(query[name])?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/**
 * The list pages back and forth over the API's forward-only cursors: `trail` holds the cursors of the pages
 * before this one (`-` for the first), so "previous" is the last of them and "next" adds this page's.
 */
function pagingLinks(filters: ListFilters, cursor: string | undefined, trail: string[], next: string | null) {
  const href = (c: string | undefined, t: string[]) => {
    const extra: Record<string, string> = {};
    if (c && c !== '-') extra.cursor = c;
    if (t.length > 0) extra.trail = t.join(',');
    return `/penerima?${queryOf(filters, extra)}`;
  };
  return {
    previous: trail.length > 0 ? href(trail.at(-1), trail.slice(0, -1)) : null,
    next: next ? href(next, [...trail, cursor ?? '-']) : null,
  };
}

/** A person's page, with a refused form shown on it when there is one. */
async function loadPerson(pages: Pages, input: PageInput, refused: PersonForm | null) {
  const id = String(input.req.params.id);
  const { call, req } = input;
  const [person, programs, sources, regions, overpayments] = await Promise.all([
    call<PersonDetail>('getBeneficiary', { params: { id } }),
    call<List<Program>>('listPrograms', { query: { limit: '100' } }),
    call<List<FundingSource>>('listFundingSources', { query: { limit: '1000' } }),
    call<List<Region>>('listRegions'),
    call<List<Overpayment>>('listOverpayments', { query: { beneficiaryId: id, limit: '1000' } }),
  ]);
  const done = text(req.query.selesai);
  // After an end, the address names the obligations it settled (its answer's `affected`), as an upload's
  // result page names what the upload did; the page reads their amounts and claims from the API.
  const settled = (text(req.query.tagihan) ?? '').split(',').filter(Boolean);
  // A refused form is shown at its post's address; the language switch returns to the person's page.
  const view = refused ? { ...input.view, path: `/penerima/${id}` } : input.view;
  const w = view.t.beneficiaries.person;
  return (
    <PersonPage
      view={view}
      person={person}
      programs={new Map(programs.data.map((p) => [p.id, p]))}
      sources={new Map(sources.data.map((s) => [s.id, s]))}
      overpayments={overpayments.data}
      region={regions.data.find((r) => r.code === person.regionCode) ?? null}
      mayWrite={input.may(WRITE.operation)}
      notice={done === 'terdaftar' ? w.enrolled : done === 'diakhiri' ? w.endedNotice : null}
      ended={done === 'diakhiri' ? endEffects(person, overpayments.data, settled) : null}
      refused={refused}
      backQuery={queryOf(filtersOf(req.query))}
    />
  );
}

export function registerBeneficiaryRoutes(pages: Pages): void {
  registerBeneficiaryUploadRoutes(pages);

  pages.page('/penerima', { section: 'beneficiaries' }, async ({ view, req, call, session, may }) => {
    const filters = filtersOf(req.query);
    const cursor = text(req.query.cursor) || undefined;
    const trail = (text(req.query.trail) ?? '').split(',').filter(Boolean);
    const [programs, regions] = await Promise.all([
      call<List<Program>>('listPrograms', { query: { limit: '100' } }),
      call<List<Region>>('listRegions'),
    ]);
    let page: List<Beneficiary> = { data: [], nextCursor: null };
    let problem: Problem | null = null;
    try {
      page = await call<List<Beneficiary>>('listBeneficiaries', {
        query: { ...filters, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE },
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      problem = asFormProblem(problemOf(err, view.lang));
    }
    const w = view.t.beneficiaries.filters;
    const labels = { q: w.q, programId: w.program, regionCode: w.region, status: w.status, period: w.period };
    return (
      <BeneficiaryList
        view={view}
        filters={filters}
        rows={page.data}
        programs={programs.data}
        regions={regions.data}
        refusal={problem ? describeProblem(view.t, problem, labels) : null}
        {...pagingLinks(filters, cursor, trail, page.nextCursor ?? null)}
        mayUpload={may('importBeneficiaries')}
        masked={session.actor.role === 'auditor'}
      />
    );
  });

  pages.page('/penerima/:id', { section: 'beneficiaries' }, (input) => loadPerson(pages, input, null));

  pages.action(
    '/penerima/:id/daftarkan',
    WRITE,
    async ({ req, call }) => {
      const form = formOf(req);
      const id = String(req.params.id);
      await call('createEnrolment', {
        body: {
          beneficiaryId: id,
          programId: form.programId ?? '',
          startPeriod: form.startPeriod ?? '',
          ...(form.endPeriod ? { endPeriod: form.endPeriod } : {}),
        },
      });
      return { redirect: `/penerima/${id}?selesai=terdaftar` };
    },
    {
      refused: (input, problem) => {
        const w = input.view.t.beneficiaries.person;
        const labels = { programId: w.program, startPeriod: w.startPeriod, endPeriod: w.lastPeriod };
        const refusal = describeProblem(input.view.t, problem, labels);
        return loadPerson(pages, input, { form: 'enrol', input: formOf(input.req), refusal });
      },
    },
  );

  pages.action(
    '/penerima/:id/kepesertaan/:enrolmentId/akhiri',
    { operation: 'endEnrolment' },
    async ({ req, call }) => {
      const form = formOf(req);
      const enrolmentId = String(req.params.enrolmentId);
      const ended = await call<{ affected: Affected[] }>('endEnrolment', {
        params: { id: enrolmentId },
        body: {
          endPeriod: form[`endPeriod-${enrolmentId}`] ?? '',
          reason: form[`reason-${enrolmentId}`] ?? '',
        },
      });
      const done = new URLSearchParams({ selesai: 'diakhiri' });
      if (ended.affected.length > 0) done.set('tagihan', ended.affected.map((a) => a.obligationId).join(','));
      return { redirect: `/penerima/${String(req.params.id)}?${done.toString()}` };
    },
    {
      refused: (input, problem) => {
        const enrolmentId = String(input.req.params.enrolmentId);
        const w = input.view.t.beneficiaries.person;
        // The page holds an end form per enrolment: its fields carry the enrolment's id in their names.
        const suffixed = {
          ...problem,
          errors: problem.errors?.map((e) => ({ ...e, path: `${e.path}-${enrolmentId}` })),
        };
        const labels = { [`endPeriod-${enrolmentId}`]: w.endPeriod, [`reason-${enrolmentId}`]: w.reason };
        const form = formOf(input.req);
        return loadPerson(pages, input, {
          form: 'end',
          enrolmentId,
          input: {
            endPeriod: form[`endPeriod-${enrolmentId}`] ?? '',
            reason: form[`reason-${enrolmentId}`] ?? '',
          },
          refusal: describeProblem(input.view.t, suffixed, labels),
        });
      },
    },
  );
}
