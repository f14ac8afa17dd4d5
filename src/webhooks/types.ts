import type { SourceConfig } from '../config/schema.js';
import type { ChangeBody } from '../events/change.js';
import type { SourceRef } from '../model/index.js';

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

/**
 * What a delivery means, in our model (platform JSON stays in the platform's folder): a change
 * without its origin. The receiver adds the tenant and source it was addressed to, making it an
 * `InboxChange` like a poll's or a mutation's.
 */
export type WebhookChange = ChangeBody;

/**
 * A platform's webhook side: authenticate (constant-time comparisons), then normalize. Lives in
 * src/datasources/<platform>/webhook.ts. Unknown or irrelevant events normalize to [].
 */
export interface PlatformWebhooks<C extends SourceConfig = SourceConfig> {
  verify(request: WebhookRequest, config: C): WebhookVerdict;
  parse(body: unknown, ref: SourceRef, config: C): WebhookChange[];
  /**
   * For signed deliveries: a key naming this exact signed request (its signature, timestamp and
   * body), remembered for the window its timestamp is accepted in, so the same request sent again
   * is a replay whatever delivery id it claims (an unsigned header anyone may change, or none).
   */
  replayGuard?(request: WebhookRequest): ReplayGuard | null;
}

export interface ReplayGuard {
  key: string;
  /** How long the key is remembered: as long as the same request would still verify. */
  windowMs: number;
}
