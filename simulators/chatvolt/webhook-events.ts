import type { ChatvoltChange } from './changes.js';
import type { ChatvoltDb } from './db.js';
import type { ConversationPriority, ConversationRecord, ConversationStatus, MessageRecord } from './records.js';

/**
 * Chatvolt's outbound webhook events (docs.chatvolt.ai/agent/webhooks: the `WebhookEventType` enum).
 * - `USER_MESSAGE_RECEIVED`: a visitor/contact message. (Chatvolt sends it when the AI is off; with
 *   the AI on it sends `AGENT_USER_MESSAGE` once the AI has answered. The simulated AI never answers
 *   by itself, so every visitor message is reported as `USER_MESSAGE_RECEIVED`.)
 * - `AGENT_MESSAGE_SENDED`: a reply sent from the Inbox or the API (a team member's), or an AI
 *   agent's message sent on its own (a CRM step's initial message).
 * - `STEP_ENTERED`: the conversation entered a CRM ("Flux CRM") step. The name comes from secondary
 *   sources only (consumer code, a third-party analysis): ASSUMED.
 * - `CONVERSATION_UPDATED`: status, priority, AI switch or assignee changed. ASSUMED: Chatvolt
 *   documents no event for these; the name and payload follow the documented events' style.
 */
export type ChatvoltEventType = 'USER_MESSAGE_RECEIVED' | 'AGENT_MESSAGE_SENDED' | 'STEP_ENTERED' | 'CONVERSATION_UPDATED';

/**
 * The JSON body of a delivery. Field names are those third-party consumers read (UPSTREAMS.md:
 * ASSUMED); Chatvolt includes "payload attributes conditionally based on the event type".
 */
export interface ChatvoltWebhookPayload {
  eventType: ChatvoltEventType;
  conversationId: string;
  /** Message events only. */
  messageId?: string;
  agentId: string;
  agentName: string | null;
  organizationId: string;
  channel: string;
  conversationStatus: ConversationStatus;
  conversationPriority: ConversationPriority | null;
  isAiEnabled: boolean;
  /** The contact (null for an anonymous website visitor). */
  userName: string | null;
  userEmail: string | null;
  userPhoneNumber: string | null;
  /** `USER_MESSAGE_RECEIVED`: the visitor's text. */
  userMessage?: string;
  /** `AGENT_MESSAGE_SENDED`: the reply's text. */
  agentResponse?: string;
  /** Message events: the message's attachments. */
  attachments?: { url: string; name: string; mimeType: string }[];
  /** `STEP_ENTERED`: where the conversation now is. */
  scenarioId?: string;
  stepId?: string;
  stepName?: string;
  /** The message's time (message events), else the conversation's new `updatedAt`. */
  createdAt: string;
}

/**
 * The event Chatvolt sends for a change, or null when it sends none: webhooks are configured per
 * AI agent, so a conversation no agent handles (`agentId: null`) reports nothing.
 */
export function webhookEvent(db: ChatvoltDb, change: ChatvoltChange): ChatvoltWebhookPayload | null {
  const { conversation } = change;
  if (conversation.agentId === null) return null;
  switch (change.kind) {
    case 'message':
      return messageEvent(db, conversation, change.message);
    case 'conversation':
      return { ...common(db, conversation, 'CONVERSATION_UPDATED'), createdAt: conversation.updatedAt };
    case 'step':
      return {
        ...common(db, conversation, 'STEP_ENTERED'),
        scenarioId: change.step.scenarioId,
        stepId: change.step.id,
        stepName: change.step.name,
        createdAt: conversation.scenarioLinks.find((l) => l.stepId === change.step.id)?.updatedAt ?? conversation.updatedAt,
      };
  }
}

function messageEvent(db: ChatvoltDb, conversation: ConversationRecord, message: MessageRecord): ChatvoltWebhookPayload {
  const fromVisitor = message.from === 'human' && message.userId === null;
  return {
    ...common(db, conversation, fromVisitor ? 'USER_MESSAGE_RECEIVED' : 'AGENT_MESSAGE_SENDED'),
    messageId: message.id,
    ...(fromVisitor ? { userMessage: message.text } : { agentResponse: message.text }),
    attachments: message.attachments.map((a) => ({ url: a.url, name: a.name, mimeType: a.mimeType })),
    createdAt: message.createdAt,
  };
}

type Common = Omit<ChatvoltWebhookPayload, 'createdAt'>;

function common(db: ChatvoltDb, conversation: ConversationRecord, eventType: ChatvoltEventType): Common {
  const agentId = conversation.agentId ?? '';
  const contact = db.contactsOf(conversation)[0];
  const name = contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : '';
  return {
    eventType,
    conversationId: conversation.id,
    agentId,
    agentName: db.aiAgents.find((a) => a.id === agentId)?.name ?? null,
    organizationId: conversation.organizationId,
    channel: conversation.channel,
    conversationStatus: conversation.status,
    conversationPriority: conversation.priority,
    isAiEnabled: conversation.isAiEnabled,
    userName: name || null,
    userEmail: contact?.email ?? null,
    userPhoneNumber: contact?.phoneNumber ?? null,
  };
}
