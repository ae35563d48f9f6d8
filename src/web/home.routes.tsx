import { listFundingSources } from '../modules/funding-sources/funding-sources.service.js';
import { listPrograms } from '../modules/programs/programs.service.js';
import { totalsReport } from '../modules/reports/totals.service.js';
import { HomePage } from './pages/home.js';
import type { Pages } from './routing.js';

/** Lists on the Beranda show at most this many programmes; a province runs a handful. */
const PROGRAMS_SHOWN = 100;

export function registerHomeRoutes(pages: Pages): void {
  pages.page('/', { section: 'home' }, async ({ view, ctx, db }) => {
    const fiscalYear = ctx.clock().year;
    const [totals, programs, sources] = await Promise.all([
      totalsReport(db, `${fiscalYear}-01`, `${fiscalYear}-12`, ['program']),
      listPrograms(db, PROGRAMS_SHOWN, null),
      listFundingSources(db, 1000, null),
    ]);
    return (
      <HomePage
        view={view}
        fiscalYear={fiscalYear}
        totals={totals}
        programs={programs.slice(0, PROGRAMS_SHOWN)}
        sources={new Map(sources.map((s) => [s.id, s]))}
      />
    );
  });
}
