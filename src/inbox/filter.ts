import type { FilterKey } from '../datasources/connector.js';
import type { ConversationFilter, ConversationModel, DeferredField } from '../model/index.js';

export const ALL_FILTER_KEYS: readonly FilterKey[] = ['status', 'assignee', 'search', 'archived', 'starred', 'overdue', 'labels', 'unread', 'activeWithinDays'];

const DAY_MS = 86_400_000;

/** The model fields each filter key reads (to complete deferred rows before matching). */
const FIELDS_OF: Record<FilterKey, readonly DeferredField[]> = {
  status: ['status'],
  assignee: ['assignee'],
  search: ['title', 'contact', 'lastMessagePreview', 'labels'],
  archived: ['archived'],
  starred: ['starred'],
  overdue: ['sla'],
  labels: ['labels'],
  unread: ['unreadCount'],
  activeWithinDays: [],
};

/** The fields the gateway must know to apply these filter keys (only keys the filter sets). */
export function fieldsNeeded(filter: ConversationFilter, keys: Iterable<FilterKey>): Set<DeferredField> {
  const needed = new Set<DeferredField>();
  for (const key of keys) {
    const active = key === 'assignee' ? filter.assignee !== 'ALL' : filter[key] !== null;
    if (active) for (const field of FIELDS_OF[key]) needed.add(field);
  }
  return needed;
}

export const EMPTY_FILTER: ConversationFilter = {
  status: null,
  assignee: 'ALL',
  search: null,
  archived: null,
  starred: null,
  overdue: null,
  labels: null,
  unread: null,
  activeWithinDays: null,
};

/**
 * Whether the rows this filter matches change with the clock alone (an SLA turning overdue, a
 * conversation leaving the last N days), whatever the platforms say.
 */
export function isRelativeToNow(filter: Pick<ConversationFilter, 'overdue' | 'activeWithinDays'>): boolean {
  return filter.overdue !== null || filter.activeWithinDays !== null;
}

/**
 * The gateway-side half of filtering: applies the keys a platform could not apply itself, from
 * the model's fields. `me` is the user's id on that conversation's platform.
 */
export function matchesFilter(conversation: ConversationModel, filter: ConversationFilter, me: string | null, keys: Iterable<FilterKey> = ALL_FILTER_KEYS): boolean {
  for (const key of keys) {
    switch (key) {
      case 'status':
        if (filter.status && !filter.status.includes(conversation.status)) return false;
        break;
      case 'assignee':
        if (!matchesAssignee(conversation, filter.assignee, me)) return false;
        break;
      case 'search':
        if (filter.search && !matchesSearch(conversation, filter.search)) return false;
        break;
      case 'archived':
        if (filter.archived !== null && (conversation.archived ?? false) !== filter.archived) return false;
        break;
      case 'starred':
        if (filter.starred !== null && (conversation.starred ?? false) !== filter.starred) return false;
        break;
      case 'overdue':
        if (filter.overdue !== null && (conversation.sla?.overdue ?? false) !== filter.overdue) return false;
        break;
      case 'labels':
        if (filter.labels && !filter.labels.every((label) => conversation.labels.includes(label))) return false;
        break;
      case 'unread':
        // An unknown count (null) is not unread.
        if (filter.unread !== null && (conversation.unreadCount ?? 0) > 0 !== filter.unread) return false;
        break;
      case 'activeWithinDays':
        if (filter.activeWithinDays !== null && conversation.lastActivityAt.getTime() < Date.now() - filter.activeWithinDays * DAY_MS) return false;
        break;
    }
  }
  return true;
}

export function matchesAssignee(conversation: ConversationModel, assignee: ConversationFilter['assignee'], me: string | null): boolean {
  const assigneeId = conversation.assignee?.upstreamId ?? null;
  switch (assignee) {
    case 'ALL':
      return true;
    case 'UNASSIGNED':
      return assigneeId === null;
    case 'ASSIGNED':
      return assigneeId !== null;
    case 'MINE':
      return me !== null && assigneeId === me;
  }
}

function matchesSearch(conversation: ConversationModel, search: string): boolean {
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
