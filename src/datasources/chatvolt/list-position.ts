import type { JsonValue } from '../connector.js';
import { gqlError } from '../../errors.js';
import type { ChatvoltConversation } from './schemas.js';

/**
 * Chatvolt's list (`api.listConversations`) answers one unpaginated array, in no order we rely on.
 * The connector sorts it newest activity first (`updatedAt` desc, then id) and pages it itself. A
 * page's `next` is the sort key of its last item (not an offset), so a later page read from a
 * refreshed array resumes exactly after it even if conversations were added or removed in between.
 */
export interface ListPosition {
  /** `updatedAt` of the last item returned, epoch ms. */
  at: number;
  id: string;
}

/** The array in the connector's order, and each item's sort key (parsed once, not in the comparator). */
export interface SortedList {
  items: ChatvoltConversation[];
  keys: ListPosition[];
}

/** Sorts a copy (the answer itself is never mutated). */
export function sortByActivity(answer: readonly ChatvoltConversation[]): SortedList {
  const keyed = answer.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return { items: keyed.map((k) => k.item), keys: keyed.map((k) => k.key) };
}

export function keyOf(conversation: ChatvoltConversation): ListPosition {
  return { at: Date.parse(conversation.updatedAt), id: conversation.id };
}

/** Negative when `a` comes first in the connector's order. */
function compareKeys(a: ListPosition, b: ListPosition): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Index of the first conversation of a sorted list (its keys) that comes after `position`. */
export function indexAfter(keys: readonly ListPosition[], position: ListPosition): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(keys[mid]!, position) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function encodePosition(position: ListPosition): JsonValue {
  return { at: position.at, id: position.id };
}

export function decodePosition(value: JsonValue): ListPosition {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { at, id } = value;
    if (typeof at === 'number' && Number.isFinite(at) && typeof id === 'string') return { at, id };
  }
  throw gqlError('BAD_USER_INPUT', 'Invalid Chatvolt list position', { argument: 'after' });
}
