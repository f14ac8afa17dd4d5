import type { Redis } from 'ioredis';
import type { SourceConfig } from '../config/schema.js';
import type { ChangeSink } from '../events/change.js';
import type { Logger } from '../logger.js';
import type { RequestSources, TenantRuntime } from '../runtime/sources.js';
import { RedisPollLease } from './lease.js';
import { DEFAULT_IRON_POLL_MS, SourcePoller } from './poller.js';

export { DEFAULT_IRON_POLL_MS, SourcePoller } from './poller.js';
export { RedisPollLease, type PollCoordination } from './lease.js';

export interface PollerDependencies {
  tenants: Iterable<TenantRuntime>;
  /** With Redis, one instance at a time polls each source (a lease), resuming from a shared watermark. */
  redis: Redis | undefined;
  /** Prefix of the Redis keys the leases and watermarks use. */
  keyPrefix: string;
  /** This instance's identity, held in the leases. */
  instanceId: string;
  /** Where the changes found go (the ChangePublisher). */
  publisher: ChangeSink;
  logger: Logger;
  /** The gateway's own view of a tenant's sources (no user, the gateway's budget). */
  sourcesFor: (tenantId: string) => RequestSources;
}

/** How often a source is polled: as configured, else Iron (which pushes nothing) by default; null = not polled. */
export function pollIntervalOf(source: SourceConfig): number | null {
  return source.pollIntervalMs ?? (source.type === 'iron' ? DEFAULT_IRON_POLL_MS : null);
}

/** One poller per polled source of every tenant (not started: `start()` each, `stop()` each on close). */
export function createPollers(deps: PollerDependencies): SourcePoller[] {
  const shared = deps.redis ? new RedisPollLease(deps.redis, deps.keyPrefix, deps.instanceId) : undefined;
  const pollers: SourcePoller[] = [];
  for (const tenant of deps.tenants) {
    for (const [sourceKey, source] of Object.entries(tenant.config.sources)) {
      const intervalMs = pollIntervalOf(source);
      if (intervalMs) pollers.push(new SourcePoller({ tenant, sourceKey, intervalMs, sourcesFor: deps.sourcesFor, publisher: deps.publisher, logger: deps.logger, shared }));
    }
  }
  return pollers;
}
