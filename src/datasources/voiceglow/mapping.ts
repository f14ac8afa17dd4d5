import type { AgentModel, Channel, ContactModel, ConversationModel, ConversationStatus, DeferredField, HandoffModel, SlaModel, SourceRef } from '../../model/index.js';
import { withOverdue, type SlaClock } from '../shared/sla-clock.js';
import type { VgConvoDocument, VgConvoListRow, VgHandoff, VgState } from './schemas.js';

/**
 * VoiceGlow JSON → graph model. See MAPPING.md for the tables. VoiceGlow mixes timestamp
 * formats (unix seconds, unix milliseconds, ISO-8601 strings); every one becomes a UTC Date here.
 */

/** Below this an epoch number is seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

export function epochToDate(value: number | null | undefined): Date | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return new Date(value < SECONDS_LIMIT ? value * 1000 : value);
}

export function isoToDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const STATUS: Record<VgState, ConversationStatus> = {
  'ai-chatting': 'OPEN',
  requested_chat: 'HUMAN_REQUESTED',
  'human-chatting': 'OPEN',
  ended_chat: 'RESOLVED',
};

/**
 * A convo without a `state` (the published schema does not list it, seed 003) is an open one:
 * every state but `ended_chat` is OPEN or HUMAN_REQUESTED, and a request or an end is always
 * recorded in `state` (ASSUMED).
 */
export function toStatus(state: VgState | null): ConversationStatus {
  return state === null ? 'OPEN' : STATUS[state];
}

/**
 * The AI answers only while the conversation is `ai-chatting`: a handoff request, a claim or the
 * end all stop it. Without a `state`, nobody knows: null.
 */
export function aiEnabledOf(state: VgState | null): boolean | null {
  return state === null ? null : state === 'ai-chatting';
}

const CHANNELS: Record<string, Channel> = {
  'web-chat': 'WEB_CHAT',
  webchat: 'WEB_CHAT',
  web: 'WEB_CHAT',
  widget: 'WEB_CHAT',
  whatsapp: 'WHATSAPP',
  instagram: 'INSTAGRAM',
  facebook: 'FACEBOOK',
  messenger: 'FACEBOOK',
  telegram: 'TELEGRAM',
  sms: 'SMS',
  'twilio-sms': 'SMS',
  vapi: 'VOICE',
  voice: 'VOICE',
  phone: 'VOICE',
  call: 'VOICE',
  twilio: 'VOICE',
  email: 'EMAIL',
  api: 'API',
};

/** `origin` (typed unknown by the platform, a string in practice), else `userPlatform`. */
export function toChannel(origin: unknown, userPlatform?: string | null): Channel | null {
  const name = typeof origin === 'string' && origin.trim() ? origin : userPlatform;
  if (!name?.trim()) return null;
  return CHANNELS[name.trim().toLowerCase()] ?? 'OTHER';
}

type AssignedTo = NonNullable<VgConvoListRow['assignedTo']>;

export function toAgent(ref: SourceRef, userId: string, assignedTo: AssignedTo): AgentModel {
  return {
    kind: 'Agent',
    ref,
    upstreamId: userId,
    name: assignedTo.name ?? null,
    email: assignedTo.email ?? null,
    avatarUrl: assignedTo.photoUrl ?? null,
  };
}

/** `assignedTo` (current API) when it names a user, else the legacy `chatAssignedTo` user id. */
export function assigneeOf(ref: SourceRef, row: VgConvoListRow): AgentModel | null {
  if (row.assignedTo?.userId) return toAgent(ref, row.assignedTo.userId, row.assignedTo);
  if (row.chatAssignedTo) return { kind: 'Agent', ref, upstreamId: row.chatAssignedTo, name: null, email: null, avatarUrl: null };
  return null;
}

/** The end user: a VoiceGlow convo is one visitor's session, identified by its `userID`. */
export function toContact(ref: SourceRef, row: VgConvoListRow, doc?: VgConvoDocument): ContactModel {
  return {
    kind: 'Contact',
    ref,
    upstreamId: row.userID ?? row.ID,
    name: row.userName ?? null,
    email: row.userEmail ?? null,
    phone: row.userPhone ?? null,
    company: doc?.userCompany ?? null,
    avatarUrl: doc?.userProfilePic ?? doc?.userImage ?? null,
  };
}

/**
 * VoiceGlow keeps no unread counter, only when the conversation was last opened (`lastViewed`,
 * ms). 1 when the last message is newer than that (or it was never opened), else 0.
 */
export function unreadMarker(doc: VgConvoDocument): number {
  const last = epochToDate(doc.lastMessageTS);
  if (!last || (doc.messagesNum ?? 1) === 0) return 0;
  const viewed = epochToDate(doc.lastViewed);
  return viewed === null || viewed.getTime() < last.getTime() ? 1 : 0;
}

/**
 * The lead's follow-up deadline: the earliest due date of its open CRM activities; overdue as the
 * platform's `crmAlerts.overdueActivity` says (computed from that due date when the alerts are absent).
 */
export function slaOf(doc: VgConvoDocument, now: SlaClock): SlaModel | null {
  const dueDates = (doc.crmActivities ?? [])
    .filter((activity) => !activity.completed)
    .map((activity) => isoToDate(activity.dueDate))
    .filter((date): date is Date => date !== null);
  const dueAt = dueDates.length ? new Date(Math.min(...dueDates.map((date) => date.getTime()))) : null;
  if (!doc.crmAlerts && dueAt === null) return null;
  return withOverdue({ dueAt }, doc.crmAlerts?.overdueActivity, now, false);
}

/**
 * A hand-over: its status is how far it got. The teammate who accepted it is known by user id; named
 * when they are the one the convo is assigned to (the document names no one else).
 */
export function toHandoff(ref: SourceRef, handoff: VgHandoff, doc: VgConvoDocument): HandoffModel {
  const acceptedAt = epochToDate(handoff.acceptedAt);
  const completedAt = epochToDate(handoff.completedAt);
  const by = handoff.acceptedBy;
  const assignedTo = doc.assignedTo;
  return {
    status: completedAt ? 'COMPLETED' : acceptedAt || by ? 'ACCEPTED' : 'REQUESTED',
    requestedAt: epochToDate(handoff.requestedAt),
    acceptedAt,
    completedAt,
    acceptedBy: by === null ? null : assignedTo?.userId === by ? toAgent(ref, by, assignedTo) : { kind: 'Agent', ref, upstreamId: by, name: null, email: null, avatarUrl: null },
    teams: handoff.teamKeys.length > 0 ? [...handoff.teamKeys] : handoff.requestedTeamKey ? [handoff.requestedTeamKey] : [],
  };
}

/** The schema refuses a convo without any of the three times, so one is there. */
function lastActivityOf(row: VgConvoListRow): Date {
  return epochToDate(row.lastMessageTS) ?? epochToDate(row.lastModified) ?? (epochToDate(row.ts) as Date);
}

/** A conversation, complete, from its full document. */
export function toConversation(ref: SourceRef, doc: VgConvoDocument, now: SlaClock): ConversationModel {
  return {
    ref,
    upstreamId: doc.ID,
    title: doc.title ?? null,
    status: toStatus(doc.state),
    priority: null,
    channel: toChannel(doc.origin, doc.userPlatform),
    aiEnabled: aiEnabledOf(doc.state),
    contact: toContact(ref, doc, doc),
    assignee: assigneeOf(ref, doc),
    unreadCount: unreadMarker(doc),
    starred: null,
    archived: null,
    labels: [...(doc.tags ?? [])],
    lastMessagePreview: doc.lastMessage ?? null,
    lastActivityAt: lastActivityOf(doc),
    createdAt: epochToDate(doc.ts),
    sla: slaOf(doc, now),
    summary: doc.summary ?? null,
    handoffs: (doc.handoffHistory ?? []).map((handoff) => toHandoff(ref, handoff, doc)),
    // VoiceGlow's own custom data (`capturedVariables`) is typed `<unknown>` by the platform: not mapped.
    customAttributes: null,
    frustration: null,
  };
}

/** What only the document tells: a list row leaves these deferred (MAPPING.md). */
const DOCUMENT_FIELDS: readonly DeferredField[] = ['title', 'contact', 'unreadCount', 'lastMessagePreview', 'sla', 'summary', 'handoffs'];

/**
 * What a list row alone tells (no document call). Status, assignee, labels, channel, times and the
 * starred/archived/priority nulls are final; the document-only fields are placeholders named in
 * `deferred`: title, unread, preview, SLA and summary are null, handoffs empty, the contact lacks company and avatar. The
 * channel is deferred too when the row has no `origin` (the document's `userPlatform` may tell).
 */
export function toListRow(ref: SourceRef, row: VgConvoListRow): ConversationModel {
  const channel = toChannel(row.origin);
  return {
    deferred: new Set<DeferredField>(channel === null ? [...DOCUMENT_FIELDS, 'channel'] : DOCUMENT_FIELDS),
    ref,
    upstreamId: row.ID,
    title: null,
    status: toStatus(row.state),
    priority: null,
    channel,
    aiEnabled: aiEnabledOf(row.state),
    contact: toContact(ref, row),
    assignee: assigneeOf(ref, row),
    unreadCount: null,
    starred: null,
    archived: null,
    labels: [...(row.tags ?? [])],
    lastMessagePreview: null,
    lastActivityAt: lastActivityOf(row),
    createdAt: epochToDate(row.ts),
    sla: null,
    summary: null,
    handoffs: [],
    customAttributes: null,
    frustration: null,
  };
}

/**
 * A list row completed from its document: the row's deferred fields take the document's values;
 * the fields the row gave stay as listed (so the row keeps its place in the list order and the
 * filters already applied to it still hold).
 */
export function completeRow(row: ConversationModel, complete: ConversationModel): ConversationModel {
  const { deferred, ...result } = row;
  const copy = <F extends DeferredField>(field: F): void => {
    result[field] = complete[field];
  };
  for (const field of deferred ?? []) copy(field);
  return result;
}
