import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { getOperationAST, GraphQLError, type ExecutionResult } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { VerifiedToken } from '../pipeline/auth.js';
import type { OperationPipeline } from '../pipeline/index.js';
import type { ObservedOperation } from '../pipeline/observability.js';

/** What the socket keeps between connection_init and its subscriptions. */
interface SocketState {
  authorization?: string;
  expiryTimer?: NodeJS.Timeout;
  operations: Map<string, ObservedOperation | null>;
}

/** Subscriptions one socket may hold at once. */
const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

/**
 * GraphQL over WebSocket (graphql-transport-ws) on `ws://…/graphql`, through the same operation
 * pipeline as HTTP: the token comes in `connection_init` (`connectionParams.authorization`; a bad
 * one closes with 4403) and is checked again, with the rate limit, on every subscribe; documents
 * are parsed and validated by the pipeline; errors are formatted by it. The socket is closed when
 * its token expires.
 */
export function startWsServer(options: { server: Server; pipeline: OperationPipeline; maxPayloadBytes: number }): { close(): Promise<void> } {
  const { pipeline } = options;
  const wss = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const states = new WeakMap<object, SocketState>();
  const stateOf = (extra: object): SocketState => {
    let state = states.get(extra);
    if (!state) states.set(extra, (state = { operations: new Map() }));
    return state;
  };
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => pipeline.formatError(e.toJSON(), e));

  const disposable = useServer<Record<string, unknown>, { state?: SocketState }>(
    {
      schema: pipeline.schema,
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        let token: VerifiedToken;
        try {
          token = await pipeline.admission.authenticate(authorization);
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        const state = stateOf(ctx.extra);
        state.authorization = authorization;
        if (token.exp !== null) {
          const ms = token.exp * 1000 - Date.now();
          state.expiryTimer = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden: token expired'), Math.max(0, ms));
          state.expiryTimer.unref();
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = stateOf(ctx.extra);
        const observed = pipeline.observer.begin('ws');
        let token: VerifiedToken;
        try {
          token = await pipeline.admission.check(state.authorization);
        } catch (error) {
          observed.finished(null, 1);
          return [error as GraphQLError];
        }
        if (state.operations.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
          observed.finished(null, 1);
          return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} operations per connection`, { extensions: { code: 'RATE_LIMITED' } })];
        }
        const prepared = pipeline.documents.prepare(payload.query);
        if (prepared.errors) {
          observed.finished(null, prepared.errors.length);
          return prepared.errors;
        }
        const contextValue = pipeline.context(token, randomUUID());
        const operation = getOperationAST(prepared.document, payload.operationName);
        if (operation) observed.resolved(payload.operationName ?? operation.name?.value, operation.operation, contextValue);
        // A subscription is observed once set up; a query or mutation when it completes.
        if (operation?.operation === 'subscription') observed.finished(contextValue, 0);
        state.operations.set(id, operation?.operation === 'subscription' ? null : observed);
        return { schema: pipeline.schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onComplete: (ctx, id) => {
        const state = stateOf(ctx.extra);
        state.operations.get(id)?.finished(null, 0);
        state.operations.delete(id);
      },
      onNext: (_ctx, _id, _payload, _args, result) => mask(result as ExecutionResult, format),
      onError: (_ctx, _id, _payload, errors) => format(errors) as never,
      onClose: (ctx) => clearTimeout(stateOf(ctx.extra).expiryTimer),
    },
    wss,
    12_000,
  );

  return {
    async close() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function mask(result: ExecutionResult, format: (errors: readonly GraphQLError[]) => unknown[]): ExecutionResult {
  if (!result.errors?.length) return result;
  // Formatted errors are plain objects with the same fields graphql-ws sends.
  return { ...result, errors: format(result.errors) as unknown as readonly GraphQLError[] };
}
