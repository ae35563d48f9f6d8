import type { FundingSource } from '../modules/funding-sources/index.js';
import type { Program } from '../modules/programs/index.js';
import type { PageInput } from './routing.js';

type List<T> = { data: T[] };

/** Lists a page reads whole: a province runs a handful of programmes and funding sources. */
const ALL = { limit: '1000' };

/** A form or query-string value as trimmed text; '' when it is absent or repeated. */
export const formText = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export interface Names {
  programs: ReadonlyMap<string, Program>;
  sources: ReadonlyMap<string, FundingSource>;
}

/** The programmes and funding sources by id, for the names a page shows beside the API's ids. */
export async function programsAndSources(call: PageInput['call']): Promise<Names> {
  const [programs, sources] = await Promise.all([
    call<List<Program>>('listPrograms', { query: ALL }),
    call<List<FundingSource>>('listFundingSources', { query: ALL }),
  ]);
  return {
    programs: new Map(programs.data.map((p) => [p.id, p])),
    sources: new Map(sources.data.map((s) => [s.id, s])),
  };
}
