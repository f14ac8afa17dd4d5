import type {
  ConversationModel,
  ConversationPriority,
  ConversationStatus,
  LeadModel,
  LeadStatus,
  MessageModel,
} from '../model/index.js';

/** Stable codes of expected business outcomes (SPEC.md, Errors): they go to `userErrors`. */
export type UserErrorCode = 'UNSUPPORTED_BY_SOURCE' | 'NOT_FOUND' | 'INVALID_INPUT' | 'NOT_A_MEMBER' | 'MESSAGING_WINDOW_CLOSED' | 'CONFLICT';

/**
 * A platform refused an action for a business reason. Connectors throw it (after mapping the
 * platform's status and body); resolvers turn it into a `userErrors` entry. The message is safe:
 * never an upstream URL, token or raw body.
 */
export class ActionError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** The input field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

export interface SendMessageInput {
  content: string;
  private: boolean;
  /** The caller's idempotency key, passed to platforms that honour one (e.g. Voxys `echo_id`). */
  idempotencyKey: string | null;
}

/**
 * The write side of a platform. Each method exists only where the platform's API has the action
 * (src/capabilities.ts lists them, with the endpoint each maps to); the gateway never calls a
 * missing one. Methods resolve when the platform confirmed the change, and throw ActionError for
 * business refusals (UpstreamError for everything else). They do not invalidate caches: the
 * gateway does, by tags `conversation:<upstreamId>` and `list`.
 */
export interface InboxActions {
  sendMessage?(conversation: ConversationModel, input: SendMessageInput): Promise<MessageModel>;
  markRead?(conversation: ConversationModel): Promise<void>;
  markUnread?(conversation: ConversationModel): Promise<void>;
  setStarred?(conversation: ConversationModel, starred: boolean): Promise<void>;
  setArchived?(conversation: ConversationModel, archived: boolean): Promise<void>;
  /** `assigneeUpstreamId` null unassigns. */
  assign?(conversation: ConversationModel, assigneeUpstreamId: string | null): Promise<void>;
  setStatus?(conversation: ConversationModel, status: ConversationStatus): Promise<void>;
  setPriority?(conversation: ConversationModel, priority: ConversationPriority | null): Promise<void>;
  setAiEnabled?(conversation: ConversationModel, enabled: boolean): Promise<void>;
  /** Adds and removes labels, keeping every other label (read-modify-write where the platform replaces the list). */
  updateLabels?(conversation: ConversationModel, change: { add: string[]; remove: string[] }): Promise<void>;
  /** Sends an AI draft as is; returns the message it became when the platform says. */
  sendSuggestion?(conversation: ConversationModel, suggestionUpstreamId: string): Promise<MessageModel | null>;
  dismissSuggestion?(conversation: ConversationModel, suggestionUpstreamId: string): Promise<void>;
  moveToScenarioStep?(conversation: ConversationModel, scenarioUpstreamId: string, stepUpstreamId: string): Promise<void>;
  setLeadStatus?(conversation: ConversationModel, lead: LeadModel, status: LeadStatus, notes: string | null): Promise<void>;
}
