import type { BucketCounts } from '../../model/index.js';

/** Empty mine/unassigned/assigned/all counts. */
export function emptyBuckets(): BucketCounts {
  return { mine: 0, unassigned: 0, assigned: 0, all: 0 };
}

/**
 * Counts one matching conversation in its buckets: `all`, then `unassigned` or `assigned`, and
 * `mine` when it is assigned to the signed-in user (`me`, that user's id in the source).
 */
export function countInBuckets(counts: BucketCounts, assigneeUpstreamId: string | null, me: string | null): void {
  counts.all++;
  if (assigneeUpstreamId === null) counts.unassigned++;
  else {
    counts.assigned++;
    if (me !== null && assigneeUpstreamId === me) counts.mine++;
  }
}
