import type { GraphQLError } from 'graphql';
import { gqlError } from '../errors.js';

/** The configuration key that sets the cap (named in refusals). */
export const CALL_CAP_LIMIT = 'maxUpstreamCallsPerRequest';

/**
 * One request's cap on platform calls (`limits.maxUpstreamCallsPerRequest`), over all its sources
 * and attempts, retries included. Without it, one request of 30 aliases of `nodes(ids:)` with 100
 * unknown ids each made 3,000 calls to one platform in two seconds. Past the cap, what still needs
 * a platform fails with QUERY_TOO_COMPLEX naming the limit (`extensions.limit`); reads answered
 * from the cache or this request's memo cost nothing. A cap of null counts without refusing.
 */
export class UpstreamCallCap {
  private used = 0;

  constructor(readonly limit: number | null) {}

  /** Calls taken so far. */
  get spent(): number {
    return this.used;
  }

  /** Throws the refusal when no call is left (without taking one). */
  check(): void {
    if (this.limit !== null && this.used >= this.limit) throw this.refusal();
  }

  /** Takes one call, or throws the refusal. */
  take(): void {
    this.check();
    this.used++;
  }

  /** Takes one call if one is left. */
  tryTake(): boolean {
    if (this.limit !== null && this.used >= this.limit) return false;
    this.used++;
    return true;
  }

  private refusal(): GraphQLError {
    return gqlError('QUERY_TOO_COMPLEX', `this request needs more than ${this.limit} platform calls (${CALL_CAP_LIMIT}): ask for fewer items at once`, {
      limit: CALL_CAP_LIMIT,
      [CALL_CAP_LIMIT]: this.limit,
    });
  }
}
