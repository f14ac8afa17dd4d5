import type { GraphQLError } from 'graphql';
import type { KeyedOnce } from './actions/idempotency.js';
import type { SentMessage } from './actions/send-message.js';
import type { LimitsConfig } from './config/schema.js';
import type { EventBus } from './events/bus.js';
import type { ChangePublisher } from './events/publisher.js';
import type { Metrics } from './metrics.js';
import type { SpanHandle } from './telemetry/tracing.js';
import type { RequestSources } from './runtime/sources.js';
import type { UploadStore } from './uploads/store.js';

/** The signed-in user, from a verified token. */
export interface ViewerModel {
  sub: string;
  tenant: string;
}

/** What every resolver of one GraphQL request sees. Built per request: nothing here is shared. */
export interface GatewayContext {
  requestId: string;
  viewer: ViewerModel;
  sources: RequestSources;
  limits: LimitsConfig;
  /**
   * Errors that cost only part of the answer (a source failing in the merged inbox). They are
   * appended to the response's `errors` while the data is still returned.
   */
  partialErrors: GraphQLError[];
  /** sendMessage's idempotency keys (shared by every request of the instance, scoped per tenant and user inside). */
  idempotency: KeyedOnce<SentMessage>;
  /** Files uploaded with `POST /uploads`, found by id for `sendMessage(input: { attachments })` (scoped per tenant and user inside). */
  uploads: UploadStore;
  /** The GraphQL execution span, when tracing (the plugin names it after the operation). */
  graphqlSpan?: SpanHandle;
  /** Set when the answer came from the answer cache (pipeline/answer-cache.ts): nothing was executed; the log line says so. */
  fromAnswerCache?: boolean;
  /** Events: publishing changes, and subscribing (set on every context; subscriptions need the WebSocket transport). */
  live: LiveContext | null;
}

export interface LiveContext {
  bus: EventBus;
  publisher: ChangePublisher;
  metrics: Metrics;
  /** Events a subscriber may have waiting before the oldest is dropped. */
  queueCapacity: number;
}
