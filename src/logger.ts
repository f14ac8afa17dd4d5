import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. Never log a token, a credential, or a platform's response body: requests
 * are logged by id, operation name, duration and upstream call count.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: { paths: ['*.authorization', '*.headers.authorization', 'token', '*.token'], censor: '[redacted]' },
  };
  // stdout unless told otherwise (tests capture a gateway's lines into a file).
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export type { Logger };
