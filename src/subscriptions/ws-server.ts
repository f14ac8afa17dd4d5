import type { Server } from 'node:http';
import { GraphQLError, specifiedRules, validate, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { TokenVerifier, VerifiedToken } from '../auth.js';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';

/** What the socket keeps between connection_init and its subscriptions. */
interface SocketState {
  token?: VerifiedToken;
  authorization?: string;
  expiryTimer?: NodeJS.Timeout;
  operations: number;
}

export interface WsServerOptions {
  server: Server;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  logger: Logger;
  /** Builds a subscription's context from the socket's verified token. */
  context: (token: VerifiedToken) => GatewayContext;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The same query limits as over HTTP (depth, cost, aliases, tokens). */
  validationRules: readonly ValidationRule[];
  maxPayloadBytes: number;
  /** The caller's rate limit: false refuses the operation. */
  allow: (token: VerifiedToken) => boolean;
}

/** Subscriptions one socket may hold at once. */
const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

/**
 * Subscriptions over graphql-ws (graphql-transport-ws) on `ws://…/graphql`. The token comes in
 * `connection_init` (`connectionParams.authorization`): a bad one closes with 4403; the socket is
 * closed when the token expires; every subscribe is authorized again.
 */
export function startWsServer(options: WsServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const states = new WeakMap<object, SocketState>();
  const stateOf = (extra: object): SocketState => {
    let state = states.get(extra);
    if (!state) states.set(extra, (state = { operations: 0 }));
    return state;
  };

  const disposable = useServer<Record<string, unknown>, { state?: SocketState }>(
    {
      schema: options.schema,
      validate: (schema, document) => validate(schema, document, [...specifiedRules, ...options.validationRules]),
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        try {
          const token = await options.verifier.verify(authorization);
          const state = stateOf(ctx.extra);
          state.token = token;
          state.authorization = authorization;
          if (token.exp !== null) {
            const ms = token.exp * 1000 - Date.now();
            state.expiryTimer = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden: token expired'), Math.max(0, ms));
            state.expiryTimer.unref();
          }
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: async (ctx) => {
        const state = stateOf(ctx.extra);
        try {
          state.token = await options.verifier.verify(state.authorization);
        } catch {
          return [new GraphQLError('the token is no longer valid', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        if (!options.allow(state.token)) return [new GraphQLError('too many requests: slow down', { extensions: { code: 'RATE_LIMITED' } })];
        if (state.operations >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} operations per connection`, { extensions: { code: 'RATE_LIMITED' } })];
        }
        state.operations++;
        return undefined;
      },
      onComplete: (ctx) => {
        stateOf(ctx.extra).operations--;
      },
      context: (ctx) => options.context(stateOf(ctx.extra).token!),
      onNext: (_ctx, _id, _payload, _args, result) => mask(result as ExecutionResult, options.formatError),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => options.formatError(e.toJSON(), e)) as never,
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

function mask(result: ExecutionResult, format: WsServerOptions['formatError']): ExecutionResult {
  if (!result.errors?.length) return result;
  // Formatted errors are plain objects with the same fields graphql-ws sends.
  return { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) as unknown as readonly GraphQLError[] };
}
