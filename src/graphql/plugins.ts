import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
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
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const all = [...(result.errors ?? []), ...contextValue.partialErrors.map((e) => e.toJSON())];
          if (all.length > 0) result.errors = onePerSource(all);
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

/**
 * A failing platform costs its own fields but is reported once: one error entry per source and
 * code (the first, with the number of fields it cost), not one per field.
 */
function onePerSource(errors: GraphQLFormattedError[]): GraphQLFormattedError[] {
  const kept = new Map<string, { error: GraphQLFormattedError; count: number }>();
  const out: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const source = error.extensions?.sourceKey;
    if (typeof source !== 'string') {
      out.push(error);
      continue;
    }
    const key = `${source}\u0000${String(error.extensions?.code)}`;
    const seen = kept.get(key);
    if (seen) seen.count++;
    else {
      const entry = { error, count: 1 };
      kept.set(key, entry);
      out.push(error);
    }
  }
  return out.map((error) => {
    const entry = [...kept.values()].find((k) => k.error === error);
    return entry && entry.count > 1 ? { ...error, extensions: { ...error.extensions, affectedFields: entry.count } } : error;
  });
}
