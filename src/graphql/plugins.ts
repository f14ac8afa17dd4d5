import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { SpanAttr } from '../telemetry/attributes.js';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** Appends the errors that cost only part of the answer (a failing source) to the response. */
export function partialErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.partialErrors.length === 0) return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...contextValue.partialErrors.map((e) => e.toJSON())];
        },
      };
    },
  };
}

const MAX_OPERATION_NAMES = 200;

/** Operation duration metric and one structured log line per operation. */
export function observabilityPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin<GatewayContext> {
  // Operation names are chosen by clients: keep the label set bounded.
  const seenNames = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return name ? 'other' : 'anonymous';
    if (seenNames.has(name)) return name;
    if (seenNames.size >= MAX_OPERATION_NAMES) return 'other';
    seenNames.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didResolveOperation({ operationName, operation, contextValue }) {
          contextValue.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationName, label(operationName));
          if (operation) contextValue.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationType, operation.operation);
        },
        async willSendResponse({ operationName, operation, contextValue, response }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const type = operation?.operation ?? 'unknown';
          metrics.operationDuration.observe({ operation_name: label(operationName), type }, seconds);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors?.length ?? 0) : 0;
          logger.info(
            {
              requestId: contextValue.requestId,
              tenant: contextValue.viewer.tenant,
              operation: operationName ?? null,
              type,
              ms: Math.round(seconds * 1000),
              upstreamCalls: contextValue.sources.upstreamCalls,
              errors,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/** Subscriptions are served over graphql-ws only: over HTTP they get a clear 400. */
export function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin<GatewayContext> {
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
