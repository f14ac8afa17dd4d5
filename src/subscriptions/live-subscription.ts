import type { EventType, InboxEvent } from '../events/event.js';
import { SubscriberQueue } from '../events/subscriber-queue.js';
import type { SourceType } from '../model/index.js';

/** What one subscription wants of its tenant's events: checked before anything is executed. */
export interface EventFilter {
  type: EventType;
  /** Only these platforms' events; null: all. */
  sourceTypes: ReadonlySet<SourceType> | null;
  /** Only this conversation's events; null: all. */
  conversation: { sourceKey: string; upstreamId: string } | null;
}

export function matches(filter: EventFilter, event: InboxEvent): boolean {
  return (
    event.type === filter.type &&
    (filter.sourceTypes === null || filter.sourceTypes.has(event.sourceType)) &&
    (filter.conversation === null || (event.sourceKey === filter.conversation.sourceKey && event.conversationUpstreamId === filter.conversation.upstreamId))
  );
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** How a sink says whether it can take an event now, and what an overflow costs (the socket's policy). */
export interface SinkFlow {
  /** True when the sink takes an event without it waiting (its socket is not backed up). */
  hasRoom(): boolean;
  /** A live event waiting behind the replay was dropped to stay bounded: counts it, or closes the socket. */
  overflowed(): void;
}

const ALWAYS_ROOM: SinkFlow = { hasRoom: () => true, overflowed: () => undefined };

/**
 * One live subscription, as the field's `subscribe` resolver returns it: its tenant's events that
 * pass its filter, in cursor order. A `since` replay is paced: its events wait here (they are the
 * log's own events, so they are bounded by the log's window) and go to the sink only while it has
 * room, as its socket drains. Live events arriving meanwhile (or before the transport attaches a
 * sink) wait behind them in a queue of `capacity`, overflowing as any backlog does. Once nothing
 * waits, live events go straight to the sink, whose outbox bounds them. For graphql-ws it is an
 * async iterator that yields nothing and ends when the subscription does: the frames go out
 * through the sink, and `return()` (the client's `complete`, or the socket closing) ends it.
 */
export class LiveSubscription implements AsyncIterableIterator<never> {
  private sink: ((event: InboxEvent) => void) | null = null;
  private flow: SinkFlow = ALWAYS_ROOM;
  /** Replayed events not yet handed to the sink, from `replayHead` on. */
  private replayed: InboxEvent[] = [];
  private replayHead = 0;
  private live: SubscriberQueue<InboxEvent>;
  private pumping = false;
  private readonly waiting: ((result: IteratorReturnResult<undefined>) => void)[] = [];
  private readonly onClose: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly tenant: string,
    readonly filter: EventFilter,
    capacity: number,
    private readonly onDropped: () => void,
  ) {
    this.live = new SubscriberQueue(capacity);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Events waiting here for the sink (replayed, and live ones behind them). */
  get backlog(): number {
    return this.replayed.length - this.replayHead + this.live.size;
  }

  /** An event of the replay (already filtered): the log's events after `since`, until the replay joins the fan-out. */
  replay(event: InboxEvent): void {
    if (this.closed) return;
    this.replayed.push(event);
    this.pump();
  }

  /** A live event for this subscription (already filtered). */
  receive(event: InboxEvent): void {
    if (this.closed) return;
    if (this.sink && this.backlog === 0) return this.sink(event);
    if (this.live.push(event)) {
      if (this.sink) this.flow.overflowed();
      else this.onDropped();
    }
    this.pump();
  }

  /** From now on events go to `sink`, those that waited first, as fast as `flow` has room. */
  attach(sink: (event: InboxEvent) => void, flow: SinkFlow = ALWAYS_ROOM): void {
    if (this.closed) return;
    this.sink = sink;
    this.flow = flow;
    this.pump();
  }

  /** Hands waiting events to the sink while it has room (its outbox calls this as the socket drains). */
  pump(): void {
    if (this.pumping) return; // a sink that calls back into pump() while taking an event
    this.pumping = true;
    try {
      while (this.sink && !this.closed && this.backlog > 0 && this.flow.hasRoom()) {
        const event = this.replayHead < this.replayed.length ? this.replayed[this.replayHead++]! : this.live.shift()!;
        if (this.replayHead === this.replayed.length) {
          this.replayed = [];
          this.replayHead = 0;
        }
        this.sink(event);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Runs `callback` once when the subscription ends (at once if it has). */
  whenClosed(callback: () => void): void {
    if (this.closed) callback();
    else this.onClose.push(callback);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sink = null;
    this.replayed = [];
    this.replayHead = 0;
    this.live.clear();
    for (const callback of this.onClose.splice(0)) callback();
    for (const resolve of this.waiting.splice(0)) resolve(DONE);
  }

  next(): Promise<IteratorResult<never>> {
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<never>> {
    this.close();
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<never>> {
    this.close();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }
}
