import type { BusSubscription, EventBus } from '../events/bus.js';
import type { EventType, InboxEvent } from '../events/event.js';
import type { Metrics } from '../metrics.js';
import type { SourceType } from '../model/index.js';
import { LiveSubscription, matches, type EventFilter } from './live-subscription.js';

/** One event type's subscriptions, indexed by what they filter on. */
class TypeIndex {
  readonly all = new Set<LiveSubscription>();
  readonly bySource = new Map<SourceType, Set<LiveSubscription>>();
  readonly byConversation = new Map<string, Set<LiveSubscription>>();

  add(sub: LiveSubscription): void {
    const { conversation, sourceTypes } = sub.filter;
    if (conversation) setIn(this.byConversation, conversationKey(conversation.sourceKey, conversation.upstreamId)).add(sub);
    else if (sourceTypes) for (const type of sourceTypes) setIn(this.bySource, type).add(sub);
    else this.all.add(sub);
  }

  delete(sub: LiveSubscription): void {
    const { conversation, sourceTypes } = sub.filter;
    if (conversation) deleteIn(this.byConversation, conversationKey(conversation.sourceKey, conversation.upstreamId), sub);
    else if (sourceTypes) for (const type of sourceTypes) deleteIn(this.bySource, type, sub);
    else this.all.delete(sub);
  }

  /** Hands `event` to exactly the subscriptions that want it: three lookups, no scan. */
  dispatch(event: InboxEvent): void {
    for (const sub of this.all) sub.receive(event);
    const bySource = this.bySource.get(event.sourceType);
    if (bySource) for (const sub of bySource) sub.receive(event);
    const byConversation = this.byConversation.get(conversationKey(event.sourceKey, event.conversationUpstreamId));
    if (byConversation) for (const sub of byConversation) if (matches(sub.filter, event)) sub.receive(event);
  }
}

/**
 * One tenant's live events in this process: a single bus subscription, fanned out through an
 * index to the subscriptions that want each event. A subscription with `since` first reads its
 * own replay from the bus, then joins the index at the event where its replay meets the live
 * stream, so it sees no gap and no duplicate.
 */
class TenantFanOut {
  readonly ready: Promise<BusSubscription>;
  /** Cursor of the newest event dispatched. */
  private lastCursor: string | null = null;
  private readonly types = new Map<EventType, TypeIndex>();
  /** Subscriptions (indexed, replaying, or still being opened). */
  refs = 0;

  constructor(bus: EventBus, tenant: string) {
    this.ready = bus.subscribe(tenant, null, (event) => {
      this.lastCursor = event.cursor;
      this.types.get(event.type)?.dispatch(event);
    });
  }

  index(sub: LiveSubscription): void {
    let index = this.types.get(sub.filter.type);
    if (!index) this.types.set(sub.filter.type, (index = new TypeIndex()));
    index.add(sub);
  }

  unindex(sub: LiveSubscription): void {
    this.types.get(sub.filter.type)?.delete(sub);
  }

  /** True when `cursor` is the newest event dispatched (a replay reaching it may join the index). */
  isNewest(cursor: string): boolean {
    return cursor === this.lastCursor;
  }
}

/**
 * Every live subscription of this process, one `TenantFanOut` per tenant with subscribers. A
 * tenant's bus subscription is opened by its first subscriber and released with its last.
 */
export class LiveHub {
  private readonly tenants = new Map<string, TenantFanOut>();

  constructor(
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Opens a subscription to `tenant`'s events passing `filter`, live from now or replayed from
   * `since`. Throws what the bus throws (CursorTooOldError, BadCursorError, EventBusUnavailableError).
   */
  async open(tenant: string, filter: EventFilter, since: string | null, capacity: number): Promise<LiveSubscription> {
    let fan = this.tenants.get(tenant);
    if (!fan) this.tenants.set(tenant, (fan = new TenantFanOut(this.bus, tenant)));
    const tenantFan = fan;
    tenantFan.refs++;
    const release = () => {
      if (--tenantFan.refs > 0) return;
      if (this.tenants.get(tenant) === tenantFan) this.tenants.delete(tenant);
      tenantFan.ready.then((subscription) => subscription.unsubscribe()).catch(() => undefined);
    };
    let replay: BusSubscription | undefined;
    try {
      await tenantFan.ready;
      // Each subscribe asks the bus itself (a live one costs a round trip to Redis): while the bus is
      // away, a subscription is refused at once instead of acknowledged and left without events.
      if (since === null) (await this.bus.subscribe(tenant, null, ignore)).unsubscribe();
      const sub = new LiveSubscription(tenant, filter, capacity, () => this.metrics.eventsDropped.inc({ reason: 'slow_consumer' }));
      if (since === null) tenantFan.index(sub);
      else replay = await this.replay(tenantFan, sub, since);
      this.metrics.subscriptionsActive.inc();
      sub.whenClosed(() => {
        replay?.unsubscribe();
        tenantFan.unindex(sub);
        this.metrics.subscriptionsActive.dec();
        release();
      });
      return sub;
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Replays from `since` on a bus subscription of the subscriber's own. The tenant's fan-out was
   * subscribed first, so it sees every live event before this one does: when the replay
   * delivers the event the fan-out dispatched last, everything later will come through the
   * index, and the subscription moves there (its own bus subscription is released).
   */
  private async replay(fan: TenantFanOut, sub: LiveSubscription, since: string): Promise<BusSubscription> {
    let joined = false;
    let own: BusSubscription | null = null;
    const subscription = await this.bus.subscribe(sub.tenant, since, (event) => {
      if (joined || sub.isClosed) return;
      if (matches(sub.filter, event)) sub.replay(event);
      if (fan.isNewest(event.cursor)) {
        joined = true;
        fan.index(sub);
        // A replay delivered inside `subscribe` itself is released below, once it exists.
        own?.unsubscribe();
      }
    });
    own = subscription;
    if (joined) subscription.unsubscribe();
    return subscription;
  }
}

const ignore = (): void => undefined;

function conversationKey(sourceKey: string, upstreamId: string): string {
  return `${sourceKey}\u0000${upstreamId}`;
}

function setIn<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function deleteIn<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set?.delete(value) && set.size === 0) map.delete(key);
}
