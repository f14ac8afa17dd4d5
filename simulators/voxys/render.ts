import type { VoxysDb } from './db.js';
import type { ContactRow, ConversationRow, LeadRow, MessageRow, TaskRow, UserRow } from './records.js';

/**
 * Rows → the JSON Voxys answers, following Chatwoot's jbuilder views (unix-second ints, 0 for an
 * unset `*_at` int, `updated_at` as a float, `snoozed_until` as a datetime string) and the Voxys
 * CRM pages (ISO-8601 strings).
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

/** The Voxys CRM pages' ISO-8601 without fractions (`2023-11-07T05:31:56Z`). */
export function isoTime(unixSeconds: number | null): string | null {
  return unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `models/_contact.json.jbuilder`: the conversation's `meta.sender`. */
function contactPartial(contact: ContactRow): Json {
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

export function attachmentsJson(db: VoxysDb, message: MessageRow): Json[] {
  return message.attachments.map((a) => ({
    id: a.id,
    message_id: message.id,
    file_type: a.file_type,
    account_id: db.accountId,
    extension: a.extension,
    data_url: a.data_url,
    thumb_url: a.file_type === 'image' ? `${a.data_url}?thumb=1` : '',
    file_size: a.file_size,
    width: null,
    height: null,
  }));
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
    content_attributes: {},
    created_at: toI(message.created_at),
    private: message.private,
    source_id: message.source_id,
  };
  const sender = senderJson(db, message);
  if (sender) json.sender = sender;
  if (message.attachments.length > 0) json.attachments = attachmentsJson(db, message);
  return json;
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
    content_attributes: {},
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
  return json;
}

/** `conversations/partials/_conversation.json.jbuilder` (with the enterprise SLA fields Voxys shows). */
export function conversationJson(db: VoxysDb, conversation: ConversationRow): Json {
  const contact = db.contacts.get(conversation.contact_id)!;
  const inbox = db.inboxes.get(conversation.inbox_id)!;
  const assignee = conversation.assignee_id === null ? undefined : db.users.get(conversation.assignee_id);
  const last = db.lastMessage(conversation.display_id);
  const lastNonActivity = db.lastNonActivityMessage(conversation.display_id);
  const meta: Json = { sender: contactPartial(contact), channel: inbox.channel_type, hmac_verified: false };
  if (assignee) meta.assignee = agentPartial(db, assignee);

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
    sla_policy_id: conversation.applied_sla?.sla_policy_id ?? null,
    sla_events: [],
  };
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
  return json;
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

function crmAgent(db: VoxysDb, userId: number | null): Json | null {
  const user = userId === null ? undefined : db.users.get(userId);
  return user ? { id: user.id, name: user.name, email: user.email, avatar_url: user.thumbnail } : null;
}

export function leadJson(db: VoxysDb, lead: LeadRow): Json {
  const company = lead.company_id === null ? undefined : db.companies.get(lead.company_id);
  return {
    id: lead.id,
    custom_name: lead.custom_name,
    status: lead.status,
    lead_value: lead.lead_value,
    lead_currency: lead.lead_currency,
    position: lead.position,
    notes: lead.notes,
    assigned_agent: crmAgent(db, lead.assigned_agent_id),
    company: company ? { id: company.id, name: company.name, domain: company.domain } : null,
    conversation_id: lead.conversation_id,
    custom_attributes: lead.custom_attributes,
    created_at: isoTime(lead.created_at),
    updated_at: isoTime(lead.updated_at),
  };
}

export function taskJson(db: VoxysDb, task: TaskRow): Json {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    due_at: isoTime(task.due_at),
    completed_at: isoTime(task.completed_at),
    taskable_type: task.taskable_type,
    taskable_id: task.taskable_id,
    assigned_to: crmAgent(db, task.assigned_to_id),
    created_at: isoTime(task.created_at),
    updated_at: isoTime(task.updated_at),
  };
}

/** `GET /conversations/{id}/crm` (seed 000). */
export function crmSidebarJson(db: VoxysDb, conversation: ConversationRow): Json {
  const lead = db.leadOfConversation(conversation.display_id);
  const card = lead ? db.cardOfLead(lead.id) : null;
  return {
    conversation_id: conversation.display_id,
    linked_lead: lead ? leadJson(db, lead) : null,
    linked_funnel_card:
      lead && card
        ? {
            id: card.id,
            funnel_id: card.funnel_id,
            funnel_stage_id: card.funnel_stage_id,
            lead: leadJson(db, lead),
            position: card.position,
            created_at: isoTime(card.created_at),
            updated_at: isoTime(card.updated_at),
          }
        : null,
    follow_up_tasks: db.followUpTasks(conversation.display_id).map((task) => taskJson(db, task)),
  };
}
