import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

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

export const DEFAULT_SERVICE_NAME = 'inbox-gateway';

/** Bounded buffering: past MAX_QUEUE pending spans new ones are dropped rather than held in memory. */
const MAX_QUEUE = 2048;
const MAX_BATCH = 512;
const EXPORT_TIMEOUT_MS = 10_000;
const DEFAULT_EXPORT_INTERVAL_MS = 5_000;

/** W3C `traceparent`/`tracestate`, OpenTelemetry's implementation (stateless: one for all instances). */
const W3C = new W3CTraceContextPropagator();

const KINDS: Record<SpanKindName, SpanKind> = {
  server: SpanKind.SERVER,
  internal: SpanKind.INTERNAL,
  client: SpanKind.CLIENT,
};

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

// ---------------------------------------------------------------------------------------------
// OpenTelemetry

class OtelTracing implements Tracing {
  readonly enabled = true;
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  /** This instance's notion of "the current span"; never installed as the global context manager. */
  private readonly contextManager = new AsyncLocalStorageContextManager().enable();
  private shutdownPromise: Promise<void> | undefined;

  constructor(endpoint: string, options: TracingOptions) {
    const exporter = reportingFailures(
      new OTLPTraceExporter({
        url: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
        timeoutMillis: EXPORT_TIMEOUT_MS,
      }),
      options.onExportError,
    );
    this.provider = new BasicTracerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName || DEFAULT_SERVICE_NAME })),
      spanProcessors: [
        new BatchSpanProcessor(exporter, {
          maxQueueSize: MAX_QUEUE,
          maxExportBatchSize: MAX_BATCH,
          scheduledDelayMillis: options.exportIntervalMs ?? DEFAULT_EXPORT_INTERVAL_MS,
          exportTimeoutMillis: EXPORT_TIMEOUT_MS,
        }),
      ],
    });
    this.tracer = this.provider.getTracer('inbox-gateway');
  }

  inSpan<T>(name: string, kind: SpanKindName, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    const parent = this.contextManager.active();
    const span = this.tracer.startSpan(name, { kind: KINDS[kind], attributes }, parent);
    const handle = new OtelSpanHandle(span);
    return this.contextManager.with(trace.setSpan(parent, span), async () => {
      try {
        const result = await fn(handle);
        handle.end();
        return result;
      } catch (error) {
        handle.fail(error);
        throw error;
      }
    });
  }

  start(name: string, kind: SpanKindName, attributes: SpanAttributes, remoteParent?: TraceCarrier): SpanHandle & { runIn<T>(fn: () => T): T } {
    const parent = remoteParent ? W3C.extract(ROOT_CONTEXT, remoteParent, defaultTextMapGetter) : this.contextManager.active();
    const span = this.tracer.startSpan(name, { kind: KINDS[kind], attributes }, parent);
    const context = trace.setSpan(parent, span);
    const handle = new OtelSpanHandle(span);
    const contextManager = this.contextManager;
    return {
      setAttribute: (key, value) => handle.setAttribute(key, value),
      end: (error?: unknown) => handle.end(error),
      runIn: <T>(fn: () => T): T => contextManager.with(context, fn),
    };
  }

  outgoingHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    W3C.inject(this.contextManager.active(), headers, defaultTextMapSetter);
    return headers;
  }

  currentIds(): TraceIds | undefined {
    const span = trace.getSpan(this.contextManager.active());
    if (!span) return undefined;
    const { traceId, spanId } = span.spanContext();
    return { trace_id: traceId, span_id: spanId };
  }

  flush(): Promise<void> {
    // A failed export was already reported by the exporter wrapper.
    return this.provider.forceFlush().catch(() => undefined);
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.provider
      .shutdown()
      .catch(() => undefined)
      .finally(() => {
        this.contextManager.disable();
      });
    return this.shutdownPromise;
  }
}

class OtelSpanHandle implements SpanHandle {
  private ended = false;

  constructor(private readonly span: Span) {}

  setAttribute(key: string, value: string | number | boolean): void {
    if (!this.ended) this.span.setAttribute(key, value);
  }

  end(error?: unknown): void {
    if (error === undefined) this.finish();
    else this.fail(error);
  }

  /** Marks the span failed with whatever was thrown (even `undefined`/`null`) and ends it. */
  fail(error: unknown): void {
    if (this.ended) return;
    if (error instanceof Error) {
      this.span.recordException(error);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    } else {
      const message = typeof error === 'string' ? error : safeString(error);
      this.span.recordException(message);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
}

/** Passes export failures (which the SDK otherwise only logs through the global diag logger) to `onError`. */
function reportingFailures(exporter: SpanExporter, onError: ((error: Error) => void) | undefined): SpanExporter {
  if (!onError) return exporter;
  return {
    export(spans, resultCallback) {
      exporter.export(spans, (result) => {
        if (result.code !== 0 /* ExportResultCode.SUCCESS */) {
          try {
            onError(result.error ?? new Error('OTLP trace export failed'));
          } catch {
            // a failing error hook must not break exporting
          }
        }
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'non-printable error';
  }
}
