import type { EventBus } from './bus.js';
import type { InboxEvent, InboxEventInput } from './event.js';

export interface HeldEventsOptions {
  bus: EventBus;
  /** Events held at most; past it the oldest is dropped (and reported). */
  capacity: number;
  /** How often a flush is tried while events are held. */
  retryMs: number;
  /** An event left the holding area: published (an event) or already published (null). */
  onPublished(input: InboxEventInput, published: InboxEvent | null): void;
  /** An event was dropped because the holding area was full. */
  onDropped(input: InboxEventInput): void;
}

/**
 * Events read while the bus could not take them (Redis away), kept in order in this process and
 * published as soon as the bus answers again, so an outage delays events instead of losing them.
 * Bounded: past `capacity` the oldest is dropped and reported. The same event held twice (a poll
 * finding it again) is held once; a newer state of a conversation replaces the older one.
 */
export class HeldEvents {
  private readonly held = new Map<string, InboxEventInput>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: HeldEventsOptions) {}

  get size(): number {
    return this.held.size;
  }

  hold(event: InboxEventInput): void {
    const key = keyOf(event);
    if (event.state === undefined && this.held.has(key)) return;
    // A newer state goes last, in the older one's place: subscribers never see states go backwards.
    this.held.delete(key);
    this.held.set(key, event);
    for (const [oldest, dropped] of this.held) {
      if (this.held.size <= this.options.capacity) break;
      this.held.delete(oldest);
      this.options.onDropped(dropped);
    }
    this.schedule();
  }

  /** A state was published directly: an older one still held must not follow it. */
  forget(event: InboxEventInput): void {
    if (event.state !== undefined) this.held.delete(keyOf(event));
  }

  /** Publishes what is held, oldest first, stopping at the first failure (the bus is still away). */
  flush(): Promise<void> {
    this.flushing ??= this.publishHeld().finally(() => {
      this.flushing = null;
      this.schedule();
    });
    return this.flushing;
  }

  /** One last flush (a graceful shutdown), then no more retries. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async publishHeld(): Promise<void> {
    for (const [key, event] of this.held) {
      let published: InboxEvent | null;
      try {
        published = await this.options.bus.publish(event);
      } catch {
        return;
      }
      // A newer state may have replaced this one while it was being published: keep that one.
      if (this.held.get(key) === event) this.held.delete(key);
      this.options.onPublished(event, published);
    }
  }

  private schedule(): void {
    if (this.closed || this.held.size === 0 || this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.retryMs);
    this.timer.unref();
  }
}

function keyOf(event: InboxEventInput): string {
  return `${event.tenant}\u0000${event.dedupeKey}`;
}
