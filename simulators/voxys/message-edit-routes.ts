import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import { DELETED_CONTENT, MESSAGE_STATUSES, setMessageStatus, softDeleteMessage } from './conversation-writes.js';
import type { VoxysDb } from './db.js';
import type { ConversationRow, MessageRow } from './records.js';
import { messageJson } from './render.js';
import { BASE, findConversation, notFound, unprocessable } from './route-helpers.js';

/**
 * Chatwoot's message edits (research chatwoot.md §1.5): `PATCH …/messages/{id}` sets the delivery
 * status only (`status`, `external_error`), for API inboxes only (403 otherwise, the channel
 * reports statuses itself); `DELETE …/messages/{id}` soft-deletes (content `This message was
 * deleted`, `content_attributes.deleted`, attachments removed). Both answer the message and send
 * `message_updated` (conversation-writes.ts).
 */

function findMessage(db: VoxysDb, conversation: ConversationRow, req: SimRequest): MessageRow | null {
  const raw = req.params.message_id ?? '';
  return /^\d+$/.test(raw) ? (db.thread(conversation.display_id).find((m) => m.id === Number(raw)) ?? null) : null;
}

function onMessage(db: VoxysDb, req: SimRequest, act: (conversation: ConversationRow, message: MessageRow) => SimResponse): SimResponse {
  const conversation = findConversation(db, req);
  const message = conversation ? findMessage(db, conversation, req) : null;
  return conversation && message ? act(conversation, message) : notFound();
}

function updateStatus(db: VoxysDb, req: SimRequest, conversation: ConversationRow, message: MessageRow): SimResponse {
  if (db.inboxes.get(conversation.inbox_id)?.channel_type !== 'Channel::Api') return { status: 403, body: { error: 'Message status update is only allowed for API inboxes' } };
  const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
  const status = body.status;
  if (!(MESSAGE_STATUSES as readonly unknown[]).includes(status)) return unprocessable(`'${String(status ?? '')}' is not a valid status`);
  setMessageStatus(db, conversation, message, status as MessageRow['status']);
  return { status: 200, body: messageJson(db, message) };
}

export function voxysMessageEditRoutes(db: VoxysDb): SimRoute[] {
  return [
    {
      method: 'PATCH',
      path: `${BASE}/conversations/:conversation_id/messages/:message_id`,
      summary: "Set a message's delivery status {status: sent|delivered|read|failed, external_error?} (API inboxes only)",
      handler: (req) => onMessage(db, req, (conversation, message) => updateStatus(db, req, conversation, message)),
    },
    {
      method: 'DELETE',
      path: `${BASE}/conversations/:conversation_id/messages/:message_id`,
      summary: `Delete a message: its content becomes "${DELETED_CONTENT}", its files are removed`,
      handler: (req) =>
        onMessage(db, req, (conversation, message) => {
          softDeleteMessage(db, conversation, message);
          return { status: 200, body: messageJson(db, message) };
        }),
    },
  ];
}
