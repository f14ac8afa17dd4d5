/** What every platform's connector needs and none should write again. */
export { countInBuckets, emptyBuckets } from './buckets.js';
export { walkPages } from './pages.js';
export { asError, mapWithConcurrency } from './concurrency.js';
export { startAhead } from './read-ahead.js';
export { rowList, upstreamIdOf, SkippedRowLog, type RowList, type RowListLabel, type SkippedRow, type SkippedRowEntry } from './rows.js';
