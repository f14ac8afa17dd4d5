import { mapWithConcurrency } from '../shared/index.js';
import { CONVERSATION_PAGE_SIZE, type VoxysApi } from './api.js';
import type { ListQuery, UpstreamQuery } from './query-plan.js';
import type { ConversationJson, CountsJson } from './schemas.js';

/**
 * One page of a planned conversation query, with the size of the whole result so paging can stop
 * on the last full page: both endpoints return counts next to the rows (the list: per assignee tab;
 * the filter: of the filtered set), so ceil(total / 25) pages exist and no trailing empty page is
 * read. A short page also ends the list (what Chatwoot documents when counts are not at hand).
 */

export interface ConversationPage {
  rows: ConversationJson[];
  /** How many conversations the whole query holds. */
  total: number;
}

type PagedQuery = Exclude<UpstreamQuery, { kind: 'none' }>;

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

export async function fetchConversationPage(api: VoxysApi, upstream: PagedQuery, page: number): Promise<ConversationPage> {
  if (upstream.kind === 'list') {
    const { counts, rows } = await api.listConversations(upstream.query, page);
    return { rows, total: tabTotal(counts, upstream.query.assignee_type) };
  }
  const answer = await api.filterConversations(upstream.conditions, page);
  return { rows: answer.payload, total: answer.meta.all_count };
}

/** The following page number, or null when `page` was the last. */
export function nextPage(page: number, result: ConversationPage): number | null {
  return result.rows.length >= CONVERSATION_PAGE_SIZE && page * CONVERSATION_PAGE_SIZE < result.total ? page + 1 : null;
}

/**
 * Every row of the query: page 1, then the other ceil(total / 25) − 1 pages, at most `concurrency`
 * (the source's setting) at a time.
 */
export async function fetchAllConversations(api: VoxysApi, upstream: PagedQuery, concurrency: number): Promise<ConversationJson[]> {
  const first = await fetchConversationPage(api, upstream, 1);
  if (nextPage(1, first) === null) return first.rows;
  const pages = Math.ceil(first.total / CONVERSATION_PAGE_SIZE);
  const numbers = Array.from({ length: pages - 1 }, (_, i) => i + 2);
  const rest = await mapWithConcurrency(numbers, concurrency, (page) => fetchConversationPage(api, upstream, page));
  return [first, ...rest].flatMap((p) => p.rows);
}
