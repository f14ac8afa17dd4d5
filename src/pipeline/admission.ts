import { GraphQLError } from 'graphql';
import { AuthError, type TokenVerifier, type VerifiedToken } from './auth.js';
import type { RateLimiter, RateLimitRefusal } from './rate-limit.js';

/**
 * Who may run an operation: a client address within its budget (before any token work), a
 * verified bearer token of a configured tenant, then that user's and that tenant's budgets.
 * Refusals are GraphQL errors with the HTTP status a transport that has one sends; a rate-limit
 * refusal says when to retry (`extensions.retryAfter`, seconds; HTTP adds `Retry-After`).
 */
export class Admission {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** One request from this client address, or RATE_LIMITED (429). Runs before the token is looked at. */
  async admitAddress(address: string): Promise<void> {
    const refusal = await this.rateLimiter.takeAddress(address);
    if (refusal) throw rateLimited(refusal);
  }

  /** `Bearer <jwt>` (or a bare token) → the verified caller, or UNAUTHENTICATED (401). */
  async authenticate(authorization: string | undefined | null): Promise<VerifiedToken> {
    try {
      return await this.verifier.verify(authorization);
    } catch (error) {
      const message = error instanceof AuthError ? error.message : 'invalid token';
      throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  }

  /** Takes one operation from the caller's and its tenant's budgets, or RATE_LIMITED (429). */
  async admit(token: VerifiedToken): Promise<void> {
    const refusal = await this.rateLimiter.takeCaller(token.tenant, token.sub);
    if (refusal) throw rateLimited(refusal);
  }

  /** All three, in order: what every operation of every transport passes. */
  async check(authorization: string | undefined | null, address: string): Promise<VerifiedToken> {
    await this.admitAddress(address);
    const token = await this.authenticate(authorization);
    await this.admit(token);
    return token;
  }
}

function rateLimited(refusal: RateLimitRefusal): GraphQLError {
  const seconds = refusal.retryAfterSeconds;
  return new GraphQLError(`too many requests (${refusal.scope} limit): retry after ${seconds} s`, {
    extensions: { code: 'RATE_LIMITED', retryAfter: seconds, http: { status: 429 } },
  });
}

/** Seconds a RATE_LIMITED error asks the client to wait, if it is one. */
export function retryAfterOf(error: GraphQLError): number | null {
  const value = error.extensions.retryAfter;
  return error.extensions.code === 'RATE_LIMITED' && typeof value === 'number' ? value : null;
}
