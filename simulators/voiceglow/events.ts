import type { VgConvoDoc, VgState } from './types.js';

/**
 * The "Events Webhook" payloads of VoiceGlow / Convocore (docs.convocore.ai/features/events,
 * research others.md (b)). Plain JSON POSTs, unsigned: every payload carries the workspace's
 * `workspaceSecret` "for verification".
 *
 * Documented for `message_received`: `agentId, agentName?, convoId, messageContent, channel
 * (whatsapp|instagram|facebook|telegram|webchat), messageType?, from?, createdAt (ms),
 * workspaceSecret`. ASSUMED (the stored docs do not show them): the event name travels in an
 * `event` key; `message_received` also names the transcript message (`messageId` = its `mid`);
 * the `chat_delegated` and `lead_captured` fields below (the stored page is truncated there).
 */

export type VgEventName = 'message_received' | 'chat_delegated' | 'lead_captured';

interface VgEventBase {
  event: VgEventName;
  agentId: string;
  convoId: string;
  /** The convo's `origin` in the docs' channel words (`web-chat` becomes `webchat`). */
  channel: string;
  /** Unix milliseconds. */
  createdAt: number;
  workspaceSecret: string;
}

/** A message from the end user arrived on a channel. */
export interface VgMessageReceivedEvent extends VgEventBase {
  event: 'message_received';
  messageContent: string;
  messageType: string;
  /** The sender: the end user's id (`userID`). */
  from: string;
  /** ASSUMED: the transcript message's `mid`, so a receiver can tell deliveries and reads apart. */
  messageId: string;
}

/** Who handles the chat changed: assigned or delegated to a teammate, unassigned, a live handoff asked, claimed or handed back to the AI. */
export interface VgChatDelegatedEvent extends VgEventBase {
  event: 'chat_delegated';
  state: VgState;
  assignedTo: { userId: string; name: string; email: string } | null;
  delegatedBy?: string;
}

/** An anonymous session became a lead: contact or deal fields were captured. */
export interface VgLeadCapturedEvent extends VgEventBase {
  event: 'lead_captured';
  lead: { name?: string; email?: string; phone?: string; company?: string; value?: number; currency?: string };
}

export type VgEvent = VgMessageReceivedEvent | VgChatDelegatedEvent | VgLeadCapturedEvent;

/** The docs list these channel words; other origins (sms, vapi, api) are sent as stored. */
export function eventChannel(origin: string): string {
  return origin === 'web-chat' ? 'webchat' : origin;
}

/** Whether a convo document names a lead (the same rule as the lead mapping: any contact or deal field). */
export function isLead(doc: Pick<VgConvoDoc, 'userName' | 'userEmail' | 'userPhone' | 'userCompany' | 'value'>): boolean {
  return [doc.userName, doc.userEmail, doc.userPhone, doc.userCompany].some((field) => field?.trim()) || doc.value !== undefined;
}

const HUMAN_SIDE: ReadonlySet<VgState> = new Set(['requested_chat', 'human-chatting']);

/**
 * Whether a state change is a delegation the platform reports: a live handoff asked or claimed,
 * or the chat handed back from a human to the AI. Ending a chat (or reopening it to the AI) is not.
 */
export function isDelegation(before: VgState, after: VgState): boolean {
  if (before === after || after === 'ended_chat') return false;
  return HUMAN_SIDE.has(before) || HUMAN_SIDE.has(after);
}
