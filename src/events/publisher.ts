import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ConversationModel, MessageModel, SuggestionModel } from '../model/index.js';
import type { EventBus } from './bus.js';
import type { ChangeSink, InboxChange } from './change.js';
import type { InboxEventInput } from './event.js';
import type { ChangeReaders } from './reader.js';

/** How many of a conversation's newest messages are searched for the message a change names. */
const RECENT_MESSAGES = 20;

export interface ChangePublisherOptions {
  bus: EventBus;
  metrics: Metrics;
  logger: Logger;
  /** How the publisher reads a tenant's source: the gateway's own view (`changeReaders(sourcesFor)`). */
  readers: ChangeReaders;
}

/** Where an event happened: what every event of one change shares. */
type EventOrigin = Pick<InboxEventInput, 'tenant' | 'sourceKey' | 'sourceType' | 'conversationUpstreamId'>;

/**
 * Turns a change on a platform (from a webhook, a poll or our own mutation) into events: it drops
 * the cached reads the change made stale, reads what it needs fresh, and publishes each event
 * once (the bus de-duplicates by a key derived from the upstream object).
 */
export class ChangePublisher implements ChangeSink {
  private readonly bus: EventBus;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly readers: ChangeReaders;

  constructor(options: ChangePublisherOptions) {
    ({ bus: this.bus, metrics: this.metrics, logger: this.logger, readers: this.readers } = options);
  }

  /** Publishes what one change means: its message or draft, and the conversation's new state. */
  async publish(change: InboxChange): Promise<void> {
    const reader = this.readers(change.tenant, change.sourceKey);
    if (!reader) {
      this.logger.warn({ tenant: change.tenant, sourceKey: change.sourceKey, kind: change.kind }, 'change of an unknown source');
      return;
    }
    reader.forgetStale(change.conversationUpstreamId);
    const conversation = await reader.conversation(change.conversationUpstreamId);
    if (!conversation) return;
    const origin: EventOrigin = { tenant: change.tenant, sourceKey: change.sourceKey, sourceType: reader.sourceType, conversationUpstreamId: change.conversationUpstreamId };
    if (change.kind === 'message') {
      const message = change.message ?? (await reader.recentMessages(conversation, RECENT_MESSAGES)).find((m) => m.upstreamId === change.messageUpstreamId) ?? null;
      if (!message) {
        this.logger.warn(
          { tenant: change.tenant, sourceKey: change.sourceKey, conversationUpstreamId: change.conversationUpstreamId, messageUpstreamId: change.messageUpstreamId },
          'message of a change not found',
        );
        return;
      }
      await this.messageAdded(origin, message, conversation);
      await this.conversationUpdated(origin, conversation);
    } else if (change.kind === 'suggestion') {
      const suggestion = change.suggestion ?? (await reader.suggestions(conversation)).find((s) => s.upstreamId === change.suggestionUpstreamId) ?? null;
      if (suggestion) await this.suggestionAdded(origin, suggestion, conversation);
    } else {
      await this.conversationUpdated(origin, conversation);
    }
  }

  private messageAdded(origin: EventOrigin, message: MessageModel, conversation: ConversationModel): Promise<void> {
    return this.emit({ ...origin, type: 'messageAdded', dedupeKey: `messageAdded:${origin.sourceKey}:${message.upstreamId}`, message, conversation });
  }

  private suggestionAdded(origin: EventOrigin, suggestion: SuggestionModel, conversation: ConversationModel): Promise<void> {
    return this.emit({ ...origin, type: 'suggestionAdded', dedupeKey: `suggestionAdded:${origin.sourceKey}:${suggestion.upstreamId}`, suggestion, conversation });
  }

  /** The conversation's state as now read: the same state seen twice is one event. */
  private conversationUpdated(origin: EventOrigin, conversation: ConversationModel): Promise<void> {
    return this.emit({
      ...origin,
      type: 'conversationUpdated',
      conversationUpstreamId: conversation.upstreamId,
      dedupeKey: `conversationUpdated:${origin.sourceKey}:${conversation.upstreamId}`,
      state: stateFingerprint(conversation),
      conversation,
    });
  }

  private async emit(event: InboxEventInput): Promise<void> {
    const published = await this.bus.publish(event);
    if (published) this.metrics.eventsPublished.inc({ type: event.type });
    else this.metrics.eventsDropped.inc({ reason: 'duplicate' });
  }
}

/** What a conversationUpdated event says changed: the same state seen twice is one event. */
function stateFingerprint(c: ConversationModel): string {
  const state = [c.status, c.priority, c.assignee?.upstreamId ?? null, c.unreadCount, c.starred, c.archived, [...c.labels].sort(), c.aiEnabled, c.lastActivityAt.getTime()];
  return createHash('sha256').update(JSON.stringify(state)).digest('base64url').slice(0, 16);
}
