import type { InboxEvent } from '../events/event.js';
import { subscribeEvents } from '../events/subscribe.js';
import type { ConversationUpdatedEventResolvers, MessageAddedEventResolvers, SubscriptionResolvers, SuggestionAddedEventResolvers } from '../generated/graphql.js';

/**
 * The event itself is the root field's value. It reads nothing of the context (an execution shared
 * by many subscribers notices any read of the viewer), and its arguments only choose which events
 * arrive: the shared execution keys on that (src/subscriptions/group-key.ts).
 */
const theEvent = (event: InboxEvent): InboxEvent => event;

export const Subscription: SubscriptionResolvers = {
  messageAdded: { subscribe: (_root, args, ctx) => subscribeEvents(ctx, 'messageAdded', args), resolve: theEvent },
  suggestionAdded: { subscribe: (_root, args, ctx) => subscribeEvents(ctx, 'suggestionAdded', args), resolve: theEvent },
  conversationUpdated: { subscribe: (_root, args, ctx) => subscribeEvents(ctx, 'conversationUpdated', args), resolve: theEvent },
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
