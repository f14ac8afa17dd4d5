import type { GatewayContext } from '../context.js';
import type { InboxEvent } from '../events/event.js';
import { subscribeEvents } from '../events/subscribe.js';
import type { ConversationUpdatedEventResolvers, MessageAddedEventResolvers, SubscriptionResolvers, SuggestionAddedEventResolvers } from '../generated/graphql.js';

/** Each event is resolved with fresh connectors: a subscription lives for hours, loaders must not. */
function fresh(event: InboxEvent, _args: unknown, ctx: GatewayContext): InboxEvent {
  ctx.sources.reset();
  return event;
}

export const Subscription: SubscriptionResolvers = {
  messageAdded: { subscribe: (_root, args, ctx) => subscribeEvents(ctx, 'messageAdded', args), resolve: fresh },
  suggestionAdded: { subscribe: (_root, args, ctx) => subscribeEvents(ctx, 'suggestionAdded', args), resolve: fresh },
  conversationUpdated: { subscribe: (_root, args, ctx) => subscribeEvents(ctx, 'conversationUpdated', args), resolve: fresh },
};

export const MessageAddedEvent: MessageAddedEventResolvers = {
  cursor: (e) => e.cursor,
  message: (e) => e.message!,
  conversation: (e) => e.conversation ?? null,
};

export const SuggestionAddedEvent: SuggestionAddedEventResolvers = {
  cursor: (e) => e.cursor,
  suggestion: (e) => e.suggestion!,
  conversation: (e) => e.conversation ?? null,
};

export const ConversationUpdatedEvent: ConversationUpdatedEventResolvers = {
  cursor: (e) => e.cursor,
  conversation: (e) => e.conversation!,
};
