import type { JsonValue } from '../connector.js';
import { mapWithConcurrency } from '../shared/index.js';
import type { VoxysApi } from './api.js';
import { STATUS_FROM_UPSTREAM, type StatusFallback } from './mapping.js';
import type { ListQuery, UpstreamQuery } from './query-plan.js';
import type { ConversationJson, CountsJson } from './schemas.js';

/**
 * Conversation pages of a planned query, assuming no page size: a Chatwoot installation chooses it
 * (`CONVERSATION_RESULTS_PER_PAGE`, 25 by default). Both endpoints return counts next to the rows (the
 * list: per assignee tab; the filter: of the filtered set), so the list is over when an empty page
 * comes, or when the rows sent so far (read or not) reach the count: no trailing empty page is read
 * after a full last page. A list position is the page to read and how many rows came before it.
 */

export interface ConversationPage {
  rows: ConversationJson[];
  /** Rows Voxys sent on this page, readable or not. */
  received: number;
  /** How many conversations the whole query holds. */
  total: number;
}

/** Where a list stands: page `p` is next, `r` rows came before it (null when unknown: an older cursor's bare page number). */
export interface ListPosition {
  p: number;
  r: number | null;
}

type PagedQuery = Exclude<UpstreamQuery, { kind: 'none' }>;

/** The position a list resumes from (the connector's `next`; a bare page number is an older cursor's). */
export function readPosition(position: JsonValue | null): ListPosition {
  const whole = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min;
  if (whole(position, 1)) return { p: position, r: null };
  if (typeof position === 'object' && position !== null && !Array.isArray(position) && whole(position.p, 1)) {
    return { p: position.p, r: whole(position.r, 0) ? position.r : null };
  }
  return { p: 1, r: 0 };
}

function tabTotal(counts: CountsJson, assigneeType: ListQuery['assignee_type']): number {
  switch (assigneeType) {
    case 'me':
      return counts.mine_count;
    case 'unassigned':
      return counts.unassigned_count;
    case 'assigned':
      return counts.assigned_count;
    case 'all':
      return counts.all_count;
  }
}

/** The status a row without one has: the one status the query asked for, else open (Chatwoot's default). */
export function statusFallbackOf(upstream: PagedQuery): StatusFallback {
  if (upstream.kind === 'list') return upstream.query.q === undefined && upstream.query.status !== 'all' ? (STATUS_FROM_UPSTREAM[upstream.query.status] ?? 'OPEN') : 'OPEN';
  const status = upstream.conditions.find((c) => c.attribute_key === 'status');
  const only = status?.values.length === 1 ? STATUS_FROM_UPSTREAM[String(status.values[0])] : undefined;
  return only ?? 'OPEN';
}

export async function fetchConversationPage(api: VoxysApi, upstream: PagedQuery, page: number): Promise<ConversationPage> {
  if (upstream.kind === 'list') {
    const { counts, rows, received } = await api.listConversations(upstream.query, page);
    return { rows, received, total: tabTotal(counts, upstream.query.assignee_type) };
  }
  const answer = await api.filterConversations(upstream.conditions, page);
  return { rows: answer.rows, received: answer.received, total: answer.meta.all_count };
}

/** Where the list goes on after `position`'s page, or null when that page was the last. */
export function nextPosition(position: ListPosition, result: ConversationPage): ListPosition | null {
  if (result.received === 0) return null;
  const read = position.r === null ? null : position.r + result.received;
  if (read !== null && read >= result.total) return null;
  // A page that alone holds every row (page 1) ends the list even when an older cursor lost the count.
  if (position.p === 1 && result.received >= result.total) return null;
  return { p: position.p + 1, r: read };
}

/**
 * Every row of the query: page 1 tells the installation's page size, so ceil(total / size) − 1 more
 * pages are read, at most `concurrency` (the source's setting) at a time; when rows were added
 * meanwhile (the pages fall short of the count), the pages after them are read until an empty one.
 */
export async function fetchAllConversations(api: VoxysApi, upstream: PagedQuery, concurrency: number): Promise<ConversationJson[]> {
  const first = await fetchConversationPage(api, upstream, 1);
  const size = first.received;
  if (size === 0 || size >= first.total) return first.rows;
  const pages = Math.ceil(first.total / size);
  const numbers = Array.from({ length: pages - 1 }, (_, i) => i + 2);
  const all = [first, ...(await mapWithConcurrency(numbers, concurrency, (page) => fetchConversationPage(api, upstream, page)))];
  let position: ListPosition | null = nextPosition({ p: pages, r: all.slice(0, -1).reduce((sum, p) => sum + p.received, 0) }, all.at(-1)!);
  while (position !== null) {
    const page = await fetchConversationPage(api, upstream, position.p);
    all.push(page);
    position = nextPosition(position, page);
  }
  return all.flatMap((p) => p.rows);
}
