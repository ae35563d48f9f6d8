import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived its last full collection before it collects again, in
 * percent. Left to itself V8 picks a factor of up to 4 when collection is quick, and a long download's
 * garbage (a page of rows, a page of PDF, each dead within milliseconds) is quick to collect: serving the
 * largest daftar nominatif, the old generation grew to two or three times the 35-45 MB it held live, most of
 * the 200 MB bound (docs/performance.md, "Peak memory"). At 1.5 × the same download keeps well under it and
 * takes no longer; a request that truly needs more heap still gets it, since this sets when V8 collects,
 * not a ceiling.
 */
const HEAP_GROWING_PERCENT = 50;

/** Sets the serving process's heap growth (V8 reads it at each full collection, so setting it once started is enough). */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
