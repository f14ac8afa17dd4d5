import { UpstreamError } from '../errors.js';

/**
 * Whether a failed write may still have happened. A write is never retried, but the caller (a
 * keyed sendMessage) must know whether "it failed" means "it did not happen" or "nobody knows":
 * the second keeps its idempotency key in doubt, and the retry looks before it sends again.
 */

/** Failures that prove the request never left: the connection was never made. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Upstream errors of attempts whose request provably never reached the platform. */
const neverSent = new WeakSet<UpstreamError>();

/** Whether a transport error (from undici) happened before any byte of the request was sent. */
export function isConnectFailure(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.length > 0 && error.errors.every(isConnectFailure);
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && CONNECT_FAILURES.has(code);
}

/** Records that this error's request never left (a connection that could not be made). */
export function markNeverSent(error: UpstreamError): UpstreamError {
  neverSent.add(error);
  return error;
}

/**
 * The error a write ends with, saying whether it may have happened (`writeOutcome`): not when
 * it was never attempted (circuit open, budget spent, bulkhead full), when the platform answered
 * a refusal (4xx: it did not do it) or when the request never left; otherwise (a timeout, a reset,
 * a 5xx, garbage in a 2xx, an error of ours reading the answer) it may have.
 */
export function writeFailure(error: unknown, source: UpstreamError['source'], attempted: boolean): UpstreamError {
  if (error instanceof UpstreamError) {
    const refused = error.status !== null && error.status >= 400 && error.status < 500;
    error.writeOutcome = !attempted || refused || neverSent.has(error) ? 'not-performed' : 'unknown';
    return error;
  }
  const lost = new UpstreamError(
    'UPSTREAM_UNAVAILABLE',
    source,
    null,
    `${source.type}: the write was sent but its answer was lost`,
    error instanceof Error ? error.message : String(error),
  );
  lost.writeOutcome = attempted ? 'unknown' : 'not-performed';
  return lost;
}
