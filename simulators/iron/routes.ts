import { decodeKeysetCursor, encodeKeysetCursor, type KeysetCursor } from '../common/keyset-cursor.js';
import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import type { IronDb } from './db.js';
import type { IronActivity, IronConversation } from './records.js';
import { QueryReader, detail, isUuid, uuidIssue, validationError } from './validation.js';
import { activityJson, conversationJson, memberJson, viewJson } from './wire.js';

export const IRON_BASE = '/api/v1';

/** Iron's page sizes (ASSUMED): conversations 1–100 (default 25), thread activities 1–50 (default 25). */
export const LIST_LIMIT = { default: 25, max: 100 } as const;
export const THREAD_LIMIT = { default: 25, max: 50 } as const;

/** Iron's read endpoints (seed 004), in match order: the fixed `/conversations/…` paths before `/{conversation_id}`. */
export function ironRoutes(db: IronDb): SimRoute[] {
  const route = (path: string, summary: string, handler: SimRoute['handler']): SimRoute => ({ method: 'GET', path: `${IRON_BASE}${path}`, summary, handler });
  return [
    route('/conversations', 'List conversations (?scope=mine|team, ?archived=, ?overdue=, ?limit=, ?cursor=)', (req) => listConversations(db, req)),
    route('/conversations/views', 'List saved inbox views', () => ({ status: 200, body: { items: db.views.map(viewJson) } })),
    route('/conversations/views/counts', 'Per-view unread/total counts', () => viewCounts(db)),
    route('/conversations/sla', 'Get the conversation SLA config', () => ({ status: 200, body: slaConfigJson(db) })),
    route('/conversations/overdue/count', 'Count of SLA-overdue threads', () => overdueCount(db)),
    route('/conversations/:conversation_id', 'Get a thread', (req) => withConversation(db, req, (c) => ({ status: 200, body: conversationJson(db, c) }))),
    route('/conversations/:conversation_id/messages', 'List messages in a thread, newest first (?limit=, ?before=)', (req) =>
      withConversation(db, req, (c) => listActivities(db, c, req)),
    ),
    route('/org/members', 'List the org members (ASSUMED endpoint)', () => ({ status: 200, body: { items: db.members.map(memberJson) } })),
  ];
}

export function withConversation(db: IronDb, req: SimRequest, handler: (conversation: IronConversation) => SimResponse): SimResponse {
  const id = req.params.conversation_id ?? '';
  if (!isUuid(id)) return validationError([uuidIssue(['path', 'conversation_id'], id)]);
  const conversation = db.conversations.get(id.toLowerCase());
  return conversation ? handler(conversation) : detail(404, 'Conversation not found');
}

/** Keyset paging over (last_activity_at desc, id desc): stable while other threads change. */
function listConversations(db: IronDb, req: SimRequest): SimResponse {
  const q = new QueryReader(req.query);
  const scope = q.oneOf('scope', ['mine', 'team'] as const, 'team');
  const archived = q.bool('archived');
  const overdue = q.bool('overdue');
  const limit = q.int('limit', LIST_LIMIT.default, 1, LIST_LIMIT.max);
  const failure = q.failure();
  if (failure) return failure;
  const rawCursor = req.query.get('cursor');
  const cursor = rawCursor === null || rawCursor === '' ? null : decodeKeysetCursor(rawCursor);
  if (rawCursor && !cursor) return detail(400, 'Invalid cursor');

  const matching = db.inListOrder().filter(
    (c) =>
      // `mine` is the token's own user: Iron knows no other "me".
      (scope === 'team' || c.assignedTo === db.tokenOwnerId) && (archived === null || c.archived === archived) && (overdue === null || c.sla.overdue === overdue),
  );
  const after = cursor ? matching.filter((c) => isAfterCursor(db, c, cursor)) : matching;
  const size = Math.min(limit, db.pageCaps.conversations ?? limit);
  const page = after.slice(0, size);
  const last = page[page.length - 1];
  const next = after.length > size && last ? encodeKeysetCursor({ t: db.lastActivityAt(last), id: last.id }) : null;
  return { status: 200, body: { items: page.map((c) => conversationJson(db, c)), next_cursor: next } };
}

function isAfterCursor(db: IronDb, conversation: IronConversation, cursor: KeysetCursor): boolean {
  const t = db.lastActivityAt(conversation);
  return t < cursor.t || (t === cursor.t && conversation.id < cursor.id);
}

/** A thread's activities newest first; `before` is an activity id (the previous page's `next_cursor`). */
function listActivities(db: IronDb, conversation: IronConversation, req: SimRequest): SimResponse {
  const q = new QueryReader(req.query);
  const limit = q.int('limit', THREAD_LIMIT.default, 1, THREAD_LIMIT.max);
  const before = q.uuid('before');
  const failure = q.failure();
  if (failure) return failure;

  const newestFirst = [...db.thread(conversation.id)].reverse();
  let start = 0;
  if (before !== null) {
    const at = newestFirst.findIndex((a) => a.id === before);
    if (at < 0) return detail(400, 'before is not an activity of this conversation');
    start = at + 1;
  }
  const size = Math.min(limit, db.pageCaps.activities ?? limit);
  const page: IronActivity[] = newestFirst.slice(start, start + size);
  const more = start + size < newestFirst.length;
  return { status: 200, body: { items: page.map(activityJson), next_cursor: more ? page[page.length - 1]!.id : null } };
}

function viewCounts(db: IronDb): SimResponse {
  const conversations = [...db.conversations.values()];
  const items = db.views.map((view) => {
    const inView = conversations.filter((c) => db.inView(view, c));
    return { view_id: view.id, name: view.name, unread: inView.filter((c) => c.unreadCount > 0).length, total: inView.length };
  });
  return { status: 200, body: { items } };
}

function slaConfigJson(db: IronDb): Record<string, unknown> {
  const { enabled, firstResponseMinutes, businessHoursOnly } = db.slaConfig;
  return { enabled, first_response_minutes: firstResponseMinutes, business_hours_only: businessHoursOnly };
}

function overdueCount(db: IronDb): SimResponse {
  const count = [...db.conversations.values()].filter((c) => !c.archived && c.sla.overdue).length;
  return { status: 200, body: { count } };
}
