import type { ConversationModel, MessageModel, SourceType, SuggestionModel } from '../model/index.js';
import type { RequestSources } from '../runtime/sources.js';

/**
 * What the publisher may read of one tenant's source, and nothing else: the gateway's own view
 * (no user), so events are the same for every subscriber whoever caused the change.
 */
export interface ChangeReader {
  readonly sourceType: SourceType;
  /**
   * Drops the cached reads a change to this conversation made stale (its own reads and the lists);
   * resolves once other instances cannot serve them either (bounded: cache-invalidation.ts).
   */
  forgetStale(conversationUpstreamId: string): Promise<void> | void;
  conversation(upstreamId: string): Promise<ConversationModel | null>;
  /** The conversation's newest `count` messages (its message page read with `last: count`). */
  recentMessages(conversation: ConversationModel, count: number): Promise<readonly MessageModel[]>;
  /** Its AI drafts ([] where the platform has none). */
  suggestions(conversation: ConversationModel): Promise<readonly SuggestionModel[]>;
}

/** The reader of a tenant's source, or null when the tenant has no such source. */
export type ChangeReaders = (tenant: string, sourceKey: string) => ChangeReader | null;

/**
 * Readers over the gateway's own view of a tenant's sources (`sourcesFor`: no user, the gateway's
 * time budget). Each reader takes a fresh view, so one change's reads never outlive it.
 */
export function changeReaders(sourcesFor: (tenantId: string) => RequestSources): ChangeReaders {
  return (tenant, sourceKey) => {
    const sources = sourcesFor(tenant);
    const ref = sources.ref(sourceKey);
    if (!ref) return null;
    return {
      sourceType: ref.type,
      forgetStale: (conversationUpstreamId) => sources.afterWrite(sourceKey, conversationUpstreamId),
      // Through `sources` each time: after `forgetStale` the next read builds a fresh connector.
      conversation: (upstreamId) => sources.connector(sourceKey).conversation(upstreamId),
      recentMessages: async (conversation, count) => (await sources.connector(sourceKey).messages(conversation, { last: count })).items,
      suggestions: async (conversation) => (await sources.connector(sourceKey).suggestions?.(conversation)) ?? [],
    };
  };
}
