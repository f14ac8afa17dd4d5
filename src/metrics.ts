import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics. Names and labels are a public contract (SPEC.md, Metrics).
 * One Metrics per gateway instance (tests run several in one process, so no global registry).
 */
export class Metrics {
  readonly registry = new Registry();

  readonly upstreamRequests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Calls to platform APIs, by source, method, route template and HTTP status (or error kind).',
    labelNames: ['source', 'method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Duration of calls to platform APIs, by source and route template.',
    labelNames: ['source', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly operationDuration = new Histogram({
    name: 'gateway_operation_duration_seconds',
    help: 'Duration of GraphQL operations, by operation name (a known operation\'s, else "other"; "anonymous" when unnamed) and type.',
    labelNames: ['operation_name', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly operationErrors = new Counter({
    name: 'gateway_operation_errors_total',
    help: 'Errors in GraphQL answers, by operation name (a known operation, "other" or "anonymous") and error code; one per error entry.',
    labelNames: ['operation_name', 'code'] as const,
    registers: [this.registry],
  });

  readonly cacheHits = new Counter({
    name: 'gateway_cache_hits_total',
    help: 'Upstream reads answered from the cross-request cache or an identical call in flight.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly cacheMisses = new Counter({
    name: 'gateway_cache_misses_total',
    help: 'Cacheable upstream reads that had to call the platform.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly answerCacheLookups = new Counter({
    name: 'gateway_answer_cache_lookups_total',
    help: 'Queries looked up in the answer cache: "hit" (answered without executing) or "miss".',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly answerCacheRefusals = new Counter({
    name: 'gateway_answer_cache_refusals_total',
    help: 'Executed query answers the answer cache did not keep, by reason (a read outside the response cache, a failed read, errors, a filter relative to now, …).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly upstreamRowsSkipped = new Counter({
    name: 'gateway_upstream_rows_skipped_total',
    help: 'Rows of platform list or thread answers that could not be read and were left out (the other rows were answered), by source; once per answer read.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly circuitOpen = new Gauge({
    name: 'gateway_circuit_open',
    help: '1 while the circuit breaker of a source is open, else 0.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly subscriptionsActive = new Gauge({
    name: 'gateway_subscriptions_active',
    help: 'Subscriptions currently open.',
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({
    name: 'gateway_events_published_total',
    help: 'Events published to subscribers, by event type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly eventsDropped = new Counter({
    name: 'gateway_events_dropped_total',
    help: 'Events not delivered, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly webhooksReceived = new Counter({
    name: 'gateway_webhooks_received_total',
    help: 'Webhook deliveries received, by source and outcome.',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Open breakers per platform (tenant and source key inside): the gauge says whether any is open. */
  private readonly openBreakers = new Map<string, Set<string>>();

  breakerState(breaker: string, source: string, open: boolean): void {
    let set = this.openBreakers.get(source);
    if (!set) this.openBreakers.set(source, (set = new Set()));
    if (open) set.add(breaker);
    else set.delete(breaker);
    this.circuitOpen.set({ source }, set.size > 0 ? 1 : 0);
  }

  /**
   * Labelled children of the upstream call metrics, by route, then source and method (see
   * `upstreamCall`): maps of the label strings themselves, so a call's lookup builds no key string.
   */
  private readonly upstreamCalls = new Map<string, Map<string, Map<string, UpstreamCallMetrics>>>();

  /**
   * The upstream call metrics of one (source, method, route template), for recording a call's
   * outcome and duration. prom-client hashes a label object on every `inc`/`observe`; routes are
   * templates, so these children are few and kept.
   */
  upstreamCall(source: string, method: string, route: string): UpstreamCallMetrics {
    let bySource = this.upstreamCalls.get(route);
    if (!bySource) this.upstreamCalls.set(route, (bySource = new Map()));
    let byMethod = bySource.get(source);
    if (!byMethod) bySource.set(source, (byMethod = new Map()));
    let call = byMethod.get(method);
    if (!call) byMethod.set(method, (call = new UpstreamCallMetrics(this, source, method, route)));
    return call;
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}

/** One (source, method, route)'s `gateway_upstream_requests_total` children by status, and its duration histogram child. */
export class UpstreamCallMetrics {
  private readonly byStatus = new Map<string, { inc(): void }>();
  private readonly duration: { observe(seconds: number): void };

  constructor(
    private readonly metrics: Metrics,
    private readonly source: string,
    private readonly method: string,
    private readonly route: string,
  ) {
    this.duration = metrics.upstreamDuration.labels({ source, route });
  }

  /** One call ended with `status` (the HTTP status, `timeout` or `network_error`) after `seconds`. */
  finished(status: string, seconds: number): void {
    let counter = this.byStatus.get(status);
    if (!counter) this.byStatus.set(status, (counter = this.metrics.upstreamRequests.labels({ source: this.source, method: this.method, route: this.route, status })));
    counter.inc();
    this.duration.observe(seconds);
  }
}
