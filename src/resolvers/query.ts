import type { ConversationSelection } from '../datasources/connector.js';
import { gqlError, upstreamToGraphQLError } from '../errors.js';
import type { ConversationConnectionResolvers, NodeResolvers, QueryResolvers } from '../generated/graphql.js';
import { sourceEnum, sourceTypeOf } from '../graph/global-ids.js';
import { loadConversation, lookupNode, resolveId, typenameOf } from '../graph/node-lookup.js';
import { CursorError } from '../inbox/cursor.js';
import { mergedInboxPage } from '../inbox/merged-inbox.js';
import { normalizeFilter } from '../inbox/normalize.js';
import { isRelativeToNow } from '../inbox/filter.js';
import { countsOf, needsTally } from '../inbox/counts.js';
import { startCounts } from '../inbox/count-ahead.js';
import { selectsField } from '../graph/selection.js';
import { openView, withView } from '../inbox/views.js';
import { conversationSelection } from './conversation-selection.js';

export const Query: QueryResolvers = {
  viewer: (_root, _args, ctx) => ctx.viewer,

  node: (_root, { id }, ctx, info) => lookupNode(id, ctx, () => conversationSelection(info, ctx.limits.maxPageSize)),

  nodes: (_root, { ids }, ctx, info) => {
    if (ids.length > ctx.limits.maxPageSize) throw gqlError('BAD_USER_INPUT', `nodes: at most ${ctx.limits.maxPageSize} ids`);
    let selection: ConversationSelection | undefined;
    const selected = () => (selection ??= conversationSelection(info, ctx.limits.maxPageSize));
    // A list of promises: graphql-js resolves each item on its own, so a missing id becomes null
    // with its own error entry at nodes[i]. The generated type does not model promise items.
    return ids.map((id) => lookupNode(id, ctx, selected)) as unknown as Awaited<ReturnType<typeof lookupNode>>[];
  },

  conversation: async (_root, { id }, ctx, info) => {
    const decoded = resolveId(id, ctx, 'Conversation');
    // The reads of its selected fields start now, beside its own, not once it has arrived.
    return loadConversation(decoded, decoded.upstreamId, ctx, conversationSelection(info, ctx.limits.maxPageSize));
  },

  conversations: async (_root, { first, after, filter }, ctx, info) => {
    const size = first ?? 25;
    if (size < 1 || size > ctx.limits.maxPageSize) {
      throw gqlError('BAD_USER_INPUT', `conversations: \`first\` must be between 1 and ${ctx.limits.maxPageSize}`, { argument: 'first' });
    }
    const opened = filter?.view ? await openView(filter.view, ctx) : null;
    const normalized = opened ? withView(normalizeFilter(filter), opened.filter) : normalizeFilter(filter);
    // Which rows match changes with the clock alone: such a page is never kept by the answer cache.
    if (isRelativeToNow(normalized)) ctx.sources.dependencies.refuse('filter relative to now');
    const asked = ctx.sources.refsOfTypes(filter?.sources?.map(sourceTypeOf));
    // A saved view lists its own source only.
    const refs = opened?.sourceKeys ? asked.filter((ref) => opened.sourceKeys!.includes(ref.key)) : asked;
    try {
      const page = await mergedInboxPage({
        sources: refs.map((ref) => ({ key: ref.key, type: ref.type, connector: ctx.sources.connector(ref.key), me: ctx.sources.me(ref.key) })),
        filter: normalized,
        first: size,
        after: after ?? null,
        // Counts depend on the filter only: asked for, they start with the lists, not after the page.
        ...(selectsField(info, 'counts') && !needsTally(normalized)
          ? {
              onStart: () =>
                startCounts(
                  ctx,
                  refs.map((ref) => ref.key),
                  normalized,
                ),
            }
          : {}),
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
  counts: (page, _args, ctx) => countsOf(page, ctx),
};

export const Node: NodeResolvers = {
  __resolveType: (value) => {
    const typename = typenameOf(value);
    if (!typename) throw new Error('node without a type tag');
    return typename as never;
  },
};
