import type { VoxysDb } from './db.js';
import { MESSAGE_TYPE, type ConversationRow } from './records.js';

/**
 * `ConversationFinder` (GET /conversations, /conversations/meta), with its quirks kept: status
 * defaults to `open` and is skipped when `q` is given; `labels[]` matches ANY label; `q` searches
 * the content of incoming and outgoing messages; counts are taken before the assignee filter; `me`
 * is the token's user; `unassigned` is `assignee_id IS NULL` (a conversation a bot holds included).
 * It and the filter endpoint (filter-service.ts) sort by `last_activity_at` desc (ties: newest
 * display id first) and page by the installation's page size (settings.ts, 25 by default).
 */

export interface FinderCounts {
  mine_count: number;
  assigned_count: number;
  unassigned_count: number;
  all_count: number;
}

export interface FinderParams {
  assigneeType: string | null;
  status: string | null;
  q: string | null;
  labels: string[];
}

export function byActivity(a: ConversationRow, b: ConversationRow): number {
  return b.last_activity_at - a.last_activity_at || b.display_id - a.display_id;
}

/** Kaminari: anything that is not a positive integer is page 1. */
export function pageNumber(raw: string | null): number {
  const page = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(page) && page > 0 ? page : 1;
}

export function pageOf<T>(rows: T[], page: number, size: number): T[] {
  return rows.slice((page - 1) * size, page * size);
}

function searchMatches(db: VoxysDb, conversation: ConversationRow, q: string): boolean {
  const needle = q.toLowerCase();
  return db
    .thread(conversation.display_id)
    .some((m) => (m.message_type === MESSAGE_TYPE.incoming || m.message_type === MESSAGE_TYPE.outgoing) && (m.content ?? '').toLowerCase().includes(needle));
}

/** ConversationFinder#perform: the sorted rows of the chosen tab and the four counts. */
export function findConversations(db: VoxysDb, params: FinderParams): { rows: ConversationRow[]; counts: FinderCounts } {
  let rows = [...db.conversations.values()];
  if (!params.q && params.status !== 'all') {
    const status = params.status ?? 'open';
    rows = rows.filter((c) => c.status === status);
  }
  if (params.labels.length > 0) rows = rows.filter((c) => c.labels.some((label) => params.labels.includes(label)));
  if (params.q) rows = rows.filter((c) => searchMatches(db, c, params.q!));

  const counts = countsOf(db, rows);
  switch (params.assigneeType) {
    case 'me':
      rows = rows.filter((c) => c.assignee_id === db.apiOwnerUserId);
      break;
    case 'unassigned':
      rows = rows.filter((c) => c.assignee_id === null);
      break;
    case 'assigned':
      rows = rows.filter((c) => c.assignee_id !== null);
      break;
    default:
      break;
  }
  return { rows: rows.sort(byActivity), counts };
}

export function countsOf(db: VoxysDb, rows: ConversationRow[]): FinderCounts {
  const mine = rows.filter((c) => c.assignee_id === db.apiOwnerUserId).length;
  const unassigned = rows.filter((c) => c.assignee_id === null).length;
  return { mine_count: mine, assigned_count: rows.length - unassigned, unassigned_count: unassigned, all_count: rows.length };
}
