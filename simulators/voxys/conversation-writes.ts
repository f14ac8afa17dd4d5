import { createHash } from 'node:crypto';
import type { VoxysDb } from './db.js';
import type { ContactRow, ConversationRow, MessageRow } from './records.js';
import { createMessage, type NewMessage } from './writes.js';

/**
 * Writes that create a conversation or change a message after the fact, each reported once by
 * `db.tracker` (changes.ts) so the account webhook sends what Chatwoot would: `conversation_created`
 * (then `message_created` for its first message), and `message_updated` for a status change (a
 * delivery receipt, `PATCH …/messages/{id}`) or a soft delete (`DELETE …/messages/{id}`).
 */

/** Chatwoot's `I18n.t('conversations.messages.deleted')`. */
export const DELETED_CONTENT = 'This message was deleted';

export const MESSAGE_STATUSES: readonly MessageRow['status'][] = ['sent', 'delivered', 'read', 'failed'];

/** Stores a new conversation (and its first message, if any) as one write: `conversation_created` first. */
export function openConversation(db: VoxysDb, conversation: ConversationRow, first: NewMessage | null): MessageRow | null {
  return db.tracker.write(conversation, () => {
    db.tracker.conversationCreated();
    db.conversations.set(conversation.display_id, conversation);
    db.messages.set(conversation.display_id, []);
    return first ? createMessage(db, conversation, first) : null;
  });
}

/** A stable uuid per account and display id (the simulator stays deterministic). */
export function uuidFor(accountId: number, displayId: number): string {
  const hex = createHash('sha256').update(`voxys:${accountId}:${displayId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A new open conversation of `contact` in `inboxId`, unassigned, as `ConversationBuilder` makes it
 * for an incoming message: the contact has just seen it and is waiting for a reply.
 */
export function newConversationRow(db: VoxysDb, contact: Pick<ContactRow, 'id'>, inboxId: number): ConversationRow {
  const now = db.clock();
  const displayId = Math.max(0, ...db.conversations.keys()) + 1;
  return {
    display_id: displayId,
    uuid: uuidFor(db.accountId, displayId),
    inbox_id: inboxId,
    contact_id: contact.id,
    assignee_id: null,
    assignee_agent_bot_id: null,
    team_id: null,
    status: 'open',
    priority: null,
    labels: [],
    muted: false,
    created_at: now,
    updated_at: now,
    last_activity_at: now,
    agent_last_seen_at: null,
    assignee_last_seen_at: null,
    contact_last_seen_at: now,
    snoozed_until: null,
    waiting_since: now,
    first_reply_created_at: null,
    custom_attributes: {},
    additional_attributes: {},
    applied_sla: null,
  };
}

/** A contact the account has never seen (a first message from a new number or address). */
export function newContact(db: VoxysDb, name: string): ContactRow {
  const id = Math.max(0, ...db.contacts.keys()) + 1;
  const now = db.clock();
  const contact: ContactRow = {
    id,
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${id}@example.com`,
    phone_number: null,
    identifier: null,
    thumbnail: '',
    company_name: null,
    created_at: now,
    last_activity_at: now,
  };
  db.contacts.set(id, contact);
  return contact;
}

/** `Messages::StatusUpdateService`: a new delivery status (a no-op when unchanged). */
export function setMessageStatus(db: VoxysDb, conversation: ConversationRow, message: MessageRow, status: MessageRow['status']): void {
  db.tracker.write(conversation, () => {
    if (message.status === status) return;
    message.status = status;
    db.tracker.messageUpdated(message);
  });
}

/** `MessagesController#destroy`: the content becomes the deleted text, `content_attributes.deleted`, files gone. */
export function softDeleteMessage(db: VoxysDb, conversation: ConversationRow, message: MessageRow): void {
  db.tracker.write(conversation, () => {
    message.content = DELETED_CONTENT;
    message.content_type = 'text';
    message.content_attributes = { deleted: true };
    message.attachments = [];
    db.tracker.messageUpdated(message);
  });
}
