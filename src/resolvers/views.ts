import type { ConversationCountsResolvers, InboxViewFilterResolvers, InboxViewResolvers, QueryResolvers, SlaResolvers } from '../generated/graphql.js';
import { sourceEnum } from '../graph/global-ids.js';
import { overdueOf, unreadOf } from '../inbox/counts.js';
import { slaTargetMinutes } from '../inbox/sla.js';
import { listInboxViews } from '../inbox/views.js';
import { overdueChangesAt } from '../datasources/shared/sla-clock.js';
import { isRelativeToNow } from '../inbox/filter.js';

export const viewQueries: Pick<QueryResolvers, 'inboxViews'> = {
  inboxViews: (_root, _args, ctx) => listInboxViews(ctx),
};

export const InboxView: InboxViewResolvers = {
  source: (view) => (view.ref ? sourceEnum(view.ref.type) : null),
  sourceKey: (view) => view.ref?.key ?? null,
  counts: (view, _args, ctx) => {
    if (isRelativeToNow(view.filter)) ctx.sources.dependencies.refuse('counts relative to now');
    return view.counts();
  },
};

export const InboxViewFilter: InboxViewFilterResolvers = {
  sources: (filter) => filter.sources?.map(sourceEnum) ?? null,
};

export const ConversationCounts: ConversationCountsResolvers = {
  unread: (counts) => unreadOf(counts),
  overdue: (counts, _args, ctx) => {
    // Judged against the clock row by row: the count changes whenever one of them turns overdue.
    ctx.sources.dependencies.refuse('counts relative to now');
    return overdueOf(counts);
  },
};

export const Sla: SlaResolvers = {
  policyName: (sla) => sla.policyName ?? null,
  targetMinutes: (sla, _args, ctx) => slaTargetMinutes(sla, ctx),
  overdue: (sla, _args, ctx) => {
    ctx.sources.dependencies.judgedAgainstClock(overdueChangesAt(sla));
    return sla.overdue;
  },
};
