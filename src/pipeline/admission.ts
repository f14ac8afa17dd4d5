import { GraphQLError } from 'graphql';
import { AuthError, type TokenVerifier, type VerifiedToken } from './auth.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * Who may run an operation: a verified bearer token of a configured tenant, within the caller's
 * rate limit. Refusals are GraphQL errors with the HTTP status a transport that has one sends.
 */
export class Admission {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** `Bearer <jwt>` (or a bare token) → the verified caller, or UNAUTHENTICATED (401). */
  async authenticate(authorization: string | undefined | null): Promise<VerifiedToken> {
    try {
      return await this.verifier.verify(authorization);
    } catch (error) {
      const message = error instanceof AuthError ? error.message : 'invalid token';
      throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  }

  /** Takes one operation from the caller's budget, or RATE_LIMITED (429). */
  admit(token: VerifiedToken): void {
    if (!this.rateLimiter.take(`${token.tenant}\u0000${token.sub}`)) {
      throw new GraphQLError('too many requests: slow down', { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
    }
  }

  /** Both, in order: what every operation of every transport passes. */
  async check(authorization: string | undefined | null): Promise<VerifiedToken> {
    const token = await this.authenticate(authorization);
    this.admit(token);
    return token;
  }
}
