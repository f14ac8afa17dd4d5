import type { MutationResolvers } from '../../generated/graphql.js';
import { assignMutations } from './assign.js';
import { conversationStateMutations } from './conversation-state.js';
import { labelMutations } from './labels.js';
import { leadStatusMutations } from './lead-status.js';
import { scenarioMutations } from './scenario.js';
import { sendMessageMutation } from './send-message.js';
import { sourceMutations } from './source.js';
import { suggestionMutations } from './suggestions.js';

/** Thin: each mutation names its action in src/actions, which does the rest. Every field of Mutation is here. */
export const Mutation: MutationResolvers = {
  ...sendMessageMutation,
  ...conversationStateMutations,
  ...assignMutations,
  ...labelMutations,
  ...suggestionMutations,
  ...scenarioMutations,
  ...leadStatusMutations,
  ...sourceMutations,
} satisfies Required<MutationResolvers>;
