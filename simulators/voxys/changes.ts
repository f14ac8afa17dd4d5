import { MESSAGE_TYPE, type ConversationRow, type MessageRow } from './records.js';

/**
 * What one write changed, as Chatwoot's model callbacks see it: the messages it created and the
 * conversation attributes whose change dispatches `conversation_updated` (`Conversation#list_of_keys`:
 * team_id assignee_id status snoozed_until custom_attributes label_list waiting_since
 * first_reply_created_at priority). We also track `agent_last_seen_at`, so read/unread changes
 * go out as `conversation_updated` too (ASSUMED: Chatwoot 4.3.0 writes last-seen times without
 * callbacks; the gateway wants the unread count to move live).
 */

/** Chatwoot's `changed_attributes` entry: `{ "<attr>": { previous_value, current_value } }`. */
export type ChangedAttribute = Record<string, { previous_value: unknown; current_value: unknown }>;

export interface WriteChanges {
  conversation: ConversationRow;
  /** The write created the conversation (`conversation_created`; no `conversation_updated` for its first values). */
  created: boolean;
  /** Webhook-sendable messages (not activity messages), in creation order. */
  messages: MessageRow[];
  /** Webhook-sendable messages the write changed (status, a soft delete): `message_updated`, once each. */
  updatedMessages: MessageRow[];
  /** In `list_of_keys` order; empty when no tracked attribute moved. */
  changed: ChangedAttribute[];
}

/** Datetimes in `previous_changes` serialize as Rails JSON times. */
const time = (seconds: number | null): string | null => (seconds === null ? null : new Date(seconds * 1000).toISOString());

const TRACKED: Record<string, (c: ConversationRow) => unknown> = {
  team_id: (c) => c.team_id,
  assignee_id: (c) => c.assignee_id,
  status: (c) => c.status,
  snoozed_until: (c) => time(c.snoozed_until),
  custom_attributes: (c) => ({ ...c.custom_attributes }),
  label_list: (c) => [...c.labels],
  waiting_since: (c) => time(c.waiting_since),
  first_reply_created_at: (c) => time(c.first_reply_created_at),
  priority: (c) => c.priority,
  agent_last_seen_at: (c) => time(c.agent_last_seen_at),
};

function snapshot(conversation: ConversationRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(TRACKED).map(([key, read]) => [key, read(conversation)]));
}

interface OpenWrite {
  conversation: ConversationRow;
  before: Record<string, unknown>;
  created: boolean;
  messages: MessageRow[];
  updatedMessages: MessageRow[];
}

/**
 * Groups everything one API write (or injected event) does to one conversation, then tells the
 * listeners once, after the write, so payloads show the final state. Nested writes (a contact's
 * reply re-opening a resolved conversation) join the outer one.
 */
export class ChangeTracker {
  private readonly listeners = new Set<(changes: WriteChanges) => void>();
  private open: OpenWrite | null = null;

  onChange(listener: (changes: WriteChanges) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write<T>(conversation: ConversationRow, run: () => T): T {
    if (this.open) return run();
    const open: OpenWrite = { conversation, before: snapshot(conversation), created: false, messages: [], updatedMessages: [] };
    this.open = open;
    let result: T;
    try {
      result = run();
    } finally {
      this.open = null;
    }
    const after = snapshot(conversation);
    const changed = Object.keys(TRACKED)
      .filter((key) => JSON.stringify(open.before[key]) !== JSON.stringify(after[key]))
      .map((key) => ({ [key]: { previous_value: open.before[key], current_value: after[key] } }));
    if (open.created || open.messages.length > 0 || open.updatedMessages.length > 0 || changed.length > 0) {
      const { created, messages, updatedMessages } = open;
      for (const listener of this.listeners) listener({ conversation, created, messages, updatedMessages, changed: created ? [] : changed });
    }
    return result;
  }

  /** The open write creates its conversation (Chatwoot's `after_create_commit`: `conversation_created`). */
  conversationCreated(): void {
    if (this.open) this.open.created = true;
  }

  /** A message changed after it was created (`after_update_commit`: `message_updated`), if webhook-sendable. */
  messageUpdated(message: MessageRow): void {
    if (this.open && message.message_type !== MESSAGE_TYPE.activity && !this.open.updatedMessages.includes(message)) this.open.updatedMessages.push(message);
  }

  /** `Message#webhook_sendable?`: incoming, outgoing and template messages (private notes too), never activity. */
  messageCreated(message: MessageRow): void {
    if (this.open && message.message_type !== MESSAGE_TYPE.activity) this.open.messages.push(message);
  }
}
