import type {
  AgentModel,
  Channel,
  ContactModel,
  ConversationModel,
  ConversationStatus,
  MessageKind,
  MessageModel,
  SourceRef,
  SlaModel,
  SuggestionModel,
  SuggestionStatus,
} from '../../model/index.js';
import { withOverdue, type SlaClock } from '../shared/sla-clock.js';
import type { IronActivityJson, IronConversationJson, IronMediaJson } from './schemas.js';

/** Iron JSON -> graph model. See MAPPING.md for the tables. */

/** Member uuid -> name and email (from the ASSUMED members endpoint). */
export type MemberDirectory = ReadonlyMap<string, { name: string | null; email: string | null }>;

const CHANNELS: Record<NonNullable<IronConversationJson['channel']>, Channel> = { sms: 'SMS', email: 'EMAIL', call: 'VOICE' };

const KINDS: Record<Exclude<NonNullable<IronActivityJson['kind']>, 'suggestion'>, MessageKind> = {
  sms: 'SMS',
  email: 'EMAIL',
  call: 'CALL',
  note: 'NOTE',
};

const SUGGESTION_STATUSES: Record<NonNullable<IronActivityJson['status']>, SuggestionStatus> = {
  pending: 'PENDING',
  sent: 'SENT',
  dismissed: 'DISMISSED',
};

/** Iron has no conversation status: an archived thread is done, any other (or one that does not say) is open. */
export function statusOf(archived: boolean | null): ConversationStatus {
  return archived === true ? 'RESOLVED' : 'OPEN';
}

export function toContact(ref: SourceRef, contact: NonNullable<IronConversationJson['contact']>): ContactModel {
  return {
    kind: 'Contact',
    ref,
    upstreamId: contact.id,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    company: null,
    avatarUrl: null,
  };
}

/** A member known only by uuid keeps a null name (e.g. someone who left the org). */
export function toAgent(ref: SourceRef, userId: string, members: MemberDirectory): AgentModel {
  const member = members.get(userId);
  return { kind: 'Agent', ref, upstreamId: userId, name: member?.name ?? null, email: member?.email ?? null, avatarUrl: null };
}

/**
 * The SLA: `sla` with a due time or an overdue flag; overdue, when Iron does not say, is a due
 * time already past at `now`. `{}`, null or no `sla` is none.
 */
export function slaOf(sla: IronConversationJson['sla'], now: SlaClock, ref: SourceRef): SlaModel | null {
  if (sla === null || (sla.due_at === null && sla.overdue === null)) return null;
  const dueAt = sla.due_at === null ? null : new Date(sla.due_at);
  // Its target is in the tenant's SLA configuration, read (with `ref`) only when asked.
  return withOverdue({ dueAt, source: ref }, sla.overdue, now, false);
}

export function toConversation(ref: SourceRef, raw: IronConversationJson, members: MemberDirectory, now: SlaClock): ConversationModel {
  return {
    ref,
    upstreamId: raw.id,
    // Iron threads have no subject; the client shows the contact.
    title: null,
    status: statusOf(raw.archived),
    priority: null,
    channel: raw.channel === null ? null : CHANNELS[raw.channel],
    // The AI setter's mode is set per org, not per thread.
    aiEnabled: null,
    contact: raw.contact === null ? null : toContact(ref, raw.contact),
    assignee: raw.assigned_to === null ? null : toAgent(ref, raw.assigned_to, members),
    unreadCount: raw.unread_count,
    starred: raw.starred,
    archived: raw.archived,
    // Iron tags contacts, not conversations, and the conversation JSON carries no tags.
    labels: [],
    lastMessagePreview: raw.last_message_preview,
    lastActivityAt: new Date(raw.last_activity_at),
    createdAt: null,
    sla: slaOf(raw.sla, now, ref),
    // Iron keeps no summary, hand-overs, custom attributes or frustration rating on a thread.
    summary: null,
    handoffs: [],
    customAttributes: null,
    frustration: null,
  };
}

/** AI setter drafts are activities too, but not messages: they feed `suggestions`. */
export function isSuggestion(activity: IronActivityJson): boolean {
  return activity.kind === 'suggestion';
}

/**
 * One touchpoint or note of `conversation` (whose upstream id the message carries). Iron's
 * activity names no author: inbound ones come from the thread's contact, outbound ones and notes
 * have no known sender (null).
 */
export function toMessage(ref: SourceRef, activity: IronActivityJson, conversation: ConversationModel): MessageModel {
  if (activity.kind === 'suggestion') throw new Error('an AI draft is not a message');
  const inbound = activity.direction === 'inbound';
  return {
    ref,
    conversationUpstreamId: conversation.upstreamId,
    upstreamId: activity.id,
    cursor: activity.id,
    content: activity.body,
    direction: inbound ? 'INBOUND' : 'OUTBOUND',
    kind: activity.kind === null ? 'TEXT' : KINDS[activity.kind],
    private: activity.kind === 'note',
    sender: inbound ? conversation.contact : null,
    createdAt: new Date(activity.created_at),
    attachments: activity.media.filter((m): m is IronMediaJson & { url: string } => m.url !== null).map((m) => ({ url: m.url, name: m.filename, contentType: m.content_type })),
    callSummary: activity.kind === 'call' ? (activity.ai_summary ?? null) : null,
  };
}

/** One AI draft of the conversation `conversationUpstreamId` (which the suggestion carries). */
export function toSuggestion(ref: SourceRef, activity: IronActivityJson, conversationUpstreamId: string): SuggestionModel {
  return {
    ref,
    conversationUpstreamId,
    upstreamId: activity.id,
    content: activity.body ?? '',
    // A draft without a status is one nobody acted on yet.
    status: SUGGESTION_STATUSES[activity.status ?? 'pending'],
    createdAt: new Date(activity.created_at),
  };
}
