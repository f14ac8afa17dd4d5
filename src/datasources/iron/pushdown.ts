import type { FilterKey } from '../connector.js';
import type { ConversationFilter } from '../../model/index.js';

/** The filters `GET /conversations` applies itself (besides `scope`, which the connector never narrows). */
export interface IronListFilters {
  archived?: boolean;
  overdue?: true;
}

export interface IronPushdown {
  query: IronListFilters;
  /** Filter keys Iron's answer already satisfies, so the gateway need not re-apply them. */
  applied: Set<FilterKey>;
  /** The filter can match no Iron conversation: answer empty without calling. */
  matchesNothing: boolean;
}

/**
 * What of the merged inbox filter Iron can apply without changing its meaning:
 * - status and archived: Iron's status is derived from `archived` (RESOLVED when archived, else
 *   OPEN), so both become one `archived=` value, or none when both values are allowed;
 * - overdue: only `overdue=true` (the documented use; what `overdue=false` means is unconfirmed);
 * - labels: Iron conversations carry none, so any label matches nothing.
 * assignee (Iron's `scope=mine` is the token's owner, not our user), search and starred stay with
 * the gateway.
 */
export function planPushdown(filter: ConversationFilter): IronPushdown {
  const applied = new Set<FilterKey>(['status', 'archived']);
  let archivedValues = [false, true];
  if (filter.archived !== null) archivedValues = [filter.archived];
  if (filter.status !== null) {
    const allowed = filter.status;
    archivedValues = archivedValues.filter((archived) => allowed.includes(archived ? 'RESOLVED' : 'OPEN'));
  }
  const query: IronListFilters = {};
  if (archivedValues.length === 1) query.archived = archivedValues[0];
  let matchesNothing = archivedValues.length === 0;
  if (filter.overdue === true) {
    query.overdue = true;
    applied.add('overdue');
  }
  if (filter.labels !== null && filter.labels.length > 0) {
    matchesNothing = true;
    applied.add('labels');
  }
  return { query, applied, matchesNothing };
}
