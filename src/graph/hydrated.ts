import type { GatewayContext } from '../context.js';
import type { ConversationModel, DeferredField } from '../model/index.js';

/** A conversation field's value, completing the row first when its list row deferred that field. */
export async function hydratedField<F extends DeferredField>(conversation: ConversationModel, field: F, ctx: GatewayContext): Promise<ConversationModel[F]> {
  if (!conversation.deferred?.has(field)) return conversation[field];
  const complete = await ctx.sources.connector(conversation.ref.key).hydrate(conversation);
  return complete[field];
}

/** Resolvers for the deferrable scalar/object fields of Conversation. */
export function hydratedResolvers<F extends DeferredField>(fields: readonly F[]) {
  return Object.fromEntries(fields.map((field) => [field, (c: ConversationModel, _args: unknown, ctx: GatewayContext) => hydratedField(c, field, ctx)])) as {
    [K in F]: (c: ConversationModel, args: unknown, ctx: GatewayContext) => Promise<ConversationModel[K]>;
  };
}
