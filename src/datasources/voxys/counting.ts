import { matchesFilter } from '../../inbox/filter.js';
import type { BucketCounts, ConversationFilter, SourceRef } from '../../model/index.js';
import type { VoxysApi } from './api.js';
import { fetchAllConversations, statusFallbackOf } from './conversation-pages.js';
import { toConversation } from './mapping.js';
import { ALL_KEYS, mineConditions, planQuery, type FilterCondition } from './query-plan.js';

/**
 * The page a counts-only filter call asks: past the last page of any account, so the answer's
 * `payload` is `[]` while its `meta` is unchanged. Chatwoot's `Conversations::FilterService#perform`
 * counts (`set_count_for_all_conversations`) over the whole filtered relation before it pages it
 * with Kaminari (`.page(current_page)`, 25 a page, no per-page parameter), and a page past the end
 * is an empty page with the same meta (it also skips preloading the page's messages upstream).
 * Why 10,000,000: past the end whenever the filtered set holds fewer than 249,999,975
 * conversations (of one agent, for "mine"), far beyond any account; the offset Kaminari builds,
 * 25 × (page − 1), stays within a 32-bit integer, so no database or fork that casts it can
 * overflow. Were a set ever that large, the counts would still be exact: only rows would come back.
 */
export const COUNTS_ONLY_PAGE = 10_000_000;

/** Page 1 when the same filter's list asks these very conditions (its first page is then this call, memoized per request); else a page with no rows. */
function countsPage(conditions: FilterCondition[], listConditions: FilterCondition[] | null): number {
  return listConditions !== null && JSON.stringify(conditions) === JSON.stringify(listConditions) ? 1 : COUNTS_ONLY_PAGE;
}

/**
 * Per-bucket counts of the conversations matching a filter (its `assignee` key aside).
 *
 * Voxys' own counts answer "mine" for the API token's owner, never for the gateway user, so:
 * - without search or overdue: mine = `all_count` of `POST /conversations/filter` with the same
 *   conditions plus `assignee_id = me` (1 call; none when the user has no Voxys id); unassigned,
 *   assigned and all = `GET /conversations/meta` when it expresses the filter exactly, else the
 *   filter endpoint's `unassigned_count`/`all_count` for the filter's conditions (1 call). That is
 *   2 calls. A filter call whose conditions are the list's own (the same filter's list: MINE for
 *   "mine", ALL for the others) asks page 1, shared with the list's first page in the same request;
 *   any other asks COUNTS_ONLY_PAGE, so it carries the counts and no rows.
 * - with search (Chatwoot ignores `status` when `q` is set) or overdue (computed from list fields):
 *   every page of the query with assignee ALL (ceil(n / s) calls, n = conversations matching what
 *   Voxys applies, s = the installation's page size, at most `concurrency` at a time), the rest
 *   filtered and bucketed here with the gateway's own rules.
 */
export async function countConversations(
  api: VoxysApi,
  context: { ref: SourceRef; me: string | null; now: Date; concurrency: number },
  filter: ConversationFilter,
): Promise<BucketCounts> {
  const { ref, me, now, concurrency } = context;
  const everyone: ConversationFilter = { ...filter, assignee: 'ALL' };
  const plan = planQuery(everyone, me);
  if (plan.upstream.kind === 'none') return { mine: 0, unassigned: 0, assigned: 0, all: 0 };
  const upstream = plan.upstream;

  if (filter.search?.trim() || filter.overdue !== null) {
    const leftToUs = ALL_KEYS.filter((key) => !plan.applied.has(key));
    const rows = new Map((await fetchAllConversations(api, upstream, concurrency)).map((row) => [row.id, row]));
    const fallback = statusFallbackOf(upstream);
    const matching = [...rows.values()].map((row) => toConversation(ref, row, now, fallback)).filter((c) => matchesFilter(c, everyone, me, leftToUs));
    const unassigned = matching.filter((c) => c.assignee === null).length;
    return {
      mine: me === null ? 0 : matching.filter((c) => c.assignee?.upstreamId === me).length,
      unassigned,
      assigned: matching.length - unassigned,
      all: matching.length,
    };
  }

  // The list of this very filter (its assignee kept): its conditions when it goes to the filter endpoint.
  const listed = planQuery(filter, me).upstream;
  const listConditions = listed.kind === 'filter' ? listed.conditions : null;
  const mineFilter = me === null ? null : mineConditions(everyone, me);
  const mine = mineFilter === null ? Promise.resolve(0) : api.filterConversations(mineFilter, countsPage(mineFilter, listConditions)).then((answer) => answer.meta.all_count);
  const others =
    upstream.kind === 'list'
      ? api.conversationCounts({ status: upstream.query.status, ...(upstream.query['labels[]'] ? { 'labels[]': upstream.query['labels[]'] } : {}) })
      : api
          .filterConversations(upstream.conditions, countsPage(upstream.conditions, listConditions))
          .then((answer) => ({ ...answer.meta, assigned_count: answer.meta.all_count - answer.meta.unassigned_count }));
  const [mineCount, counts] = await Promise.all([mine, others]);
  return { mine: mineCount, unassigned: counts.unassigned_count, assigned: counts.assigned_count, all: counts.all_count };
}
