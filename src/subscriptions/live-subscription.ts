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

/**
 * One live subscription, as the field's `subscribe` resolver returns it: its tenant's events that
 * pass its filter, in cursor order. Until the transport attaches a sink (the shared execution and
 * the socket's outbox), events wait here, bounded like any backlog. For graphql-ws it is an async
 * iterator that yields nothing and ends when the subscription does: the frames go out through
 * the sink, and `return()` (the client's `complete`, or the socket closing) ends it.
 */
export class LiveSubscription implements AsyncIterableIterator<never> {
  private sink: ((event: InboxEvent) => void) | null = null;
  private early: SubscriberQueue<InboxEvent> | null;
  private readonly waiting: ((result: IteratorReturnResult<undefined>) => void)[] = [];
  private readonly onClose: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly tenant: string,
    readonly filter: EventFilter,
    capacity: number,
    private readonly onDropped: () => void,
  ) {
    this.early = new SubscriberQueue(capacity);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** An event for this subscription (already filtered). */
  receive(event: InboxEvent): void {
    if (this.closed) return;
    if (this.sink) return this.sink(event);
    if (this.early!.push(event)) this.onDropped();
  }

  /** From now on events go to `sink`, those that waited first. */
  attach(sink: (event: InboxEvent) => void): void {
    if (this.closed) return;
    const early = this.early!;
    this.early = null;
    this.sink = sink;
    for (let event = early.shift(); event !== undefined; event = early.shift()) sink(event);
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
    this.early = null;
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
