import type { GatewayContext } from '../context.js';
import { UpstreamError, upstreamToGraphQLError } from '../errors.js';
import type { BucketCounts, ConversationFilter } from '../model/index.js';
import type { MergedInboxPage } from './merged-inbox.js';
import { sourceCounts } from './count-ahead.js';
import { isOverdue, isUnread, tallyRows } from './tally.js';

/** What `ConversationConnection.counts` resolves to: the buckets, and what `unread`/`overdue` count when asked. */
export interface CountsModel extends BucketCounts {
  ctx: GatewayContext;
  filter: ConversationFilter;
  sourceKeys: string[];
}

/** Keys the platforms' own counts know nothing of: with one set, the gateway counts by reading the list. */
export function needsTally(filter: ConversationFilter): boolean {
  return filter.unread !== null || filter.activeWithinDays !== null;
}

/** A failing source costs its own share (reported once), not the whole count. */
function settle<T>(ctx: GatewayContext, results: PromiseSettledResult<T>[]): { values: T[]; failed: boolean } {
  const values: T[] = [];
  let failed = false;
  for (const result of results) {
    if (result.status === 'fulfilled') values.push(result.value);
    else if (result.reason instanceof UpstreamError) {
      ctx.partialErrors.push(upstreamToGraphQLError(result.reason));
      failed = true;
    } else throw result.reason;
  }
  return { values, failed };
}

/** Per-bucket counts of the page's filter (its `assignee` aside), summed over the sources asked. */
export async function countsOf(page: MergedInboxPage, ctx: GatewayContext): Promise<CountsModel> {
  const { filter, sourceKeys } = page;
  const perSource = sourceKeys.map(async (key): Promise<BucketCounts> => {
    if (!needsTally(filter)) return sourceCounts(ctx, key, filter);
    const me = ctx.sources.me(key);
    const rows = await tallyRows(ctx, key, filter);
    const unassigned = rows.filter((row) => row.assignee === null).length;
    return { all: rows.length, unassigned, assigned: rows.length - unassigned, mine: me === null ? 0 : rows.filter((row) => row.assignee?.upstreamId === me).length };
  });
  const { values } = settle(ctx, await Promise.allSettled(perSource));
  const total: CountsModel = { mine: 0, unassigned: 0, assigned: 0, all: 0, ctx, filter, sourceKeys };
  for (const c of values) {
    total.mine += c.mine;
    total.unassigned += c.unassigned;
    total.assigned += c.assigned;
    total.all += c.all;
  }
  return total;
}

/** Of `all`, the unread ones: every source's list read whole (no platform counts unread per filter). */
export async function unreadOf(counts: CountsModel): Promise<number | null> {
  const { ctx, filter } = counts;
  const perSource = counts.sourceKeys.map(async (key) => (await tallyRows(ctx, key, filter)).filter(isUnread).length);
  const { values, failed } = settle(ctx, await Promise.allSettled(perSource));
  return failed ? null : values.reduce((a, b) => a + b, 0);
}

/** Of `all`, the ones not RESOLVED with an overdue SLA: the platform's own count where it has one for this filter (Iron), else the list read whole. */
export async function overdueOf(counts: CountsModel): Promise<number | null> {
  const { ctx, filter } = counts;
  const perSource = counts.sourceKeys.map(async (key) => {
    const own = await ctx.sources.connector(key).overdueCount?.(filter);
    if (own !== undefined && own !== null) return own;
    return (await tallyRows(ctx, key, filter)).filter(isOverdue).length;
  });
  const { values, failed } = settle(ctx, await Promise.allSettled(perSource));
  return failed ? null : values.reduce((a, b) => a + b, 0);
}
