import { capabilitiesOf } from '../capabilities.js';
import type { GatewayContext } from '../context.js';
import type { ConversationResolvers } from '../generated/graphql.js';
import { encodeId, sourceEnum } from '../graph/global-ids.js';
import { hydratedResolvers } from '../graph/hydrated.js';
import type { ConversationModel } from '../model/index.js';
import { messagePageArgs } from './message.js';

const connectorOf = (conversation: ConversationModel, ctx: GatewayContext) => ctx.sources.connector(conversation.ref.key);
const assignedOf = (c: ConversationModel) => c.assignee ?? c.botAssignee ?? null;

export const Conversation: ConversationResolvers = {
  // Fields a platform's list row may lack are completed on demand (see DeferredField).
  ...hydratedResolvers([
    'title',
    'status',
    'priority',
    'channel',
    'aiEnabled',
    'contact',
    'assignee',
    'unreadCount',
    'starred',
    'archived',
    'labels',
    'createdAt',
    'sla',
    'summary',
    'handoffs',
  ]),
  id: (c) => encodeId('Conversation', c.ref, c.upstreamId),
  source: (c) => sourceEnum(c.ref.type),
  sourceKey: (c) => c.ref.key,
  // The bot assignee is deferred together with `assignee` (one hydration gives both).
  assignedTo: (c, _args, ctx) => {
    if (!c.deferred?.has('assignee')) return assignedOf(c);
    return connectorOf(c, ctx).hydrate(c).then(assignedOf);
  },
  lastMessage: (c, _args, ctx) => connectorOf(c, ctx).lastMessage(c),
  messages: (c, args, ctx) => connectorOf(c, ctx).messages(c, messagePageArgs(args, ctx.limits.maxPageSize)),
  // Optional read capabilities: a platform without one answers null / [] without a call.
  lead: (c, _args, ctx) => connectorOf(c, ctx).lead?.(c) ?? null,
  funnelCard: (c, _args, ctx) => connectorOf(c, ctx).funnelCard?.(c) ?? null,
  tasks: (c, _args, ctx) => connectorOf(c, ctx).tasks?.(c) ?? [],
  scenario: async (c, _args, ctx) => (await connectorOf(c, ctx).scenario?.(c))?.scenario ?? null,
  scenarioStep: async (c, _args, ctx) => (await connectorOf(c, ctx).scenario?.(c))?.step ?? null,
  suggestions: async (c, args, ctx) => {
    const wanted = args.status ?? null;
    const all = (await connectorOf(c, ctx).suggestions?.(c)) ?? [];
    return all.filter((s) => wanted === null || wanted.includes(s.status));
  },
  capabilities: (c) => capabilitiesOf(c.ref.type),
};
