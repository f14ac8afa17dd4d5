import type { SourceConfig } from '../config/schema.js';
import type { MessageModel, SourceRef, SuggestionModel } from '../model/index.js';

/** A webhook request as received (raw body kept: signatures are over the exact bytes). */
export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  rawBody: string;
  /** Receipt time (ms): the reference for timestamp windows. */
  receivedAt: number;
}

/** The outcome of authenticating a delivery. */
export type WebhookVerdict =
  | { ok: true; /** A delivery id for replay de-duplication, when the platform sends one. */ deliveryId: string | null }
  | { ok: false; status: 401 | 403 | 400; reason: 'forged' | 'stale' | 'missing-signature' | 'malformed' };

/** What a delivery means, in our model (platform JSON stays in the platform's folder). */
export type WebhookChange =
  | {
      kind: 'message';
      conversationUpstreamId: string;
      messageUpstreamId: string;
      /** The message when the delivery carries all of it (with a valid cursor); else the gateway reads it. */
      message: MessageModel | null;
    }
  | { kind: 'suggestion'; conversationUpstreamId: string; suggestionUpstreamId: string; suggestion: SuggestionModel | null }
  | { kind: 'conversation'; conversationUpstreamId: string };

/**
 * A platform's webhook side: authenticate (constant-time comparisons), then normalize. Lives in
 * src/datasources/<platform>/webhook.ts. Unknown or irrelevant events normalize to [].
 */
export interface PlatformWebhooks<C extends SourceConfig = SourceConfig> {
  verify(request: WebhookRequest, config: C): WebhookVerdict;
  parse(body: unknown, ref: SourceRef, config: C): WebhookChange[];
}
