import { ResponseCache } from '../cache.js';
import type { GatewayConfig } from '../config/schema.js';
import type { SharedUpstreamState } from '../datasources/build.js';
import type { Metrics } from '../metrics.js';
import type { SourceRef } from '../model/index.js';
import { settingsOf, SourcePolicy } from '../resilience/source-policy.js';
import type { PartitionVersions } from './partition-versions.js';
import { buildTenantRuntime, RequestSources, type TenantRuntime } from './sources.js';
import type { Tracing } from '../telemetry/tracing.js';

/** Budget of the gateway's own work (a webhook's or a poll's reads). */
const SYSTEM_BUDGET_MS = 30_000;

/**
 * What every request's upstream calls share: the tenants' source refs, the response cache, and
 * one resilience policy (breaker, bulkhead) per tenant and source. Requests get a RequestSources
 * view of their tenant; the gateway's own work (webhooks, polls, events) gets a no-user view.
 */
export class Upstreams {
  readonly cache = new ResponseCache();
  readonly tenants = new Map<string, TenantRuntime>();
  private readonly policies = new Map<string, SourcePolicy>();
  /** With Redis in strict mode: every request checks its partitions' versions before serving cached reads. */
  partitionVersions: PartitionVersions | undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly metrics: Metrics,
    private readonly tracing: Tracing,
  ) {
    for (const [id, tenant] of Object.entries(config.tenants)) this.tenants.set(id, buildTenantRuntime(id, tenant));
  }

  /**
   * One request's view of its tenant's sources, as the user `sub`, within `budgetMs` and at most
   * `limits.maxUpstreamCallsPerRequest` platform calls.
   */
  forRequest(tenantId: string, sub: string, budgetMs: number | null, maxUpstreamCalls: number | null = this.config.limits.maxUpstreamCallsPerRequest || null): RequestSources {
    return new RequestSources(this.tenant(tenantId), sub, { ...this.shared(budgetMs), maxUpstreamCalls });
  }

  /**
   * Sources acting for the gateway itself (webhooks, polling, events): no user, the shared cache,
   * no cap on calls (what it reads is bounded by the events it handles, not by a client's query).
   */
  systemSources(tenantId: string): RequestSources {
    return this.forRequest(tenantId, '', SYSTEM_BUDGET_MS, null);
  }

  tenant(id: string): TenantRuntime {
    const tenant = this.tenants.get(id);
    if (!tenant) throw new Error(`no tenant ${id}`);
    return tenant;
  }

  /** A tenant source's resilience state (circuit breaker, bulkhead), shared by all its requests. */
  policyFor(ref: SourceRef): SourcePolicy {
    const key = `${ref.tenant}\u0000${ref.key}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = new SourcePolicy(ref, settingsOf(this.config.tenants[ref.tenant]!.sources[ref.key]!), this.metrics);
      this.policies.set(key, policy);
    }
    return policy;
  }

  private shared(budgetMs: number | null): Omit<SharedUpstreamState, 'deadline' | 'versions'> & { budgetMs: number | null; partitionVersions?: PartitionVersions } {
    return {
      cache: this.cache,
      metrics: this.metrics,
      policyFor: (ref) => this.policyFor(ref),
      budgetMs,
      ...(this.tracing.enabled ? { tracing: this.tracing } : {}),
      ...(this.partitionVersions ? { partitionVersions: this.partitionVersions } : {}),
    };
  }
}
