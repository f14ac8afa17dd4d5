import type { FilterKey } from '../connector.js';
import type { AssigneeFilter, ConversationFilter, ConversationStatus } from '../../model/index.js';
import type { UpstreamStatus } from './api.js';

/**
 * Which Voxys call answers a conversation filter, and which filter keys that call applies exactly.
 *
 * - `GET /conversations` (cacheable) expresses: one status or all, assignee unassigned/assigned/all,
 *   one label (`labels[]` matches ANY label, so two labels are not "all of them"), and search (`q`,
 *   over message bodies; Chatwoot then IGNORES `status`).
 * - `POST /conversations/filter` expresses, exactly: a set of statuses, `assignee_id` = the gateway
 *   user (its "me" is the token's owner, never ours), unassigned/assigned, and every label (one
 *   condition per label, AND-ed); it has no text search.
 * So: search → GET with `q` (status, MINE and extra labels left to the gateway); a filter GET
 * expresses exactly → GET; otherwise → the filter endpoint. `overdue` is never pushed down (the SLA is
 * computed from list fields). `archived`/`starred` do not exist on Voxys (null counts as false): `true`
 * matches nothing and is answered without a call, `false` matches everything.
 */

export const ALL_KEYS: readonly FilterKey[] = ['status', 'assignee', 'search', 'archived', 'starred', 'overdue', 'labels'];

/** Our statuses as Voxys' (the list filter and SET_STATUS); Chatwoot has no HUMAN_REQUESTED. */
export const STATUS_TO_UPSTREAM: Partial<Record<ConversationStatus, UpstreamStatus>> = {
  OPEN: 'open',
  PENDING: 'pending',
  SNOOZED: 'snoozed',
  RESOLVED: 'resolved',
  // HUMAN_REQUESTED never occurs on Voxys.
};
const UPSTREAM_STATUS_COUNT = 4;

/** `GET /conversations` (and `/conversations/meta`) query parameters. */
export interface ListQuery {
  assignee_type: 'me' | 'unassigned' | 'assigned' | 'all';
  status: UpstreamStatus | 'all';
  q?: string;
  'labels[]'?: string[];
}

/** One condition of `POST /conversations/filter`. */
export interface FilterCondition {
  attribute_key: 'status' | 'assignee_id' | 'labels';
  filter_operator: 'equal_to' | 'is_present' | 'is_not_present';
  values: (string | number)[];
  query_operator: 'AND' | null;
}

export type UpstreamQuery = { kind: 'none' } | { kind: 'list'; query: ListQuery } | { kind: 'filter'; conditions: FilterCondition[] };

export interface QueryPlan {
  upstream: UpstreamQuery;
  /** The keys the upstream call applies exactly (the gateway re-applies the others). */
  applied: ReadonlySet<FilterKey>;
}

/** Statuses to ask for, or null for all of them; [] when nothing can match. */
function upstreamStatuses(status: ConversationStatus[] | null): UpstreamStatus[] | null {
  if (status === null) return null;
  const wanted = [...new Set(status.map((s) => STATUS_TO_UPSTREAM[s]).filter((s): s is UpstreamStatus => s !== undefined))];
  return wanted.length === UPSTREAM_STATUS_COUNT ? null : wanted;
}

const ASSIGNEE_TYPE: Record<Exclude<AssigneeFilter, 'MINE'>, ListQuery['assignee_type']> = {
  ALL: 'all',
  UNASSIGNED: 'unassigned',
  ASSIGNED: 'assigned',
};

export function planQuery(filter: ConversationFilter, me: string | null): QueryPlan {
  const statuses = upstreamStatuses(filter.status);
  const labels = filter.labels ?? [];
  const search = filter.search?.trim() || null;
  if ((statuses !== null && statuses.length === 0) || filter.archived === true || filter.starred === true || (filter.assignee === 'MINE' && me === null)) {
    return { upstream: { kind: 'none' }, applied: new Set(ALL_KEYS) };
  }
  const applied = new Set<FilterKey>(['archived', 'starred']);
  if (filter.overdue === null) applied.add('overdue');

  if (search) {
    applied.add('search');
    if (statuses === null) applied.add('status');
    if (filter.assignee !== 'MINE') applied.add('assignee');
    if (labels.length <= 1) applied.add('labels');
    const query: ListQuery = {
      assignee_type: filter.assignee === 'MINE' ? 'assigned' : ASSIGNEE_TYPE[filter.assignee],
      status: 'all',
      q: search,
      ...(labels.length > 0 ? { 'labels[]': labels.slice(0, 1) } : {}),
    };
    return { upstream: { kind: 'list', query }, applied };
  }

  applied.add('search').add('status').add('assignee').add('labels');
  if (filter.assignee !== 'MINE' && (statuses === null || statuses.length === 1) && labels.length <= 1) {
    const query: ListQuery = {
      assignee_type: ASSIGNEE_TYPE[filter.assignee],
      status: statuses?.[0] ?? 'all',
      ...(labels.length > 0 ? { 'labels[]': labels } : {}),
    };
    return { upstream: { kind: 'list', query }, applied };
  }
  return { upstream: { kind: 'filter', conditions: filterConditions(statuses, filter.assignee, labels, me) }, applied };
}

/** The filter endpoint's conditions for a filter without search (AND-ed; the last has no operator). */
export function filterConditions(statuses: UpstreamStatus[] | null, assignee: AssigneeFilter, labels: string[], me: string | null): FilterCondition[] {
  const conditions: Omit<FilterCondition, 'query_operator'>[] = [];
  if (statuses !== null) conditions.push({ attribute_key: 'status', filter_operator: 'equal_to', values: statuses });
  if (assignee === 'MINE' && me !== null) conditions.push({ attribute_key: 'assignee_id', filter_operator: 'equal_to', values: [/^\d+$/.test(me) ? Number(me) : me] });
  if (assignee === 'UNASSIGNED') conditions.push({ attribute_key: 'assignee_id', filter_operator: 'is_not_present', values: [] });
  if (assignee === 'ASSIGNED') conditions.push({ attribute_key: 'assignee_id', filter_operator: 'is_present', values: [] });
  for (const label of labels) conditions.push({ attribute_key: 'labels', filter_operator: 'equal_to', values: [label] });
  return conditions.map((condition, i) => ({ ...condition, query_operator: i < conditions.length - 1 ? 'AND' : null }));
}

/** The same filter's conditions with `assignee_id` = the gateway user, for the "mine" count. */
export function mineConditions(filter: ConversationFilter, me: string): FilterCondition[] {
  return filterConditions(upstreamStatuses(filter.status), 'MINE', filter.labels ?? [], me);
}
