import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Never log a token, a credential, or a platform's response body: requests
 * are logged by id, operation name, duration and upstream call count.
 */
export function createLogger(options: { level?: string } = {}): Logger {
  return pino({
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: { paths: ['*.authorization', '*.headers.authorization', 'token', '*.token'], censor: '[redacted]' },
  });
}

export type { Logger };
