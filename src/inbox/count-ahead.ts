import type { GatewayContext } from '../context.js';
import type { BucketCounts, ConversationFilter } from '../model/index.js';

/** Per request (its context), per filter object, per source key: the count already started. */
const started = new WeakMap<GatewayContext, WeakMap<ConversationFilter, Map<string, Promise<BucketCounts>>>>();

/**
 * One source's bucket counts for a filter, once per request. The inbox starts them together with
 * its lists (`startCounts`) when the query asks for counts, since they depend on the filter only;
 * the counts resolver then takes the same promise instead of starting them after the page.
 */
export function sourceCounts(ctx: GatewayContext, sourceKey: string, filter: ConversationFilter): Promise<BucketCounts> {
  let byFilter = started.get(ctx);
  if (!byFilter) started.set(ctx, (byFilter = new WeakMap()));
  let byKey = byFilter.get(filter);
  if (!byKey) byFilter.set(filter, (byKey = new Map()));
  let counting = byKey.get(sourceKey);
  if (!counting) byKey.set(sourceKey, (counting = ctx.sources.connector(sourceKey).countConversations(filter)));
  return counting;
}

/** Starts every source's counts now; their outcome (and failures) are the counts resolver's to report. */
export function startCounts(ctx: GatewayContext, sourceKeys: readonly string[], filter: ConversationFilter): void {
  // Handled here only so that a count the resolver never reads (the list failed) is no unhandled rejection.
  for (const key of sourceKeys) sourceCounts(ctx, key, filter).catch(() => undefined);
}
