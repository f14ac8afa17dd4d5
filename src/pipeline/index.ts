import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/schema.js';
import type { GatewayContext, LiveContext } from '../context.js';
import type { KeyedOnce } from '../actions/idempotency.js';
import type { SentMessage } from '../actions/send-message.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Upstreams } from '../runtime/upstreams.js';
import type { SpanHandle } from '../telemetry/tracing.js';
import { Admission } from './admission.js';
import { TokenVerifier, type VerifiedToken } from './auth.js';
import { DocumentPreparer } from './document.js';
import { createErrorFormatter } from './format-error.js';
import { OperationObserver } from './observability.js';
import { RateLimiter } from './rate-limit.js';

export interface PipelineDeps {
  config: GatewayConfig;
  schema: GraphQLSchema;
  upstreams: Upstreams;
  idempotency: KeyedOnce<SentMessage>;
  live: LiveContext;
  metrics: Metrics;
  logger: Logger;
}

/**
 * The one operation pipeline: every transport (HTTP through Apollo, WebSocket through graphql-ws)
 * runs its operations through these same parts, so a protection added here protects both.
 *   documents  parse (token limit, nesting guard) and validate (spec, depth, cost, aliases,
 *              introspection), cached per source text
 *   admission  bearer token, then the caller's rate limit
 *   context    one request's context: its tenant's sources as its user, within its budget
 *   formatError  safe messages and codes, no schema hints when introspection is off
 *   observer   the duration metric and one log line per operation
 */
export class OperationPipeline {
  readonly documents: DocumentPreparer;
  readonly admission: Admission;
  readonly verifier: TokenVerifier;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly observer: OperationObserver;

  constructor(private readonly deps: PipelineDeps) {
    const { config } = deps;
    this.documents = new DocumentPreparer(deps.schema, { limits: config.limits, introspection: config.server.introspection });
    this.verifier = new TokenVerifier(config.auth.jwt, new Set(Object.keys(config.tenants)));
    this.admission = new Admission(this.verifier, new RateLimiter(config.limits.requestsPerMinute));
    this.formatError = createErrorFormatter(deps.logger, { suggestions: config.server.introspection });
    this.observer = new OperationObserver(deps.metrics, deps.logger);
  }

  get schema(): GraphQLSchema {
    return this.deps.schema;
  }

  /** Builds one operation's context for an admitted caller. Nothing in it is shared with another request. */
  context(token: VerifiedToken, requestId: string, graphqlSpan?: SpanHandle): GatewayContext {
    const { config, upstreams } = this.deps;
    return {
      requestId,
      viewer: { sub: token.sub, tenant: token.tenant },
      sources: upstreams.forRequest(token.tenant, token.sub, config.limits.requestTimeoutMs),
      limits: config.limits,
      partialErrors: [],
      idempotency: this.deps.idempotency,
      live: this.deps.live,
      ...(graphqlSpan ? { graphqlSpan } : {}),
    };
  }
}
