import { gqlError, UpstreamError, upstreamToGraphQLError } from '../errors.js';
import type { ConversationConnectionResolvers, NodeResolvers, QueryResolvers } from '../generated/graphql.js';
import { sourceEnum, sourceTypeOf } from '../graph/global-ids.js';
import { loadConversation, lookupNode, resolveId, typenameOf } from '../graph/node-lookup.js';
import { CursorError } from '../inbox/cursor.js';
import { mergedInboxPage } from '../inbox/merged-inbox.js';
import { normalizeFilter } from '../inbox/normalize.js';
import type { BucketCounts } from '../model/index.js';

export const Query: QueryResolvers = {
  viewer: (_root, _args, ctx) => ctx.viewer,

  node: (_root, { id }, ctx) => lookupNode(id, ctx),

  nodes: (_root, { ids }, ctx) => {
    if (ids.length > ctx.limits.maxPageSize) throw gqlError('BAD_USER_INPUT', `nodes: at most ${ctx.limits.maxPageSize} ids`);
    // A list of promises: graphql-js resolves each item on its own, so a missing id becomes null
    // with its own error entry at nodes[i]. The generated type does not model promise items.
    return ids.map((id) => lookupNode(id, ctx)) as unknown as Awaited<ReturnType<typeof lookupNode>>[];
  },

  conversation: async (_root, { id }, ctx) => {
    const decoded = resolveId(id, ctx, 'Conversation');
    return loadConversation(decoded, decoded.upstreamId, ctx);
  },

  conversations: async (_root, { first, after, filter }, ctx) => {
    const size = first ?? 25;
    if (size < 1 || size > ctx.limits.maxPageSize) {
      throw gqlError('BAD_USER_INPUT', `conversations: \`first\` must be between 1 and ${ctx.limits.maxPageSize}`, { argument: 'first' });
    }
    const normalized = normalizeFilter(filter);
    const refs = ctx.sources.refsOfTypes(filter?.sources?.map(sourceTypeOf));
    try {
      const page = await mergedInboxPage({
        sources: refs.map((ref) => ({ key: ref.key, type: ref.type, connector: ctx.sources.connector(ref.key), me: ctx.sources.me(ref.key) })),
        filter: normalized,
        first: size,
        after: after ?? null,
      });
      for (const failure of page.failures) ctx.partialErrors.push(upstreamToGraphQLError(failure));
      return page;
    } catch (error) {
      if (error instanceof CursorError) throw gqlError('BAD_USER_INPUT', error.message, { argument: 'after' });
      throw error;
    }
  },
};

export const ConversationConnection: ConversationConnectionResolvers = {
  edges: (page) => page.edges,
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.edges[0]?.cursor ?? null,
    endCursor: page.edges[page.edges.length - 1]?.cursor ?? null,
  }),
  missingSources: (page) => page.missingSources.map(sourceEnum),
  counts: async (page, _args, ctx) => {
    // A failing source costs its own share (reported once), not the whole count; the failed
    // source is already listed in missingSources when the list failed too.
    const settled = await Promise.allSettled(page.sourceKeys.map((key) => ctx.sources.connector(key).countConversations(page.filter)));
    const total: BucketCounts = { mine: 0, unassigned: 0, assigned: 0, all: 0 };
    for (const result of settled) {
      if (result.status === 'rejected') {
        if (!(result.reason instanceof UpstreamError)) throw result.reason;
        ctx.partialErrors.push(upstreamToGraphQLError(result.reason));
        continue;
      }
      const c = result.value;
      total.mine += c.mine;
      total.unassigned += c.unassigned;
      total.assigned += c.assigned;
      total.all += c.all;
    }
    return total;
  },
};

export const Node: NodeResolvers = {
  __resolveType: (value) => {
    const typename = typenameOf(value);
    if (!typename) throw new Error('node without a type tag');
    return typename as never;
  },
};
