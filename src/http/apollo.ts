import { ApolloServer, HeaderMap, type ApolloServerPlugin, type GraphQLRequest, type GraphQLRequestContextDidResolveSource } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { OperationPipeline } from '../pipeline/index.js';
import { onePerSource } from '../pipeline/partial-errors.js';
import { answerCachePlugin } from './answer-cache-plugin.js';

/**
 * Apollo Server as the HTTP adapter of the operation pipeline: it speaks GraphQL over HTTP
 * (methods, media types, status codes); parsing and validation are the pipeline's (the same
 * functions graphql-ws calls), so Apollo only executes documents the pipeline prepared.
 */
export function createApollo(pipeline: OperationPipeline): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    schema: pipeline.schema,
    introspection: true, // refused by the pipeline's validation when off, for every transport
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Documents come prepared from the pipeline's own cache; Apollo keeps none of its own.
    documentStore: null,
    // Persisted documents and automatic persisted queries are the pipeline's (the same for both
    // transports, and none registered in `require` mode): Apollo's own would bypass it.
    persistedQueries: false,
    formatError: pipeline.formatError,
    plugins: [
      // No per-field work nothing reads: cache hints, and usage reports (Apollo would start them by itself
      // whenever APOLLO_KEY happens to be set, sending operation data to Apollo's servers).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // No landing page of Apollo's own (its Sandbox loads from a CDN): GraphiQL, when on, is the only page.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo turns on inline traces (`extensions.ftv1`) for a Federation subgraph: a router asking
      // for them would get resolver timings and errors before our masking. Never sent.
      ApolloServerPluginInlineTraceDisabled(),
      preparedDocumentsPlugin(pipeline),
      subscriptionsOverWebSocketPlugin(),
      operationCostPlugin(pipeline),
      partialErrorsPlugin(),
      // After partialErrorsPlugin (an answer with any error is never kept); its lookup runs after
      // the document, cost and caller checks, like any execution.
      answerCachePlugin(pipeline.answers),
      // After partialErrorsPlugin: Apollo runs willSendResponse hooks in this order, so the log line
      // sums the response's final errors (a failing source's entry with the fields it cost).
      observedPlugin(pipeline),
    ],
  });
}

/**
 * Hands Apollo the pipeline's document, so Apollo neither parses nor validates. The request's
 * document reference (`documentId`, `extensions.persistedQuery`, or the text) is resolved by the
 * pipeline first, and Apollo is given the text. A refused document is answered with the pipeline's
 * errors (HTTP 400, or the status the refusal carries) from `responseForOperation` (Apollo's hook
 * for answering in a plugin's place); Apollo needs an operation to get there, so it is given a
 * stand-in one that is never executed.
 */
function preparedDocumentsPlugin(pipeline: OperationPipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      // Apollo reads `query` and `extensions` after this hook: the resolved text replaces the reference.
      const resolved = pipeline.persisted.resolve({ query: request.query, extensions: request.extensions, documentId: documentIdOf(request) });
      let refused: readonly GraphQLError[] | null = resolved.errors ?? null;
      if (request.extensions?.persistedQuery !== undefined) {
        const { persistedQuery: _persistedQuery, ...extensions } = request.extensions;
        request.extensions = extensions;
      }
      if (refused) request.query = REFUSED_STAND_IN_TEXT;
      else if (resolved.source !== undefined) request.query = resolved.source;
      return {
        async didResolveSource(context: GraphQLRequestContextDidResolveSource<GatewayContext>) {
          const prepared = refused ? null : pipeline.documents.prepare(context.source);
          if (prepared?.errors) refused = prepared.errors;
          // Apollo skips its own parse and validation when the request already has a document.
          (context as { document?: DocumentNode }).document = prepared?.document ?? REFUSED_STAND_IN;
        },
        async responseForOperation() {
          if (!refused) return null;
          const status = statusOf(refused[0]);
          const errors = refused.map((error) => pipeline.formatError(error.toJSON(), error));
          return { http: { status, headers: new HeaderMap([['cache-control', 'no-store']]) }, body: { kind: 'single', singleResult: { errors } } };
        },
      };
    },
  };
}

/** `documentId` from a POST body or a GET query string (Apollo's request has no field for it). */
function documentIdOf(request: GraphQLRequest): unknown {
  const http = request.http;
  if (!http) return undefined;
  if (http.method === 'GET') return new URLSearchParams(http.search).get('documentId') ?? undefined;
  const body: unknown = http.body;
  return typeof body === 'object' && body !== null && 'documentId' in body ? body.documentId : undefined;
}

/** The HTTP status a refusal asks for (400 unless it says otherwise). */
function statusOf(error: GraphQLError | undefined): number {
  const http = error?.extensions.http as { status?: unknown } | undefined;
  return typeof http?.status === 'number' ? http.status : 400;
}

/**
 * The operation's cost with its variables, checked once Apollo knows the operation and before it
 * coerces the variables again to execute: a page size passed as a variable costs what it would
 * written in the document.
 */
function operationCostPlugin(pipeline: OperationPipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const refusal = pipeline.cost.check(document, request.operationName, request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** The operation Apollo is given for a refused document (answered before execution). */
const REFUSED_STAND_IN_TEXT = 'query RefusedByThePipeline { __typename }';
const REFUSED_STAND_IN = parse(REFUSED_STAND_IN_TEXT);

/** Subscriptions are served over graphql-ws only: over HTTP they get a clear 400. */
function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('subscriptions are served over WebSocket (graphql-transport-ws) on ws://…/graphql', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** The pipeline's observer, fed from Apollo's request lifecycle. */
function observedPlugin(pipeline: OperationPipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const observed = pipeline.observer.begin('http');
      return {
        async didResolveOperation({ operationName, operation, contextValue, document }) {
          if (operation && operationName !== 'RefusedByThePipeline') observed.resolved(operationName, operation.operation, contextValue, document);
        },
        async didEncounterErrors({ errors }) {
          observed.errored(errors);
        },
        async willSendResponse({ contextValue, response }) {
          observed.finished(contextValue, response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : 0);
        },
      };
    },
  };
}

/** Appends the errors that cost only part of the answer (a failing source, a row left out) to the response. */
function partialErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const all = [...(result.errors ?? []), ...contextValue.partialErrors.map((e) => e.toJSON())];
          // A row left out of a list is its own entry (one per row, already de-duplicated by the log).
          const rows = contextValue.sources.skippedRows.errors().map((e) => e.toJSON());
          if (all.length > 0 || rows.length > 0) result.errors = [...onePerSource(all), ...rows];
        },
      };
    },
  };
}
