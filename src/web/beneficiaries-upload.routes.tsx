import type { Program } from '../modules/programs/index.js';
import { describeFilters, writeDownload } from '../modules/tables/index.js';
import { invalid } from '../shared/errors.js';
import { timestamp } from '../shared/period.js';
import { catalogue } from './i18n/index.js';
import { ImportResults, type ImportAnswer } from './import-results.js';
import { formFile } from './multipart.js';
import { UploadPage, UploadResultPage } from './pages/beneficiaries/import.js';
import { describeProblem } from './problem-text.js';
import type { PageInput, Pages } from './routing.js';

type List<T> = { data: T[] };

const IMPORT = { operation: 'importBeneficiaries' } as const;

const textFields = (body: unknown): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (typeof value === 'string') fields[name] = value;
  return fields;
};

const programsOf = async ({ call }: PageInput) =>
  (await call<List<Program>>('listPrograms', { query: { limit: '100' } })).data;

/**
 * The CSV upload of beneficiaries (importBeneficiaries): the form, its post (the file streams to the API
 * operation), and the result page with the rejected rows and their download. Results are held by
 * ImportResults, since the API keeps no copy of an import's answer.
 */
export function registerBeneficiaryUploadRoutes(pages: Pages): void {
  const results = new ImportResults();

  pages.page('/penerima/unggah', IMPORT, async (input) => (
    <UploadPage view={input.view} programs={await programsOf(input)} input={{}} refusal={null} />
  ));

  pages.action(
    '/penerima/unggah',
    IMPORT,
    async ({ req, call, session, ctx }) => {
      const file = formFile(req);
      if (!file || file.filename === '') {
        const noFile = {
          id: catalogue('id').beneficiaries.upload.noFile,
          en: catalogue('en').beneficiaries.upload.noFile,
        };
        throw invalid([{ path: 'file', message: noFile }]);
      }
      const { programId, startPeriod } = textFields(req.body);
      const query = { programId: programId || undefined, startPeriod: startPeriod || undefined };
      const answer = await call<ImportAnswer>('importBeneficiaries', { query, upload: file.upload });
      const key = results.keep(session.id, file.filename, answer, ctx.clock().toMillis());
      return { redirect: `/penerima/unggah/${key}` };
    },
    {
      refused: async (input, problem) => {
        const w = input.view.t.beneficiaries;
        const labels = {
          file: w.upload.file,
          programId: w.person.program,
          startPeriod: w.upload.startPeriod,
        };
        return (
          <UploadPage
            view={input.view}
            programs={await programsOf(input)}
            input={textFields(input.req.body)}
            refusal={describeProblem(input.view.t, problem, labels)}
          />
        );
      },
    },
  );

  pages.page('/penerima/unggah/:key', IMPORT, async ({ view, req, res, session, ctx }) => {
    const key = String(req.params.key);
    const held = results.read(session.id, key, ctx.clock().toMillis());
    // Sent by htmx from the form, the address bar shows the result's own address, as after a plain post.
    if (req.get('HX-Request')) res.set('HX-Push-Url', req.originalUrl);
    return (
      <UploadResultPage
        view={view}
        fileName={held?.fileName ?? ''}
        answer={held?.answer ?? null}
        downloadHref={`/penerima/unggah/${key}/ditolak.csv`}
      />
    );
  });

  pages.page('/penerima/unggah/:key/ditolak.csv', IMPORT, async ({ req, res, session, ctx, view }) => {
    const held = results.read(session.id, String(req.params.key), ctx.clock().toMillis());
    if (!held) return { redirect: `/penerima/unggah/${String(req.params.key)}` };
    const reasons = held.answer.rejected.map((row) => ({
      line: row.line,
      nik: row.nik,
      reasons: row.errors.map((e) => e.message).join('; '),
    }));
    await writeDownload(
      res,
      'csv',
      view.lang,
      {
        title: { id: 'Baris yang ditolak', en: 'Rejected rows' },
        filters: describeFilters({ file: held.fileName }),
        producedAt: timestamp(ctx.clock),
        columns: [
          { key: 'line', id: 'Baris', en: 'Line', kind: 'integer' },
          { key: 'nik', id: 'NIK', en: 'NIK', kind: 'text' },
          { key: 'reasons', id: 'Alasan', en: 'Reasons', kind: 'text' },
        ],
        rows: reasons,
      },
      // The rows come back to the person who uploaded them, from their own file: not an export of the register.
      { fileName: 'ditolak', audit: async () => {} },
    );
    return { answered: true };
  });
}
