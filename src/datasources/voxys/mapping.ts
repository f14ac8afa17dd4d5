import type {
  AgentModel,
  AttachmentModel,
  BotModel,
  Channel,
  ContactModel,
  ConversationModel,
  ConversationPriority,
  ConversationStatus,
  FunnelCardModel,
  LeadModel,
  LeadStatus,
  MessageModel,
  SenderModel,
  SourceRef,
  TaskModel,
} from '../../model/index.js';
import { toSla } from './sla.js';
import type { AgentJson, ContactJson, ConversationJson, CrmAgentJson, FunnelCardJson, LeadJson, MessageJson, SenderJson, TaskJson } from './schemas.js';

/** Voxys JSON → the graph's model. Tables first (MAPPING.md documents the same), then one function per object. */

export const STATUS_FROM_UPSTREAM: Record<ConversationJson['status'], ConversationStatus> = { open: 'OPEN', pending: 'PENDING', snoozed: 'SNOOZED', resolved: 'RESOLVED' };

export const PRIORITY_FROM_UPSTREAM: Record<NonNullable<ConversationJson['priority']>, ConversationPriority> = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH', urgent: 'URGENT' };

/** Chatwoot channel classes (`meta.channel`); any other class is OTHER. */
export const CHANNEL_FROM_UPSTREAM: Record<string, Channel> = {
  'Channel::WebWidget': 'WEB_CHAT',
  'Channel::Whatsapp': 'WHATSAPP',
  'Channel::FacebookPage': 'FACEBOOK',
  'Channel::Instagram': 'INSTAGRAM',
  'Channel::Telegram': 'TELEGRAM',
  'Channel::Email': 'EMAIL',
  'Channel::Sms': 'SMS',
  'Channel::TwilioSms': 'SMS',
  'Channel::Api': 'API',
  'Channel::Voice': 'VOICE',
};

const LEAD_STATUS_FROM_UPSTREAM: Record<NonNullable<LeadJson['status']>, LeadStatus> = { open: 'OPEN', won: 'WON', lost: 'LOST', snoozed: 'SNOOZED' };

const TASK_STATUS_FROM_UPSTREAM: Record<TaskJson['status'], TaskModel['status']> = { pending: 'PENDING', completed: 'COMPLETED', cancelled: 'CANCELLED' };

const TASK_PRIORITY_FROM_UPSTREAM: Record<NonNullable<TaskJson['priority']>, NonNullable<TaskModel['priority']>> = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH' };

const MESSAGE_TYPE = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

export function fromUnix(seconds: number): Date {
  return new Date(Math.round(seconds * 1000));
}

function fromIso(text: string | null | undefined): Date | null {
  return text ? new Date(text) : null;
}

function blankToNull(text: string | null | undefined): string | null {
  return text ? text : null;
}

export function channelOf(channelClass: string | null | undefined): Channel | null {
  if (!channelClass) return null;
  return CHANNEL_FROM_UPSTREAM[channelClass] ?? 'OTHER';
}

function companyName(attributes: Record<string, unknown> | null | undefined): string | null {
  const name = attributes?.company_name;
  return typeof name === 'string' && name !== '' ? name : null;
}

export function toContact(ref: SourceRef, json: ContactJson | SenderJson): ContactModel {
  return {
    kind: 'Contact',
    ref,
    upstreamId: String(json.id),
    name: blankToNull(json.name),
    email: blankToNull(json.email),
    phone: blankToNull(json.phone_number),
    company: companyName(json.additional_attributes),
    avatarUrl: blankToNull(json.thumbnail),
  };
}

export function toAgent(ref: SourceRef, json: AgentJson | SenderJson): AgentModel {
  return {
    kind: 'Agent',
    ref,
    upstreamId: String(json.id),
    name: blankToNull(json.name) ?? blankToNull('available_name' in json ? json.available_name : null),
    email: blankToNull(json.email),
    avatarUrl: blankToNull(json.thumbnail) ?? blankToNull(json.avatar_url),
  };
}

function toCrmAgent(ref: SourceRef, json: CrmAgentJson | null | undefined): AgentModel | null {
  if (!json) return null;
  return { kind: 'Agent', ref, upstreamId: String(json.id), name: blankToNull(json.name), email: blankToNull(json.email), avatarUrl: blankToNull(json.avatar_url) };
}

/** contact → Contact, user → Agent, any bot kind (agent_bot, newer assistant types) → Bot. */
function toSender(ref: SourceRef, json: SenderJson | null | undefined): SenderModel | null {
  if (!json) return null;
  if (json.type === 'contact') return toContact(ref, json);
  if (json.type === 'user') return toAgent(ref, json);
  const bot: BotModel = { kind: 'Bot', ref, upstreamId: String(json.id), name: blankToNull(json.name) };
  return bot;
}

export function toConversation(ref: SourceRef, json: ConversationJson, now: Date): ConversationModel {
  const subject = json.additional_attributes?.mail_subject;
  return {
    ref,
    upstreamId: String(json.id),
    // Chatwoot conversations have no title; email threads carry their subject.
    title: typeof subject === 'string' && subject !== '' ? subject : null,
    status: STATUS_FROM_UPSTREAM[json.status],
    priority: json.priority ? PRIORITY_FROM_UPSTREAM[json.priority] : null,
    channel: channelOf(json.meta.channel),
    aiEnabled: null,
    contact: toContact(ref, json.meta.sender),
    assignee: json.meta.assignee ? toAgent(ref, json.meta.assignee) : null,
    unreadCount: json.unread_count,
    starred: null,
    archived: null,
    labels: json.labels,
    lastMessagePreview: lastMessageJson(json)?.content ?? null,
    lastActivityAt: fromUnix(json.last_activity_at),
    createdAt: fromUnix(json.created_at),
    sla: toSla(json, now),
  };
}

/** The message the inbox shows: the last non-activity one (older versions only give `messages: [last]`). */
export function lastMessageJson(json: ConversationJson): MessageJson | null {
  if (json.last_non_activity_message) return json.last_non_activity_message;
  const last = json.messages.at(-1);
  return last && last.message_type !== MESSAGE_TYPE.activity ? last : null;
}

function fileName(url: string): string | null {
  try {
    const name = new URL(url).pathname.split('/').pop();
    return name ? decodeURIComponent(name) : null;
  } catch {
    return null;
  }
}

function toAttachments(json: MessageJson): AttachmentModel[] {
  // Chatwoot gives a coarse file_type (image, file, …), not a MIME type.
  return (json.attachments ?? []).map((a) => ({ url: a.data_url, name: fileName(a.data_url), contentType: null }));
}

/**
 * Kind: activity → ACTIVITY, private note → NOTE, voice call → CALL, else by the conversation's
 * channel (EMAIL, SMS) or TEXT. Direction: incoming → INBOUND; outgoing, template and activity
 * (written by the business side) → OUTBOUND.
 */
export function toMessage(ref: SourceRef, json: MessageJson, channel: Channel | null): MessageModel {
  const kind: MessageModel['kind'] =
    json.message_type === MESSAGE_TYPE.activity
      ? 'ACTIVITY'
      : json.private
        ? 'NOTE'
        : json.content_type === 'voice_call'
          ? 'CALL'
          : channel === 'EMAIL' || json.content_type === 'incoming_email'
            ? 'EMAIL'
            : channel === 'SMS'
              ? 'SMS'
              : 'TEXT';
  return {
    ref,
    conversationUpstreamId: String(json.conversation_id),
    upstreamId: String(json.id),
    cursor: String(json.id),
    content: json.content,
    direction: json.message_type === MESSAGE_TYPE.incoming ? 'INBOUND' : 'OUTBOUND',
    kind,
    private: json.private,
    sender: toSender(ref, json.sender),
    createdAt: fromUnix(json.created_at),
    attachments: toAttachments(json),
    callSummary: null,
  };
}

/** Money needs both parts: a value without a currency is not shown rather than guessed. */
export function toLead(ref: SourceRef, json: LeadJson, conversationUpstreamId: string): LeadModel {
  const value = json.lead_value !== null && json.lead_value !== undefined && json.lead_currency ? { amount: json.lead_value, currency: json.lead_currency.toUpperCase() } : null;
  return {
    ref,
    conversationUpstreamId,
    upstreamId: String(json.id),
    name: blankToNull(json.custom_name),
    status: json.status ? LEAD_STATUS_FROM_UPSTREAM[json.status] : null,
    value,
    company: blankToNull(json.company?.name),
    notes: blankToNull(json.notes),
    score: null,
    owner: toCrmAgent(ref, json.assigned_agent),
    createdAt: fromIso(json.created_at),
    updatedAt: fromIso(json.updated_at),
  };
}

/** The card names only ids: Voxys has no documented read of funnel or stage names. */
export function toFunnelCard(ref: SourceRef, json: FunnelCardJson, conversationUpstreamId: string): FunnelCardModel {
  return {
    ref,
    conversationUpstreamId,
    upstreamId: String(json.id),
    funnelId: String(json.funnel_id),
    funnelName: null,
    stageId: String(json.funnel_stage_id),
    stageName: null,
    position: json.position ?? null,
    createdAt: fromIso(json.created_at),
    updatedAt: fromIso(json.updated_at),
  };
}

export function toTask(ref: SourceRef, json: TaskJson, conversationUpstreamId: string): TaskModel {
  return {
    ref,
    conversationUpstreamId,
    upstreamId: String(json.id),
    title: json.title,
    description: blankToNull(json.description),
    status: TASK_STATUS_FROM_UPSTREAM[json.status],
    priority: json.priority ? TASK_PRIORITY_FROM_UPSTREAM[json.priority] : null,
    dueAt: fromIso(json.due_at),
    completedAt: fromIso(json.completed_at),
    assignee: toCrmAgent(ref, json.assigned_to),
  };
}
