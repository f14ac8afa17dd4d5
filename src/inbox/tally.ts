import type { GatewayContext } from '../context.js';
import type { FilterKey, JsonValue } from '../datasources/connector.js';
import type { ConversationFilter, ConversationModel, DeferredField } from '../model/index.js';
import { filterFingerprint } from './cursor.js';
import { ALL_FILTER_KEYS, fieldsNeeded, matchesFilter } from './filter.js';

/**
 * Every conversation of one source that matches a filter (its `assignee` aside), read through the
 * connector's own list (the same pages, pushdown and gateway-side filtering as the merged inbox),
 * with the rows completed where they defer a field the caller needs. This is how the gateway
 * counts what no platform counts per filter (unread, overdue, the built-in views): it reads the
 * whole list, so it is only done when such a count is asked for. One read per source, filter and
 * request (a WeakMap keyed by the request's context: nothing is shared between requests).
 */

/** Fields a tally always completes: what counts and views read besides the filter's own keys. */
const TALLY_FIELDS: readonly DeferredField[] = ['status', 'assignee', 'unreadCount', 'starred', 'archived', 'sla'];

/** Pages one walk may read before it stops (the request's call cap stops it first on a real platform). */
const MAX_PAGES = 10_000;

const memo = new WeakMap<GatewayContext, Map<string, Promise<ConversationModel[]>>>();

/** The source's conversations matching `filter` (assignee ignored), complete in TALLY_FIELDS. */
export function tallyRows(ctx: GatewayContext, sourceKey: string, filter: ConversationFilter): Promise<ConversationModel[]> {
  const everyone: ConversationFilter = { ...filter, assignee: 'ALL' };
  let byRequest = memo.get(ctx);
  if (!byRequest) memo.set(ctx, (byRequest = new Map()));
  const key = `${sourceKey}\u0000${filterFingerprint(everyone, [sourceKey])}`;
  let rows = byRequest.get(key);
  if (!rows) {
    rows = readAll(ctx, sourceKey, everyone);
    byRequest.set(key, rows);
  }
  return rows;
}

async function readAll(ctx: GatewayContext, sourceKey: string, filter: ConversationFilter): Promise<ConversationModel[]> {
  const connector = ctx.sources.connector(sourceKey);
  const me = ctx.sources.me(sourceKey);
  const found = new Map<string, ConversationModel>();
  let position: JsonValue | null = null;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await connector.listConversations({ filter, position, limitHint: 100 });
    const leftToGateway: FilterKey[] = ALL_FILTER_KEYS.filter((key) => !answer.applied.has(key));
    const needed = new Set<DeferredField>([...fieldsNeeded(filter, leftToGateway), ...TALLY_FIELDS]);
    const rows = await Promise.all(answer.items.map((row) => ([...(row.deferred ?? [])].some((field) => needed.has(field)) ? connector.hydrate(row) : row)));
    for (const row of rows) if (matchesFilter(row, filter, me, leftToGateway)) found.set(row.upstreamId, row);
    if (answer.next === null) break;
    // A platform naming the page just read as the next one would loop: the walk ends there.
    const next = JSON.stringify(answer.next);
    if (seen.has(next)) break;
    seen.add(next);
    position = answer.next;
  }
  return [...found.values()];
}

/** Whether a conversation counts as unread: an unknown count does not. */
export function isUnread(conversation: ConversationModel): boolean {
  return (conversation.unreadCount ?? 0) > 0;
}

/** Overdue as the counts and the Overdue view mean it: not RESOLVED, and its SLA says overdue. */
export function isOverdue(conversation: ConversationModel): boolean {
  return conversation.status !== 'RESOLVED' && conversation.sla?.overdue === true;
}
