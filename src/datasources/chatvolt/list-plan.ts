import type { FilterKey } from '../connector.js';
import type { ConversationFilter, ConversationModel } from '../../model/index.js';
import { STATUS_TO_CHATVOLT } from './mapping.js';

export const ALL_KEYS: readonly FilterKey[] = ['status', 'assignee', 'search', 'archived', 'starred', 'overdue', 'labels'];

/** How one filter is asked of `GET /conversation`. */
export interface ListPlan {
  query: Record<string, string>;
  /** Keys fully answered here (pushed down, or trivially true on Chatvolt); the gateway applies the others. */
  applied: Set<FilterKey>;
  /** Nothing on Chatvolt can match: answer empty without calling. */
  empty: boolean;
}

/**
 * Pushes down what `GET /conversation` filters natively, without changing meaning:
 * - status: one Chatvolt status (`status=`); all three = no filter; PENDING/SNOOZED match nothing;
 *   two statuses are left to the gateway (the endpoint takes one value).
 * - assignee: MINE → `assigneeId=<ctx.me membership id>` (never the API key owner), UNASSIGNED →
 *   `assigneeId=unassigned`; ASSIGNED has no parameter and is left to the gateway.
 * - archived/starred/overdue: Chatvolt has none of them (null/false on every conversation), so
 *   `false` matches all and `true` matches nothing.
 * - search, labels: no parameter; left to the gateway.
 */
export function planList(
  filter: ConversationFilter,
  options: { me: string | null; agentId: string | undefined; pushAssignee: boolean },
): ListPlan {
  const query: Record<string, string> = {};
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
        else query.assigneeId = options.me;
        applied.add('assignee');
        break;
      case 'UNASSIGNED':
        query.assigneeId = 'unassigned';
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
  return { query, applied: empty ? new Set(ALL_KEYS) : applied, empty };
}

/**
 * The gateway's own filter semantics for the keys a plan left over (used by counts, which must
 * answer for the whole filter). Search is case-insensitive in title, contact name/email/phone/company,
 * last message preview and labels.
 */
export function matchesRest(conversation: ConversationModel, filter: ConversationFilter, keys: ReadonlySet<FilterKey>): boolean {
  if (keys.has('status') && filter.status && !filter.status.includes(conversation.status)) return false;
  if (keys.has('labels') && filter.labels && !filter.labels.every((label) => conversation.labels.includes(label))) return false;
  if (keys.has('search') && filter.search && !matchesSearch(conversation, filter.search)) return false;
  return true;
}

export function matchesSearch(conversation: ConversationModel, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [
    conversation.title,
    conversation.contact?.name,
    conversation.contact?.email,
    conversation.contact?.phone,
    conversation.contact?.company,
    conversation.lastMessagePreview,
    ...conversation.labels,
  ];
  return haystack.some((text) => text?.toLowerCase().includes(needle));
}
