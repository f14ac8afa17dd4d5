import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import type { VoxysDb } from './db.js';
import type { ConversationRow } from './records.js';
import { conversationJson } from './render.js';
import { BASE, notFound, unprocessable } from './route-helpers.js';
import { newConversationRow, openConversation } from './conversation-writes.js';

/** Chatwoot `Message` content cap. */
const MAX_CONTENT = 150_000;

/**
 * `GET /inboxes` and `POST /conversations` (Chatwoot `InboxesController#index`,
 * `ConversationsController#create`): with `contact_id` and `inbox_id` Chatwoot builds the contact's
 * inbox link itself, so `source_id` is optional; `message.content` becomes the first outgoing message
 * of the new, open conversation, sent by the token's user. An unknown contact or inbox is a 404.
 */
export function voxysStartRoutes(db: VoxysDb): SimRoute[] {
  return [
    {
      method: 'GET',
      path: `${BASE}/inboxes`,
      summary: "The account's inboxes {payload: [{id, name, channel_type}]}",
      handler: () => ({ status: 200, body: { payload: [...db.inboxes.values()].sort((a, b) => a.id - b.id).map((inbox) => ({ ...inbox })) } }),
    },
    {
      method: 'POST',
      path: `${BASE}/conversations`,
      summary: 'Create a conversation {contact_id, inbox_id, source_id?, message?: {content}}: the new conversation',
      handler: (req) => createConversation(db, req),
    },
  ];
}

function idOf(value: unknown): number | null {
  const text = value === null || value === undefined ? '' : String(value);
  return /^\d+$/.test(text) ? Number(text) : null;
}

function createConversation(db: VoxysDb, req: SimRequest): SimResponse {
  const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const contactId = idOf(body.contact_id);
  const inboxId = idOf(body.inbox_id);
  if (contactId === null || !db.contacts.has(contactId) || inboxId === null || !db.inboxes.has(inboxId)) return notFound();
  const message = typeof body.message === 'object' && body.message !== null ? (body.message as Record<string, unknown>) : null;
  const content = message ? message.content : undefined;
  if (message && (typeof content !== 'string' || content.trim() === '')) return unprocessable("Validation failed: Content can't be blank");
  if (typeof content === 'string' && content.length > MAX_CONTENT) return unprocessable(`Validation failed: Content is too long (maximum is ${MAX_CONTENT} characters)`);
  // An agent opens it through the API: the agent has seen it, and no contact is waiting for a reply.
  const opened = newConversationRow(db, { id: contactId }, inboxId);
  const conversation: ConversationRow = {
    ...opened,
    agent_last_seen_at: opened.created_at,
    contact_last_seen_at: null,
    waiting_since: null,
  };
  // One write: the webhook sends `conversation_created`, then the first message (conversation-writes.ts).
  openConversation(db, conversation, typeof content === 'string' ? { content, incoming: false, private: false } : null);
  return { status: 200, body: conversationJson(db, conversation) };
}
