import type { Api } from '../../http/api.js';
import { DOWNLOADS } from '../../shared/fields.js';
import { timestamp, today } from '../../shared/period.js';
import { getFundingSource } from '../funding-sources/index.js';
import { writeDownload } from '../tables/index.js';
import { realisationTable } from './realisation.export.js';
import { realisationOut, realisationQuery } from './realisation.schemas.js';
import { realisationReport } from './realisation.service.js';
import { holdsDemoData } from './demo-data.js';

/** Today, or the nearest day of the fiscal year when today lies outside it. */
function defaultAsOf(fiscalYear: number, now: string): string {
  const year = Number(now.slice(0, 4));
  if (year < fiscalYear) return `${fiscalYear}-01-01`;
  return year > fiscalYear ? `${fiscalYear}-12-31` : now;
}

export function registerRealisationRoute(api: Api): void {
  api.route({
    operationId: 'realisationReport',
    method: 'get',
    path: '/reports/realisation',
    tag: 'reports',
    summary: 'Budget realisation (Laporan Realisasi Anggaran)',
    description:
      "Cash-based realisation of one funding source's budget in a fiscal year, as its Laporan Realisasi Anggaran counts it: a payment counts in the year and month of its SP2D date (paidOn), whatever contribution months it pays (a December bill paid on 10 January is realisation of the new year), unless reversed on or before asOf. Rows per programme and benefit (kode rekening from the source's accounts): original (APBD murni), amended (with APBD-P), realisedThisMonth (the month of asOf), realisedToDate, remaining (sisa pagu = amended − realisedToDate) and percent (half-up, two decimals). Each payment is split over benefits in proportion to what the months it pays bill per benefit, by largest remainder, as its journal entry records it. A pooled budget line puts its budget on a row with benefit null that carries the programme's whole realisation; its benefit rows then have null budget columns. format=csv or xlsx downloads the report titled with the source, year and date, signed at the source's place by its signatories. A funding source outside the caller's scope is a 404, as an unknown one.",
    access: 'anyRole',
    query: realisationQuery,
    responses: {
      200: {
        description: 'The realisation (JSON), or the CSV or XLSX download the format asks for',
        schema: realisationOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, download, res, recordDownload }) => {
      const fundingSourceId = Number(query.fundingSourceId);
      const asOf = query.asOf ?? defaultAsOf(query.fiscalYear, today(ctx.clock));
      const report = await realisationReport(
        db,
        { fundingSourceId, fiscalYear: query.fiscalYear, asOf },
        ctx.actor.scope,
      );
      if (!download.format) return { status: 200, body: report };
      const source = (await getFundingSource(db, fundingSourceId))!;
      const table = realisationTable(report, source, {
        producedAt: timestamp(ctx.clock),
        lang: download.lang,
        demo: await holdsDemoData(db),
      });
      return writeDownload(res, download.format, download.lang, table, {
        fileName: `realisation-${source.code}-${query.fiscalYear}`,
        audit: recordDownload,
      });
    },
  });
}
