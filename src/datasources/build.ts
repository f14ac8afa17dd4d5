import type { ResponseCache } from '../cache.js';
import type { SourceConfig } from '../config/schema.js';
import type { Metrics } from '../metrics.js';
import type { SourceRef } from '../model/index.js';
import type { InboxConnector } from './connector.js';
import { platformFor } from './index.js';
import { RestClient } from './rest-client.js';
import { settingsOf, SourcePolicy } from '../resilience/source-policy.js';
import type { Tracing } from '../telemetry/tracing.js';

/** What every source's client shares across requests. */
export interface SharedUpstreamState {
  cache: ResponseCache;
  metrics: Metrics;
  now?: () => Date;
  /** The source's shared policy (breaker state spans requests); a fresh one when absent (tools, tests). */
  policyFor?: (ref: SourceRef) => SourcePolicy;
  /** The request's deadline (epoch ms), if it has one. */
  deadline?: number | null;
  tracing?: Tracing;
}

/** The REST client of one source for one request: the platform's auth, the source's limits. */
export function restClientFor(ref: SourceRef, config: SourceConfig, shared: SharedUpstreamState): RestClient {
  const connection = platformFor(config).connection(config);
  return new RestClient({
    ref,
    baseUrl: config.baseUrl,
    basePath: connection.basePath,
    headers: connection.headers,
    credential: connection.credential,
    timeoutMs: config.timeoutMs,
    cacheTtlMs: config.cacheTtlMs,
    cache: shared.cache,
    metrics: shared.metrics,
    policy: shared.policyFor?.(ref) ?? new SourcePolicy(ref, settingsOf(config), shared.metrics),
    deadline: shared.deadline ?? null,
    ...(shared.tracing ? { tracing: shared.tracing } : {}),
  });
}

/** One source's connector for one request of one user. */
export function connectorFor(
  ref: SourceRef,
  config: SourceConfig,
  me: string | null,
  shared: SharedUpstreamState,
  client: RestClient = restClientFor(ref, config, shared),
): InboxConnector {
  return platformFor(config).createConnector({ ref, config, me, client, now: shared.now ?? (() => new Date()) });
}
