import type { VoxysDb } from './db.js';
import {
  MESSAGE_TYPE,
  type AttachmentRow,
  type ConversationPriority,
  type ConversationRow,
  type ConversationStatus,
  type LeadRow,
  type LeadStatus,
  type MessageRow,
  type SenderRef,
} from './records.js';

/**
 * What Chatwoot (and the Voxys CRM) change when the API writes, so later reads show it: a message
 * moves `last_activity_at` (activity messages too, as `Message#set_conversation_activity` does),
 * a human reply sets `first_reply_created_at` and clears `waiting_since`, an incoming message
 * re-opens a snoozed or resolved conversation, and status, assignee, priority and label changes
 * leave an activity message in the thread (Chatwoot's ActivityMessageHandler). The actor is always
 * the user the API token belongs to. Each write runs in `db.tracker.write`, which reports what it
 * changed once it is done (the simulator's webhooks, live.ts).
 */

export interface NewMessage {
  content: string;
  incoming: boolean;
  private: boolean;
  /** Default `text`; a contact's email arrives as `incoming_email`. */
  contentType?: MessageRow['content_type'];
  /** The channel's own message id (WhatsApp `wamid…`, an email Message-ID), when there is one. */
  sourceId?: string | null;
  /** What the contact sent along (ids are handed out here). */
  attachments?: Omit<AttachmentRow, 'id'>[];
}

function actorName(db: VoxysDb): string {
  return db.users.get(db.apiOwnerUserId)?.name ?? 'Voxys Integration';
}

/** `updated_at` is the float Chatwoot renders; touched by every change of the row itself. */
function touch(db: VoxysDb, conversation: ConversationRow): void {
  conversation.updated_at = db.clock();
}

function append(db: VoxysDb, conversation: ConversationRow, message: Omit<MessageRow, 'id' | 'conversation_id' | 'inbox_id' | 'created_at' | 'attachments'>): MessageRow {
  const at = db.clock();
  const row: MessageRow = {
    ...message,
    id: db.nextMessageId(),
    conversation_id: conversation.display_id,
    inbox_id: conversation.inbox_id,
    created_at: at,
    attachments: [],
  };
  db.thread(conversation.display_id).push(row);
  conversation.last_activity_at = at;
  db.tracker.messageCreated(row);
  return row;
}

function addActivity(db: VoxysDb, conversation: ConversationRow, content: string): void {
  append(db, conversation, { content, message_type: MESSAGE_TYPE.activity, content_type: 'text', status: 'sent', private: false, source_id: null, sender: null });
}

/**
 * `POST /conversations/{id}/messages`: an outgoing message or note by the token's user, or (API inboxes) an incoming
 * one; also a contact writing in on any channel (live.ts injects those).
 */
export function createMessage(db: VoxysDb, conversation: ConversationRow, input: NewMessage): MessageRow {
  return db.tracker.write(conversation, () => appendMessage(db, conversation, input));
}

function appendMessage(db: VoxysDb, conversation: ConversationRow, input: NewMessage): MessageRow {
  const sender: SenderRef = input.incoming ? { type: 'contact', id: conversation.contact_id } : { type: 'user', id: db.apiOwnerUserId };
  const row = append(db, conversation, {
    content: input.content,
    message_type: input.incoming ? MESSAGE_TYPE.incoming : MESSAGE_TYPE.outgoing,
    content_type: input.contentType ?? 'text',
    status: 'sent',
    private: input.private,
    source_id: input.sourceId ?? null,
    sender,
  });
  row.attachments = (input.attachments ?? []).map((a) => ({ ...a, id: db.nextAttachmentId() }));
  if (input.incoming) {
    conversation.waiting_since ??= row.created_at;
    conversation.contact_last_seen_at = row.created_at;
    const contact = db.contacts.get(conversation.contact_id);
    if (contact) contact.last_activity_at = row.created_at;
    // Message#reopen_conversation: a contact's reply wakes a snoozed or resolved conversation (unless muted).
    if (!conversation.muted && (conversation.status === 'snoozed' || conversation.status === 'resolved')) setStatus(db, conversation, 'open', null, 'the contact');
  } else if (!input.private) {
    conversation.first_reply_created_at ??= row.created_at;
    conversation.waiting_since = null;
  }
  touch(db, conversation);
  return row;
}

const STATUS_ACTIVITY: Record<ConversationStatus, string> = {
  open: 'Conversation was reopened by %s',
  resolved: 'Conversation was marked resolved by %s',
  pending: 'Conversation was marked as pending by %s',
  snoozed: 'Conversation was snoozed by %s',
};

/** toggle_status: `snoozed_until` only survives on a snoozed conversation; resolving stops the wait. */
export function setStatus(db: VoxysDb, conversation: ConversationRow, status: ConversationStatus, snoozedUntil: number | null, actor = actorName(db)): void {
  db.tracker.write(conversation, () => applyStatus(db, conversation, status, snoozedUntil, actor));
}

function applyStatus(db: VoxysDb, conversation: ConversationRow, status: ConversationStatus, snoozedUntil: number | null, actor: string): void {
  const changed = conversation.status !== status;
  conversation.status = status;
  conversation.snoozed_until = status === 'snoozed' ? snoozedUntil : null;
  if (status === 'resolved') conversation.waiting_since = null;
  touch(db, conversation);
  if (changed) addActivity(db, conversation, STATUS_ACTIVITY[status].replace('%s', actor));
}

export function setAssignee(db: VoxysDb, conversation: ConversationRow, userId: number | null): void {
  db.tracker.write(conversation, () => applyAssignee(db, conversation, userId));
}

function applyAssignee(db: VoxysDb, conversation: ConversationRow, userId: number | null): void {
  if (conversation.assignee_id === userId && conversation.assignee_agent_bot_id === null) return;
  // A user (or nobody) now holds it: a bot that held it lets go (ASSUMED for unassigning).
  conversation.assignee_agent_bot_id = null;
  conversation.assignee_id = userId;
  conversation.assignee_last_seen_at = null;
  touch(db, conversation);
  const assignee = userId === null ? undefined : db.users.get(userId);
  addActivity(db, conversation, assignee ? `Assigned to ${assignee.name} by ${actorName(db)}` : `Conversation unassigned by ${actorName(db)}`);
}

/** An agent bot takes the conversation over (newer Chatwoot: `assignee_agent_bot_id`; the user assignee is cleared). */
export function setBotAssignee(db: VoxysDb, conversation: ConversationRow, botId: number): void {
  db.tracker.write(conversation, () => {
    if (conversation.assignee_agent_bot_id === botId) return;
    conversation.assignee_agent_bot_id = botId;
    conversation.assignee_id = null;
    conversation.assignee_last_seen_at = null;
    // No activity message and no webhook (ASSUMED): `assignee_agent_bot_id` is not among the keys whose
    // change dispatches `conversation_updated` (`Conversation#list_of_keys`); later reads show it.
    touch(db, conversation);
  });
}

export function setPriority(db: VoxysDb, conversation: ConversationRow, priority: ConversationPriority | null): void {
  db.tracker.write(conversation, () => applyPriority(db, conversation, priority));
}

function applyPriority(db: VoxysDb, conversation: ConversationRow, priority: ConversationPriority | null): void {
  if (conversation.priority === priority) return;
  conversation.priority = priority;
  touch(db, conversation);
  addActivity(db, conversation, priority ? `Priority set to ${priority} by ${actorName(db)}` : `Priority removed by ${actorName(db)}`);
}

/** The label POST replaces the whole list. */
export function replaceLabels(db: VoxysDb, conversation: ConversationRow, labels: string[]): void {
  db.tracker.write(conversation, () => applyLabels(db, conversation, labels));
}

function applyLabels(db: VoxysDb, conversation: ConversationRow, labels: string[]): void {
  const added = labels.filter((l) => !conversation.labels.includes(l));
  const removed = conversation.labels.filter((l) => !labels.includes(l));
  conversation.labels = labels;
  if (added.length === 0 && removed.length === 0) return;
  touch(db, conversation);
  if (added.length > 0) addActivity(db, conversation, `${actorName(db)} added ${added.join(', ')}`);
  if (removed.length > 0) addActivity(db, conversation, `${actorName(db)} removed ${removed.join(', ')}`);
}

/** update_last_seen: the agent has now seen everything (the assignee's time too when the caller is the assignee). */
export function markSeen(db: VoxysDb, conversation: ConversationRow): void {
  db.tracker.write(conversation, () => applyMarkSeen(db, conversation));
}

function applyMarkSeen(db: VoxysDb, conversation: ConversationRow): void {
  const now = db.clock();
  conversation.agent_last_seen_at = now;
  if (conversation.assignee_id === db.apiOwnerUserId) conversation.assignee_last_seen_at = now;
}

/** unread: last seen just before the last incoming message, so exactly it counts as unread (none when there is none). */
export function markUnseen(db: VoxysDb, conversation: ConversationRow): void {
  db.tracker.write(conversation, () => applyMarkUnseen(db, conversation));
}

function applyMarkUnseen(db: VoxysDb, conversation: ConversationRow): void {
  const lastIncoming = db.thread(conversation.display_id).findLast((m) => m.message_type === MESSAGE_TYPE.incoming);
  const seen = lastIncoming ? lastIncoming.created_at - 1 : null;
  conversation.agent_last_seen_at = seen;
  conversation.assignee_last_seen_at = seen;
}

/** `PATCH /leads/{id}/status`: the notes, when given, replace the lead's (ASSUMED: the docs only name the field). */
export function setLeadStatus(db: VoxysDb, lead: LeadRow, status: LeadStatus, notes: string | null | undefined): void {
  lead.status = status;
  if (typeof notes === 'string') lead.notes = notes;
  lead.updated_at = Math.floor(db.clock());
}
