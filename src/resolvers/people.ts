import type { AgentResolvers, AssigneeResolvers, BotResolvers, ContactResolvers } from '../generated/graphql.js';
import { encodeId, sourceEnum } from '../graph/global-ids.js';

export const Contact: ContactResolvers = {
  id: (c) => encodeId('Contact', c.ref, c.upstreamId),
  source: (c) => sourceEnum(c.ref.type),
};

export const Agent: AgentResolvers = {
  id: (a) => encodeId('Agent', a.ref, a.upstreamId),
  source: (a) => sourceEnum(a.ref.type),
  isMe: (a, _args, ctx) => ctx.sources.me(a.ref.key) === a.upstreamId,
};

/** The upstream id of a bot the platform does not name: the source's own AI agent. */
const UNNAMED_BOT = '-';

/** A bot's id is typed `Bot`: it never equals an Agent's id, even for the same upstream number. */
export const Bot: BotResolvers = {
  id: (b) => encodeId('Bot', b.ref, b.upstreamId ?? UNNAMED_BOT),
  source: (b) => sourceEnum(b.ref.type),
};

export const Assignee: AssigneeResolvers = {
  __resolveType: (assignee) => assignee.kind,
};
