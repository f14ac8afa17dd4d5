import { asPayload } from '../../actions/payload.js';
import { suggestionAction } from '../../actions/suggestion.js';
import type { MutationResolvers } from '../../generated/graphql.js';

const NOTHING = { suggestion: null, message: null, conversation: null };

export const suggestionMutations = {
  sendSuggestion: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => suggestionAction(ctx, input.suggestionId, 'send'), NOTHING),

  dismissSuggestion: (_root, { input }, ctx) => asPayload(input.clientMutationId, () => suggestionAction(ctx, input.suggestionId, 'dismiss'), NOTHING),
} satisfies MutationResolvers;
