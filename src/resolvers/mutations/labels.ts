import { updateLabels } from '../../actions/labels.js';
import { asPayload } from '../../actions/payload.js';
import type { MutationResolvers } from '../../generated/graphql.js';

export const labelMutations = {
  updateConversationLabels: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => updateLabels(ctx, input.conversationId, { add: input.add ?? [], remove: input.remove ?? [] }), { conversation: null }),
} satisfies MutationResolvers;
