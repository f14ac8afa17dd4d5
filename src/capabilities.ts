import type { InboxActions } from './datasources/actions.js';
import type { InboxAction } from './generated/graphql.js';
import type { SourceType } from './model/index.js';

/**
 * The capability matrix: which inbox actions each platform's API offers, and the endpoint each maps
 * to. `Conversation.capabilities` and the README's table come from here; an action missing for a
 * platform is answered with UNSUPPORTED_BY_SOURCE without calling it.
 */
export const CAPABILITIES: { [S in SourceType]: Partial<Record<InboxAction, string>> } = {
  voxys: {
    SEND_MESSAGE: 'POST /conversations/:id/messages',
    SEND_PRIVATE_NOTE: 'POST /conversations/:id/messages {private: true}',
    MARK_READ: 'POST /conversations/:id/update_last_seen',
    MARK_UNREAD: 'POST /conversations/:id/unread',
    ASSIGN: 'POST /conversations/:id/assignments',
    SET_STATUS: 'POST /conversations/:id/toggle_status',
    SET_PRIORITY: 'POST /conversations/:id/toggle_priority',
    SET_LABELS: 'GET then POST /conversations/:id/labels (the POST replaces the list)',
    SET_LEAD_STATUS: 'PATCH /leads/:id/status',
  },
  chatvolt: {
    SEND_MESSAGE: 'POST /conversation/message/conversationId/:id',
    ASSIGN: 'POST /conversations/:id/assign',
    SET_STATUS: 'POST /conversations/:id/set-status',
    SET_PRIORITY: 'POST /conversations/:id/set-priority',
    SET_AI_ENABLED: 'POST /conversations/:id/set-ai-enabled',
    MOVE_TO_SCENARIO_STEP: 'POST /crm/step/move',
  },
  voiceglow: {
    ASSIGN: 'POST /agents/:agentId/convos/:convoId/assign',
    SET_STATUS: 'PATCH /agents/:agentId/convos/:convoId {conversation: {state}}',
    SET_AI_ENABLED: 'PATCH /agents/:agentId/convos/:convoId {conversation: {state}} (human takeover)',
    SET_LABELS: 'PATCH /agents/:agentId/convos/:convoId {conversation: {tags}}',
  },
  iron: {
    SEND_MESSAGE: 'POST /conversations/:id/messages',
    MARK_READ: 'POST /conversations/:id/read',
    MARK_UNREAD: 'POST /conversations/:id/unread',
    STAR: 'POST|DELETE /conversations/:id/star',
    ARCHIVE: 'POST /conversations/:id/archive',
    ASSIGN: 'POST /conversations/:id/assign',
    SEND_SUGGESTION: 'POST /conversations/:id/suggestions/:activityId/send',
    DISMISS_SUGGESTION: 'POST /conversations/:id/suggestions/:activityId/dismiss',
  },
};

export function capabilitiesOf(type: SourceType): InboxAction[] {
  return Object.keys(CAPABILITIES[type]) as InboxAction[];
}

export function supports(type: SourceType, action: InboxAction): boolean {
  return action in CAPABILITIES[type];
}

/** The connector method (InboxActions) each action runs. */
export const ACTION_METHOD: Record<InboxAction, keyof InboxActions> = {
  SEND_MESSAGE: 'sendMessage',
  SEND_PRIVATE_NOTE: 'sendMessage',
  MARK_READ: 'markRead',
  MARK_UNREAD: 'markUnread',
  STAR: 'setStarred',
  ARCHIVE: 'setArchived',
  ASSIGN: 'assign',
  SET_STATUS: 'setStatus',
  SET_PRIORITY: 'setPriority',
  SET_AI_ENABLED: 'setAiEnabled',
  SET_LABELS: 'updateLabels',
  SEND_SUGGESTION: 'sendSuggestion',
  DISMISS_SUGGESTION: 'dismissSuggestion',
  MOVE_TO_SCENARIO_STEP: 'moveToScenarioStep',
  SET_LEAD_STATUS: 'setLeadStatus',
};
