import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { execute, getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { VerifiedToken } from '../pipeline/auth.js';
import type { OperationPipeline } from '../pipeline/index.js';
import type { ObservedOperation } from '../pipeline/observability.js';
import type { SpanHandle, Tracing } from '../telemetry/tracing.js';
import { LiveOperations } from './live-operations.js';
import { carrierOf, OperationSpans } from './operation-spans.js';
import { whenExpired } from './token-expiry.js';

/** What the socket keeps between connection_init and its subscriptions. */
interface SocketState {
  authorization?: string;
  expiry?: { cancel(): void };
  operations: Map<string, ObservedOperation | null>;
  /** Admissions of this socket, one after another: operations are admitted in the order sent. */
  admitted: Promise<unknown>;
}

type WsContext = Context<Record<string, unknown>, Extra & { state?: SocketState }>;

/** Subscriptions one socket may hold at once. */
const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

/** How long a socket may take to send connection_init. */
const CONNECTION_INIT_WAIT_MS = 15_000;

/** Close code of a connection refused by the per-address rate limit (the reason says when to retry). */
const RATE_LIMITED_CLOSE_CODE = 4429;

/**
 * GraphQL over WebSocket (graphql-transport-ws) on `ws://…/graphql`, through the same operation
 * pipeline as HTTP: the token comes in `connection_init` (`connectionParams.authorization`, any case; a bad
 * one closes with 4403; a client address over its budget, with 4429) and is checked again, with
 * the rate limits, on every subscribe (refused with RATE_LIMITED and `extensions.retryAfter`, as
 * over HTTP); documents are parsed and validated by the pipeline; errors are formatted by it. The
 * socket is closed when its token expires.
 */
export function startWsServer(options: {
  server: Server;
  pipeline: OperationPipeline;
  maxPayloadBytes: number;
  clientAddress: (request: IncomingMessage) => string;
  /** One server span per operation, under the caller's `traceparent`, when tracing is on. */
  tracing?: Tracing;
}): {
  close(): Promise<void>;
} {
  const { pipeline, clientAddress } = options;
  // Without tracing nothing below wraps or looks up anything (graphql-ws' own execute/subscribe).
  const spans = options.tracing?.enabled ? new OperationSpans(options.tracing) : undefined;
  const wss = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const states = new WeakMap<object, SocketState>();
  const stateOf = (extra: object): SocketState => {
    let state = states.get(extra);
    if (!state) states.set(extra, (state = { operations: new Map(), admitted: Promise.resolve() }));
    return state;
  };
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((e) => pipeline.formatError(e.toJSON(), e));
  // Subscriptions: one execution and one serialized payload per event for identical operations,
  // written through each socket's outbox (backpressure); see live-operations.ts.
  // Queries over the socket go through the same answer cache as over HTTP.
  const answered = (args: ExecutionArgs) => pipeline.answers.around(args, () => execute(args) as ExecutionResult | Promise<ExecutionResult>);
  const live = new LiveOperations({ format, ...(spans ? { runIn: <T>(context: object, fn: () => T) => spans.runIn(context, fn) } : {}) });

  const disposable = useServer<Record<string, unknown>, { state?: SocketState }>(
    {
      schema: pipeline.schema,
      // graphql-ws' default (3 s) closes sockets with 4408 when thousands connect at once (a
      // restart's reconnect storm) and their connection_init waits behind the others'.
      connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS,
      ...(spans
        ? {
            execute: (args) => spans.runIn(args.contextValue, () => answered(args)),
            subscribe: (args) => spans.runIn(args.contextValue, () => live.subscribe(args)),
            onOperation: (_ctx, _id, _payload, args, result) => spans.operationStarted(args.contextValue, result),
          }
        : { execute: answered, subscribe: (args) => live.subscribe(args) }),
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams);
        try {
          await pipeline.admission.admitAddress(clientAddress(ctx.extra.request));
        } catch (error) {
          ctx.extra.socket.close(RATE_LIMITED_CLOSE_CODE, (error as Error).message.slice(0, 120));
          return false;
        }
        let token: VerifiedToken;
        try {
          token = await pipeline.admission.authenticate(authorization);
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        const state = stateOf(ctx.extra);
        state.authorization = authorization;
        if (token.exp !== null) state.expiry = whenExpired(token.exp, () => ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden: token expired'));
        return true;
      },
      onSubscribe: (ctx, id, payload) =>
        spans
          ? spans.begin(ctx.extra, id, carrierOf(payload.extensions, ctx.connectionParams, ctx.extra.request.headers), (span) => subscribed(ctx, id, payload, span))
          : subscribed(ctx, id, payload),
      onComplete: (ctx, id) => {
        const complete = () => {
          const state = stateOf(ctx.extra);
          state.operations.get(id)?.finished(null);
          state.operations.delete(id);
        };
        if (spans) spans.end(ctx.extra, id, complete);
        else complete();
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const errors = (result as ExecutionResult).errors;
        if (errors?.length) {
          const errored = () => stateOf(ctx.extra).operations.get(id)?.errored(errors);
          if (spans) spans.within(ctx.extra, id, errored);
          else errored();
        }
        return mask(result as ExecutionResult, format);
      },
      onError: (_ctx, _id, _payload, errors) => format(errors) as never,
      onClose: (ctx) => {
        stateOf(ctx.extra).expiry?.cancel();
        spans?.closeAll(ctx.extra);
      },
    },
    wss,
    12_000,
  );

  /** graphql-ws' subscribe message: admission, document, cost, then the operation's context. */
  async function subscribed(ctx: WsContext, id: string, payload: SubscribePayload, span?: SpanHandle): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const state = stateOf(ctx.extra);
    const observed = pipeline.observer.begin('ws');
    let token: VerifiedToken;
    try {
      const admission = state.admitted.then(() => pipeline.admission.check(state.authorization, clientAddress(ctx.extra.request)));
      state.admitted = admission.catch(() => undefined);
      token = await admission;
    } catch (error) {
      observed.finished(null, format([error as GraphQLError]));
      return [error as GraphQLError];
    }
    if (state.operations.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      const tooMany = new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} operations per connection`, { extensions: { code: 'RATE_LIMITED' } });
      observed.finished(null, format([tooMany]));
      return [tooMany];
    }
    // The document by reference (`documentId`, `extensions.persistedQuery`) or text, as over HTTP.
    const documentId = (payload as { documentId?: unknown }).documentId;
    const prepared = pipeline.resolveDocument({ query: payload.query, extensions: payload.extensions, documentId });
    if (prepared.errors) {
      observed.finished(null, format(prepared.errors));
      return prepared.errors;
    }
    const tooCostly = pipeline.cost.check(prepared.document, payload.operationName, payload.variables);
    if (tooCostly) {
      observed.finished(null, format([tooCostly]));
      return [tooCostly];
    }
    const contextValue = pipeline.context(token, randomUUID(), span);
    const operation = getOperationAST(prepared.document, payload.operationName);
    if (operation) observed.resolved(payload.operationName ?? operation.name?.value, operation.operation, contextValue, prepared.document);
    // A subscription is observed once set up (then each event with errors gets a line of its
    // own); a query or mutation when it completes, with the errors its result carried.
    if (operation?.operation === 'subscription') {
      observed.finished(contextValue, []);
      // Events bypass onNext (their frames are shared): errors get the subscriber's log line here.
      const errored = (errors: readonly GraphQLError[]) => state.operations.get(id)?.errored(errors);
      live.deliverTo(contextValue, { socket: ctx.extra.socket, id, onErrors: spans ? (errors) => spans.within(ctx.extra, id, () => errored(errors)) : errored });
    }
    state.operations.set(id, observed);
    return { schema: pipeline.schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
  }

  return {
    async close() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * The token of `connection_init`: `authorization` or `Authorization` (GraphiQL sends its Headers
 * tab as is), or any other spelling of the header's name.
 */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  const value = params.authorization ?? params.Authorization ?? Object.entries(params).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return typeof value === 'string' ? value : undefined;
}

function mask(result: ExecutionResult, format: (errors: readonly GraphQLError[]) => unknown[]): ExecutionResult {
  if (!result.errors?.length) return result;
  // Formatted errors are plain objects with the same fields graphql-ws sends.
  return { ...result, errors: format(result.errors) as unknown as readonly GraphQLError[] };
}
