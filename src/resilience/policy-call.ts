/** One logical upstream call under a source's policy: its attempts, their timeout, and what makes a failure worth retrying. */
import { UpstreamError } from '../errors.js';
import type { RequestDeadline } from './deadline-signal.js';

/** The request's own budget ran out during an attempt. */
export class BudgetSpentError extends Error {}

/** Whose call it is and what it may spend. */
export interface CallOptions {
  /** Reads (and read-only POSTs) are retried; writes never. */
  idempotent: boolean;
  /** The request's deadline (epoch ms): no wait, attempt or retry outlives it. */
  deadline: number | null;
  /** The user the call is made for: the bulkhead shares the source's slots fairly between users. */
  user?: string;
  /** Takes one call of the request's cap for a retry; false when the cap is spent (the retries end). */
  reserveRetry?: () => boolean;
}

/** A signal that never aborts (calls without a deadline). */
export const NEVER = new AbortController().signal;

/** Worth another attempt: network errors, timeouts, 429 and 5xx; never garbage or a 4xx. */
export function isRetryable(error: unknown): boolean {
  return error instanceof UpstreamError && (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_RATE_LIMITED');
}

/** Ends an attempt whose time is up (a module function: the timer needs no closure per attempt). */
function abortAttempt(controller: AbortController): void {
  // No reason, as cockatiel's TimeoutPolicy aborted it: the signal's reason is an AbortError.
  controller.abort();
}

/**
 * One logical call under the policy: its attempts (run one after another), what it last heard from
 * the platform, and the per-attempt timeout.
 *
 * The timeout replaces cockatiel's TimeoutPolicy (cooperative, `abortOnReturn: false`), which per
 * attempt derived an AbortController from the breaker's signal, wrapped both signals in its
 * one-shot events (two abort listeners added and removed, five closures) and ran an executor.
 * Here an attempt gets one AbortController, aborted (without a reason, as cockatiel did) when its
 * `timeoutMs` is up or the request's deadline passes; the timer is cleared and the attempt stops
 * following the deadline when it ends, whatever its outcome.
 *
 * The attempt follows the request's deadline itself, not the signal the breaker hands it: a call
 * queued behind a half-open breaker's probe is run by cockatiel with its own never-aborting signal,
 * and would otherwise outlive the deadline. The breaker's signal is never anything else (ours, or
 * cockatiel's shared never-aborting one, which must get no listener: every queued call would add one).
 */
export class PolicyCall<T> {
  attempts = 0;
  lastError: UpstreamError | null = null;
  /** Whom the call is for (the bulkhead's fair share). */
  readonly user: string;

  constructor(
    private readonly attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>,
    private readonly options: CallOptions,
    /** The request's deadline, if it has one. */
    private readonly deadline: RequestDeadline | undefined,
    readonly retries: number,
    private readonly timeoutMs: number,
  ) {
    this.user = options.user ?? '';
  }

  /** One attempt, once it has passed the breaker and holds a bulkhead slot. */
  async run(): Promise<T> {
    const controller = new AbortController();
    // A referenced timer, as cockatiel's: it keeps the process up while the attempt runs.
    const timer = setTimeout(abortAttempt, this.timeoutMs, controller);
    const deadline = this.deadline;
    // The deadline aborts the attempt without a listener of its own (it aborts what it follows).
    if (deadline?.signal.aborted) controller.abort();
    else deadline?.follow(controller);
    try {
      return await this.attempt(controller.signal, ++this.attempts);
    } catch (error) {
      // Our own budget ran out: not the platform's failure (the breaker must not count it).
      if (deadline?.signal.aborted) throw new BudgetSpentError();
      if (error instanceof UpstreamError) this.lastError = error;
      throw error;
    } finally {
      clearTimeout(timer);
      deadline?.unfollow(controller);
    }
  }

  /**
   * Whether `error` is worth another attempt: a wait the platform asks for (Retry-After) that the
   * budget cannot afford ends the retries now; so does a request that has spent its cap of calls
   * (asked only when a retry would follow).
   */
  affordable(error: Error): boolean {
    const { deadline, reserveRetry } = this.options;
    return (
      isRetryable(error) &&
      !(deadline !== null && error instanceof UpstreamError && error.retryAfterSeconds !== undefined && Date.now() + error.retryAfterSeconds * 1000 >= deadline) &&
      (this.attempts > this.retries || (reserveRetry?.() ?? true))
    );
  }
}
