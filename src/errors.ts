import { GraphQLError } from 'graphql';
import type { SourceType } from './model/index.js';

/** `extensions.code` values of GraphQL errors (SPEC.md, Errors). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_REJECTED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  /** A part the gateway needs (the event bus: Redis) is away for now; retry shortly. */
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export type UpstreamErrorCode = 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT' | 'UPSTREAM_RATE_LIMITED' | 'UPSTREAM_REJECTED';

/**
 * A platform call that did not give us a usable answer. The message is safe to show: it never
 * holds the upstream URL, a token or the raw body (those stay in `detail`, for logs only).
 */
export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamErrorCode,
    readonly source: { key: string; type: SourceType },
    /** HTTP status when the platform answered, else null. */
    readonly status: number | null,
    message: string,
    /** For logs only, never sent to clients. */
    readonly detail?: string,
    /** Seconds the platform asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }

  /**
   * For a failed write: `unknown` when it reached the platform (or may have) without a definite
   * answer (a timeout, a reset, a 5xx, garbage in a 2xx): it may or may not have happened, and must
   * not be sent again blindly; `not-performed` when the platform refused it (4xx) or it never left
   * (connection refused, circuit open). Null for reads.
   */
  writeOutcome: 'unknown' | 'not-performed' | null = null;

  /** Safe, client-facing extras added to the error's `extensions` (e.g. `retryable`, `reason`). */
  hints: Record<string, string | boolean> = {};

  /** The platform says the thing does not exist (connectors usually turn this into null). */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function gqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function upstreamToGraphQLError(error: UpstreamError): GraphQLError {
  return gqlError(error.code, error.message, { ...error.hints, source: error.source.type.toUpperCase(), sourceKey: error.source.key });
}

/** Stable codes of expected business outcomes (SPEC.md, Errors): they go to a payload's `userErrors`. */
export type UserErrorCode = 'UNSUPPORTED_BY_SOURCE' | 'NOT_FOUND' | 'INVALID_INPUT' | 'NOT_A_MEMBER' | 'MESSAGING_WINDOW_CLOSED' | 'CONFLICT' | 'UPLOAD_EXPIRED';

/**
 * A business refusal that ends a mutation early: the one user-error class of the gateway.
 * Platform actions throw it after mapping the platform's status (never its body); the action
 * runner turns it into a `userErrors` entry. `field` is an input field name (→ `["input", name]`)
 * or a full path.
 */
export class UserError extends Error {
  readonly field: string[] | null;

  constructor(
    readonly code: UserErrorCode,
    message: string,
    field?: string | string[] | null,
  ) {
    super(message);
    this.name = 'UserError';
    this.field = field == null ? null : Array.isArray(field) ? field : ['input', field];
  }
}
