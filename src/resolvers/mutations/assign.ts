import { assignConversation as assign, assignConversationToMe as assignToMe } from '../../actions/assign.js';
import { asPayload } from '../../actions/payload.js';
import type { MutationResolvers } from '../../generated/graphql.js';

const NO_CONVERSATION = { conversation: null };

export const assignMutations = {
  assignConversation: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => assign(ctx, input.conversationId, input.assigneeId), NO_CONVERSATION),

  assignConversationToMe: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => assignToMe(ctx, input.conversationId), NO_CONVERSATION),
} satisfies MutationResolvers;
