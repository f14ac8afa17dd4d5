import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from './config/schema.js';
import type { LiveContext } from './context.js';
import type { EventBus } from './events/bus.js';
import { ChangePublisher } from './events/publisher.js';
import { changeReaders } from './events/reader.js';
import { buildSubgraph } from './graph/federation.js';
import { buildSchema } from './graph/schema.js';
import { createApollo } from './http/apollo.js';
import { createHttpApp } from './http/app.js';
import { registerCors } from './http/cors.js';
import { clientAddressOf } from './http/client-address.js';
import { graphqlRoute } from './http/graphql-route.js';
import { healthRoutes } from './http/health-routes.js';
import { startMetricsServer } from './http/metrics-server.js';
import { shareWorkerMetrics } from './cluster-metrics.js';
import cluster from 'node:cluster';
import { uploadRoute } from './http/upload-route.js';
import { webhookRoutes } from './http/webhook-route.js';
import { createLogger, logTraceIds, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import type { SourceRef } from './model/index.js';
import { OperationPipeline } from './pipeline/index.js';
import { createPollers, type SourcePoller } from './polling/index.js';
import { Readiness } from './readiness.js';
import type { SourcePolicy } from './resilience/source-policy.js';
import { CacheInvalidationBroadcast } from './runtime/cache-invalidation.js';
import { PartitionVersions } from './runtime/partition-versions.js';
import { createSharedState } from './runtime/redis.js';
import { Upstreams } from './runtime/upstreams.js';
import type { RequestSources, TenantRuntime } from './runtime/sources.js';
import { startWsServer } from './subscriptions/ws-server.js';
import { createTracing, type Tracing } from './telemetry/tracing.js';
import { WebhookReceiver } from './webhooks/receiver.js';

export interface GatewayOptions {
  logger?: Logger;
  /** Demo mode: this token is pre-filled in GraphiQL's headers. */
  graphiqlToken?: string | null;
  /** Collect Node process metrics too (off in tests, where several gateways share a process). */
  processMetrics?: boolean;
}

/** A running (or ready to run) gateway: what `npm start`, tests and the benchmark hold. */
export interface Gateway {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing: Tracing;
  readonly bus: EventBus;
  readonly pollers: readonly SourcePoller[];
  /** Serves HTTP and WebSocket on one port; starts polling unless told not to. Resolves to the base URL. */
  listen(port?: number, host?: string, options?: { polling?: boolean }): Promise<string>;
  readonly url: string;
  /** The base URL of /metrics's own port, when `server.metricsPort` is set and listening. */
  readonly metricsUrl: string | undefined;
  readonly httpServer: Server | undefined;
  tenant(id: string): TenantRuntime | undefined;
  /** The gateway's own view of a tenant's sources (what webhooks, polls and events read with). */
  systemSources(tenantId: string): RequestSources;
  policyFor(ref: SourceRef): SourcePolicy;
  /** Graceful shutdown: stop accepting, drain in-flight requests (up to `graceMs`), close sockets with 1001, release everything. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * The composition root: builds each part from the validated configuration and wires them. Each
 * part has one job and lives in its own module; nothing here handles a request.
 */
export function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger();
  // Traces go out over OTLP only when an endpoint is configured: off by default.
  const tracing = createTracing({
    otlpEndpoint: config.telemetry?.otlpEndpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
    serviceName: config.telemetry?.serviceName ?? 'inbox-gateway',
    onExportError: (error) => logger.warn({ err: error.message }, 'trace export failed'),
  });
  // A request's log lines carry its trace (`trace_id`, `span_id`); nothing is read per line when tracing is off.
  if (tracing.enabled && !logTraceIds(logger, () => tracing.currentIds())) logger.warn('this logger was not built by createLogger: its lines carry no trace ids');
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? false });
  const upstreams = new Upstreams(config, metrics, tracing);
  const shared = createSharedState(config, logger);
  // With Redis, a write or event that drops cached reads here drops them on every instance; in
  // strict mode each request also checks its partitions' versions before serving cached reads.
  const versions = shared.redis && config.cache.crossInstance === 'strict' ? new PartitionVersions(shared.redis, shared.keyPrefix, logger) : undefined;
  upstreams.partitionVersions = versions;
  const invalidations = shared.redis ? new CacheInvalidationBroadcast(shared.redis, shared.keyPrefix, upstreams.cache, logger, versions) : undefined;
  const readiness = new Readiness(config.redis?.url);
  const sourcesFor = (tenantId: string) => upstreams.systemSources(tenantId);

  // Events: webhooks, polls and mutations → publisher → bus → subscriptions.
  const publisher = new ChangePublisher({
    bus: shared.bus,
    metrics,
    logger,
    readers: changeReaders(sourcesFor),
    publishRetries: config.limits.eventPublishRetries,
    heldEventsCapacity: config.limits.eventHoldSize,
  });
  const live: LiveContext = { bus: shared.bus, publisher, metrics, queueCapacity: config.limits.subscriberQueueSize };
  const receiver = new WebhookReceiver({ tenants: upstreams.tenants, publisher, metrics, logger, redis: shared.redis, keyPrefix: shared.keyPrefix });
  const pollers = createPollers({ tenants: upstreams.tenants.values(), redis: shared.redis, keyPrefix: shared.keyPrefix, instanceId: randomUUID(), publisher, logger, sourcesFor });

  // Operations: one pipeline, two transports.
  const rateLimitStore = { redis: shared.redis, keyPrefix: shared.keyPrefix };
  const pipeline = new OperationPipeline({
    config,
    schema: buildSchema(),
    upstreams,
    idempotency: shared.idempotency,
    uploads: shared.uploads,
    live,
    metrics,
    logger,
    rateLimitStore,
  });
  const apollo = createApollo(pipeline);
  // The Federation subgraph (when on): the same graph with `_service`/`_entities`, the same pipeline.
  const { subgraph } = config.server;
  const subgraphPipeline = subgraph.enabled ? pipeline.withSchema(buildSubgraph(), subgraph.persistedDocuments ?? config.security.persistedDocuments) : undefined;
  const subgraphApollo = subgraphPipeline ? createApollo(subgraphPipeline) : undefined;
  const clientAddress = clientAddressOf(config.server.trustProxy);
  let app: FastifyInstance | undefined;
  let metricsApp: FastifyInstance | undefined;
  let ws: { close(): Promise<void> } | undefined;

  const gateway: Gateway = {
    config,
    logger,
    metrics,
    tracing,
    bus: shared.bus,
    pollers,
    async listen(port = config.server.port ?? 4000, host = config.server.host, listenOptions = {}) {
      await apollo.start();
      await subgraphApollo?.start();
      const { headersTimeoutMs, bodyTimeoutMs, maxConnections, metricsPort } = config.server;
      app = createHttpApp({ logger, tracing, bodyLimit: config.limits.maxBodyBytes, headersTimeoutMs, bodyTimeoutMs, maxConnections });
      // First, so preflights and refusals to allowed origins carry CORS headers (before admission).
      await registerCors(app, config.server.cors);
      graphqlRoute(app, { apollo, pipeline, tracing, graphiql: config.server.graphiql, graphiqlToken: options.graphiqlToken ?? null, clientAddress });
      if (subgraphApollo && subgraphPipeline)
        graphqlRoute(app, { apollo: subgraphApollo, pipeline: subgraphPipeline, tracing, graphiql: false, graphiqlToken: null, clientAddress, path: subgraph.path });
      await uploadRoute(app, { pipeline, store: shared.uploads, config: config.uploads, logger, clientAddress });
      healthRoutes(app, { readiness, metrics, serveMetrics: metricsPort === undefined });
      await app.register(webhookRoutes, { receiver, metrics });
      ws = startWsServer({ server: app.server, pipeline, maxPayloadBytes: config.limits.maxBodyBytes, clientAddress, tracing });
      // A restart's reconnect storm (thousands of WebSockets at once) overflows Node's default
      // accept queue (511), and the kernel resets what it cannot queue; the kernel caps this anyway.
      await app.listen({ port, host, backlog: 8_192 });
      // In a cluster the primary serves every worker's metrics summed on the metrics port (cluster-metrics.ts).
      if (cluster.isWorker) shareWorkerMetrics(metrics);
      else if (metricsPort !== undefined) metricsApp = await startMetricsServer({ metrics, port: metricsPort, host });
      if (listenOptions.polling ?? true) for (const poller of pollers) poller.start();
      return gateway.url;
    },
    get url() {
      const address = app?.server.address() as AddressInfo | null | undefined;
      if (!address) throw new Error('gateway is not listening');
      return `http://127.0.0.1:${address.port}`;
    },
    get metricsUrl() {
      const address = metricsApp?.server.address() as AddressInfo | null | undefined;
      return address ? `http://127.0.0.1:${address.port}` : undefined;
    },
    get httpServer() {
      return app?.server;
    },
    tenant: (id) => upstreams.tenants.get(id),
    systemSources: sourcesFor,
    policyFor: (ref) => upstreams.policyFor(ref),
    async close(closeOptions = {}) {
      await Promise.all(pollers.map((p) => p.stop()));
      if (app) {
        const closing = app;
        app = undefined;
        await drain(closing, ws, closeOptions.graceMs ?? config.server.shutdownGraceMs);
      }
      await metricsApp?.close();
      metricsApp = undefined;
      // Deliveries already answered finish publishing before the bus goes.
      await receiver.drain();
      // Events held while Redis was away get one last chance.
      await publisher.close();
      await apollo.stop();
      invalidations?.close();
      await subgraphApollo?.stop();
      await shared.close();
      await readiness.close();
      await tracing.shutdown();
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
    },
  };
  return gateway;
}

/**
 * Closes subscriptions with 1001 (Going Away), stops accepting (new requests on kept-alive
 * connections get 503), lets in-flight requests finish within the grace period, then closes every socket.
 */
async function drain(app: FastifyInstance, ws: { close(): Promise<void> } | undefined, graceMs: number): Promise<void> {
  // Upgraded sockets would hold the server open: subscriptions end first.
  await ws?.close();
  const closed = app.close();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([closed, grace]);
  app.server.closeAllConnections();
  await closed;
}
