import type { VoxysDb } from './db.js';
import { CONVERSATION_STATUSES, MESSAGE_TYPE, type ConversationRow } from './records.js';

/**
 * Chatwoot's two ways of listing conversations, with their quirks kept:
 * - `ConversationFinder` (GET /conversations, /conversations/meta): status defaults to `open` and is
 *   skipped when `q` is given; `labels[]` matches ANY label; `q` searches the content of incoming
 *   and outgoing messages; counts are taken before the assignee filter; `me` is the token's user.
 * - `Conversations::FilterService` (POST /conversations/filter): conditions joined by AND/OR (AND
 *   binds tighter, as in the SQL it builds); `equal_to` is SQL `IN`, so NULL columns match neither
 *   `equal_to` nor `not_equal_to`; each `labels` condition tests its own values.
 * Both sort by `last_activity_at` desc (ties: newest display id first) and page by 25.
 */

export const PAGE_SIZE = 25;

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

function byActivity(a: ConversationRow, b: ConversationRow): number {
  return b.last_activity_at - a.last_activity_at || b.display_id - a.display_id;
}

/** Kaminari: anything that is not a positive integer is page 1. */
export function pageNumber(raw: string | null): number {
  const page = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(page) && page > 0 ? page : 1;
}

export function pageOf<T>(rows: T[], page: number): T[] {
  return rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
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

function countsOf(db: VoxysDb, rows: ConversationRow[]): FinderCounts {
  const mine = rows.filter((c) => c.assignee_id === db.apiOwnerUserId).length;
  const unassigned = rows.filter((c) => c.assignee_id === null).length;
  return { mine_count: mine, assigned_count: rows.length - unassigned, unassigned_count: unassigned, all_count: rows.length };
}

// ---- POST /conversations/filter -------------------------------------------------------------

interface FilterKeyConfig {
  operators: readonly string[];
  /** The row's value; labels are handled apart. */
  value?: (c: ConversationRow) => string | number | null;
}

/** The conversation keys of Chatwoot's lib/filters/filter_keys.yml this simulator evaluates. */
const FILTER_KEYS: Record<string, FilterKeyConfig> = {
  status: { operators: ['equal_to', 'not_equal_to'], value: (c) => c.status },
  assignee_id: { operators: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'], value: (c) => c.assignee_id },
  inbox_id: { operators: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'], value: (c) => c.inbox_id },
  team_id: { operators: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'], value: (c) => c.team_id },
  priority: { operators: ['equal_to', 'not_equal_to'], value: (c) => c.priority },
  display_id: { operators: ['equal_to', 'not_equal_to'], value: (c) => c.display_id },
  labels: { operators: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'] },
};

interface Condition {
  attribute_key: string;
  filter_operator: string;
  values: (string | number)[];
  query_operator: 'AND' | 'OR' | null;
}

export type FilterOutcome = { ok: true; rows: ConversationRow[]; counts: Omit<FinderCounts, 'assigned_count'> } | { ok: false; status: 422 | 500; error: string };

/** Conversations::FilterService#perform over the request body `{payload: [condition…]}`. */
export function filterConversations(db: VoxysDb, body: unknown): FilterOutcome {
  const parsed = parseConditions(body);
  if (typeof parsed === 'string') return { ok: false, status: 422, error: parsed };
  // The SQL ends with the last condition's operator: a dangling AND/OR is a database error.
  if (parsed.length > 0 && parsed[parsed.length - 1]!.query_operator !== null) {
    return { ok: false, status: 500, error: 'PG::SyntaxError: syntax error at end of input' };
  }
  // AND binds tighter than OR: split into OR-groups of AND-ed conditions.
  const groups: Condition[][] = [[]];
  for (const condition of parsed) {
    groups[groups.length - 1]!.push(condition);
    if (condition.query_operator === 'OR') groups.push([]);
  }
  const rows = [...db.conversations.values()].filter((c) => groups.some((group) => group.every((condition) => holds(condition, c))));
  const { assigned_count: _assigned, ...counts } = countsOf(db, rows);
  return { ok: true, rows: rows.sort(byActivity), counts };
}

function parseConditions(body: unknown): Condition[] | string {
  const payload = (body as { payload?: unknown } | undefined)?.payload;
  if (!Array.isArray(payload)) return 'payload must be a list of filter conditions';
  const conditions: Condition[] = [];
  for (const raw of payload as Record<string, unknown>[]) {
    const key = String(raw?.attribute_key ?? '');
    const operator = String(raw?.filter_operator ?? '');
    const config = FILTER_KEYS[key];
    if (!config) return `Invalid attribute key - [${key}]. The allowed keys for filter are [${Object.keys(FILTER_KEYS).join(',')}].`;
    if (!config.operators.includes(operator)) return `Invalid operator. The allowed operators for ${key} are [${config.operators.join(',')}].`;
    const values = Array.isArray(raw.values) ? (raw.values as unknown[]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number') : [];
    if (!['is_present', 'is_not_present'].includes(operator) && values.length === 0) return `Invalid value. The values provided for ${key} are invalid`;
    const queryOperator = raw.query_operator === null || raw.query_operator === undefined || raw.query_operator === '' ? null : String(raw.query_operator).toUpperCase();
    if (queryOperator !== null && queryOperator !== 'AND' && queryOperator !== 'OR') return 'Query operator must be either "AND" or "OR"';
    conditions.push({ attribute_key: key, filter_operator: operator, values, query_operator: queryOperator });
  }
  return conditions;
}

function holds(condition: Condition, c: ConversationRow): boolean {
  const wanted = condition.values.map(String);
  if (condition.attribute_key === 'labels') {
    const hit = c.labels.some((label) => wanted.includes(label));
    switch (condition.filter_operator) {
      case 'equal_to':
        return hit;
      case 'not_equal_to':
        return !hit;
      case 'is_present':
        return c.labels.length > 0;
      default:
        return c.labels.length === 0;
    }
  }
  const value = FILTER_KEYS[condition.attribute_key]!.value!(c);
  if (condition.attribute_key === 'status' && wanted.includes('all')) wanted.push(...CONVERSATION_STATUSES);
  switch (condition.filter_operator) {
    case 'equal_to':
      return value !== null && wanted.includes(String(value));
    case 'not_equal_to':
      return value !== null && !wanted.includes(String(value));
    case 'is_present':
      return value !== null;
    default:
      return value === null;
  }
}
