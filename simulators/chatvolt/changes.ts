import type { ConversationRecord, MessageRecord, StepRecord } from './records.js';

/**
 * A change of the organization's data that Chatvolt reports by webhook (webhook-events.ts turns
 * each into one event). The db emits them; live.ts delivers them when a webhook target is set.
 */
export type ChatvoltChange =
  /** A message was stored at the end of a thread (a visitor's, a team reply, an AI agent's). */
  | { kind: 'message'; conversation: ConversationRecord; message: MessageRecord }
  /** The conversation row changed: status, priority, AI switch or assignee. */
  | { kind: 'conversation'; conversation: ConversationRecord }
  /** The conversation entered a CRM step (its defaults, if any, already applied). */
  | { kind: 'step'; conversation: ConversationRecord; step: StepRecord };

export type ChangeListener = (change: ChatvoltChange) => void;
