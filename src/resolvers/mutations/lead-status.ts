import { setLeadStatus as setStatus } from '../../actions/lead-status.js';
import { asPayload } from '../../actions/payload.js';
import type { MutationResolvers } from '../../generated/graphql.js';

export const leadStatusMutations = {
  setLeadStatus: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => setStatus(ctx, input.leadId, input.status, input.notes ?? null), { lead: null, conversation: null }),
} satisfies MutationResolvers;
