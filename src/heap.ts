import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived its last full collection before it collects again, in
 * percent. Left to itself V8 picks a factor of up to 4 when collecting is quick, and a long download's
 * garbage (a page of rows, a page of PDF, each dead within milliseconds) is quick to collect: serving the
 * largest daftar nominatif, the heap grew to about three times the 35-48 MB it held live. At 1.5 × its CSV
 * peaks at 156 MB instead of 217 MB, in the same time (docs/performance.md, "Peak memory"). It sets when V8
 * collects, not a ceiling: a request that holds more live data still gets the heap it needs.
 */
const HEAP_GROWING_PERCENT = 50;

/** Sets the serving process's heap growth (V8 reads it at each full collection, so setting it once started is enough). */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
