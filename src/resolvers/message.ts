import { gqlError } from '../errors.js';
import type { MessageConnectionResolvers, MessageResolvers, SenderResolvers } from '../generated/graphql.js';
import { encodeId, sourceEnum } from '../graph/global-ids.js';
import type { MessagePageArgs } from '../model/index.js';

const DEFAULT_MESSAGES = 20;

/** Validates a thread slice's arguments (Relay rules) and caps its size. */
export function messagePageArgs(args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null }, maxPageSize: number): MessagePageArgs {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw gqlError('BAD_USER_INPUT', 'messages: give `first` or `last`, not both');
  if (after != null && before != null) throw gqlError('BAD_USER_INPUT', 'messages: give `after` or `before`, not both');
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 1 || value > maxPageSize)) {
      throw gqlError('BAD_USER_INPUT', `messages: \`${name}\` must be between 1 and ${maxPageSize}`);
    }
  }
  if (after != null) return { first: first ?? last ?? DEFAULT_MESSAGES, after };
  if (before != null) return { last: last ?? first ?? DEFAULT_MESSAGES, before };
  if (first != null) return { first };
  return { last: last ?? DEFAULT_MESSAGES };
}

export const Message: MessageResolvers = {
  id: (m) => encodeId('Message', m.ref, m.upstreamId, m.conversationUpstreamId),
  source: (m) => sourceEnum(m.ref.type),
  conversation: (m, _args, ctx) => ctx.sources.connector(m.ref.key).conversation(m.conversationUpstreamId),
};

export const MessageConnection: MessageConnectionResolvers = {
  edges: (page) => page.items.map((node) => ({ cursor: node.cursor, node })),
  pageInfo: (page) => ({
    hasPreviousPage: page.hasOlder,
    hasNextPage: page.hasNewer,
    startCursor: page.items[0]?.cursor ?? null,
    endCursor: page.items[page.items.length - 1]?.cursor ?? null,
  }),
};

export const Sender: SenderResolvers = {
  __resolveType: (sender) => sender.kind,
};
