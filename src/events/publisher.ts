import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ConversationModel, MessageModel, SuggestionModel } from '../model/index.js';
import type { RequestSources } from '../sources.js';
import type { EventBus } from './bus.js';
import type { InboxEventInput } from './event.js';

/**
 * Turns a change on a platform (from a webhook, a poll or our own mutation) into events: it drops
 * the cached reads the change made stale, reads what it needs fresh, and publishes each event
 * once (the bus de-duplicates by a key derived from the upstream object).
 */
export class ChangePublisher {
  constructor(
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  async messageAdded(sources: RequestSources, sourceKey: string, conversationUpstreamId: string, messageUpstreamId: string, known: MessageModel | null): Promise<void> {
    sources.afterWrite(sourceKey, conversationUpstreamId);
    const connector = sources.connector(sourceKey);
    const conversation = await connector.conversation(conversationUpstreamId);
    if (!conversation) return;
    let message = known;
    if (!message) {
      const page = await connector.messages(conversation, { last: 20 });
      message = page.items.find((m) => m.upstreamId === messageUpstreamId) ?? null;
    }
    if (!message) {
      this.logger.warn({ sourceKey, conversationUpstreamId, messageUpstreamId }, 'message of a change not found');
      return;
    }
    await this.publish(sources, { type: 'messageAdded', sourceKey, conversationUpstreamId, dedupeKey: `messageAdded:${sourceKey}:${message.upstreamId}`, message, conversation });
    await this.conversationUpdated(sources, sourceKey, conversation);
  }

  async suggestionAdded(sources: RequestSources, sourceKey: string, conversationUpstreamId: string, suggestionUpstreamId: string, known: SuggestionModel | null): Promise<void> {
    sources.afterWrite(sourceKey, conversationUpstreamId);
    const connector = sources.connector(sourceKey);
    const conversation = await connector.conversation(conversationUpstreamId);
    if (!conversation) return;
    const suggestion = known ?? ((await connector.suggestions?.(conversation)) ?? []).find((s) => s.upstreamId === suggestionUpstreamId) ?? null;
    if (!suggestion) return;
    await this.publish(sources, {
      type: 'suggestionAdded',
      sourceKey,
      conversationUpstreamId,
      dedupeKey: `suggestionAdded:${sourceKey}:${suggestion.upstreamId}`,
      suggestion,
      conversation,
    });
  }

  /** Publishes the conversation's new state (read fresh when not given). */
  async conversationUpdated(sources: RequestSources, sourceKey: string, conversation: ConversationModel | string): Promise<void> {
    let current: ConversationModel | null;
    if (typeof conversation === 'string') {
      sources.afterWrite(sourceKey, conversation);
      current = await sources.connector(sourceKey).conversation(conversation);
    } else current = conversation;
    if (!current) return;
    await this.publish(sources, {
      type: 'conversationUpdated',
      sourceKey,
      conversationUpstreamId: current.upstreamId,
      dedupeKey: `conversationUpdated:${sourceKey}:${current.upstreamId}`,
      state: stateFingerprint(current),
      conversation: current,
    });
  }

  private async publish(sources: RequestSources, event: Omit<InboxEventInput, 'tenant' | 'sourceType'>): Promise<void> {
    const ref = sources.ref(event.sourceKey)!;
    const published = await this.bus.publish({ ...event, tenant: ref.tenant, sourceType: ref.type });
    if (published) this.metrics.eventsPublished.inc({ type: event.type });
    else this.metrics.eventsDropped.inc({ reason: 'duplicate' });
  }
}

/** What a conversationUpdated event says changed: the same state seen twice is one event. */
function stateFingerprint(c: ConversationModel): string {
  const state = [c.status, c.priority, c.assignee?.upstreamId ?? null, c.unreadCount, c.starred, c.archived, [...c.labels].sort(), c.aiEnabled, c.lastActivityAt.getTime()];
  return createHash('sha256').update(JSON.stringify(state)).digest('base64url').slice(0, 16);
}
