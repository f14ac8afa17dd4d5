import type { FilterKey } from '../connector.js';
import { ALL_FILTER_KEYS } from '../../inbox/filter.js';
import type { ConversationFilter } from '../../model/index.js';
import type { ConversationListQuery } from './api.js';
import { STATUS_TO_CHATVOLT } from './mapping.js';

/** How one filter is asked of Chatvolt's conversation list. */
export interface ListPlan {
  query: ConversationListQuery;
  /** Keys fully answered here (pushed down, or trivially true on Chatvolt); the gateway applies the others. */
  applied: Set<FilterKey>;
  /** Nothing on Chatvolt can match: answer empty without calling. */
  empty: boolean;
}

/**
 * Pushes down what Chatvolt's list filters natively, without changing meaning:
 * - status: one Chatvolt status; all three = no filter; PENDING/SNOOZED match nothing; two
 *   statuses are left to the gateway (the endpoint takes one value).
 * - assignee: MINE → the `ctx.me` membership id (never the API key owner), UNASSIGNED → the
 *   unassigned ones; ASSIGNED has no parameter and is left to the gateway.
 * - archived/starred/overdue: Chatvolt has none of them (null/false on every conversation), so
 *   `false` matches all and `true` matches nothing.
 * - search, labels: no parameter; left to the gateway.
 */
export function planList(filter: ConversationFilter, options: { me: string | null; agentId: string | undefined; pushAssignee: boolean }): ListPlan {
  const query: ConversationListQuery = {};
  const applied = new Set<FilterKey>();
  let empty = false;
  if (options.agentId) query.agentId = options.agentId;

  if (filter.status === null) {
    applied.add('status');
  } else {
    const statuses = new Set(filter.status.flatMap((s) => STATUS_TO_CHATVOLT[s] ?? []));
    if (statuses.size === 0) empty = true;
    if (statuses.size === 1) query.status = [...statuses][0]!;
    if (statuses.size !== 2) applied.add('status');
  }

  if (options.pushAssignee) {
    switch (filter.assignee) {
      case 'ALL':
        applied.add('assignee');
        break;
      case 'MINE':
        if (options.me === null) empty = true;
        else query.assignee = options.me;
        applied.add('assignee');
        break;
      case 'UNASSIGNED':
        query.assignee = null;
        applied.add('assignee');
        break;
      case 'ASSIGNED':
        break;
    }
  }

  for (const key of ['archived', 'starred', 'overdue'] as const) {
    if (filter[key] === true) empty = true;
    applied.add(key);
  }
  if (!filter.search) applied.add('search');
  if (!filter.labels || filter.labels.length === 0) applied.add('labels');
  return { query, applied: empty ? new Set(ALL_FILTER_KEYS) : applied, empty };
}
