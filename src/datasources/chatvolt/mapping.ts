import type {
  AgentModel,
  Channel,
  ContactModel,
  ConversationModel,
  ConversationStatus,
  DeferredField,
  JsonObject,
  MessageModel,
  ScenarioModel,
  ScenarioPlacementModel,
  ScenarioStepModel,
  SenderModel,
  SourceRef,
} from '../../model/index.js';
import type { ChatvoltAssignee, ChatvoltConversation, ChatvoltMessage, ChatvoltScenario, ChatvoltScenarioLink, ChatvoltStep } from './schemas.js';

/** Chatvolt JSON → graph model. See MAPPING.md for the tables. */

export const STATUS_TO_MODEL: Record<ChatvoltConversation['status'], ConversationStatus> = {
  UNRESOLVED: 'OPEN',
  HUMAN_REQUESTED: 'HUMAN_REQUESTED',
  RESOLVED: 'RESOLVED',
};

/** Our statuses Chatvolt can hold (PENDING and SNOOZED have no Chatvolt counterpart). */
export const STATUS_TO_CHATVOLT: Partial<Record<ConversationStatus, ChatvoltConversation['status']>> = {
  OPEN: 'UNRESOLVED',
  HUMAN_REQUESTED: 'HUMAN_REQUESTED',
  RESOLVED: 'RESOLVED',
};

const CHANNELS: Record<string, Channel> = {
  website: 'WEB_CHAT',
  chatbox: 'WEB_CHAT',
  crisp: 'WEB_CHAT',
  form: 'WEB_CHAT',
  whatsapp: 'WHATSAPP',
  zapi: 'WHATSAPP',
  instagram: 'INSTAGRAM',
  instagramDm: 'INSTAGRAM',
  facebook: 'FACEBOOK',
  telegram: 'TELEGRAM',
  mail: 'EMAIL',
  email: 'EMAIL',
  twilio: 'SMS',
  api: 'API',
};

/** Unknown and internal channels (dashboard, slack, zapier, mercadolivre, internal_chats, …) are OTHER. */
export function toChannel(channel: string | null): Channel | null {
  if (channel === null || channel.trim() === '') return null;
  return CHANNELS[channel] ?? 'OTHER';
}

export function toAgent(ref: SourceRef, assignee: ChatvoltAssignee): AgentModel {
  return { kind: 'Agent', ref, upstreamId: assignee.id, name: assignee.user?.name ?? null, email: assignee.user?.email ?? null, avatarUrl: null };
}

/**
 * The model has one assignee. Chatvolt's `assign` replaces the assignment, so there is normally
 * one; if there are several, the user's own membership wins (so `assigneeId=<me>` pushed down for
 * MINE keeps its meaning), else the first.
 */
export function pickAssignee(assignees: ChatvoltAssignee[], me: string | null): ChatvoltAssignee | null {
  return assignees.find((a) => me !== null && a.id === me) ?? assignees[0] ?? null;
}

/** The first participant contact; an anonymous website visitor is a contact known by id only. */
export function toContact(ref: SourceRef, conversation: ChatvoltConversation): ContactModel | null {
  const contact = conversation.participantsContacts[0];
  if (contact) {
    const name = [contact.firstName, contact.lastName].filter((part) => part).join(' ');
    const company = contact.metadata?.company;
    return {
      kind: 'Contact',
      ref,
      upstreamId: contact.id,
      name: name || null,
      email: contact.email,
      phone: contact.phoneNumber,
      company: typeof company === 'string' ? company : null,
      avatarUrl: contact.picture,
    };
  }
  if (conversation.visitorId) {
    return { kind: 'Contact', ref, upstreamId: conversation.visitorId, name: null, email: null, phone: null, company: null, avatarUrl: null };
  }
  return null;
}

/** What the list lacks and the thread's tail gives (see summary.ts). */
export interface ThreadSummary {
  unreadCount: number;
  lastMessagePreview: string | null;
}

/** The fields a list row leaves to `hydrate` (the list endpoint does not give them). */
export const SUMMARY_FIELDS: ReadonlySet<DeferredField> = new Set<DeferredField>(['unreadCount', 'lastMessagePreview']);

/** An item of Chatvolt's list as a list row: everything but the thread summary, which is deferred. */
export function toListRow(ref: SourceRef, conversation: ChatvoltConversation, me: string | null): ConversationModel {
  return { ...toConversation(ref, conversation, me, { unreadCount: null, lastMessagePreview: null }), deferred: SUMMARY_FIELDS };
}

/** The model of a conversation; `summary` is the thread's (complete) or placeholders (a list row). */
export function toConversation(
  ref: SourceRef,
  conversation: ChatvoltConversation,
  me: string | null,
  summary: Pick<ConversationModel, 'unreadCount' | 'lastMessagePreview'>,
): ConversationModel {
  const assignee = pickAssignee(conversation.assignees, me);
  return {
    ref,
    upstreamId: conversation.id,
    title: conversation.title,
    status: STATUS_TO_MODEL[conversation.status],
    priority: conversation.priority,
    channel: toChannel(conversation.channel),
    aiEnabled: conversation.isAiEnabled,
    contact: toContact(ref, conversation),
    assignee: assignee ? toAgent(ref, assignee) : null,
    unreadCount: summary.unreadCount,
    starred: null,
    archived: null,
    labels: conversation.tags.map((t) => t.tag),
    lastMessagePreview: summary.lastMessagePreview,
    // Chatvolt bumps `updatedAt` with every message, so it is the last activity (schemas.ts falls back to `createdAt`).
    lastActivityAt: new Date(conversation.updatedAt),
    createdAt: conversation.createdAt === null ? null : new Date(conversation.createdAt),
    sla: null,
    summary: null,
    handoffs: [],
    customAttributes: variablesOf(conversation.conversationVariables),
    frustration: conversation.frustration,
  };
}

/** `conversationVariables` as one object, `varName` → `varValue` (the last one wins when a name repeats; a missing value is null). */
export function variablesOf(variables: ChatvoltConversation['conversationVariables']): JsonObject | null {
  if (variables === null) return null;
  return Object.fromEntries(variables.map((v) => [v.varName, v.varValue ?? null]));
}

/** A visitor/contact message: `from: human` without `userId` (a team member's reply carries its `userId`). */
export function isInbound(message: ChatvoltMessage): boolean {
  return message.userId === null && message.from === 'human';
}

/** How senders are named: the conversation's contact and the team members known by user id. */
export interface SenderDirectory {
  contact: ContactModel | null;
  /** User id → the member (membership id, name, email), from assignees seen by the connector. */
  members: ReadonlyMap<string, AgentModel>;
}

export function toSender(ref: SourceRef, message: ChatvoltMessage, directory: SenderDirectory): SenderModel | null {
  if (message.userId !== null) {
    // A member who is nobody's assignee is known only by user id (Chatvolt lists no members).
    return directory.members.get(message.userId) ?? { kind: 'Agent', ref, upstreamId: message.userId, name: null, email: null, avatarUrl: null };
  }
  if (message.from === 'agent') return { kind: 'Bot', ref, upstreamId: message.agentId, name: null };
  const contactId = message.contactId ?? message.visitorId;
  const { contact } = directory;
  if (contact && (contactId === null || contact.upstreamId === contactId)) return contact;
  if (contactId === null) return null;
  return { kind: 'Contact', ref, upstreamId: contactId, name: null, email: null, phone: null, company: null, avatarUrl: null };
}

export function toMessage(ref: SourceRef, conversation: ConversationModel, message: ChatvoltMessage, cursor: string, directory: SenderDirectory): MessageModel {
  return {
    ref,
    conversationUpstreamId: conversation.upstreamId,
    upstreamId: message.id,
    cursor,
    content: message.text,
    direction: isInbound(message) ? 'INBOUND' : 'OUTBOUND',
    kind: conversation.channel === 'EMAIL' ? 'EMAIL' : 'TEXT',
    private: false,
    sender: toSender(ref, message, directory),
    createdAt: new Date(message.createdAt),
    attachments: message.attachments.map((a) => ({ url: a.url, name: a.name, contentType: a.mimeType })),
    callSummary: null,
  };
}

/** The scenario as reached through conversation `conversationId` (its id is part of the scenario's global id). */
export function toScenario(ref: SourceRef, conversationId: string, link: ChatvoltScenarioLink['scenario'], known: ChatvoltScenario | undefined): ScenarioModel {
  return { ref, conversationUpstreamId: conversationId, upstreamId: link.id, name: known?.name ?? link.name ?? '', description: known?.description ?? null };
}

export function toStep(ref: SourceRef, scenarioId: string, step: ChatvoltStep): ScenarioStepModel {
  return { ref, upstreamId: step.id, scenarioUpstreamId: scenarioId, name: step.name, index: step.index };
}

/** Where conversation `conversationId` stands: its scenario link, completed by the scenario list and the scenario's steps. */
export function toPlacement(
  ref: SourceRef,
  conversationId: string,
  link: ChatvoltScenarioLink,
  scenario: ChatvoltScenario | undefined,
  steps: ChatvoltStep[],
): ScenarioPlacementModel {
  const linkStep = link.step;
  const known = linkStep ? steps.find((s) => s.id === linkStep.id) : undefined;
  return {
    scenario: toScenario(ref, conversationId, link.scenario, scenario),
    step: linkStep ? toStep(ref, link.scenario.id, known ?? { id: linkStep.id, name: linkStep.name ?? '', index: null }) : null,
    available: link.available,
    enteredAt: link.createdAt ? new Date(link.createdAt) : null,
    updatedAt: link.updatedAt ? new Date(link.updatedAt) : null,
  };
}

/**
 * The conversation's current scenario: the available link (a conversation is active in one
 * scenario at a time); else the one it left last (available: false); null when it never was in one.
 */
export function currentLink(links: ChatvoltScenarioLink[]): ChatvoltScenarioLink | null {
  const time = (link: ChatvoltScenarioLink): number => (link.updatedAt ? Date.parse(link.updatedAt) : 0);
  const latest = (candidates: ChatvoltScenarioLink[]): ChatvoltScenarioLink | null =>
    candidates.reduce<ChatvoltScenarioLink | null>((best, link) => (best === null || time(link) > time(best) ? link : best), null);
  return latest(links.filter((l) => l.available)) ?? latest(links);
}
