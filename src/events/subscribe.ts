import type { GatewayContext } from '../context.js';
import { gqlError } from '../errors.js';
import { sourceTypeOf } from '../graph/global-ids.js';
import { resolveId } from '../graph/node-lookup.js';
import type { Source } from '../generated/graphql.js';
import { BadCursorError, CursorTooOldError, EventBusUnavailableError, type EventType, type InboxEvent } from './event.js';
import { SubscriberQueue } from './subscriber-queue.js';

export interface SubscribeArgs {
  conversationId?: string | null;
  sources?: readonly Source[] | null;
  since?: string | null;
}

/**
 * One subscription: the caller's tenant only, narrowed by type and arguments, replayed from
 * `since`, through a bounded queue (drop-oldest for slow consumers).
 */
export async function subscribeEvents(ctx: GatewayContext, type: EventType, args: SubscribeArgs): Promise<AsyncIterableIterator<InboxEvent>> {
  const live = ctx.live;
  if (!live) throw gqlError('BAD_USER_INPUT', 'subscriptions are served over WebSocket (graphql-transport-ws) on /graphql');
  let conversation: { sourceKey: string; upstreamId: string } | null = null;
  if (args.conversationId) {
    const decoded = resolveId(args.conversationId, ctx, 'Conversation');
    conversation = { sourceKey: decoded.sourceKey, upstreamId: decoded.upstreamId };
  }
  const types = args.sources?.length ? new Set(args.sources.map(sourceTypeOf)) : null;
  const wanted = (event: InboxEvent) =>
    event.type === type &&
    (types === null || types.has(event.sourceType)) &&
    (conversation === null || (event.sourceKey === conversation.sourceKey && event.conversationUpstreamId === conversation.upstreamId));

  const { metrics } = live;
  let unsubscribe = () => undefined as void;
  const queue = new SubscriberQueue<InboxEvent>(
    live.queueCapacity,
    () => metrics.eventsDropped.inc({ reason: 'slow_consumer' }),
    () => {
      unsubscribe();
      metrics.subscriptionsActive.dec();
    },
  );
  metrics.subscriptionsActive.inc();
  try {
    const subscription = await live.bus.subscribe(ctx.viewer.tenant, args.since ?? null, (event) => {
      if (wanted(event)) queue.push(event);
    });
    unsubscribe = () => subscription.unsubscribe();
  } catch (error) {
    queue.close();
    if (error instanceof CursorTooOldError) throw gqlError('BAD_USER_INPUT', error.message, { argument: 'since', reason: 'CURSOR_TOO_OLD' });
    if (error instanceof BadCursorError) throw gqlError('BAD_USER_INPUT', error.message, { argument: 'since' });
    // Redis is away: say so now rather than acknowledge a subscription that would deliver nothing.
    if (error instanceof EventBusUnavailableError) throw gqlError('SERVICE_UNAVAILABLE', error.message, { reason: 'EVENT_BUS_UNAVAILABLE', retryable: true });
    throw error;
  }
  return queue;
}
