import type {
  AgentModel,
  AttachmentModel,
  BotModel,
  Channel,
  ContactModel,
  ConversationModel,
  ConversationPriority,
  ConversationStatus,
  MessageModel,
  SenderModel,
  SourceRef,
} from '../../model/index.js';
import type { SlaClock } from '../shared/sla-clock.js';
import { toSla } from './sla.js';
import type { AgentJson, AttachmentJson, ContactJson, ConversationJson, MessageJson, SenderJson } from './schemas.js';

/** Voxys JSON → the graph's model. Tables first (MAPPING.md documents the same), then one function per object. The CRM objects: crm-mapping.ts. */

export const STATUS_FROM_UPSTREAM: Record<string, ConversationStatus> = { open: 'OPEN', pending: 'PENDING', snoozed: 'SNOOZED', resolved: 'RESOLVED' };

/** Any other priority string (a fork's own, the docs' `<string>` placeholder) reads as null. */
export const PRIORITY_FROM_UPSTREAM: Record<string, ConversationPriority> = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH', urgent: 'URGENT' };

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

const MESSAGE_TYPE = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

export function fromUnix(seconds: number): Date {
  return new Date(Math.round(seconds * 1000));
}

export function blankToNull(text: string | null | undefined): string | null {
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

/** `push_event_data`'s author class (`sender_type`) as the sender's `type`. */
const SENDER_TYPE_FROM_CLASS: Record<string, string> = { Contact: 'contact', User: 'user', AgentBot: 'agent_bot' };

/** A class name or type as one bot kind: `AgentBot`/`agent_bot` → `agent_bot`, `Captain::Assistant` → `captain_assistant`. */
function botKind(typeOrClass: string): string {
  if (typeOrClass === 'AgentBot') return 'agent_bot';
  return typeOrClass
    .replace(/::/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A Bot's upstream id: agent bots keep their own id (as Chatwoot names them); other bot kinds are
 * prefixed with their kind, so an assistant never shares an id with an agent bot. A Bot's graph id
 * carries the type `Bot`, so it never equals an Agent's even when the numbers match.
 */
function toBot(ref: SourceRef, kind: string, json: { id: number; name?: string | null }): BotModel {
  const bot = botKind(kind);
  return { kind: 'Bot', ref, upstreamId: bot === 'agent_bot' ? String(json.id) : `${bot}:${json.id}`, name: blankToNull(json.name) };
}

/** contact → Contact, user → Agent, any bot kind (agent_bot, newer assistant types) → Bot; no readable author → null. */
function toSender(ref: SourceRef, json: MessageJson): SenderModel | null {
  const sender: SenderJson | null | undefined = json.sender;
  if (!sender) return null;
  const type = sender.type ?? (json.sender_type ? (SENDER_TYPE_FROM_CLASS[json.sender_type] ?? json.sender_type) : null);
  if (type === null) return null;
  if (type === 'contact') return toContact(ref, sender);
  if (type === 'user') return toAgent(ref, sender);
  return toBot(ref, type, sender);
}

/** `meta.assignee_type` (or the bot partial's own): `User` or absent → an agent; `AgentBot` or another kind → a bot. */
function assigneeOf(ref: SourceRef, json: ConversationJson): { agent: AgentModel | null; bot: BotModel | null } {
  const assignee = json.meta?.assignee;
  if (!assignee) return { agent: null, bot: null };
  const type = json.meta?.assignee_type ?? assignee.assignee_type ?? 'User';
  return type === 'User' ? { agent: toAgent(ref, assignee), bot: null } : { agent: null, bot: toBot(ref, type, assignee) };
}

/** What a row's status is when it names none (or one we do not know): the status the list asked for, else open. */
export type StatusFallback = ConversationStatus;

/** `last_activity_at`, else `timestamp` (the same value), else `updated_at` (the schema requires one of them). */
function activitySeconds(json: ConversationJson): number {
  return json.last_activity_at ?? json.timestamp ?? json.updated_at ?? 0;
}

export function toConversation(ref: SourceRef, json: ConversationJson, now: SlaClock, statusFallback: StatusFallback = 'OPEN'): ConversationModel {
  const subject = json.additional_attributes?.mail_subject;
  const { agent, bot } = assigneeOf(ref, json);
  const contact = json.meta?.sender;
  const status = (json.status ? STATUS_FROM_UPSTREAM[json.status] : undefined) ?? statusFallback;
  return {
    ref,
    upstreamId: String(json.id),
    // Chatwoot conversations have no title; email threads carry their subject.
    title: typeof subject === 'string' && subject !== '' ? subject : null,
    status,
    priority: (json.priority ? PRIORITY_FROM_UPSTREAM[json.priority] : undefined) ?? null,
    channel: channelOf(json.meta?.channel),
    aiEnabled: null,
    contact: contact ? toContact(ref, contact) : null,
    assignee: agent,
    ...(bot ? { botAssignee: bot } : {}),
    unreadCount: json.unread_count ?? null,
    starred: null,
    archived: null,
    labels: json.labels ?? [],
    lastMessagePreview: lastMessageJson(json)?.content ?? null,
    lastActivityAt: fromUnix(activitySeconds(json)),
    createdAt: json.created_at ? fromUnix(json.created_at) : null,
    sla: toSla(json, now, status === 'OPEN'),
    // Chatwoot keeps no summary, hand-over history or frustration rating.
    summary: null,
    handoffs: [],
    customAttributes: json.custom_attributes,
    frustration: null,
  };
}

/** The message the inbox shows: the last non-activity one (older versions only give `messages: [last]`). */
export function lastMessageJson(json: ConversationJson): MessageJson | null {
  if (json.last_non_activity_message) return json.last_non_activity_message;
  const last = json.messages?.at(-1);
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

/**
 * Attachments that can be opened: those with a `data_url` (files, media, shares, story mentions,
 * and locations or fallbacks that carry a link). A contact card, or a location without a link, has
 * nothing to open and is not listed (the message's text still shows). Chatwoot gives a coarse
 * file_type (image, file, …), not a MIME type.
 */
function toAttachments(json: MessageJson): AttachmentModel[] {
  return (json.attachments ?? [])
    .filter((a): a is AttachmentJson & { data_url: string } => a !== null && typeof a.data_url === 'string' && a.data_url !== '')
    .map((a) => ({ url: a.data_url, name: blankToNull(a.fallback_title) ?? fileName(a.data_url), contentType: null }));
}

/**
 * Kind: activity → ACTIVITY, private note → NOTE, voice call → CALL, else by the conversation's
 * channel (EMAIL, SMS) or TEXT. Direction: incoming → INBOUND; outgoing, template and activity
 * (written by the business side) → OUTBOUND.
 */
export function toMessage(ref: SourceRef, json: MessageJson, conversation: { upstreamId: string; channel: Channel | null }): MessageModel {
  const channel = conversation.channel;
  const sender = toSender(ref, json);
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
  // Without a message_type, the author tells the direction (ASSUMED): a contact writes in, anyone else out.
  const inbound = json.message_type === null ? sender?.kind === 'Contact' : json.message_type === MESSAGE_TYPE.incoming;
  return {
    ref,
    conversationUpstreamId: conversation.upstreamId,
    upstreamId: String(json.id),
    cursor: String(json.id),
    content: json.content ?? null,
    direction: inbound ? 'INBOUND' : 'OUTBOUND',
    kind,
    private: json.private ?? false,
    sender,
    createdAt: fromUnix(json.created_at),
    attachments: toAttachments(json),
    callSummary: null,
  };
}
