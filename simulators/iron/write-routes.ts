import type { SimMethod, SimRequest, SimResponse, SimRoute } from '../common/server.js';
import { BodyReader } from './body.js';
import type { IronDb } from './db.js';
import type { IronConversation, TextChannel } from './records.js';
import { IRON_BASE, withConversation } from './routes.js';
import { detail, isUuid, uuidIssue, validationError } from './validation.js';
import { activityJson, conversationJson } from './wire.js';
import { mediaJson, type IronMediaStore } from './media.js';

/** Longest message body Iron takes (ASSUMED; an SMS provider splits long texts itself). */
export const MESSAGE_MAX_LENGTH = 5000;

/**
 * Iron's write endpoints (seed 004; bodies and answers ASSUMED, FastAPI style). Each changes the
 * db, and every read derives from the db, so later lists, details and threads show the change.
 * Conversation actions answer the updated Conversation; sending answers the new Activity.
 */
export function ironWriteRoutes(db: IronDb, media: IronMediaStore): SimRoute[] {
  // `change` answers a refusal, or null to answer the conversation as it now is.
  const act = (method: SimMethod, path: string, summary: string, change: (c: IronConversation, req: SimRequest) => SimResponse | null): SimRoute => ({
    method,
    path: `${IRON_BASE}/conversations/:conversation_id${path}`,
    summary,
    handler: (req) => withConversation(db, req, (c) => change(c, req) ?? conversationOk(db, c)),
  });
  return [
    act('POST', '/messages', 'Send an SMS or email in a thread {body, channel, media_ids?}', (c, req) => sendMessage(db, media, c, req)),
    act('POST', '/read', 'Mark a thread read', (c) => {
      c.unreadCount = 0;
      return null;
    }),
    act('POST', '/unread', 'Mark a thread unread', (c) => {
      // Unread means at least one: a thread already unread keeps its count.
      c.unreadCount = Math.max(1, c.unreadCount);
      return null;
    }),
    act('POST', '/star', 'Star a thread', (c) => {
      c.starred = true;
      return null;
    }),
    act('DELETE', '/star', 'Unstar a thread', (c) => {
      c.starred = false;
      return null;
    }),
    act('POST', '/archive', 'Archive or unarchive a thread {archived}', (c, req) => {
      const body = new BodyReader(req);
      const archived = body.bool('archived');
      const failure = body.failure();
      if (failure || archived === null) return failure;
      c.archived = archived;
      return null;
    }),
    act('POST', '/assign', 'Assign a thread to an org member {assigned_to: uuid|null}', (c, req) => assign(db, c, req)),
    act('POST', '/suggestions/:activity_id/send', 'Send a pending AI setter draft as is', (c, req) => actOnDraft(db, c, req, 'send')),
    act('POST', '/suggestions/:activity_id/dismiss', 'Dismiss a pending AI setter draft', (c, req) => actOnDraft(db, c, req, 'dismiss')),
  ];
}

function conversationOk(db: IronDb, conversation: IronConversation): SimResponse {
  return { status: 200, body: conversationJson(db, conversation) };
}

/**
 * `media_ids` (optional, ASSUMED): uploads of `POST /conversations/media`, each a uuid Iron knows
 * (422 naming the item otherwise); a message with media may have an empty body (an MMS or an
 * email of attachments only).
 */
function mediaIdsOf(store: IronMediaStore, req: SimRequest): { ids: string[] } | { failure: SimResponse } {
  const raw = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>).media_ids : undefined;
  if (raw === undefined || raw === null) return { ids: [] };
  if (!Array.isArray(raw)) return { failure: validationError([{ type: 'list_type', loc: ['body', 'media_ids'], msg: 'Input should be a valid list', input: raw }]) };
  const ids: string[] = [];
  for (const [index, id] of raw.entries()) {
    if (typeof id !== 'string' || !isUuid(id)) return { failure: validationError([uuidIssue(['body', 'media_ids', index], String(id))]) };
    if (!store.get(id)) return { failure: detail(422, `Media ${id} not found`) };
    ids.push(id.toLowerCase());
  }
  return { ids };
}

/** `channel` must be the thread's own: an SMS thread is answered by SMS, an email thread by email; a call thread takes no text. */
function sendMessage(db: IronDb, media: IronMediaStore, conversation: IronConversation, req: SimRequest): SimResponse {
  const attached = mediaIdsOf(media, req);
  if ('failure' in attached) return attached.failure;
  const body = new BodyReader(req);
  const text = body.text('body', attached.ids.length > 0 ? 0 : 1, MESSAGE_MAX_LENGTH);
  const channel = body.oneOf('channel', ['sms', 'email', 'call'] as const);
  const failure = body.failure();
  if (failure || channel === null) return failure ?? detail(422, 'channel is required');
  if (conversation.channel === 'call') return detail(422, 'A call conversation cannot take a text message');
  if (channel === 'call') return detail(422, 'A call cannot be sent as a message');
  if (channel !== conversation.channel) return detail(422, `channel must be the conversation's channel (${conversation.channel})`);
  const activity = db.sendText(conversation, channel, text);
  if (attached.ids.length > 0) activity.media = attached.ids.map((id) => mediaJson(req, media.get(id)!));
  return { status: 201, body: activityJson(activity) };
}

function assign(db: IronDb, conversation: IronConversation, req: SimRequest): SimResponse | null {
  const body = new BodyReader(req);
  const userId = body.nullableUuid('assigned_to');
  const failure = body.failure();
  if (failure) return failure;
  if (userId !== null && !db.isMember(userId)) return detail(422, 'assigned_to is not a member of this organization');
  conversation.assignedTo = userId;
  return null;
}

/**
 * Sending a draft creates the outbound touchpoint it becomes (in the thread's channel; a call
 * thread's draft goes out by SMS, the setter's text channel for a phone contact) and marks the
 * draft `sent`; dismissing only marks it. A draft no longer pending is a 409.
 */
function actOnDraft(db: IronDb, conversation: IronConversation, req: SimRequest, action: 'send' | 'dismiss'): SimResponse {
  const id = req.params.activity_id ?? '';
  if (!isUuid(id)) return validationError([uuidIssue(['path', 'activity_id'], id)]);
  const draft = db.thread(conversation.id).find((a) => a.id === id.toLowerCase() && a.kind === 'suggestion');
  if (!draft) return detail(404, 'Suggestion not found');
  if (draft.status !== 'pending') return detail(409, `Suggestion is not pending (already ${draft.status ?? 'handled'})`);
  if (action === 'dismiss') {
    draft.status = 'dismissed';
    return { status: 200, body: activityJson(draft) };
  }
  const channel: TextChannel = conversation.channel === 'call' ? (db.contactOf(conversation).phone !== null ? 'sms' : 'email') : conversation.channel;
  draft.status = 'sent';
  const sent = db.sendText(conversation, channel, draft.body ?? '');
  return { status: 200, body: activityJson(sent) };
}
