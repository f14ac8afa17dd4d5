import { ApolloServer, HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextDidResolveSource } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { OperationPipeline } from '../pipeline/index.js';
import { onePerSource } from '../pipeline/partial-errors.js';

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
    formatError: pipeline.formatError,
    plugins: [ApolloServerPluginCacheControlDisabled(), preparedDocumentsPlugin(pipeline), subscriptionsOverWebSocketPlugin(), observedPlugin(pipeline), partialErrorsPlugin()],
  });
}

/**
 * Hands Apollo the pipeline's document, so Apollo neither parses nor validates. A refused document
 * is answered with the pipeline's errors and HTTP 400 from `responseForOperation` (Apollo's hook
 * for answering in a plugin's place); Apollo needs an operation to get there, so it is given a
 * stand-in one that is never executed.
 */
function preparedDocumentsPlugin(pipeline: OperationPipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let refused: readonly GraphQLError[] | null = null;
      return {
        async didResolveSource(request: GraphQLRequestContextDidResolveSource<GatewayContext>) {
          const prepared = pipeline.documents.prepare(request.source);
          refused = prepared.errors ?? null;
          // Apollo skips its own parse and validation when the request already has a document.
          (request as { document?: DocumentNode }).document = prepared.document ?? REFUSED_STAND_IN;
        },
        async responseForOperation() {
          if (!refused) return null;
          const errors = refused.map((error) => pipeline.formatError(error.toJSON(), error));
          return { http: { status: 400, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors } } };
        },
      };
    },
  };
}

/** The operation Apollo is given for a refused document (answered before execution). */
const REFUSED_STAND_IN = parse('query RefusedByThePipeline { __typename }');

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
        async didResolveOperation({ operationName, operation, contextValue }) {
          if (operation && operationName !== 'RefusedByThePipeline') observed.resolved(operationName, operation.operation, contextValue);
        },
        async willSendResponse({ contextValue, response }) {
          observed.finished(contextValue, response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : 0);
        },
      };
    },
  };
}

/** Appends the errors that cost only part of the answer (a failing source) to the response. */
function partialErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const all = [...(result.errors ?? []), ...contextValue.partialErrors.map((e) => e.toJSON())];
          if (all.length > 0) result.errors = onePerSource(all);
        },
      };
    },
  };
}
