import type { GatewayContext } from '../context.js';
import { gqlError } from '../errors.js';
import { sourceTypeOf } from '../graph/global-ids.js';
import { resolveId } from '../graph/node-lookup.js';
import type { Source } from '../generated/graphql.js';
import { LiveHub } from '../subscriptions/live-hub.js';
import type { LiveSubscription } from '../subscriptions/live-subscription.js';
import type { EventBus } from './bus.js';
import { BadCursorError, CursorTooOldError, EventBusUnavailableError, type EventType } from './event.js';

export interface SubscribeArgs {
  conversationId?: string | null;
  sources?: readonly Source[] | null;
  since?: string | null;
}

/** One hub per bus (per gateway): a tenant's events are read once and fanned out from there. */
const hubs = new WeakMap<EventBus, LiveHub>();

/**
 * One subscription: the caller's tenant only, narrowed by type and arguments (an index picks the
 * subscriptions an event is for: nothing is executed to be discarded), replayed from `since`.
 * The transport attaches the subscription to a shared execution and the socket's outbox.
 */
export async function subscribeEvents(ctx: GatewayContext, type: EventType, args: SubscribeArgs): Promise<LiveSubscription> {
  const live = ctx.live;
  if (!live) throw gqlError('BAD_USER_INPUT', 'subscriptions are served over WebSocket (graphql-transport-ws) on /graphql');
  let conversation: { sourceKey: string; upstreamId: string } | null = null;
  if (args.conversationId) {
    const decoded = resolveId(args.conversationId, ctx, 'Conversation');
    conversation = { sourceKey: decoded.sourceKey, upstreamId: decoded.upstreamId };
  }
  const sourceTypes = args.sources?.length ? new Set(args.sources.map(sourceTypeOf)) : null;
  let hub = hubs.get(live.bus);
  if (!hub) hubs.set(live.bus, (hub = new LiveHub(live.bus, live.metrics)));
  try {
    return await hub.open(ctx.viewer.tenant, { type, sourceTypes, conversation }, args.since ?? null, live.queueCapacity);
  } catch (error) {
    if (error instanceof CursorTooOldError) throw gqlError('BAD_USER_INPUT', error.message, { argument: 'since', reason: 'CURSOR_TOO_OLD' });
    if (error instanceof BadCursorError) throw gqlError('BAD_USER_INPUT', error.message, { argument: 'since' });
    // Redis is away: say so now rather than acknowledge a subscription that would deliver nothing.
    if (error instanceof EventBusUnavailableError) throw gqlError('SERVICE_UNAVAILABLE', error.message, { reason: 'EVENT_BUS_UNAVAILABLE', retryable: true });
    throw error;
  }
}
