import type { GatewayContext } from '../context.js';
import type { ConversationModel, DeferredField } from '../model/index.js';

/**
 * A conversation field's value, completing the row first when its list row deferred that field.
 * A field the row has is answered as a plain value, not a promise: graphql-js completes a plain
 * value at once, while each promise costs an allocation, a microtask and (for its row) a wait for
 * all of the row's fields together; an inbox page has hundreds of such fields.
 */
export function hydratedField<F extends DeferredField>(conversation: ConversationModel, field: F, ctx: GatewayContext): ConversationModel[F] | Promise<ConversationModel[F]> {
  if (!conversation.deferred?.has(field)) return conversation[field];
  return ctx.sources
    .connector(conversation.ref.key)
    .hydrate(conversation)
    .then((complete) => complete[field]);
}

/** Resolvers for the deferrable scalar/object fields of Conversation. */
export function hydratedResolvers<F extends DeferredField>(fields: readonly F[]) {
  return Object.fromEntries(fields.map((field) => [field, (c: ConversationModel, _args: unknown, ctx: GatewayContext) => hydratedField(c, field, ctx)])) as {
    [K in F]: (c: ConversationModel, args: unknown, ctx: GatewayContext) => ConversationModel[K] | Promise<ConversationModel[K]>;
  };
}
