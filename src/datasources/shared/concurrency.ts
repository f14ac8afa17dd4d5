/**
 * Fan-out with a bound. Whenever one logical operation of a connector needs many upstream calls
 * (a count that walks every page, hydrating the rows of a page, one read per conversation), they
 * run through here with at most the source's `concurrency` setting in flight at once. Firing them
 * all together would overflow the source's bulkhead (`concurrency` running + `queue` waiting,
 * src/resilience/source-policy.ts) on a large account and fail the whole read as
 * UPSTREAM_UNAVAILABLE; bounded, the same calls are made, only fewer at a time.
 */

/**
 * Maps `items` through `fn` with at most `limit` calls of `fn` pending at once, and resolves with
 * the results in the order of `items` (not of completion). The first `limit` calls start at once
 * (synchronously, so a DataLoader still batches them); each later one starts when one before it
 * settles. After the first failure no further call starts and the promise rejects with that error
 * (calls already running are left to finish; their outcome is ignored).
 *
 * Callers that must not let one item fail the others (a DataLoader batch of independent reads)
 * catch inside `fn` and return the error as a value.
 */
export function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R> | R): Promise<R[]> {
  if (!(limit >= 1)) return Promise.reject(new RangeError(`mapWithConcurrency: limit must be at least 1 (got ${limit})`));
  const results = new Array<R>(items.length);
  if (items.length === 0) return Promise.resolve(results);
  return new Promise<R[]>((resolve, reject) => {
    let next = 0;
    let settled = 0;
    let failed = false;

    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      reject(error);
    };

    const launch = (): void => {
      if (failed || next >= items.length) return;
      const index = next++;
      let pending: Promise<R>;
      try {
        pending = Promise.resolve(fn(items[index]!, index));
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then((value) => {
        if (failed) return;
        results[index] = value;
        settled++;
        if (settled === items.length) resolve(results);
        else launch();
      }, fail);
    };

    const workers = Math.min(items.length, Math.floor(limit));
    for (let i = 0; i < workers; i++) launch();
  });
}

/** An error as a value (for DataLoader batches, where an Error in the answer fails only its key). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
