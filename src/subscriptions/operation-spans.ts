import type { ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { SpanHandle, TraceCarrier, Tracing } from '../telemetry/tracing.js';

type StartedSpan = SpanHandle & { runIn<T>(fn: () => T): T };

/**
 * One server span per graphql-ws operation (used only when tracing is on): its parent is the
 * caller's `traceparent`, its operation runs inside it (resolvers' upstream calls and log lines
 * are its children), and each event of a subscription is resolved inside it too. A query or
 * mutation's span ends when the operation completes; a subscription's once it is set up (its
 * events' spans still join its trace), so no span stays open for the life of a subscription.
 */
export class OperationSpans {
  private readonly bySocket = new WeakMap<object, Map<string, StartedSpan>>();
  private readonly byContext = new WeakMap<object, StartedSpan>();

  constructor(private readonly tracing: Tracing) {}

  /** Starts operation `id`'s span and runs the subscribe hook (`prepare`) inside it. */
  async begin(
    socket: object,
    id: string,
    carrier: TraceCarrier,
    prepare: (span: StartedSpan) => Promise<ExecutionArgs | readonly GraphQLError[]>,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const span = this.tracing.start('graphql-ws subscribe', 'server', {}, carrier);
    let spans = this.bySocket.get(socket);
    if (!spans) this.bySocket.set(socket, (spans = new Map()));
    spans.get(id)?.end(); // an id reused on this socket: the old operation is over
    spans.set(id, span);
    try {
      const prepared = await span.runIn(() => prepare(span));
      if (isErrors(prepared)) {
        // Refused before running: graphql-ws sends the errors, and no completion follows.
        spans.delete(id);
        span.end(prepared[0]);
      } else if (typeof prepared.contextValue === 'object' && prepared.contextValue !== null) {
        this.byContext.set(prepared.contextValue, span);
      }
      return prepared;
    } catch (error) {
      spans.delete(id);
      span.end(error);
      throw error;
    }
  }

  /** Runs `fn` (graphql's execute or subscribe) inside the span of the operation that `contextValue` belongs to. */
  runIn<T>(contextValue: unknown, fn: () => T): T {
    const span = typeof contextValue === 'object' && contextValue !== null ? this.byContext.get(contextValue) : undefined;
    return span ? span.runIn(fn) : fn();
  }

  /**
   * graphql-ws' onOperation: a subscription's span ends now that it is set up, and its event stream
   * is handed back wrapped so that each event is resolved inside that span's context.
   */
  operationStarted(contextValue: unknown, result: unknown): AsyncGenerator<ExecutionResult> | undefined {
    const span = typeof contextValue === 'object' && contextValue !== null ? this.byContext.get(contextValue) : undefined;
    if (!span || !isAsyncIterable(result)) return undefined;
    span.end();
    return withinSpan(result, span);
  }

  /** Runs `fn` inside operation `id`'s span (e.g. its log line), if it has one. */
  within(socket: object, id: string, fn: () => void): void {
    const span = this.bySocket.get(socket)?.get(id);
    if (span) span.runIn(fn);
    else fn();
  }

  /** The operation completed: `fn` (its log line) runs inside its span, which then ends. */
  end(socket: object, id: string, fn: () => void): void {
    const spans = this.bySocket.get(socket);
    const span = spans?.get(id);
    spans?.delete(id);
    if (!span) return fn();
    span.runIn(fn);
    span.end();
  }

  /** The socket closed: whatever it still had open ends. */
  closeAll(socket: object): void {
    const spans = this.bySocket.get(socket);
    if (!spans) return;
    for (const span of spans.values()) span.end();
    spans.clear();
  }
}

/**
 * Where a graphql-ws operation's caller put its trace context, first found wins: the subscribe
 * message's `extensions` (per operation), `connectionParams` (per socket; any spelling of the name,
 * as headers are case-insensitive), then the upgrade request's headers (clients that can set them).
 */
export function carrierOf(extensions: unknown, connectionParams: Readonly<Record<string, unknown>> | undefined, headers: IncomingHttpHeaders): TraceCarrier {
  for (const source of [extensions, connectionParams]) {
    if (typeof source !== 'object' || source === null) continue;
    const found = lowerCased(source as Record<string, unknown>);
    if (typeof found.traceparent === 'string') return found;
  }
  return headers;
}

function lowerCased(source: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const lower = name.toLowerCase();
    if ((lower === 'traceparent' || lower === 'tracestate') && typeof value === 'string') out[lower] = value;
  }
  return out;
}

function isErrors(value: ExecutionArgs | readonly GraphQLError[]): value is readonly GraphQLError[] {
  return Array.isArray(value);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator] === 'function';
}

/** The same stream, each `next` (the event's resolution) run in the span's context. */
function withinSpan(iterable: AsyncIterable<ExecutionResult>, span: StartedSpan): AsyncGenerator<ExecutionResult> {
  const iterator = iterable[Symbol.asyncIterator]();
  const wrapped: AsyncGenerator<ExecutionResult> = {
    next: (...args: [] | [unknown]) => span.runIn(() => iterator.next(...args)),
    return: (value?: unknown) => (iterator.return ? iterator.return(value) : Promise.resolve({ done: true as const, value })),
    throw: (error?: unknown) => (iterator.throw ? iterator.throw(error) : Promise.reject(error)),
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
}
