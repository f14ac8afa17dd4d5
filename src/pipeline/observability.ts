import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { SpanAttr } from '../telemetry/attributes.js';
import { firstUnexpected, formatAll, summarizeErrors, type ErrorEntry, type ErrorFormatter } from './error-summary.js';

const MAX_OPERATION_NAMES = 200;

/** One operation as the observer sees it, from admission to its answer. */
export interface ObservedOperation {
  /** The operation is known (after validation): names the span. */
  resolved(name: string | null | undefined, type: string, context: GatewayContext): void;
  /**
   * Errors met while executing, as thrown (before formatting). Before `finished` they join the
   * operation's line; after it (a subscription's events) each batch gets one line of its own.
   */
  errored(errors: readonly unknown[]): void;
  /**
   * The answer went out: the duration metric and one structured log line, with the error summary
   * per source and code of `errors` (the response's, formatted; or, when omitted, those passed to
   * `errored`). Only the first call counts.
   */
  finished(context: GatewayContext | null, errors?: readonly ErrorEntry[] | number): void;
}

/** The operation duration metric and the operation log line, the same for HTTP and WebSocket. */
export class OperationObserver {
  // Operation names are chosen by clients: keep the label set bounded.
  private readonly seenNames = new Set<string>();

  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** The pipeline's formatter: what it masks as INTERNAL_SERVER_ERROR is logged with its stack, once per line. */
    private readonly format: ErrorFormatter = (formatted) => formatted,
  ) {}

  label(name: string | null | undefined): string {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return name ? 'other' : 'anonymous';
    if (this.seenNames.has(name)) return name;
    if (this.seenNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.seenNames.add(name);
    return name;
  }

  begin(transport: 'http' | 'ws'): ObservedOperation {
    const started = process.hrtime.bigint();
    let operationName: string | null = null;
    let type = 'unknown';
    let done: GatewayContext | null | undefined;
    const thrown: unknown[] = [];
    const fields = (context: GatewayContext | null | undefined) => ({
      requestId: context?.requestId ?? null,
      tenant: context?.viewer.tenant ?? null,
      transport,
      operation: operationName,
      type,
    });
    // One line per operation, whatever failed in it: a summary, and the first unexpected error with its stack.
    const line = (base: Record<string, unknown>, errors: readonly ErrorEntry[], unexpectedFrom: readonly unknown[], message: string) => {
      const unexpected = firstUnexpected(unexpectedFrom, this.format);
      const entry = { ...base, errors: summarizeErrors(errors), ...(unexpected ? { err: unexpected.error, errorPath: unexpected.path } : {}) };
      if (unexpected) this.logger.error(entry, message);
      else this.logger.info(entry, message);
    };
    return {
      resolved: (name, operationType, context) => {
        operationName = name ?? null;
        type = operationType;
        context.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationName, this.label(name));
        context.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationType, operationType);
      },
      errored: (errors) => {
        if (done === undefined) return void thrown.push(...errors);
        line(fields(done), formatAll(errors, this.format), errors, 'graphql subscription event');
      },
      finished: (context, errors) => {
        if (done !== undefined) return;
        done = context;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.operationDuration.observe({ operation_name: this.label(operationName), type }, seconds);
        const entries = errors === undefined ? formatAll(thrown, this.format) : typeof errors === 'number' ? Array.from({ length: errors }, () => ({})) : errors;
        line({ ...fields(context), ms: Math.round(seconds * 1000), upstreamCalls: context?.sources.upstreamCalls ?? 0 }, entries, thrown, 'graphql operation');
      },
    };
  }
}
