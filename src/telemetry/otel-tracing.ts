import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SpanAttributes, SpanHandle, SpanKindName, TraceCarrier, TraceIds, Tracing, TracingOptions } from './tracing.js';

/**
 * Tracing with OpenTelemetry's SDK (see tracing.ts for the contract): spans batched to OTLP/HTTP,
 * the current span in an AsyncLocalStorage of this instance's own, W3C trace context in and out.
 */

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

/** The real Tracing (an OTLP endpoint is set): one provider, exporter and context of its own. */
export class OtelTracing implements Tracing {
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
