import type { ZodType } from 'zod';
import type { InboxAction } from '../../generated/graphql.js';
import { UpstreamError } from '../../errors.js';
import type { RestClient } from '../rest-client.js';
import {
  ackSchema,
  conversationListSchema,
  conversationSchema,
  messagesEnvelopeSchema,
  scenarioListSchema,
  sentMessageSchema,
  stepListSchema,
  type ChatvoltConversation,
  type ChatvoltMessage,
  type ChatvoltScenario,
  type ChatvoltStep,
} from './schemas.js';

/**
 * Chatvolt's REST API (a Chaindesk fork; MAPPING.md, Endpoints read and Actions), the only place
 * that knows its routes: each call goes through the shared RestClient with its route template
 * (also the metrics label), its path params and query, the zod schema of its answer and, for
 * reads, its cache tags: `list` for the list, `conversation:<id>` for one conversation's detail
 * and thread, `crm` for the scenario catalogue and step lists (no action changes those).
 * Writes are one POST each, never retried here, so a message is sent at most once per call.
 */

const ROUTES = {
  list: '/conversation',
  conversation: '/conversation/:conversationId',
  messages: '/conversation/:conversationId/messages/:count',
  scenarios: '/crm/scenario',
  steps: '/crm/step',
  send: '/conversation/message/conversationId/:conversationId',
  assign: '/conversations/:conversationId/assign',
  status: '/conversations/:conversationId/set-status',
  priority: '/conversations/:conversationId/set-priority',
  aiEnabled: '/conversations/:conversationId/set-ai-enabled',
  move: '/crm/step/move',
} as const;

/** The endpoint each inbox action maps to (the README's capability table prints them; `:id` is the conversation). */
export const CHATVOLT_ENDPOINTS = {
  SEND_MESSAGE: 'POST /conversation/message/conversationId/:id',
  ASSIGN: 'POST /conversations/:id/assign',
  SET_STATUS: 'POST /conversations/:id/set-status',
  SET_PRIORITY: 'POST /conversations/:id/set-priority',
  SET_AI_ENABLED: 'POST /conversations/:id/set-ai-enabled',
  MOVE_TO_SCENARIO_STEP: 'POST /crm/step/move',
} as const satisfies Partial<Record<InboxAction, string>>;

/** What `GET /conversation` is asked to filter (list-plan.ts decides it). */
export interface ConversationListQuery {
  /** One AI agent's conversations (else the whole organization's). */
  agentId?: string;
  status?: ChatvoltConversation['status'];
  /** A member's conversations (membership id), or null for the unassigned ones. */
  assignee?: string | null;
}

/** A tail of a thread: its readable messages and how many Chatvolt sent (unreadable ones included). */
export interface MessageTail {
  messages: ChatvoltMessage[];
  received: number;
}

/** A priority Chatvolt can hold (no URGENT; no "none" either: a conversation always has one). */
export type ChatvoltPriority = NonNullable<ChatvoltConversation['priority']>;

export class ChatvoltApi {
  constructor(private readonly client: RestClient) {}

  // Reads (cached by tag; the gateway drops `conversation:<id>` and `list` after a write).

  /** `GET /conversation?agentId=&status=&assigneeId=`: the whole filtered array, unpaginated, in no order we rely on. */
  async listConversations({ agentId, status, assignee }: ConversationListQuery): Promise<ChatvoltConversation[]> {
    const query = { agentId, status, assigneeId: assignee === null ? 'unassigned' : assignee };
    const list = await this.client.request({ route: ROUTES.list, query, schema: conversationListSchema, tags: ['list'] });
    return this.client.rows(list, { route: ROUTES.list, row: 'conversation' });
  }

  /** `GET /conversation/{id}` (with its scenario links), or null when Chatvolt has no such conversation. */
  async conversation(conversationId: string): Promise<ChatvoltConversation | null> {
    try {
      return await this.client.request({
        route: ROUTES.conversation,
        params: { conversationId },
        schema: conversationSchema,
        tags: [`conversation:${conversationId}`],
      });
    } catch (error) {
      if (error instanceof UpstreamError && error.isNotFound) return null;
      throw error;
    }
  }

  /**
   * `GET /conversation/{id}/messages/{count}`: the last `count` messages of the thread, the readable
   * ones, and how many Chatvolt sent (fewer than `count`: the whole thread).
   */
  async lastMessages(conversationId: string, count: number): Promise<MessageTail> {
    const answer = await this.client.request({
      route: ROUTES.messages,
      params: { conversationId, count },
      schema: messagesEnvelopeSchema,
      tags: [`conversation:${conversationId}`],
    });
    return { messages: this.client.rows(answer.messages, { route: ROUTES.messages, row: 'message' }), received: answer.messages.received };
  }

  /** `GET /crm/scenario`: the organization's scenarios (names and descriptions). */
  async scenarios(): Promise<ChatvoltScenario[]> {
    const list = await this.client.request({ route: ROUTES.scenarios, schema: scenarioListSchema, tags: ['crm'] });
    return this.client.rows(list, { route: ROUTES.scenarios, row: 'scenario' });
  }

  /** `GET /crm/step?scenarioId=`: one scenario's steps, in no order we rely on. */
  async steps(scenarioId: string): Promise<ChatvoltStep[]> {
    const list = await this.client.request({ route: ROUTES.steps, query: { scenarioId }, schema: stepListSchema, tags: ['crm'] });
    return this.client.rows(list, { route: ROUTES.steps, row: 'step' });
  }

  // Writes (one POST each; the answer is checked, but only the HTTP status is relied on, except send's message).

  /** `POST /conversation/message/conversationId/{id} {message}` → the message Chatvolt stored. */
  async sendMessage(conversationId: string, message: string): Promise<ChatvoltMessage> {
    const answer = await this.post(ROUTES.send, conversationId, { message }, sentMessageSchema);
    return answer.message;
  }

  /** `POST /conversations/{id}/assign {membershipId}`: replaces the assignment. */
  async assign(conversationId: string, membershipId: string): Promise<void> {
    await this.post(ROUTES.assign, conversationId, { membershipId }, ackSchema);
  }

  async setStatus(conversationId: string, status: ChatvoltConversation['status']): Promise<void> {
    await this.post(ROUTES.status, conversationId, { status }, ackSchema);
  }

  async setPriority(conversationId: string, priority: ChatvoltPriority): Promise<void> {
    await this.post(ROUTES.priority, conversationId, { priority }, ackSchema);
  }

  async setAiEnabled(conversationId: string, enabled: boolean): Promise<void> {
    await this.post(ROUTES.aiEnabled, conversationId, { enabled }, ackSchema);
  }

  /** `POST /crm/step/move`, without the step's initial message (the gateway only moves the card). */
  async moveToStep(conversationId: string, scenarioId: string, destStepId: string): Promise<void> {
    const body = { conversationId, scenarioId, destStepId, shouldSendInitialMessage: false };
    await this.post(ROUTES.move, null, body, ackSchema);
  }

  private post<T>(route: string, conversationId: string | null, body: unknown, schema: ZodType<T>): Promise<T> {
    return this.client.request({
      method: 'POST',
      route,
      ...(conversationId !== null ? { params: { conversationId } } : {}),
      body,
      schema,
    });
  }
}
