import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { SpanAttr } from '../telemetry/attributes.js';

const MAX_OPERATION_NAMES = 200;

/** One operation as the observer sees it, from admission to its answer. */
export interface ObservedOperation {
  /** The operation is known (after validation): names the span. */
  resolved(name: string | null | undefined, type: string, context: GatewayContext): void;
  /** The answer went out: the duration metric and one structured log line. */
  finished(context: GatewayContext | null, errors: readonly GraphQLFormattedError[] | number): void;
}

/** The operation duration metric and the operation log line, the same for HTTP and WebSocket. */
export class OperationObserver {
  // Operation names are chosen by clients: keep the label set bounded.
  private readonly seenNames = new Set<string>();

  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
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
    return {
      resolved: (name, operationType, context) => {
        operationName = name ?? null;
        type = operationType;
        context.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationName, this.label(name));
        context.graphqlSpan?.setAttribute(SpanAttr.graphqlOperationType, operationType);
      },
      finished: (context, errors) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.operationDuration.observe({ operation_name: this.label(operationName), type }, seconds);
        this.logger.info(
          {
            requestId: context?.requestId ?? null,
            tenant: context?.viewer.tenant ?? null,
            transport,
            operation: operationName,
            type,
            ms: Math.round(seconds * 1000),
            upstreamCalls: context?.sources.upstreamCalls ?? 0,
            errors: typeof errors === 'number' ? errors : errors.length,
          },
          'graphql operation',
        );
      },
    };
  }
}
