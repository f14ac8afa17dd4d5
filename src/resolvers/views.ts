import type { GatewayContext } from '../context.js';
import { UpstreamError, upstreamToGraphQLError } from '../errors.js';
import type { ConversationCountsResolvers, InboxViewFilterResolvers, InboxViewResolvers, QueryResolvers, SlaResolvers } from '../generated/graphql.js';
import { sourceEnum } from '../graph/global-ids.js';
import { hydratedField } from '../graph/hydrated.js';
import { overdueOf, unreadOf } from '../inbox/counts.js';
import { listInboxViews } from '../inbox/views.js';
import type { ConversationModel, SlaModel, SourceRef } from '../model/index.js';

export const viewQueries: Pick<QueryResolvers, 'inboxViews'> = {
  inboxViews: (_root, _args, ctx) => listInboxViews(ctx),
};

export const InboxView: InboxViewResolvers = {
  source: (view) => (view.ref ? sourceEnum(view.ref.type) : null),
  sourceKey: (view) => view.ref?.key ?? null,
  counts: (view) => view.counts(),
};

export const InboxViewFilter: InboxViewFilterResolvers = {
  sources: (filter) => filter.sources?.map(sourceEnum) ?? null,
};

export const ConversationCounts: ConversationCountsResolvers = {
  unread: (counts) => unreadOf(counts),
  overdue: (counts) => overdueOf(counts),
};

/** Whose SLA each answered `Sla` is: its policy (Iron's SLA configuration) is read only when asked. */
const slaOwners = new WeakMap<SlaModel, SourceRef>();

/** `Conversation.sla`, remembering its source for `Sla.targetMinutes`. */
export async function slaOf(conversation: ConversationModel, ctx: GatewayContext): Promise<SlaModel | null> {
  const sla = await hydratedField(conversation, 'sla', ctx);
  if (sla) slaOwners.set(sla, conversation.ref);
  return sla;
}

export const Sla: SlaResolvers = {
  policyName: (sla) => sla.policyName ?? null,
  targetMinutes: async (sla, _args, ctx) => {
    if (sla.targetMinutes !== undefined) return sla.targetMinutes;
    const ref = slaOwners.get(sla);
    const connector = ref ? ctx.sources.connector(ref.key) : null;
    if (!connector?.slaPolicy) return null;
    try {
      return (await connector.slaPolicy())?.firstResponseMinutes ?? null;
    } catch (error) {
      // The configuration failing costs this field only (the SLA itself came with the conversation).
      if (!(error instanceof UpstreamError)) throw error;
      ctx.partialErrors.push(upstreamToGraphQLError(error));
      return null;
    }
  },
};
