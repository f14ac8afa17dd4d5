import type { VoxysDb } from './db.js';
import type { AgentBotRow, ContactRow, ConversationRow, MessageRow, UserRow } from './records.js';
import { attachmentsJson } from './render-attachments.js';

/**
 * Rows → the JSON Voxys answers, following Chatwoot's jbuilder views (unix-second ints, 0 for an
 * unset `*_at` int, `updated_at` as a float, `snoozed_until` as a datetime string). Attachments:
 * render-attachments.ts; the Voxys CRM objects (ISO-8601 strings): render-crm.ts.
 */

type Json = Record<string, unknown>;

/** Rails' JSON datetime (`2025-07-09T10:00:00.000Z`). */
export function railsTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** Chatwoot's `.to_i` of a datetime: the simulator keeps sub-second times (as Postgres does), the JSON whole seconds. */
export function toI(unixSeconds: number): number {
  return Math.floor(unixSeconds);
}

/** `models/_contact.json.jbuilder`: the conversation's `meta.sender`. */
export function contactPartial(contact: ContactRow): Json {
  return {
    additional_attributes: contact.company_name ? { company_name: contact.company_name } : {},
    availability_status: 'offline',
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phone_number,
    blocked: false,
    identifier: contact.identifier,
    thumbnail: contact.thumbnail,
    custom_attributes: {},
    last_activity_at: toI(contact.last_activity_at),
    created_at: toI(contact.created_at),
  };
}

/** `Contact#push_event_data`: message senders and the messages index's `meta.contact`. */
export function contactPush(contact: ContactRow): Json {
  return {
    additional_attributes: contact.company_name ? { company_name: contact.company_name } : {},
    custom_attributes: {},
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phone_number,
    thumbnail: contact.thumbnail,
    blocked: false,
    type: 'contact',
  };
}

/** `models/_agent.json.jbuilder`: the conversation's `meta.assignee`. */
export function agentPartial(db: VoxysDb, user: UserRow): Json {
  return {
    id: user.id,
    account_id: db.accountId,
    availability_status: user.availability_status,
    auto_offline: true,
    confirmed: true,
    email: user.email,
    available_name: user.name,
    name: user.name,
    role: user.role,
    thumbnail: user.thumbnail,
    custom_role_id: null,
  };
}

/** `User#push_event_data` (no email, as in Chatwoot). */
export function userPush(user: UserRow): Json {
  return {
    id: user.id,
    name: user.name,
    available_name: user.name,
    avatar_url: user.thumbnail,
    type: 'user',
    availability_status: user.availability_status,
    thumbnail: user.thumbnail,
  };
}

function senderJson(db: VoxysDb, message: MessageRow): Json | undefined {
  const sender = message.sender;
  if (!sender) return undefined;
  if (sender.type === 'contact') {
    const contact = db.contacts.get(sender.id);
    return contact ? contactPush(contact) : undefined;
  }
  if (sender.type === 'user') {
    const user = db.users.get(sender.id);
    return user ? userPush(user) : undefined;
  }
  const bot = db.agentBots.get(sender.id);
  return bot ? { id: bot.id, name: bot.name, avatar_url: bot.thumbnail, type: 'agent_bot' } : undefined;
}

/** `_agent_bot_slim.json.jbuilder`: a bot in `meta.assignee` (with its own `assignee_type`). */
function agentBotSlim(bot: AgentBotRow): Json {
  return { id: bot.id, name: bot.name, description: null, thumbnail: bot.thumbnail, outgoing_url: null, bot_type: 'webhook', assignee_type: 'AgentBot' };
}

/** A row the settings ask to render unreadable (its times as text; its id stays readable). */
function unreadable(json: Json, keys: readonly string[]): Json {
  return { ...json, ...Object.fromEntries(keys.map((key) => [key, 'not a unix time'])) };
}

/** `api/v1/models/_message.json.jbuilder`: the messages index. `message_type` is the integer. */
export function messageJson(db: VoxysDb, message: MessageRow): Json {
  const json: Json = {
    id: message.id,
    content: message.content,
    inbox_id: message.inbox_id,
    conversation_id: message.conversation_id,
    message_type: message.message_type,
    content_type: message.content_type,
    status: message.status,
    content_attributes: message.content_attributes ?? {},
    created_at: toI(message.created_at),
    private: message.private,
    source_id: message.source_id,
  };
  const sender = senderJson(db, message);
  if (sender) json.sender = sender;
  if (message.attachments.length > 0) json.attachments = attachmentsJson(db, message);
  return db.settings.unreadableMessages.includes(message.id) ? unreadable(json, ['created_at']) : json;
}

/** `Message#push_event_data`: the conversation's `messages` and `last_non_activity_message`. */
export function messagePush(db: VoxysDb, message: MessageRow, conversation: ConversationRow): Json {
  const json: Json = {
    id: message.id,
    content: message.content,
    account_id: db.accountId,
    inbox_id: message.inbox_id,
    conversation_id: message.conversation_id,
    message_type: message.message_type,
    created_at: toI(message.created_at),
    updated_at: railsTime(message.created_at),
    private: message.private,
    status: message.status,
    source_id: message.source_id,
    content_type: message.content_type,
    content_attributes: message.content_attributes ?? {},
    sender_type: message.sender ? { contact: 'Contact', user: 'User', agent_bot: 'AgentBot' }[message.sender.type] : null,
    sender_id: message.sender?.id ?? null,
    external_source_ids: {},
    additional_attributes: {},
    processed_message_content: message.content,
    sentiment: {},
    conversation: {
      assignee_id: conversation.assignee_id,
      unread_count: db.unreadCount(conversation),
      last_activity_at: toI(conversation.last_activity_at),
      contact_inbox: { source_id: `${conversation.contact_id}-${conversation.inbox_id}` },
    },
  };
  if (message.attachments.length > 0) json.attachments = attachmentsJson(db, message);
  const sender = senderJson(db, message);
  if (sender) json.sender = sender;
  return db.settings.unreadableMessages.includes(message.id) ? unreadable(json, ['created_at']) : json;
}

/** `conversations/partials/_conversation.json.jbuilder` (with the enterprise SLA fields Voxys shows). */
export function conversationJson(db: VoxysDb, conversation: ConversationRow): Json {
  const contact = db.contacts.get(conversation.contact_id)!;
  const inbox = db.inboxes.get(conversation.inbox_id)!;
  const assignee = conversation.assignee_id === null ? undefined : db.users.get(conversation.assignee_id);
  const bot = conversation.assignee_agent_bot_id === null ? undefined : db.agentBots.get(conversation.assignee_agent_bot_id);
  const last = db.lastMessage(conversation.display_id);
  const lastNonActivity = db.lastNonActivityMessage(conversation.display_id);
  const meta: Json = { sender: contactPartial(contact), channel: inbox.channel_type, hmac_verified: false };
  // Newer Chatwoot: a bot holder wins (`assigned_entity`), and `assignee_type` says which kind holds it.
  if (bot) Object.assign(meta, { assignee: agentBotSlim(bot), assignee_type: 'AgentBot' });
  else if (assignee) Object.assign(meta, { assignee: agentPartial(db, assignee), assignee_type: 'User' });

  const json: Json = {
    meta,
    id: conversation.display_id,
    messages: last ? [messagePush(db, last, conversation)] : [],
    account_id: db.accountId,
    uuid: conversation.uuid,
    additional_attributes: conversation.additional_attributes,
    agent_last_seen_at: toI(conversation.agent_last_seen_at ?? 0),
    assignee_last_seen_at: toI(conversation.assignee_last_seen_at ?? 0),
    can_reply: true,
    contact_last_seen_at: toI(conversation.contact_last_seen_at ?? 0),
    custom_attributes: conversation.custom_attributes,
    inbox_id: conversation.inbox_id,
    labels: conversation.labels,
    muted: conversation.muted,
    snoozed_until: conversation.snoozed_until === null ? null : railsTime(conversation.snoozed_until),
    status: conversation.status,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    timestamp: toI(conversation.last_activity_at),
    first_reply_created_at: toI(conversation.first_reply_created_at ?? 0),
    unread_count: db.unreadCount(conversation),
    last_non_activity_message: lastNonActivity ? messagePush(db, lastNonActivity, conversation) : null,
    last_activity_at: toI(conversation.last_activity_at),
    priority: conversation.priority,
    waiting_since: toI(conversation.waiting_since ?? 0),
    sla_policy_id: db.settings.slaFeature ? (conversation.applied_sla?.sla_policy_id ?? null) : null,
  };
  if (!db.settings.slaFeature) return finish(db, conversation, json);
  // The enterprise partial: `applied_sla` is a block that renders `{}` when the conversation has no SLA.
  json.applied_sla = {};
  json.sla_events = [];
  const sla = conversation.applied_sla;
  const policy = sla ? db.slaPolicies.get(sla.sla_policy_id) : undefined;
  if (sla && policy) {
    // `AppliedSla#push_event_data`: thresholds in seconds, times as unix ints.
    json.applied_sla = {
      id: sla.id,
      sla_id: policy.id,
      sla_status: sla.sla_status,
      created_at: sla.created_at,
      updated_at: sla.updated_at,
      sla_description: policy.description,
      sla_name: policy.name,
      sla_first_response_time_threshold: policy.first_response_time_threshold,
      sla_next_response_time_threshold: policy.next_response_time_threshold,
      sla_only_during_business_hours: policy.only_during_business_hours,
      sla_resolution_time_threshold: policy.resolution_time_threshold,
    };
  }
  return finish(db, conversation, json);
}

function finish(db: VoxysDb, conversation: ConversationRow, json: Json): Json {
  return db.settings.unreadableConversations.includes(conversation.display_id) ? unreadable(json, ['last_activity_at', 'timestamp', 'updated_at']) : json;
}

/** The messages index's `meta` (its last-seen times are raw datetimes, unlike the conversation's ints). */
export function messagesMetaJson(db: VoxysDb, conversation: ConversationRow): Json {
  const contact = db.contacts.get(conversation.contact_id)!;
  const assignee = conversation.assignee_id === null ? undefined : db.users.get(conversation.assignee_id);
  const meta: Json = {
    labels: conversation.labels,
    additional_attributes: conversation.additional_attributes,
    contact: contactPush(contact),
    agent_last_seen_at: conversation.agent_last_seen_at === null ? null : railsTime(conversation.agent_last_seen_at),
    assignee_last_seen_at: conversation.assignee_last_seen_at === null ? null : railsTime(conversation.assignee_last_seen_at),
  };
  if (assignee) meta.assignee = userPush(assignee);
  return meta;
}
