import type { ConversationPriority } from '../../model/index.js';
import { UserError, type ActionTable } from '../actions.js';
import { CHATVOLT_ENDPOINTS, type ChatvoltPriority } from './api.js';
import type { ChatvoltConnector } from './connector.js';
import { STATUS_TO_CHATVOLT } from './mapping.js';
import { refusing } from './refusals.js';

/** Chatvolt's priorities (no URGENT; no "none" either: a conversation always has one). */
const PRIORITIES: ReadonlySet<ConversationPriority> = new Set<ChatvoltPriority>(['LOW', 'MEDIUM', 'HIGH']);

function isChatvoltPriority(priority: ConversationPriority | null): priority is ChatvoltPriority {
  return priority !== null && PRIORITIES.has(priority);
}

/**
 * Chatvolt's write side (MAPPING.md, Actions and Errors): its keys are Chatvolt's capabilities. A
 * value Chatvolt cannot hold is refused here, before any call. Every action is one POST through the
 * connector's API, never retried, so a message is sent at most once per call; a platform refusal
 * becomes a UserError (refusals.ts), anything else stays an UpstreamError.
 */
export const chatvoltActions: ActionTable<ChatvoltConnector> = {
  /**
   * A reply from the team: Chatvolt stores it as `from: human` with the API key owner's `userId`
   * (the key, not the signed-in user, is who Chatvolt sees). Its API has no idempotency field, so
   * the key is not sent. Private notes are a separate Chatvolt feature, not this endpoint.
   */
  SEND_MESSAGE: {
    endpoint: CHATVOLT_ENDPOINTS.SEND_MESSAGE,
    run: async (connector, conversation, input) => {
      if (input.private) throw new UserError('UNSUPPORTED_BY_SOURCE', 'Chatvolt cannot send private notes through its API', 'private');
      if (input.content.trim() === '') throw new UserError('INVALID_INPUT', 'content must not be empty', 'content');
      const message = await refusing('send', connector.api.sendMessage(conversation.upstreamId, input.content));
      return connector.sentMessage(conversation, message);
    },
  },

  /** Chatvolt's assign replaces the assignee; its API has no way to leave a conversation unassigned. */
  ASSIGN: {
    endpoint: CHATVOLT_ENDPOINTS.ASSIGN,
    run: async (connector, conversation, assigneeUpstreamId) => {
      if (assigneeUpstreamId === null) {
        throw new UserError('INVALID_INPUT', 'Chatvolt cannot unassign a conversation through its API; assign it to another member instead', 'assigneeId');
      }
      await refusing('assign', connector.api.assign(conversation.upstreamId, assigneeUpstreamId));
    },
  },

  SET_STATUS: {
    endpoint: CHATVOLT_ENDPOINTS.SET_STATUS,
    run: async (connector, conversation, status) => {
      const chatvolt = STATUS_TO_CHATVOLT[status];
      if (!chatvolt) throw new UserError('INVALID_INPUT', `Chatvolt has no ${status} status (only OPEN, HUMAN_REQUESTED and RESOLVED)`, 'status');
      await refusing('status', connector.api.setStatus(conversation.upstreamId, chatvolt));
    },
  },

  SET_PRIORITY: {
    endpoint: CHATVOLT_ENDPOINTS.SET_PRIORITY,
    run: async (connector, conversation, priority) => {
      if (!isChatvoltPriority(priority)) {
        throw new UserError('INVALID_INPUT', 'Chatvolt priorities are LOW, MEDIUM and HIGH (no URGENT, and a priority cannot be cleared)', 'priority');
      }
      await refusing('priority', connector.api.setPriority(conversation.upstreamId, priority));
    },
  },

  SET_AI_ENABLED: {
    endpoint: CHATVOLT_ENDPOINTS.SET_AI_ENABLED,
    run: async (connector, conversation, enabled) => {
      await refusing('aiEnabled', connector.api.setAiEnabled(conversation.upstreamId, enabled));
    },
  },

  /** Without the step's initial message: the gateway only moves the card. */
  MOVE_TO_SCENARIO_STEP: {
    endpoint: CHATVOLT_ENDPOINTS.MOVE_TO_SCENARIO_STEP,
    run: async (connector, conversation, scenarioUpstreamId, stepUpstreamId) => {
      await refusing('move', connector.api.moveToStep(conversation.upstreamId, scenarioUpstreamId, stepUpstreamId));
    },
  },
};
