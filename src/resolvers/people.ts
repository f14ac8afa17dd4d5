import type { AgentResolvers, ContactResolvers } from '../generated/graphql.js';
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
