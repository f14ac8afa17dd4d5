import type { GraphQLError } from 'graphql';
import { gqlError, UpstreamError, UserError } from '../errors.js';

/**
 * What a client is told when a send may or may not have happened, or was refused so that it
 * cannot happen twice. Every such error carries `extensions.reason`, and `extensions.retryable:
 * true` when retrying with the same idempotency key is safe (the retry looks before it sends).
 *
 * - `OUTCOME_UNKNOWN`: the platform may have stored the message (timeout, reset, 5xx after the
 *   request left), or a retry could not read the platform to find out. Code: the platform's
 *   (`UPSTREAM_TIMEOUT` / `UPSTREAM_UNAVAILABLE` / `UPSTREAM_REJECTED`).
 * - `IDEMPOTENCY_STORE_UNAVAILABLE`: Redis is configured and does not answer; a keyed send is
 *   refused before anything is sent. Code: `SERVICE_UNAVAILABLE` (as when subscriptions lose the
 *   event bus: a part of the gateway, not a platform, is away).
 * - `SEND_IN_PROGRESS`: another instance is still running an attempt with this key. Code:
 *   `UPSTREAM_TIMEOUT`.
 */
export type SendRefusalReason = 'OUTCOME_UNKNOWN' | 'IDEMPOTENCY_STORE_UNAVAILABLE' | 'SEND_IN_PROGRESS';

/**
 * Whether a failed platform action may still have sent the message: anything but a refusal we can
 * prove. A read failing after the write (an action that reads back what it wrote) counts too.
 */
export function mayHaveHappened(error: unknown): boolean {
  if (error instanceof UserError) return false;
  if (error instanceof UpstreamError) return error.writeOutcome !== 'not-performed';
  // An error of our own after the write was attempted (e.g. mapping its answer): nobody knows.
  return true;
}

/** The write's own error, told as "may or may not have been sent". */
export function outcomeUnknown(error: UpstreamError, keyed: boolean): UpstreamError {
  error.message = keyed
    ? `${error.message}: the message may or may not have been sent; retry with the same idempotency key (the retry checks the platform before sending)`
    : `${error.message}: the message may or may not have been sent (without an idempotency key, a retry may send it twice)`;
  error.hints = { ...error.hints, retryable: keyed, reason: 'OUTCOME_UNKNOWN' satisfies SendRefusalReason };
  return error;
}

/** A retry of an in-doubt key that could not read the platform to check: nothing was sent. */
export function uncheckable(error: UpstreamError): UpstreamError {
  const refusal = new UpstreamError(
    error.code,
    error.source,
    error.status,
    `an earlier attempt with this idempotency key may have been sent, and ${error.source.type} could not be read to check (${error.message}): nothing was sent now; retry with the same idempotency key`,
    error.detail,
    error.retryAfterSeconds,
  );
  refusal.hints = { retryable: true, reason: 'OUTCOME_UNKNOWN' satisfies SendRefusalReason };
  return refusal;
}

export function storeUnavailable(): GraphQLError {
  return gqlError(
    'SERVICE_UNAVAILABLE',
    'the idempotency store (Redis) is unreachable: a send with an idempotency key is refused rather than sent unguarded; nothing was sent; retry with the same idempotency key',
    { retryable: true, reason: 'IDEMPOTENCY_STORE_UNAVAILABLE' satisfies SendRefusalReason },
  );
}

export function inProgress(): GraphQLError {
  return gqlError('UPSTREAM_TIMEOUT', 'an earlier attempt with this idempotency key is still running: nothing was sent now; retry with the same idempotency key', {
    retryable: true,
    reason: 'SEND_IN_PROGRESS' satisfies SendRefusalReason,
  });
}
