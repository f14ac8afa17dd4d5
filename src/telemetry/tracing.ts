import { OtelTracing } from './otel-tracing.js';

export { DEFAULT_SERVICE_NAME } from './otel-tracing.js';

/**
 * OpenTelemetry tracing for one gateway instance: an HTTP server span per request, a GraphQL
 * execution span under it and one client span per upstream call, exported over OTLP/HTTP (JSON).
 *
 * Off by default: without an OTLP endpoint `createTracing` returns a no-op whose methods only call
 * through. Nothing is registered globally (no global tracer provider, context manager or
 * propagator): each Tracing owns its provider, exporter and AsyncLocalStorage, so several gateways
 * in one process never see, parent or export each other's spans.
 *
 * Across hops it speaks W3C Trace Context with OpenTelemetry's own propagator: a server span may
 * take its parent from an incoming `traceparent` (a missing or malformed one starts a new trace),
 * upstream calls carry the current span's `traceparent`, and log lines read the current span's ids.
 * This module is the contract and the no-op; the OpenTelemetry implementation is otel-tracing.ts.
 */

export interface TracingOptions {
  /** Collector base URL, e.g. http://127.0.0.1:4318; spans go to `${otlpEndpoint}/v1/traces`. Empty/null/undefined: tracing off. */
  otlpEndpoint?: string | null;
  /** Resource `service.name`; default 'inbox-gateway'. */
  serviceName?: string;
  /** test hook: delay between batch exports in ms (default 5000). */
  exportIntervalMs?: number;
  /**
   * Called when a batch could not be exported (collector down, non-2xx after the exporter's own
   * retries); the spans of that batch are dropped. Default: ignore. Export never throws into callers.
   */
  onExportError?: (error: Error) => void;
}

export type SpanKindName = 'server' | 'internal' | 'client';
/** Where a caller's trace context arrives: HTTP headers (lower-case names), or the same names in a WebSocket payload. */
export type TraceCarrier = Readonly<Record<string, string | string[] | undefined>>;
/** The current span's ids as log lines carry them. */
export interface TraceIds {
  trace_id: string;
  span_id: string;
}
export type SpanAttributes = Record<string, string | number | boolean>;

export interface SpanHandle {
  setAttribute(key: string, value: string | number | boolean): void;
  /** ends the span; an error marks it failed (status ERROR, exception event). Later calls are ignored. */
  end(error?: unknown): void;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Runs fn inside a new span that is a child of the current one (if any), ending it with fn's outcome. */
  inSpan<T>(name: string, kind: SpanKindName, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /**
   * Starts a span as a child of the current one and makes it current for code run via `runIn`; for
   * hook-style APIs (Apollo plugins). With `remoteParent` (a server span), its parent is the caller's
   * `traceparent` in that carrier instead, and a carrier without a valid one starts a new trace.
   */
  start(name: string, kind: SpanKindName, attributes: SpanAttributes, remoteParent?: TraceCarrier): SpanHandle & { runIn<T>(fn: () => T): T };
  /** `traceparent` (and `tracestate`) of the current span, for a request to another service; `{}` outside any span. */
  outgoingHeaders(): Record<string, string>;
  /** The current span's trace and span id (for log lines); undefined outside any span. */
  currentIds(): TraceIds | undefined;
  /** Exports what is pending (tests, shutdown). Never rejects: failures go to `onExportError`. */
  flush(): Promise<void>;
  /** Flushes, then stops exporting; spans ended afterwards are dropped. Never rejects; safe to call more than once. */
  shutdown(): Promise<void>;
}

/** Builds the gateway's Tracing: real when `otlpEndpoint` is set, else a no-op (enabled false). */
export function createTracing(options: TracingOptions): Tracing {
  const endpoint = options.otlpEndpoint?.trim();
  if (!endpoint) return NOOP_TRACING;
  return new OtelTracing(endpoint, options);
}

// ---------------------------------------------------------------------------------------------
// No-op

const NOOP_SPAN: SpanHandle & { runIn<T>(fn: () => T): T } = {
  setAttribute() {},
  end() {},
  runIn: (fn) => fn(),
};

const NOOP_TRACING: Tracing = Object.freeze({
  enabled: false,
  inSpan<T>(_name: string, _kind: SpanKindName, _attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    try {
      return fn(NOOP_SPAN);
    } catch (error) {
      // Same contract as the real one: a synchronous throw becomes a rejection.
      return Promise.reject(error);
    }
  },
  start: () => NOOP_SPAN,
  outgoingHeaders: () => ({}),
  currentIds: () => undefined,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});
