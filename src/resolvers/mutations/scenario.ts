import { asPayload } from '../../actions/payload.js';
import { moveToScenarioStep } from '../../actions/scenario.js';
import type { MutationResolvers } from '../../generated/graphql.js';

export const scenarioMutations = {
  moveConversationToScenarioStep: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => moveToScenarioStep(ctx, input.conversationId, input.stepId), { conversation: null }),
} satisfies MutationResolvers;
