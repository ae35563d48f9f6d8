import type { Program } from '../modules/programs/index.js';
import type { Statement } from '../modules/reconciliation/index.js';
import type { Role } from '../shared/context.js';
import { addMonths, currentPeriod, type Clock } from '../shared/period.js';
import { StatementsPage } from './pages/reconciliation/list.js';
import { StatementPage } from './pages/reconciliation/statement.js';
import { rowFieldId, type ExceptionRow, type ResolveAttempt } from './pages/reconciliation/work-list.js';
import { fieldId } from './components/forms.js';
import { formFile } from './multipart.js';
import { UploadForm, type UploadValues } from './pages/reconciliation/upload.js';
import { describeProblem, type Problem, type Refusal } from './problem-text.js';
import { asFormProblem } from './query-problem.js';
import type { PageInput, Pages } from './routing.js';
import { formText as text } from './lookups.js';

type List<T> = { data: T[]; nextCursor: string | null };

/**
 * The roles that may import statements and resolve exceptions (importStatement, resolveException): the
 * pages show them the forms. The forms themselves admit exactly the roles the API operations admit.
 */
const SETTLERS: readonly Role[] = ['admin', 'finance_officer'];

const STATEMENTS_PER_PAGE = '50';
const EXCEPTIONS_PER_PAGE = '1000';

/** Statements arrive after the month they cover, so the form starts at the month before this one. */
const previousPeriod = (clock: Clock) => addMonths(currentPeriod(clock), -1);

/** The same address with another cursor, for the link to the next page of a list. */
function withCursor(input: PageInput, cursor: string | null): string | null {
  if (!cursor) return null;
  const url = new URL(input.req.originalUrl, 'http://console');
  url.searchParams.set('cursor', cursor);
  url.searchParams.delete('selesai');
  return `${url.pathname}${url.search}`;
}

function uploadValues({ req }: PageInput): UploadValues {
  const body = req.body as Record<string, unknown>;
  return { programId: text(body.programId), period: text(body.period) };
}

/** The statements, filtered as the query says, with the upload form for those who may import. */
async function listPage(input: PageInput, upload: { values?: UploadValues; refusal?: Refusal }) {
  const { req, view, call, session, ctx } = input;
  const query = { programId: text(req.query.programId), period: text(req.query.period) };
  const [programs, statements] = await Promise.all([
    call<List<Program>>('listPrograms', { query: { limit: '1000' } }),
    call<List<Statement>>('listStatements', {
      query: {
        programId: query.programId || undefined,
        period: query.period || undefined,
        cursor: text(req.query.cursor) || undefined,
        limit: STATEMENTS_PER_PAGE,
      },
    }),
  ]);
  const values = upload.values ?? { programId: '', period: previousPeriod(ctx.clock) };
  return (
    <StatementsPage
      view={view}
      query={query}
      programs={programs.data}
      statements={statements.data}
      nextUrl={withCursor(input, statements.nextCursor)}
      upload={
        SETTLERS.includes(session.actor.role) ? (
          <UploadForm view={view} programs={programs.data} values={values} refusal={upload.refusal} />
        ) : null
      }
    />
  );
}

async function statementPage(
  input: PageInput,
  statementId: string,
  extra: { resolved?: string; attempt?: ResolveAttempt } = {},
) {
  const { view, call, req, session } = input;
  const statement = await call<Statement>('getStatement', { params: { id: statementId } });
  const [program, exceptions] = await Promise.all([
    call<Program>('getProgram', { params: { id: statement.programId } }),
    call<List<ExceptionRow>>('listStatementExceptions', {
      params: { id: statementId },
      query: { limit: EXCEPTIONS_PER_PAGE, cursor: text(req.query.cursor) || undefined },
    }),
  ]);
  return (
    <StatementPage
      view={view}
      statement={statement}
      programCode={program.code}
      exceptions={exceptions.data}
      nextUrl={withCursor(input, exceptions.nextCursor)}
      mayResolve={SETTLERS.includes(session.actor.role)}
      resolved={extra.resolved}
      attempt={extra.attempt}
      refusal={extra.attempt?.refusal}
    />
  );
}

/** Rekonsiliasi (docs/console.md): the insurer's statements, their summaries and the exceptions' work list. */
export function registerReconciliationRoutes(pages: Pages): void {
  const section = { section: 'reconciliation' } as const;

  pages.page('/rekonsiliasi', section, async (input) => listPage(input, {}));

  pages.action(
    '/rekonsiliasi/unggah',
    { operation: 'importStatement' },
    async (input) => {
      const { req, res, view } = input;
      const values = uploadValues(input);
      const file = formFile(req);
      if (!file?.filename) {
        const missing = view.t.reconciliation.upload.fileMissing;
        const refusal = {
          summary: [{ text: missing, href: `#${fieldId('file')}` }],
          byField: { file: missing },
        };
        return listPage(input, { values, refusal });
      }
      const statement = await input.call<Statement>('importStatement', {
        query: { ...values },
        upload: file.upload,
      });
      const next = `/rekonsiliasi/${statement.id}`;
      if (!req.get('HX-Request')) return { redirect: next };
      // htmx sent the form (for its progress bar): it follows the answer's HX-Redirect as a whole-page visit.
      res.setHeader('HX-Redirect', next);
      return <p>{next}</p>;
    },
    {
      refused: async (input, problem) => {
        const labels = {
          programId: input.view.t.reconciliation.program,
          period: input.view.t.reconciliation.period,
        };
        const refusal = describeProblem(input.view.t, asFormProblem(problem), labels);
        return listPage(input, { values: uploadValues(input), refusal });
      },
    },
  );

  pages.page('/rekonsiliasi/:id', section, async (input) => {
    const id = String(input.req.params.id);
    const resolved = text(input.req.query.selesai);
    return statementPage(input, id, resolved ? { resolved } : {});
  });

  const form = (input: PageInput) => {
    const body = input.req.body as Record<string, unknown>;
    return { resolution: text(body.resolution), note: text(body.note) };
  };
  pages.action(
    '/rekonsiliasi/:statementId/pengecualian/:id',
    { operation: 'resolveException' },
    async (input) => {
      const { statementId, id } = input.req.params as { statementId: string; id: string };
      const resolved = await input.call<ExceptionRow>('resolveException', {
        params: { id },
        body: form(input),
      });
      const nik = new URLSearchParams({ selesai: resolved.nik }).toString();
      return { redirect: `/rekonsiliasi/${statementId}?${nik}#exception-${id}` };
    },
    {
      refused: async (input, problem: Problem) => {
        const { statementId, id } = input.req.params as { statementId: string; id: string };
        const w = input.view.t.reconciliation.work;
        const refusal = describeProblem(input.view.t, problem, {
          resolution: w.columns.resolution,
          note: w.note,
        });
        // Each exception has its own form, so every sentence links to that exception's fields.
        for (const item of refusal.summary)
          item.href = `#${rowFieldId(item.href?.replace(/^#f-/, '') ?? 'resolution', id)}`;
        return statementPage(input, statementId, { attempt: { exceptionId: id, ...form(input), refusal } });
      },
    },
  );
}
