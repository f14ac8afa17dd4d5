import { createHash } from 'node:crypto';
import { ExponentialBackoff, handleAll, retry, type RetryPolicy } from 'cockatiel';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ConversationModel, MessageModel, SuggestionModel } from '../model/index.js';
import type { EventBus } from './bus.js';
import type { ChangeSink, InboxChange, PublishOrder } from './change.js';
import { EventBusUnavailableError, type InboxEvent, type InboxEventInput } from './event.js';
import { HeldEvents } from './held-events.js';
import type { ChangeReader, ChangeReaders } from './reader.js';

/** How many of a conversation's newest messages are searched for the message a change names. */
const RECENT_MESSAGES = 20;

export interface ChangePublisherOptions {
  bus: EventBus;
  metrics: Metrics;
  logger: Logger;
  /** How the publisher reads a tenant's source: the gateway's own view (`changeReaders(sourcesFor)`). */
  readers: ChangeReaders;
  /** Retries of an append the bus refused (Redis away) before the event is held; default 3. */
  publishRetries?: number;
  /** Events held in this process while the bus is away, published when it is back; default 10,000. */
  heldEventsCapacity?: number;
  /** How often held events are retried; default 1000 ms. */
  heldEventsRetryMs?: number;
}

/** Where an event happened: what every event of one change shares. */
type EventOrigin = Pick<InboxEventInput, 'tenant' | 'sourceKey' | 'sourceType' | 'conversationUpstreamId'>;

/**
 * Turns a change on a platform (from a webhook, a poll or our own mutation) into events: it drops
 * the cached reads the change made stale, reads what it needs fresh, and publishes each event
 * once (the bus de-duplicates by a key derived from the upstream object). When the bus cannot
 * append (Redis away) it retries a few times, then holds the event and publishes it when the bus is
 * back; `publish` then throws EventBusUnavailableError so a poller keeps its watermark.
 */
export class ChangePublisher implements ChangeSink {
  private readonly bus: EventBus;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly readers: ChangeReaders;
  private readonly appends: RetryPolicy;
  private readonly held: HeldEvents;
  private heldDropped = 0;

  constructor(options: ChangePublisherOptions) {
    ({ bus: this.bus, metrics: this.metrics, logger: this.logger, readers: this.readers } = options);
    this.appends = retry(handleAll, { maxAttempts: options.publishRetries ?? 3, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1_000 }) });
    this.held = new HeldEvents({
      bus: this.bus,
      capacity: options.heldEventsCapacity ?? 10_000,
      retryMs: options.heldEventsRetryMs ?? 1_000,
      onPublished: (event, published) => this.counted(event, published),
      onDropped: (event) => {
        this.metrics.eventsDropped.inc({ reason: 'bus_unavailable' });
        // Counted each time; logged the first time and then every 1,000th, not once per event.
        if (this.heldDropped++ % 1_000 === 0) {
          this.logger.warn(
            { tenant: event.tenant, type: event.type, droppedSoFar: this.heldDropped },
            'held events dropped: more events wait for the bus than limits.eventHoldSize',
          );
        }
      },
    });
  }

  /** Events waiting for the bus to come back. */
  get heldEvents(): number {
    return this.held.size;
  }

  /** Publishes what is held if the bus is back (a graceful shutdown), then stops retrying. */
  close(): Promise<void> {
    return this.held.close();
  }

  /**
   * Publishes what one change means: its message or draft, and the conversation's new state; with
   * `order`, its events are appended only once `order.after` has resolved (its reads do not wait),
   * and its conversation read (the stale reads dropped, then read fresh) runs through `order.read`.
   */
  async publish(change: InboxChange, order?: PublishOrder): Promise<void> {
    const reader = this.readers(change.tenant, change.sourceKey);
    if (!reader) {
      this.logger.warn({ tenant: change.tenant, sourceKey: change.sourceKey, kind: change.kind }, 'change of an unknown source');
      return;
    }
    const fresh = async () => {
      await reader.forgetStale(change.conversationUpstreamId);
      return reader.conversation(change.conversationUpstreamId);
    };
    const conversation = await (order?.read ? order.read(fresh) : fresh());
    if (!conversation) return;
    if (order) await order.after;
    const origin: EventOrigin = { tenant: change.tenant, sourceKey: change.sourceKey, sourceType: reader.sourceType, conversationUpstreamId: change.conversationUpstreamId };
    const sent = await this.events(change, origin, reader, conversation);
    // Every event was read and is held: it will be published, but has not been yet.
    if (!sent) throw new EventBusUnavailableError();
  }

  /** Emits the change's events; false when one was held because the bus was away. */
  private async events(change: InboxChange, origin: EventOrigin, reader: ChangeReader, conversation: ConversationModel): Promise<boolean> {
    if (change.kind === 'message') {
      const message = change.message ?? (await reader.recentMessages(conversation, RECENT_MESSAGES)).find((m) => m.upstreamId === change.messageUpstreamId) ?? null;
      if (!message) {
        this.logger.warn(
          { tenant: change.tenant, sourceKey: change.sourceKey, conversationUpstreamId: change.conversationUpstreamId, messageUpstreamId: change.messageUpstreamId },
          'message of a change not found',
        );
        return true;
      }
      const added = await this.messageAdded(origin, message, conversation);
      return (await this.conversationUpdated(origin, conversation)) && added;
    }
    if (change.kind === 'suggestion') {
      const suggestion = change.suggestion ?? (await reader.suggestions(conversation)).find((s) => s.upstreamId === change.suggestionUpstreamId) ?? null;
      return suggestion ? this.suggestionAdded(origin, suggestion, conversation) : true;
    }
    return this.conversationUpdated(origin, conversation);
  }

  private messageAdded(origin: EventOrigin, message: MessageModel, conversation: ConversationModel): Promise<boolean> {
    return this.emit({ ...origin, type: 'messageAdded', dedupeKey: `messageAdded:${origin.sourceKey}:${message.upstreamId}`, message, conversation });
  }

  private suggestionAdded(origin: EventOrigin, suggestion: SuggestionModel, conversation: ConversationModel): Promise<boolean> {
    return this.emit({ ...origin, type: 'suggestionAdded', dedupeKey: `suggestionAdded:${origin.sourceKey}:${suggestion.upstreamId}`, suggestion, conversation });
  }

  /** The conversation's state as now read: the same state seen twice is one event. */
  private conversationUpdated(origin: EventOrigin, conversation: ConversationModel): Promise<boolean> {
    return this.emit({
      ...origin,
      type: 'conversationUpdated',
      conversationUpstreamId: conversation.upstreamId,
      dedupeKey: `conversationUpdated:${origin.sourceKey}:${conversation.upstreamId}`,
      state: stateFingerprint(conversation),
      conversation,
    });
  }

  /** True when published (or a duplicate); false when held until the bus is back. */
  private async emit(event: InboxEventInput): Promise<boolean> {
    // Held events go first when the bus is back; while it is not, this one queues behind them.
    if (this.held.size > 0) await this.held.flush();
    if (this.held.size > 0) {
      this.held.hold(event);
      return false;
    }
    let published: InboxEvent | null;
    try {
      // Retrying is safe: an append whose answer was lost is found a duplicate.
      published = await this.appends.execute(() => this.bus.publish(event));
    } catch (error) {
      this.logger.warn({ tenant: event.tenant, type: event.type, sourceKey: event.sourceKey, err: (error as Error).message }, 'event held: the bus cannot append');
      this.held.hold(event);
      return false;
    }
    this.held.forget(event);
    this.counted(event, published);
    return true;
  }

  private counted(event: InboxEventInput, published: InboxEvent | null): void {
    if (published) this.metrics.eventsPublished.inc({ type: event.type });
    else this.metrics.eventsDropped.inc({ reason: 'duplicate' });
  }
}

/** What a conversationUpdated event says changed: the same state seen twice is one event. */
function stateFingerprint(c: ConversationModel): string {
  // The preview too: an edited or deleted last message (Voxys `message_updated`) changes the inbox row.
  const state = [
    c.status,
    c.priority,
    c.assignee?.upstreamId ?? null,
    c.unreadCount,
    c.starred,
    c.archived,
    [...c.labels].sort(),
    c.aiEnabled,
    c.lastActivityAt.getTime(),
    c.lastMessagePreview,
  ];
  return createHash('sha256').update(JSON.stringify(state)).digest('base64url').slice(0, 16);
}
