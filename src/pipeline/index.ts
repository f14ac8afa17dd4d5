import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/schema.js';
import type { GatewayContext, LiveContext } from '../context.js';
import type { KeyedOnce } from '../actions/idempotency.js';
import type { SentMessage } from '../actions/send-message.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Upstreams } from '../runtime/upstreams.js';
import type { UploadStore } from '../uploads/store.js';
import type { SpanHandle } from '../telemetry/tracing.js';
import { Admission } from './admission.js';
import { AnswerCache } from './answer-cache.js';
import { TokenVerifier, type VerifiedToken } from './auth.js';
import { OperationCost } from './cost.js';
import { DocumentPreparer, type PreparedDocument } from './document.js';
import { createErrorFormatter } from './format-error.js';
import { OperationObserver } from './observability.js';
import { PersistedDocuments, type DocumentRequest } from './persisted-documents.js';
import { RateLimiter, type RateLimitStore } from './rate-limit.js';

export interface PipelineDeps {
  config: GatewayConfig;
  schema: GraphQLSchema;
  upstreams: Upstreams;
  idempotency: KeyedOnce<SentMessage>;
  /** Files of `POST /uploads`, for sendMessage's attachments. */
  uploads: UploadStore;
  live: LiveContext;
  metrics: Metrics;
  logger: Logger;
  /** Where rate-limit counters live (Redis, shared by every instance, when configured). */
  rateLimitStore: RateLimitStore;
}

/**
 * The one operation pipeline: every transport (HTTP through Apollo, WebSocket through graphql-ws)
 * runs its operations through these same parts, so a protection added here protects both.
 *   persisted  a request's document reference (manifest id, automatic persisted query, text)
 *              → the document's text, as `security.persistedDocuments` allows
 *   documents  parse (token limit, nesting guard) and validate (spec, depth, aliases,
 *              introspection), cached per source text
 *   cost       the operation's cost with its coerced variables, against `limits.maxCost`
 *   admission  the client address's rate limit, the bearer token, then the user's and tenant's
 *   context    one request's context: its tenant's sources as its user, within its budget
 *   answers    a query's kept answer while every platform read it was built from still holds
 *   formatError  safe messages and codes, no schema hints when introspection is off
 *   observer   the duration metric and one log line per operation
 */
export class OperationPipeline {
  readonly persisted: PersistedDocuments;
  readonly documents: DocumentPreparer;
  readonly cost: OperationCost;
  readonly admission: Admission;
  readonly verifier: TokenVerifier;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly observer: OperationObserver;
  readonly answers: AnswerCache;

  constructor(
    private readonly deps: PipelineDeps,
    shared?: Pick<OperationPipeline, 'verifier' | 'admission' | 'formatError' | 'observer' | 'answers'>,
    persistedDocuments: GatewayConfig['security']['persistedDocuments'] = deps.config.security.persistedDocuments,
  ) {
    const { config } = deps;
    this.persisted = new PersistedDocuments(persistedDocuments);
    this.documents = new DocumentPreparer(deps.schema, { limits: config.limits, introspection: config.server.introspection });
    this.cost = new OperationCost(deps.schema, config.limits.maxCost);
    this.verifier = shared?.verifier ?? new TokenVerifier(config.auth.jwt, new Set(Object.keys(config.tenants)), config.auth.maxTokenLifetime);
    this.admission = shared?.admission ?? new Admission(this.verifier, new RateLimiter(config.limits, deps.rateLimitStore));
    this.formatError = shared?.formatError ?? createErrorFormatter({ suggestions: config.server.introspection });
    this.observer = shared?.observer ?? new OperationObserver(deps.metrics, deps.logger, this.formatError);
    this.answers = shared?.answers ?? new AnswerCache(config, deps.upstreams.cache, deps.metrics);
  }

  /**
   * The same pipeline over another schema (the Federation subgraph's): the same token check, rate
   * limits (one budget per user and address over both routes), error format and observer; its own
   * document cache and cost rules, since documents validate against that schema.
   */
  withSchema(schema: GraphQLSchema, persistedDocuments: GatewayConfig['security']['persistedDocuments']): OperationPipeline {
    return new OperationPipeline({ ...this.deps, schema }, this, persistedDocuments);
  }

  get schema(): GraphQLSchema {
    return this.deps.schema;
  }

  /**
   * A request's document, parsed and validated: its reference resolved as
   * `security.persistedDocuments` allows, then prepared (cached per text). An absent document is
   * the empty one, refused as a parse failure.
   */
  resolveDocument(request: DocumentRequest): PreparedDocument {
    const resolved = this.persisted.resolve(request);
    if (resolved.errors) return { errors: resolved.errors };
    return this.documents.prepare(resolved.source ?? '');
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
      uploads: this.deps.uploads,
      live: this.deps.live,
      ...(graphqlSpan ? { graphqlSpan } : {}),
    };
  }
}
