import type { ZodType } from 'zod';
import type { ConversationModel, ConversationPriority, ConversationStatus, MessageModel } from '../../model/index.js';
import { ActionError, type InboxActions, type SendMessageInput } from '../actions.js';
import type { RestClient } from '../rest-client.js';
import { STATUS_TO_CHATVOLT } from './mapping.js';
import { refusal, type ChatvoltWrite } from './refusals.js';
import { ackSchema, sentMessageSchema, type ChatvoltMessage } from './schemas.js';

const ROUTES = {
  send: '/conversation/message/conversationId/:conversationId',
  assign: '/conversations/:conversationId/assign',
  status: '/conversations/:conversationId/set-status',
  priority: '/conversations/:conversationId/set-priority',
  aiEnabled: '/conversations/:conversationId/set-ai-enabled',
  move: '/crm/step/move',
} as const;

/** Chatvolt's priorities (no URGENT; no "none" either: a conversation always has one). */
const PRIORITIES: ReadonlySet<ConversationPriority> = new Set<ConversationPriority>(['LOW', 'MEDIUM', 'HIGH']);

/**
 * Chatvolt's write side (MAPPING.md, Actions and Errors): exactly the actions of
 * src/capabilities.ts. A value Chatvolt cannot hold is refused here, before any call. Every call
 * is one POST, never retried here, so a message is sent at most once per call.
 */
export class ChatvoltActions implements InboxActions {
  constructor(
    private readonly client: RestClient,
    /** The connector's own mapping of a message it has just read (senders, cursor). */
    private readonly describeSent: (conversation: ConversationModel, message: ChatvoltMessage) => Promise<MessageModel>,
  ) {}

  /**
   * A reply from the team: Chatvolt stores it as `from: human` with the API key owner's `userId`
   * (the key, not the signed-in user, is who Chatvolt sees). Its API has no idempotency field, so
   * the key is not sent. Private notes are a separate Chatvolt feature, not this endpoint.
   */
  async sendMessage(conversation: ConversationModel, input: SendMessageInput): Promise<MessageModel> {
    if (input.private) throw new ActionError('UNSUPPORTED_BY_SOURCE', 'Chatvolt cannot send private notes through its API', 'private');
    if (input.content.trim() === '') throw new ActionError('INVALID_INPUT', 'content must not be empty', 'content');
    const answer = await this.post('send', conversation, { message: input.content }, sentMessageSchema);
    return this.describeSent(conversation, answer.message);
  }

  /** Chatvolt's assign replaces the assignee; its API has no way to leave a conversation unassigned. */
  async assign(conversation: ConversationModel, assigneeUpstreamId: string | null): Promise<void> {
    if (assigneeUpstreamId === null) {
      throw new ActionError('INVALID_INPUT', 'Chatvolt cannot unassign a conversation through its API; assign it to another member instead', 'assigneeId');
    }
    await this.post('assign', conversation, { membershipId: assigneeUpstreamId }, ackSchema);
  }

  async setStatus(conversation: ConversationModel, status: ConversationStatus): Promise<void> {
    const chatvolt = STATUS_TO_CHATVOLT[status];
    if (!chatvolt) throw new ActionError('INVALID_INPUT', `Chatvolt has no ${status} status (only OPEN, HUMAN_REQUESTED and RESOLVED)`, 'status');
    await this.post('status', conversation, { status: chatvolt }, ackSchema);
  }

  async setPriority(conversation: ConversationModel, priority: ConversationPriority | null): Promise<void> {
    if (priority === null || !PRIORITIES.has(priority)) {
      throw new ActionError('INVALID_INPUT', 'Chatvolt priorities are LOW, MEDIUM and HIGH (no URGENT, and a priority cannot be cleared)', 'priority');
    }
    await this.post('priority', conversation, { priority }, ackSchema);
  }

  async setAiEnabled(conversation: ConversationModel, enabled: boolean): Promise<void> {
    await this.post('aiEnabled', conversation, { enabled }, ackSchema);
  }

  /** Without the step's initial message: the gateway only moves the card. */
  async moveToScenarioStep(conversation: ConversationModel, scenarioUpstreamId: string, stepUpstreamId: string): Promise<void> {
    const body = { conversationId: conversation.upstreamId, scenarioId: scenarioUpstreamId, destStepId: stepUpstreamId, shouldSendInitialMessage: false };
    await this.post('move', null, body, ackSchema);
  }

  /** One POST; a refusal becomes an ActionError (refusals.ts), anything else stays an UpstreamError. */
  private async post<T>(write: ChatvoltWrite, conversation: ConversationModel | null, body: unknown, schema: ZodType<T>): Promise<T> {
    try {
      return await this.client.request({
        method: 'POST',
        route: ROUTES[write],
        ...(conversation ? { params: { conversationId: conversation.upstreamId } } : {}),
        body,
        schema,
      });
    } catch (error) {
      throw refusal(error, write);
    }
  }
}
