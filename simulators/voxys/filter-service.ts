import type { VoxysDb } from './db.js';
import { byActivity, countsOf, type FinderCounts } from './finder.js';
import { CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, type ConversationRow } from './records.js';

/**
 * `POST /conversations/filter`: Chatwoot's `Conversations::FilterService` over the conversation keys
 * of `lib/filters/filter_keys.yml` (4.x), with its operators per key and its SQL's behaviour:
 * - conditions are joined by their `query_operator` (AND/OR, any case; null or '' on the last; AND
 *   binds tighter, as in the SQL it builds); a dangling operator on the last is a database error (500);
 * - `equal_to`/`not_equal_to` are SQL `IN`/`NOT IN`, so a NULL value matches neither; `contains`/
 *   `does_not_contain` are `ILIKE ANY`/`NOT ILIKE ALL` of `%value%`; dates compare by day
 *   (`is_greater_than`, `is_less_than`, `days_before` N = before today − N days);
 * - `status` values are names (`all` = every status), `priority` names (an unknown one matches
 *   nothing); ids may come as numbers or strings; `values` may be a list or one value;
 * - a key outside the table is a custom attribute when the account has one of that name (here: a
 *   key some conversation's `custom_attributes` holds), compared as lower-case text; else 422;
 * - a standard key with an operator it does not allow, or no values for an operator that needs
 *   them, is 422 `{"error": …}` (Chatwoot's CustomFilter errors).
 */

type Kind = 'column' | 'additional' | 'labels' | 'date';
type Value = string | number | null;

interface FilterKey {
  kind: Kind;
  operators: readonly string[];
  /** The row's value (columns and dates: unix seconds for dates). */
  value?: (c: ConversationRow) => Value;
}

const EQ = ['equal_to', 'not_equal_to'] as const;
const PRESENCE = ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'] as const;
const TEXT_SEARCH = ['equal_to', 'not_equal_to', 'contains', 'does_not_contain'] as const;
const DATE = ['is_greater_than', 'is_less_than', 'days_before'] as const;

const additional = (operators: readonly string[]): FilterKey => ({ kind: 'additional', operators });

const FILTER_KEYS: Record<string, FilterKey> = {
  status: { kind: 'column', operators: EQ, value: (c) => c.status },
  assignee_id: { kind: 'column', operators: PRESENCE, value: (c) => c.assignee_id },
  inbox_id: { kind: 'column', operators: PRESENCE, value: (c) => c.inbox_id },
  team_id: { kind: 'column', operators: PRESENCE, value: (c) => c.team_id },
  priority: { kind: 'column', operators: EQ, value: (c) => c.priority },
  display_id: { kind: 'column', operators: TEXT_SEARCH, value: (c) => c.display_id },
  campaign_id: { kind: 'column', operators: PRESENCE, value: () => null },
  labels: { kind: 'labels', operators: PRESENCE },
  browser_language: additional(EQ),
  conversation_language: additional(EQ),
  country_code: additional(EQ),
  referer: additional(TEXT_SEARCH),
  created_at: { kind: 'date', operators: DATE, value: (c) => c.created_at },
  last_activity_at: { kind: 'date', operators: DATE, value: (c) => c.last_activity_at },
  mail_subject: additional(TEXT_SEARCH),
};

interface Condition {
  key: string;
  operator: string;
  values: string[];
  query_operator: 'AND' | 'OR' | null;
}

export type FilterOutcome = { ok: true; rows: ConversationRow[]; counts: Omit<FinderCounts, 'assigned_count'> } | { ok: false; status: 422 | 500; error: string };

export function filterConversations(db: VoxysDb, body: unknown): FilterOutcome {
  const parsed = parseConditions(db, body);
  if (typeof parsed === 'string') return { ok: false, status: 422, error: parsed };
  if (parsed.length > 0 && parsed[parsed.length - 1]!.query_operator !== null) {
    return { ok: false, status: 500, error: 'PG::SyntaxError: syntax error at end of input' };
  }
  const groups: Condition[][] = [[]];
  for (const condition of parsed) {
    groups[groups.length - 1]!.push(condition);
    if (condition.query_operator === 'OR') groups.push([]);
  }
  const today = Math.floor(db.clock() / 86_400) * 86_400;
  const rows = [...db.conversations.values()].filter((c) => groups.some((group) => group.every((condition) => holds(condition, c, today))));
  const { assigned_count: _assigned, ...counts } = countsOf(db, rows);
  return { ok: true, rows: rows.sort(byActivity), counts };
}

function customAttributeKeys(db: VoxysDb): Set<string> {
  return new Set([...db.conversations.values()].flatMap((c) => Object.keys(c.custom_attributes)));
}

function valuesOf(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw];
  return list.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
}

function parseConditions(db: VoxysDb, body: unknown): Condition[] | string {
  const payload = (body as { payload?: unknown } | undefined)?.payload;
  if (!Array.isArray(payload)) return 'payload must be a list of filter conditions';
  const conditions: Condition[] = [];
  for (const raw of payload as Record<string, unknown>[]) {
    const key = String(raw?.attribute_key ?? '');
    const operator = String(raw?.filter_operator ?? '');
    const config = FILTER_KEYS[key];
    if (config && !config.operators.includes(operator)) return `Invalid operator. The allowed operators for ${key} are [${config.operators.join(',')}].`;
    const values = valuesOf(raw?.values);
    if (!['is_present', 'is_not_present'].includes(operator) && values.length === 0) return `Invalid value. The values provided for ${key} are invalid`;
    if (!config && !customAttributeKeys(db).has(key)) return `Invalid attribute key - [${key}]. The allowed keys for filter are [${Object.keys(FILTER_KEYS).join(',')}].`;
    const queryOperator = raw.query_operator === null || raw.query_operator === undefined || raw.query_operator === '' ? null : String(raw.query_operator).toUpperCase();
    if (queryOperator !== null && queryOperator !== 'AND' && queryOperator !== 'OR') return 'Query operator must be either "AND" or "OR"';
    conditions.push({ key, operator, values, query_operator: queryOperator });
  }
  return conditions;
}

const ilike = (value: string, pattern: string): boolean => value.toLowerCase().includes(pattern.trim().toLowerCase());

/** One condition over a value; null is SQL NULL (only the presence operators say anything about it). */
function compare(operator: string, value: string | null, wanted: string[]): boolean {
  switch (operator) {
    case 'is_present':
      return value !== null;
    case 'is_not_present':
      return value === null;
    case 'equal_to':
      return value !== null && wanted.includes(value);
    case 'not_equal_to':
      return value !== null && !wanted.includes(value);
    case 'contains':
      return value !== null && wanted.some((w) => ilike(value, w));
    case 'does_not_contain':
      return value !== null && !wanted.some((w) => ilike(value, w));
    default:
      return false;
  }
}

function holds(condition: Condition, c: ConversationRow, today: number): boolean {
  const { key, operator, values } = condition;
  const config = FILTER_KEYS[key];
  if (!config) {
    // A custom attribute: lower-cased text, compared with the first value (FilterService#string_filter_values).
    const raw = c.custom_attributes[key];
    const text = raw === undefined ? null : String(raw).toLowerCase();
    if (operator === 'not_equal_to' && text === null) return true; // `… OR custom_attributes ->> key IS NULL`
    return compare(
      operator,
      text,
      values.slice(0, 1).map((v) => v.toLowerCase()),
    );
  }
  if (config.kind === 'labels') {
    const hit = c.labels.some((label) => values.includes(label));
    if (operator === 'equal_to') return hit;
    if (operator === 'not_equal_to') return !hit;
    return operator === 'is_present' ? c.labels.length > 0 : c.labels.length === 0;
  }
  if (config.kind === 'date') {
    const day = Math.floor((config.value!(c) as number) / 86_400) * 86_400;
    const limit = operator === 'days_before' ? today - Number.parseInt(values[0] ?? '0', 10) * 86_400 : Date.parse(values[0] ?? '') / 1000;
    if (!Number.isFinite(limit)) return false;
    return operator === 'is_greater_than' ? day > limit : day < limit;
  }
  if (config.kind === 'additional') {
    const raw = c.additional_attributes[key];
    return compare(operator, raw === undefined ? null : String(raw), values);
  }
  const raw = config.value!(c);
  let wanted = values;
  if (key === 'status') wanted = values.includes('all') ? [...CONVERSATION_STATUSES] : values;
  // An unknown priority name becomes NULL in the SQL: it matches nothing.
  if (key === 'priority') wanted = values.filter((v) => (CONVERSATION_PRIORITIES as readonly string[]).includes(v));
  return compare(operator, raw === null ? null : String(raw), wanted);
}
