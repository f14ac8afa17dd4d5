import type { ChangedAttribute, WriteChanges } from './changes.js';
import type { VoxysDb } from './db.js';
import { MESSAGE_TYPE, type ContactRow, type ConversationRow, type MessageRow } from './records.js';
import { contactPush, messagePush, railsTime, toI, userPush } from './render.js';
import { attachmentsJson } from './render-attachments.js';

/**
 * Chatwoot's webhook bodies (research chatwoot.md §2.2, code 4.3.0): `message_created` and
 * `message_updated` are `Message#webhook_data` + `event` (message_type a STRING, the conversation
 * under `conversation`, `created_at` a Rails datetime); `conversation_created` is
 * `Conversation#webhook_data` (EventDataPresenter#push_data, `id` = display id) + `event`; the
 * other conversation events add `changed_attributes`.
 */

type Json = Record<string, unknown>;

export interface WebhookEvent {
  event: 'conversation_created' | 'message_created' | 'message_updated' | 'conversation_status_changed' | 'conversation_updated';
  body: Json;
}

/** The account's name in `account.webhook_data` (the simulator has no account record). */
const ACCOUNT_NAME = 'Voxys Demo';

const MESSAGE_TYPE_NAME = ['incoming', 'outgoing', 'activity', 'template'] as const;

/** `Contact#webhook_data` (4.3.0: no `type` key). */
function contactWebhook(db: VoxysDb, contact: ContactRow): Json {
  return {
    account: { id: db.accountId, name: ACCOUNT_NAME },
    additional_attributes: contact.company_name ? { company_name: contact.company_name } : {},
    avatar: contact.thumbnail,
    custom_attributes: {},
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phone_number,
    thumbnail: contact.thumbnail,
    blocked: false,
  };
}

/** `sender.try(:webhook_data)`: a contact, a user (`{id, name, email, type}`), or an agent bot. */
function senderWebhook(db: VoxysDb, message: MessageRow): Json | null {
  const sender = message.sender;
  if (!sender) return null;
  if (sender.type === 'contact') {
    const contact = db.contacts.get(sender.id);
    return contact ? contactWebhook(db, contact) : null;
  }
  if (sender.type === 'user') {
    const user = db.users.get(sender.id);
    return user ? { id: user.id, name: user.name, email: user.email, type: 'user' } : null;
  }
  const bot = db.agentBots.get(sender.id);
  return bot ? { id: bot.id, name: bot.name, type: 'agent_bot' } : null;
}

/** `Conversations::EventDataPresenter#push_data`. */
export function conversationPushData(db: VoxysDb, conversation: ConversationRow): Json {
  const contact = db.contacts.get(conversation.contact_id)!;
  const inbox = db.inboxes.get(conversation.inbox_id)!;
  const assignee = conversation.assignee_id === null ? undefined : db.users.get(conversation.assignee_id);
  // `messages.chat.last`: the last message that is neither an activity nor private.
  const lastChat = db.thread(conversation.display_id).findLast((m) => m.message_type !== MESSAGE_TYPE.activity && !m.private);
  return {
    additional_attributes: conversation.additional_attributes,
    can_reply: true,
    channel: inbox.channel_type,
    contact_inbox: {
      id: conversation.contact_id * 100 + conversation.inbox_id,
      contact_id: conversation.contact_id,
      inbox_id: conversation.inbox_id,
      source_id: `${conversation.contact_id}-${conversation.inbox_id}`,
      created_at: railsTime(contact.created_at),
      updated_at: railsTime(contact.created_at),
      hmac_verified: false,
      pubsub_token: conversation.uuid.replace(/-/g, '').slice(0, 24),
    },
    id: conversation.display_id,
    inbox_id: conversation.inbox_id,
    messages: lastChat ? [messagePush(db, lastChat, conversation)] : [],
    labels: conversation.labels,
    meta: {
      sender: contactPush(contact),
      assignee: assignee ? userPush(assignee) : null,
      team: null,
      hmac_verified: false,
    },
    status: conversation.status,
    custom_attributes: conversation.custom_attributes,
    snoozed_until: conversation.snoozed_until === null ? null : railsTime(conversation.snoozed_until),
    unread_count: db.unreadCount(conversation),
    first_reply_created_at: conversation.first_reply_created_at === null ? null : railsTime(conversation.first_reply_created_at),
    priority: conversation.priority,
    waiting_since: toI(conversation.waiting_since ?? 0),
    agent_last_seen_at: toI(conversation.agent_last_seen_at ?? 0),
    contact_last_seen_at: toI(conversation.contact_last_seen_at ?? 0),
    last_activity_at: toI(conversation.last_activity_at),
    timestamp: toI(conversation.last_activity_at),
    created_at: toI(conversation.created_at),
    updated_at: conversation.updated_at,
  };
}

/** `Message#webhook_data.merge(event:)`: `message_created`, or `message_updated` after a change. */
export function messageEventBody(db: VoxysDb, message: MessageRow, conversation: ConversationRow, event: 'message_created' | 'message_updated'): Json {
  const inbox = db.inboxes.get(message.inbox_id);
  const body: Json = {
    account: { id: db.accountId, name: ACCOUNT_NAME },
    additional_attributes: {},
    content_attributes: message.content_attributes ?? {},
    content_type: message.content_type,
    content: message.content,
    conversation: conversationPushData(db, conversation),
    created_at: railsTime(message.created_at),
    id: message.id,
    inbox: { id: message.inbox_id, name: inbox?.name ?? null },
    message_type: MESSAGE_TYPE_NAME[message.message_type],
    private: message.private,
    sender: senderWebhook(db, message),
    source_id: message.source_id,
    event,
  };
  if (message.attachments.length > 0) body.attachments = attachmentsJson(db, message);
  return body;
}

function conversationEventBody(db: VoxysDb, conversation: ConversationRow, event: WebhookEvent['event'], changed: ChangedAttribute[]): Json {
  return { ...conversationPushData(db, conversation), event, changed_attributes: changed };
}

/**
 * The webhooks one write sends, in Chatwoot's dispatch order: `conversation_created` for a new
 * conversation (its state after the write, first message included), each new message, each changed
 * one (`message_updated`), then `conversation_status_changed` when the status moved, then
 * `conversation_updated` when any tracked attribute did (a status change sends both, as Chatwoot does).
 */
export function webhookEvents(db: VoxysDb, changes: WriteChanges): WebhookEvent[] {
  const { conversation, created, messages, updatedMessages, changed } = changes;
  const events: WebhookEvent[] = created ? [{ event: 'conversation_created', body: { ...conversationPushData(db, conversation), event: 'conversation_created' } }] : [];
  for (const message of messages) events.push({ event: 'message_created', body: messageEventBody(db, message, conversation, 'message_created') });
  // A message created and changed by the same write is announced once, as created.
  for (const message of updatedMessages.filter((m) => !messages.includes(m))) {
    events.push({ event: 'message_updated', body: messageEventBody(db, message, conversation, 'message_updated') });
  }
  const status = changed.filter((entry) => 'status' in entry);
  if (status.length > 0) events.push({ event: 'conversation_status_changed', body: conversationEventBody(db, conversation, 'conversation_status_changed', status) });
  if (changed.length > 0) events.push({ event: 'conversation_updated', body: conversationEventBody(db, conversation, 'conversation_updated', changed) });
  return events;
}
