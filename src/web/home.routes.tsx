import type { FundingSource } from '../modules/funding-sources/index.js';
import type { Program } from '../modules/programs/index.js';
import type { TotalsReport } from '../modules/reports/index.js';
import { HomePage } from './pages/home.js';
import type { Pages } from './routing.js';

/** Lists on the Beranda show at most this many programmes; a province runs a handful. */
const PROGRAMS_SHOWN = '100';

type List<T> = { data: T[] };

export function registerHomeRoutes(pages: Pages): void {
  pages.page('/', { section: 'home' }, async ({ view, ctx, call }) => {
    const fiscalYear = ctx.clock().year;
    const [totals, programs, sources] = await Promise.all([
      call<TotalsReport>('totalsReport', {
        query: { from: `${fiscalYear}-01`, to: `${fiscalYear}-12`, groupBy: 'program' },
      }),
      call<List<Program>>('listPrograms', { query: { limit: PROGRAMS_SHOWN } }),
      call<List<FundingSource>>('listFundingSources', { query: { limit: '1000' } }),
    ]);
    return (
      <HomePage
        view={view}
        fiscalYear={fiscalYear}
        totals={totals}
        programs={programs.data}
        sources={new Map(sources.data.map((s) => [s.id, s]))}
      />
    );
  });
}
