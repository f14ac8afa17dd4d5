import type { GatewayContext } from '../context.js';
import type { ConversationModel, MessageModel } from '../model/index.js';

/**
 * Tells subscribers what our own write changed, as a change like any webhook's or poll's (the same
 * change arriving later by webhook or poll is de-duplicated by the bus). The publisher reads it
 * as the gateway sees it, not as the user who acted, so every subscriber gets the same event.
 * A failure to publish never fails the mutation.
 */
export async function announce(ctx: GatewayContext, sourceKey: string, conversation: ConversationModel | null, message?: MessageModel): Promise<void> {
  const live = ctx.live;
  if (!live || !conversation) return;
  const origin = { tenant: ctx.viewer.tenant, sourceKey, conversationUpstreamId: conversation.upstreamId };
  try {
    // The message as the user's request read it is not what subscribers get: the publisher reads it anew.
    if (message) await live.publisher.publish({ ...origin, kind: 'message', messageUpstreamId: message.upstreamId, message: null });
    else await live.publisher.publish({ ...origin, kind: 'conversation' });
  } catch {
    // The change happened upstream. When the bus is away the publisher holds its events and
    // publishes them once it is back; a failed read leaves it to webhooks or polling.
  }
}
