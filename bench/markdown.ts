import { execFileSync } from 'node:child_process';
import type { JournalStep } from './journal.js';
import type { PagesStep } from './pages.js';
import { HEALTH_BOUND_MS, type WorstTiming } from './worst.js';

/** A step's figures: wall time, rows handled, peak resident memory. */
export interface BenchStep {
  seconds: number;
  rows: number;
  peakRssMb: number;
}

export interface BenchReport {
  workers: number;
  database: string;
  machine: string;
  steps: Record<string, BenchStep>;
  ceilings: Record<string, BenchStep>;
  pages: PagesStep | undefined;
  worst: WorstTiming[] | undefined;
  journal: JournalStep | undefined;
}

/** Which ceiling each step is held against (`docs/performance.md`, "Ceilings"). */
export const CEILING_OF: Record<string, string> = {
  beneficiaryImport: 'import',
  billingRun: 'billing',
  statementImport: 'reconcile',
};

const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const ms = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/**
 * The run as the tables `docs/performance.md` holds, so that the figures there are pasted from a run: the
 * date, machine and commit first, then each step against its ceiling, the pages, the worst requests and the
 * journal file.
 */
export function printMarkdown(report: BenchReport, startedAt: Date): void {
  const out: string[] = [];
  out.push(
    `**${report.workers.toLocaleString('en-US')} workers on ${report.database}**, ${startedAt.toISOString().slice(0, 10)}, ${report.machine}, commit ${commit()} (\`npm run bench -- --workers ${report.workers} --markdown\`).`,
    '',
  );
  out.push(
    table(
      ['step', 'seconds', 'rows', 'peak RSS MB', 'ceiling s', 'ratio'],
      Object.entries(report.steps).map(([name, s]) => {
        const ceiling = report.ceilings[CEILING_OF[name] ?? ''];
        return [
          name,
          s.seconds.toFixed(3),
          s.rows.toLocaleString('en-US'),
          String(s.peakRssMb),
          ceiling ? ceiling.seconds.toFixed(3) : '',
          ceiling ? `${(s.seconds / ceiling.seconds).toFixed(2)} ×` : '',
        ];
      }),
    ),
  );
  if (report.pages) {
    out.push(
      '',
      table(
        ['page', 'median ms', 'p95 ms', 'KB gzip', 'under 300 ms'],
        report.pages.pages.map((p) => [
          `${p.name} \`${p.path}\``,
          ms(p.medianMs),
          ms(p.p95Ms),
          (p.bytes / 1024).toFixed(1),
          p.p95Ms < 300 ? 'yes' : '**no**',
        ]),
      ),
    );
    out.push(
      '',
      `First page's scripts and styles: ${(report.pages.firstPageAssetsBytes / 1024).toFixed(1)} KB gzipped.`,
    );
  }
  if (report.worst)
    out.push(
      '',
      table(
        ['request', 'status', 'ms', '/health worst ms', 'within its bound'],
        report.worst.map((w) => [
          w.name,
          String(w.status),
          ms(w.ms),
          ms(w.healthWorstMs),
          w.ms <= w.boundMs && w.healthWorstMs <= HEALTH_BOUND_MS ? 'yes' : '**no**',
        ]),
      ),
    );
  if (report.journal) out.push('', ...journalLines(report.journal));
  console.log(out.join('\n'));
}

function journalLines(j: JournalStep): string[] {
  return [
    table(
      ['journal file of one month', 'seconds', 'entries', 'KB', 'balances agree'],
      [
        [
          'exported by the service',
          j.exportSeconds.toFixed(3),
          String(j.entries),
          (j.bytes / 1024).toFixed(1),
          '',
        ],
        ...j.readers.map((r) => [
          r.tool,
          r.seconds === null ? 'not installed' : r.seconds.toFixed(3),
          '',
          '',
          r.agrees === null ? '' : r.agrees ? 'yes' : '**no**',
        ]),
      ],
    ),
  ];
}
