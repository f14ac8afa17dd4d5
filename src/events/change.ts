import type { MessageModel, SuggestionModel } from '../model/index.js';

/**
 * What changed, in our model, before we know where: a platform's webhook parser says this much
 * (see `WebhookChange`). The model is included when the producer already has all of it.
 */
export type ChangeBody =
  | {
      kind: 'message';
      conversationUpstreamId: string;
      messageUpstreamId: string;
      /** The message when the producer has all of it (with a valid cursor); else the publisher reads it. */
      message: MessageModel | null;
    }
  | {
      kind: 'suggestion';
      conversationUpstreamId: string;
      suggestionUpstreamId: string;
      /** The draft when the producer has all of it; else the publisher reads it. */
      suggestion: SuggestionModel | null;
    }
  /**
   * The conversation itself is always read anew by the publisher, in the gateway's own view: a
   * producer's copy may be a list row or the acting user's view, and events are everyone's.
   */
  | { kind: 'conversation'; conversationUpstreamId: string };

/** Where a change happened: a tenant's source (its configuration key). */
export interface ChangeOrigin {
  tenant: string;
  sourceKey: string;
}

/**
 * One normalized change on a platform, whichever way it was seen: a webhook delivery, a poll, or
 * our own mutation. Every producer hands these to one `ChangeSink`; the same change seen twice is
 * published once (the bus de-duplicates).
 */
export type InboxChange = ChangeBody & ChangeOrigin;

/** Where producers hand their changes (the `ChangePublisher`). It may throw: the producer decides. */
export interface ChangeSink {
  publish(change: InboxChange, order?: PublishOrder): Promise<void>;
}

/**
 * Publication in a producer's order while the reads overlap: the sink reads what the change needs,
 * waits for `after` (the previous change's publication), then appends its events.
 */
export interface PublishOrder {
  after: Promise<void>;
  /**
   * How the change's fresh conversation read runs (default: at once): the producer may pace it, or
   * hand the change a read of the same conversation that started after the change arrived.
   */
  read?<T>(fresh: () => Promise<T>): Promise<T>;
}

/** A change seen at `origin`. */
export function changeAt(origin: ChangeOrigin, body: ChangeBody): InboxChange {
  return { ...body, tenant: origin.tenant, sourceKey: origin.sourceKey };
}
