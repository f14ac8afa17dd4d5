import { pino, type DestinationStream, type Logger } from 'pino';

/** Where a logger reads the current span's ids (the gateway's Tracing, when tracing is on). */
export type TraceIdSource = () => { trace_id: string; span_id: string } | undefined;

/** Each logger built here reads trace ids through its own slot, filled by `logTraceIds`. */
const traceSlots = new WeakMap<Logger, { ids: TraceIdSource | undefined }>();
const NO_FIELDS: Record<string, never> = Object.freeze({});

/**
 * Structured JSON logs. Never log a token, a credential, or a platform's response body: requests
 * are logged by id, operation name, duration and upstream call count.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const slot: { ids: TraceIdSource | undefined } = { ids: undefined };
  const settings = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: { paths: ['*.authorization', '*.headers.authorization', 'token', '*.token'], censor: '[redacted]' },
    // `trace_id` and `span_id` of the span current where the line is written (a request's lines
    // carry its trace). Without tracing the mixin returns a shared empty object, which the merge
    // below leaves alone: nothing is allocated or copied per line.
    mixin: () => slot.ids?.() ?? NO_FIELDS,
    mixinMergeStrategy: (mergeObject: object, mixinObject: object) => (mixinObject === NO_FIELDS ? mergeObject : Object.assign(mixinObject, mergeObject)),
  };
  // stdout unless told otherwise (tests capture a gateway's lines into a file).
  const logger = options.destination ? pino(settings, options.destination) : pino(settings);
  traceSlots.set(logger, slot);
  return logger;
}

/**
 * Makes every line of `logger` (and of its children) carry the ids of the span current where it is
 * written. Only loggers built by `createLogger` can; for another logger this does nothing and says so.
 */
export function logTraceIds(logger: Logger, ids: TraceIdSource): boolean {
  const slot = traceSlots.get(logger);
  if (!slot) return false;
  slot.ids = ids;
  return true;
}

export type { Logger };
