import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { Redis } from 'ioredis';
import { IdempotencyStore, type KeyedOnce } from './actions/idempotency.js';
import { RedisIdempotencyStore } from './actions/redis-idempotency.js';
import type { SentMessage } from './actions/send-message.js';
import { AuthError, TokenVerifier, type VerifiedToken } from './auth.js';
import type { EventBus } from './events/bus.js';
import { MemoryEventBus } from './events/memory-bus.js';
import { ChangePublisher } from './events/publisher.js';
import { RedisEventBus } from './events/redis-bus.js';
import { DEFAULT_IRON_POLL_MS, SourcePoller } from './polling/poller.js';
import { startWsServer } from './subscriptions/ws-server.js';
import { WebhookReceiver } from './webhooks/receiver.js';
import { SpanAttr } from './telemetry/attributes.js';
import { createTracing, type Tracing } from './telemetry/tracing.js';
import { settingsOf, SourcePolicy } from './resilience/source-policy.js';
import type { SourceRef } from './model/index.js';
import { ResponseCache } from './cache.js';
import type { GatewayConfig } from './config/schema.js';
import type { GatewayContext, LiveContext } from './context.js';
import { graphiqlPage } from './graphiql.js';
import { createErrorFormatter } from './graphql/format-error.js';
import { observabilityPlugin, partialErrorsPlugin, subscriptionsOverWebSocketPlugin } from './graphql/plugins.js';
import { buildSchema } from './graphql/schema.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import { Readiness } from './readiness.js';
import { buildTenantRuntime, RequestSources, type TenantRuntime } from './sources.js';

/** Renew the lease if we hold it, else take it if free: 1 when this instance holds it. */
const POLL_LEASE = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

/** Budget of the gateway's own work (a webhook's or a poll's reads). */
const SYSTEM_BUDGET_MS = 30_000;

export interface GatewayOptions {
  logger?: Logger;
  /** Demo mode: this token is pre-filled in GraphiQL's headers. */
  graphiqlToken?: string | null;
  /** Collect Node process metrics too (off in tests, where several gateways share a process). */
  processMetrics?: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The gateway: one HTTP server with GraphQL (and GraphiQL) on /graphql, health, readiness and
 * metrics. Everything per tenant and per request is built from the validated configuration.
 */
export class Gateway {
  readonly metrics: Metrics;
  readonly cache = new ResponseCache();
  readonly idempotency: KeyedOnce<SentMessage>;
  private readonly redis: Redis | undefined;
  /** Prefix of every Redis key this gateway writes. */
  private readonly keyPrefix: string;
  readonly logger: Logger;
  private readonly tenants = new Map<string, TenantRuntime>();
  private readonly verifier: TokenVerifier;
  private readonly apollo: ApolloServer<GatewayContext>;
  private readonly rateLimiter: RateLimiter;
  private readonly readiness: Readiness;
  private readonly schema: GraphQLSchema;
  /** The query limits (depth, cost, aliases, tokens…): the same over HTTP and WebSocket. */
  private readonly validationRules: ValidationRule[];
  readonly bus: EventBus;
  readonly publisher: ChangePublisher;
  private readonly live: LiveContext;
  private readonly webhooks: WebhookReceiver;
  readonly pollers: SourcePoller[] = [];
  private ws: { close(): Promise<void> } | undefined;
  readonly tracing: Tracing;
  /** One policy (breaker, bulkhead) per tenant and source, shared by all its requests. */
  private readonly policies = new Map<string, SourcePolicy>();
  private server: Server | undefined;
  private closing = false;
  /** This instance's identity for Redis leases. */
  private readonly instanceId = randomUUID();
  private inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(
    readonly config: GatewayConfig,
    private readonly options: GatewayOptions = {},
  ) {
    this.logger = options.logger ?? createLogger();
    // Traces go out over OTLP only when an endpoint is configured: off by default.
    this.tracing = createTracing({
      otlpEndpoint: config.telemetry?.otlpEndpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
      serviceName: config.telemetry?.serviceName ?? 'inbox-gateway',
      onExportError: (error) => this.logger.warn({ err: error.message }, 'trace export failed'),
    });
    this.metrics = new Metrics({ processMetrics: options.processMetrics ?? false });
    for (const [id, tenant] of Object.entries(config.tenants)) this.tenants.set(id, buildTenantRuntime(id, tenant));
    this.verifier = new TokenVerifier(config.auth.jwt, new Set(this.tenants.keys()));
    this.rateLimiter = new RateLimiter(config.limits.requestsPerMinute);
    this.readiness = new Readiness(config.redis?.url);
    // With Redis, idempotency keys hold across every instance; without, within this one.
    this.redis = config.redis ? new Redis(config.redis.url, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
    this.redis?.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'redis error'));
    this.keyPrefix = config.redis?.keyPrefix ?? 'gw:';
    this.idempotency = this.redis ? new RedisIdempotencyStore<SentMessage>(this.redis, `${this.keyPrefix}idem:`) : new IdempotencyStore<SentMessage>();
    // Events: a Redis Stream per tenant when Redis is configured (every instance), else in-process.
    this.bus = this.redis ? new RedisEventBus(this.redis, config.limits.eventLogSize, this.keyPrefix) : new MemoryEventBus(config.limits.eventLogSize);
    this.publisher = new ChangePublisher(this.bus, this.metrics, this.logger);
    this.live = {
      bus: this.bus,
      publisher: this.publisher,
      metrics: this.metrics,
      queueCapacity: config.limits.subscriberQueueSize,
      systemSources: (tenant) => this.systemSources(this.tenants.get(tenant)!),
    };
    this.webhooks = new WebhookReceiver(this.tenants, (tenant) => this.systemSources(tenant), this.publisher, this.metrics, this.logger, this.redis, this.keyPrefix);
    for (const tenant of this.tenants.values()) {
      for (const [key, source] of Object.entries(tenant.config.sources)) {
        const interval = source.pollIntervalMs ?? (source.type === 'iron' ? DEFAULT_IRON_POLL_MS : undefined);
        if (interval) {
          const shared = this.redis ? { lease: (name: string, ttlMs: number) => this.pollLease(name, ttlMs), watermark: (name: string, value?: number) => this.pollWatermark(name, value) } : undefined;
          this.pollers.push(new SourcePoller(tenant, key, interval, (t) => this.systemSources(t), this.publisher, this.logger, shared));
        }
      }
    }

    const { limits } = config;
    const armor = new ApolloArmor({
      maxDepth: { n: limits.maxDepth },
      costLimit: { maxCost: limits.maxCost },
      maxAliases: { n: limits.maxAliases },
      maxTokens: { n: limits.maxTokens },
      blockFieldSuggestion: { enabled: !config.server.introspection },
    }).protect();
    this.validationRules = armor.validationRules;
    this.schema = buildSchema();
    this.apollo = new ApolloServer<GatewayContext>({
      schema: this.schema,
      introspection: config.server.introspection,
      includeStacktraceInErrorResponses: false,
      allowBatchedHttpRequests: false,
      validationRules: this.validationRules,
      // Armor's plugins use no context, so they fit any context type.
      plugins: [...(armor.plugins as ApolloServerPlugin<GatewayContext>[]), partialErrorsPlugin(), subscriptionsOverWebSocketPlugin(), observabilityPlugin(this.metrics, this.logger)],
      formatError: createErrorFormatter(this.logger),
    });
  }

  async listen(port = this.config.server.port ?? 4000, host = this.config.server.host, options: { polling?: boolean } = {}): Promise<string> {
    await this.apollo.start();
    this.server = createServer((req, res) => {
      if (this.closing) {
        // Draining: a keep-alive connection asking for more gets a clean refusal.
        res.writeHead(503, { connection: 'close', 'retry-after': '1', 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ errors: [{ message: 'the gateway is shutting down', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] }));
      }
      this.inFlight++;
      res.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) this.drained?.();
      });
      void this.handle(req, res);
    });
    this.ws = startWsServer({
      server: this.server,
      schema: this.schema,
      verifier: this.verifier,
      logger: this.logger,
      validationRules: this.validationRules,
      maxPayloadBytes: this.config.limits.maxBodyBytes,
      allow: (token) => this.rateLimiter.take(`${token.tenant}\u0000${token.sub}`),
      context: (token) => this.buildContext(token, randomUUID()),
      formatError: createErrorFormatter(this.logger),
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    if (options.polling ?? true) for (const poller of this.pollers) poller.start();
    return this.url;
  }

  /** Holds (or renews) a poll lease in Redis: one instance polls each source at a time. */
  private async pollLease(name: string, ttlMs: number): Promise<boolean> {
    const key = `${this.keyPrefix}poll-lease:${name}`;
    const held = await this.redis!.eval(POLL_LEASE, 1, key, this.instanceId, String(ttlMs));
    return held === 1;
  }

  /** Reads (or, with a value, stores) a source's poll watermark in Redis. */
  private async pollWatermark(name: string, value?: number): Promise<number | null> {
    const key = `${this.keyPrefix}poll-watermark:${name}`;
    if (value !== undefined) {
      await this.redis!.set(key, String(value), 'PX', 7 * 24 * 3600 * 1000);
      return value;
    }
    const stored = await this.redis!.get(key);
    return stored === null ? null : Number(stored);
  }

  /** A configured tenant's runtime (for tests and tools). */
  tenant(id: string): TenantRuntime | undefined {
    return this.tenants.get(id);
  }

  /** Sources acting for the gateway itself (webhooks, polling): no user, the shared cache. */
  systemSources(tenant: TenantRuntime): RequestSources {
    return new RequestSources(tenant, '', this.upstreamState(SYSTEM_BUDGET_MS));
  }

  /** A tenant source's resilience state (circuit breaker, bulkhead), for tests and tools. */
  policyFor(ref: SourceRef): SourcePolicy {
    const key = `${ref.tenant}\u0000${ref.key}`;
    let policy = this.policies.get(key);
    if (!policy) {
      const config = this.config.tenants[ref.tenant]!.sources[ref.key]!;
      policy = new SourcePolicy(ref, settingsOf(config), this.metrics);
      this.policies.set(key, policy);
    }
    return policy;
  }

  private upstreamState(budgetMs: number | null) {
    return { cache: this.cache, metrics: this.metrics, policyFor: (ref: SourceRef) => this.policyFor(ref), budgetMs, tracing: this.tracing.enabled ? this.tracing : undefined };
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('gateway is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  get httpServer(): Server | undefined {
    return this.server;
  }

  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (up to `graceMs`), close
   * subscriptions with 1001 (Going Away), stop pollers, then release Redis, traces and logs.
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.closing = true;
    await Promise.all(this.pollers.map((p) => p.stop()));
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (this.inFlight > 0) {
        const drained = new Promise<void>((resolve) => (this.drained = resolve));
        const grace = new Promise<void>((resolve) => setTimeout(resolve, options.graceMs ?? this.config.server.shutdownGraceMs).unref());
        await Promise.race([drained, grace]);
      }
      await this.ws?.close();
      server.closeAllConnections();
      await closed;
    }
    await this.bus.close();
    await this.apollo.stop();
    await this.readiness.close();
    this.redis?.disconnect();
    await this.tracing.shutdown();
    await new Promise<void>((resolve) => this.logger.flush(() => resolve()));
  }

  /** Every HTTP request: one server span (when tracing), then the route. */
  private handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway');
    } catch {
      sendJson(res, 400, { errors: [{ message: 'malformed request target', extensions: { code: 'BAD_REQUEST' } }] });
      return Promise.resolve();
    }
    const route = url.pathname.startsWith('/webhooks/') ? '/webhooks/{tenant}/{source}' : url.pathname;
    const method = req.method ?? 'GET';
    if (!this.tracing.enabled) return this.route(req, res, url);
    return this.tracing.inSpan(`${method} ${route}`, 'server', { [SpanAttr.httpMethod]: method, [SpanAttr.httpRoute]: route }, async (span) => {
      await this.route(req, res, url);
      span.setAttribute(SpanAttr.httpStatusCode, res.statusCode);
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') return await this.ready(res);
      if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': this.metrics.registry.contentType });
        return void res.end(await this.metrics.registry.metrics());
      }
      if (url.pathname === '/graphql') return await this.graphql(req, res, url);
      const webhook = /^\/webhooks\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
      if (webhook) {
        const [tenant, source] = [safeDecode(webhook[1]!), safeDecode(webhook[2]!)];
        if (tenant === null || source === null) return sendJson(res, 404, { outcome: 'unknown_target' });
        return await this.webhooks.handle(req, res, tenant, source);
      }
      sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
      this.logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  }

  private async ready(res: ServerResponse): Promise<void> {
    const { ready, checks } = await this.readiness.check();
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  }

  private async graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' && this.config.server.graphiql && wantsHtml(req) && !url.searchParams.has('query')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(graphiqlPage({ token: this.options.graphiqlToken ?? null }));
    }
    if (method !== 'GET' && method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' });
      return void res.end();
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = method === 'POST' ? await readJsonBody(req, this.config.limits.maxBodyBytes) : undefined;
    const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    // The GraphQL span wraps execution, so upstream calls made by resolvers nest under it.
    const span = this.tracing.start('graphql.execute', 'internal', {});
    let result;
    try {
      result = await span.runIn(() =>
        this.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => ({ ...(await this.context(req, requestId)), graphqlSpan: span }),
        }),
      );
      span.end();
    } catch (error) {
      span.end(error);
      throw error;
    }
    const responseHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [name, value] of result.headers) responseHeaders[name] = value;
    res.writeHead(result.status ?? 200, responseHeaders);
    if (result.body.kind === 'complete') return void res.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** Builds one request's context; rejects unauthenticated or over-limit callers. */
  async context(req: IncomingMessage, requestId: string): Promise<GatewayContext> {
    let token;
    try {
      token = await this.verifier.verify(req.headers.authorization);
    } catch (error) {
      const message = error instanceof AuthError ? error.message : 'invalid token';
      throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    if (!this.rateLimiter.take(`${token.tenant}\u0000${token.sub}`)) {
      throw new GraphQLError('too many requests: slow down', { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
    }
    return this.buildContext(token, requestId);
  }

  private buildContext(token: VerifiedToken, requestId: string): GatewayContext {
    const tenant = this.tenants.get(token.tenant)!;
    return {
      requestId,
      viewer: { sub: token.sub, tenant: token.tenant },
      sources: new RequestSources(tenant, token.sub, this.upstreamState(this.config.limits.requestTimeoutMs)),
      limits: this.config.limits,
      partialErrors: [],
      idempotency: this.idempotency,
      live: this.live,
    };
  }
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
