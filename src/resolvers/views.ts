import type { ConversationCountsResolvers, InboxViewFilterResolvers, InboxViewResolvers, QueryResolvers, SlaResolvers } from '../generated/graphql.js';
import { sourceEnum } from '../graph/global-ids.js';
import { overdueOf, unreadOf } from '../inbox/counts.js';
import { slaTargetMinutes } from '../inbox/sla.js';
import { listInboxViews } from '../inbox/views.js';

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

export const Sla: SlaResolvers = {
  policyName: (sla) => sla.policyName ?? null,
  targetMinutes: (sla, _args, ctx) => slaTargetMinutes(sla, ctx),
};
