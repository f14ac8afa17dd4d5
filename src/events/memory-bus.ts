import { LRUCache } from 'lru-cache';
import type { BusSubscription, EventBus } from './bus.js';
import { BadCursorError, CursorTooOldError, type InboxEvent, type InboxEventInput } from './event.js';

const DEDUPE_TTL_MS = 24 * 3600 * 1000;

interface TenantLog {
  /** The newest `capacity` events, oldest first. */
  events: InboxEvent[];
  /** Sequence number of the last event published (0: none yet). */
  last: number;
  listeners: Set<(event: InboxEvent) => void>;
}

/**
 * The in-process bus (no Redis): a ring buffer per tenant for replay, listeners for live
 * delivery. Publishing and subscribing are synchronous at their core, so a subscriber's replay
 * and its live events meet without a gap or a duplicate.
 */
export class MemoryEventBus implements EventBus {
  private readonly logs = new Map<string, TenantLog>();
  private readonly seen = new LRUCache<string, true>({ max: 200_000, ttl: DEDUPE_TTL_MS });
  private readonly lastState = new LRUCache<string, string>({ max: 200_000, ttl: DEDUPE_TTL_MS });

  /** Distinguishes this process's cursors from those of an earlier run. */
  private readonly epoch = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);

  constructor(private readonly capacity = 10_000) {}

  async publish(input: InboxEventInput): Promise<InboxEvent | null> {
    const dedupe = `${input.tenant}\u0000${input.dedupeKey}`;
    if (input.state !== undefined) {
      if (this.lastState.get(dedupe) === input.state) return null;
      this.lastState.set(dedupe, input.state);
    } else {
      if (this.seen.has(dedupe)) return null;
      this.seen.set(dedupe, true);
    }
    const log = this.log(input.tenant);
    const event: InboxEvent = { ...input, cursor: `${this.epoch}.${++log.last}` };
    log.events.push(event);
    if (log.events.length > this.capacity) log.events.splice(0, log.events.length - this.capacity);
    for (const listener of log.listeners) listener(event);
    return event;
  }

  async subscribe(tenant: string, since: string | null, deliver: (event: InboxEvent) => void): Promise<BusSubscription> {
    const log = this.log(tenant);
    if (since !== null) {
      const match = /^([a-z0-9]+)\.(\d+)$/.exec(since);
      if (!match) throw new BadCursorError();
      // A cursor of another process (before a restart) names a log that is gone.
      if (match[1] !== this.epoch) throw new CursorTooOldError();
      const position = Number(match[2]);
      if (position > log.last) throw new BadCursorError();
      const oldest = log.events[0] ? sequence(log.events[0].cursor) : log.last + 1;
      if (position < oldest - 1) throw new CursorTooOldError();
      for (const event of log.events) if (sequence(event.cursor) > position) deliver(event);
    }
    log.listeners.add(deliver);
    return { unsubscribe: () => log.listeners.delete(deliver) };
  }

  async close(): Promise<void> {
    for (const log of this.logs.values()) log.listeners.clear();
  }

  private log(tenant: string): TenantLog {
    let log = this.logs.get(tenant);
    if (!log) this.logs.set(tenant, (log = { events: [], last: 0, listeners: new Set() }));
    return log;
  }
}

function sequence(cursor: string): number {
  return Number(cursor.slice(cursor.indexOf('.') + 1));
}
