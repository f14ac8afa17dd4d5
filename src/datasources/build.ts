import type { ResponseCache } from '../cache.js';
import type { SourceConfig } from '../config/schema.js';
import type { Metrics } from '../metrics.js';
import type { SourceRef } from '../model/index.js';
import type { InboxConnector } from './connector.js';
import { platformFor } from './index.js';
import { RestClient } from './rest-client.js';
import { settingsOf, SourcePolicy } from '../resilience/source-policy.js';
import type { Tracing } from '../telemetry/tracing.js';
import type { SkippedRowLog } from './shared/rows.js';
import type { UpstreamCallCap } from '../runtime/upstream-call-cap.js';
import type { RequestVersions } from '../runtime/partition-versions.js';
import type { AnswerDependencies } from '../runtime/answer-dependencies.js';

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
  /** Reads skip every cache (RestClientOptions.fresh). */
  fresh?: boolean;
  /** The request's log of rows left out of list answers (reported with its response). */
  skippedRows?: SkippedRowLog;
  /** The request's cap on platform calls (limits.maxUpstreamCallsPerRequest). */
  callCap?: UpstreamCallCap;
  /** Whom the request's calls are for (the bulkheads' fair share); '' for the gateway itself. */
  user?: string;
  /** The request's partition versions across instances (strict cache), when Redis is configured. */
  versions?: RequestVersions;
  /** What the request's answer is built from (the answer cache's record). */
  dependencies?: AnswerDependencies;
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
    ...(shared.fresh ? { fresh: true } : {}),
    ...(shared.skippedRows ? { skippedRows: shared.skippedRows } : {}),
    ...(shared.callCap ? { callCap: shared.callCap } : {}),
    ...(shared.user !== undefined ? { user: shared.user } : {}),
    ...(shared.versions ? { versions: shared.versions } : {}),
    ...(shared.dependencies ? { dependencies: shared.dependencies } : {}),
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
