import { platformActionOn } from '../../actions/conversation-action.js';
import { asPayload } from '../../actions/payload.js';
import type { MutationResolvers } from '../../generated/graphql.js';

const NO_CONVERSATION = { conversation: null };

/** The conversation's own state: read, starred, archived, status, priority, AI. */
export const conversationStateMutations = {
  markConversationRead: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'MARK_READ'), NO_CONVERSATION),

  markConversationUnread: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'MARK_UNREAD'), NO_CONVERSATION),

  starConversation: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'STAR', true), NO_CONVERSATION),

  unstarConversation: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'STAR', false), NO_CONVERSATION),

  archiveConversation: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'ARCHIVE', input.archived ?? true), NO_CONVERSATION),

  setConversationStatus: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'SET_STATUS', input.status), NO_CONVERSATION),

  setConversationPriority: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'SET_PRIORITY', input.priority ?? null), NO_CONVERSATION),

  setConversationAiEnabled: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => platformActionOn(ctx, input.conversationId, 'SET_AI_ENABLED', input.enabled), NO_CONVERSATION),
} satisfies MutationResolvers;
