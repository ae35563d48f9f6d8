import { rejectedLinesUrl } from '../modules/beneficiaries/index.js';
import type { Program } from '../modules/programs/index.js';
import { AppError, invalid } from '../shared/errors.js';
import { catalogue } from './i18n/index.js';
import { formFile } from './multipart.js';
import {
  UploadPage,
  UploadResultPage,
  type RejectedLines,
  type UploadOutcome,
} from './pages/beneficiaries/import.js';
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

/** importBeneficiaries' answer, as the page needs it. */
interface ImportAnswer {
  created: number;
  enrolled: number;
  rejected: unknown[];
  rejectedUrl: string | null;
}

const RESULT = '/penerima/unggah/hasil';
/** The rejected lines' id at the end of the API's rejectedUrl. */
const REJECTED_ID = /\/([0-9a-f]+)$/;

/** The result page's address: what the import did, and where the API keeps its rejected lines. */
function resultHref(fileName: string, answer: ImportAnswer): string {
  const query = new URLSearchParams({
    berkas: fileName,
    dibuat: String(answer.created),
    didaftarkan: String(answer.enrolled),
    ditolak: String(answer.rejected.length),
  });
  const id = answer.rejectedUrl ? REJECTED_ID.exec(answer.rejectedUrl)?.[1] : undefined;
  if (id) query.set('baris', id);
  return `${RESULT}?${query.toString()}`;
}

const count = (value: unknown) =>
  typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : 0;

/**
 * The upload of a beneficiary list (importBeneficiaries): the form, its post (the file streams to the API
 * operation), and the result page (post/redirect/get). The console keeps nothing of an answer: its counts
 * travel in the result's address (they only tell the uploader what their own upload did), and its rejected
 * lines are those the API keeps for the uploader for seven days, read back from the rejectedUrl and
 * downloaded from it.
 */
export function registerBeneficiaryUploadRoutes(pages: Pages): void {
  pages.page('/penerima/unggah', IMPORT, async (input) => (
    <UploadPage view={input.view} programs={await programsOf(input)} input={{}} refusal={null} />
  ));

  pages.action(
    '/penerima/unggah',
    IMPORT,
    async ({ req, call }) => {
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
      return { redirect: resultHref(file.filename, answer) };
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

  pages.page(RESULT, IMPORT, async ({ view, req, res, call }) => {
    const q = req.query as Record<string, unknown>;
    const outcome: UploadOutcome = {
      fileName: typeof q.berkas === 'string' ? q.berkas : '',
      created: count(q.dibuat),
      enrolled: count(q.didaftarkan),
      rejected: count(q.ditolak),
    };
    const id = typeof q.baris === 'string' ? q.baris : undefined;
    let rejected: RejectedLines | null = null;
    if (id !== undefined) {
      try {
        const kept = await call<RejectedLines>('getRejectedBeneficiaryLines', {
          params: { id },
          query: { format: 'json' },
        });
        rejected = { ...kept, url: rejectedLinesUrl(id) };
      } catch (err) {
        // Kept seven days for their uploader: gone since, or never theirs, the page says so.
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      }
    }
    // Sent by htmx from the form, the address bar shows the result's own address, as after a plain post.
    if (req.get('HX-Request')) res.set('HX-Push-Url', req.originalUrl);
    return <UploadResultPage view={view} outcome={outcome} rejected={rejected} />;
  });
}
