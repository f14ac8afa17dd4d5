import type { DocumentNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { SpanAttr } from '../telemetry/attributes.js';
import { firstUnexpected, formatAll, summarizeErrors, type ErrorEntry, type ErrorFormatter } from './error-summary.js';
import { KnownOperations } from './known-operations.js';

/** An error code as a label value: the codes we send are upper-case words; anything else is counted as UNKNOWN. */
const CODE_LABEL = /^[A-Z][A-Z0-9_]{0,63}$/;

/** One operation as the observer sees it, from admission to its answer. */
export interface ObservedOperation {
  /** The operation is known (after validation): names the span and the metrics (see `label`). */
  resolved(name: string | null | undefined, type: string, context: GatewayContext, document?: DocumentNode): void;
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

/** The operation metrics (duration, errors by code) and the operation log line, the same for HTTP and WebSocket. */
export class OperationObserver {
  /**
   * The summary line of an operation that met no unexpected error, without the root logger's
   * redaction: its fields are built below from ids, names, numbers and a count per error code, so
   * no key of it can be an `authorization` or a `token`, and walking it for one costs several
   * times the line itself (8 µs of 9, per operation). A line with an error's details keeps it.
   */
  private readonly summaryLogger: Logger;

  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** The pipeline's formatter: what it masks as INTERNAL_SERVER_ERROR is logged with its stack, once per line. */
    private readonly format: ErrorFormatter = (formatted) => formatted,
    private readonly known: KnownOperations = new KnownOperations(),
  ) {
    this.summaryLogger = logger.child({}, { redact: { paths: [], censor: '[redacted]' } });
  }

  /**
   * The `operation_name` label. Operation names are chosen by clients, so only the client kit's
   * operations (the persisted-documents manifest, from operations/) keep theirs, and only when the
   * document is that operation; any other named operation is `other`, an unnamed one `anonymous`.
   * The label set is bounded by the manifest whatever clients send (the log line keeps the name).
   */
  label(name: string | null | undefined, document?: DocumentNode): string {
    if (!name) return 'anonymous';
    return document && this.known.nameOf(document, name) === name ? name : 'other';
  }

  /** Counts an operation's errors by code (one per error entry of the answer). */
  private countErrors(operationName: string, errors: readonly ErrorEntry[]): void {
    for (const error of errors) {
      const code = error.extensions?.code;
      this.metrics.operationErrors.inc({ operation_name: operationName, code: typeof code === 'string' && CODE_LABEL.test(code) ? code : 'UNKNOWN' });
    }
  }

  begin(transport: 'http' | 'ws'): ObservedOperation {
    const started = process.hrtime.bigint();
    let operationName: string | null = null;
    // Until the operation is resolved (a refused document, a refused caller), it is no known one.
    let label = 'other';
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
      else this.summaryLogger.info(entry, message);
    };
    return {
      resolved: (name, operationType, context, document) => {
        operationName = name ?? null;
        label = this.label(name, document);
        type = operationType;
        context.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationName, label);
        context.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationType, operationType);
      },
      errored: (errors) => {
        if (done === undefined) return void thrown.push(...errors);
        const formatted = formatAll(errors, this.format);
        this.countErrors(label, formatted);
        line(fields(done), formatted, errors, 'graphql subscription event');
      },
      finished: (context, errors) => {
        if (done !== undefined) return;
        done = context;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.operationDuration.observe({ operation_name: label, type }, seconds);
        const entries = errors === undefined ? formatAll(thrown, this.format) : typeof errors === 'number' ? Array.from({ length: errors }, () => ({})) : errors;
        this.countErrors(label, entries);
        const answered = context?.fromAnswerCache ? { fromAnswerCache: true } : {};
        line({ ...fields(context), ms: Math.round(seconds * 1000), upstreamCalls: context?.sources.upstreamCalls ?? 0, ...answered }, entries, thrown, 'graphql operation');
      },
    };
  }
}
