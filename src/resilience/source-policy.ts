import {
  BrokenCircuitError,
  BulkheadRejectedError,
  circuitBreaker,
  CircuitState,
  CountBreaker,
  ExponentialBackoff,
  handleWhen,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { UpstreamError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { SourceRef } from '../model/index.js';
import { deadlineSignal } from './deadline-signal.js';
import { FairBulkhead } from './fair-bulkhead.js';

export interface ResilienceSettings {
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts of idempotent calls. */
  retries: number;
  /** Calls in flight at once; more wait in a queue of `queue`, beyond it they are refused. */
  concurrency: number;
  queue: number;
  breaker: {
    /** Opens when at least this share of the last `window` calls failed… */
    failureRatio: number;
    window: number;
    /** …once at least this many calls were seen. */
    minimumCalls: number;
    /** Then lets one probe through after this long (half-open); a success closes it. */
    halfOpenAfterMs: number;
  };
}

/** The request's own budget ran out during an attempt. */
class BudgetSpentError extends Error {}

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
const NEVER = new AbortController().signal;

/** cockatiel's wait between attempts (RetryPolicy's `delay`): a plain timer, not watching any signal. */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure of the platform itself (not of our request): these trip the breaker. */
function isPlatformFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.code === 'UPSTREAM_REJECTED') return error.status !== null && error.status < 400; // garbage in a 2xx
  return true;
}

/** Worth another attempt: network errors, timeouts, 429 and 5xx; never garbage or a 4xx. */
function isRetryable(error: unknown): boolean {
  return error instanceof UpstreamError && (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_RATE_LIMITED');
}

/**
 * Exponential backoff with jitter, except when the platform said how long to wait (Retry-After);
 * never past the request's deadline (cockatiel's wait between attempts does not watch the signal).
 */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly deadline: number | null,
    private readonly inner: IBackoff<unknown> | null = null,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    // cockatiel's exponential backoff (decorrelated jitter) keeps its own state between attempts.
    const inner = this.inner ? this.inner.next(undefined) : new ExponentialBackoff({ initialDelay: 50, maxDelay: 2_000 }).next();
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof UpstreamError ? error.retryAfterSeconds : undefined;
    const wanted = asked !== undefined ? Math.min(asked * 1000, 30_000) : inner.duration;
    const duration = this.deadline === null ? wanted : Math.max(0, Math.min(wanted, this.deadline - Date.now()));
    const factory = new RetryAfterBackoff(this.deadline, inner);
    return Object.assign(factory, { duration });
  }
}

/**
 * One tenant's source, as resilience sees it: a per-attempt timeout, retries of idempotent calls
 * (backoff with jitter, Retry-After honoured), a circuit breaker that fails fast while the
 * platform is down and probes it half-open, and a fair bulkhead (src/resilience/fair-bulkhead.ts).
 * Shared by every request of that tenant and source (the breaker and the bulkhead must see them
 * all); built once per gateway.
 */
export class SourcePolicy {
  private readonly breaker;
  private readonly bulkhead: FairBulkhead;
  private readonly attemptTimeout;
  private open = false;

  constructor(
    readonly ref: SourceRef,
    readonly settings: ResilienceSettings,
    private readonly metrics: Metrics,
  ) {
    const { breaker } = settings;
    this.breaker = circuitBreaker(handleWhen(isPlatformFailure), {
      halfOpenAfter: breaker.halfOpenAfterMs,
      breaker: new CountBreaker({ threshold: breaker.failureRatio, size: breaker.window, minimumNumberOfCalls: breaker.minimumCalls }),
    });
    this.breaker.onStateChange((state) => this.setOpen(state !== CircuitState.Closed));
    this.bulkhead = new FairBulkhead(settings.concurrency, settings.queue);
    // The attempt's signal aborts only when its time is up: by default cockatiel also aborts it when
    // the attempt returns, building an AbortError (DOMException) after every call that succeeded.
    // An attempt has read its whole answer by then, so nothing is left to cancel.
    this.attemptTimeout = timeout(settings.timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
  }

  /** Calls of this source running and waiting now, over every request. */
  get load(): { active: number; queued: number } {
    return { active: this.bulkhead.active, queued: this.bulkhead.queued };
  }

  get circuitState(): 'closed' | 'open' | 'half-open' {
    const state = this.breaker.state;
    return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  /**
   * Runs one logical upstream call. `attempt` performs one HTTP attempt with the given signal
   * (aborted on the attempt's timeout or the request's deadline). Writes are never retried.
   * Each attempt passes the breaker, then waits its turn in the bulkhead (leaving at once when the
   * deadline passes), then runs under the per-attempt timeout.
   */
  async run<T>(attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>, options: CallOptions): Promise<T> {
    const source = { key: this.ref.key, type: this.ref.type };
    const remaining = options.deadline === null ? null : options.deadline - Date.now();
    if (remaining !== null && remaining <= 0) {
      throw new UpstreamError('UPSTREAM_TIMEOUT', source, null, `${this.ref.type}: the request's time budget was spent before calling it`);
    }
    // The request's deadline bounds every attempt and every wait between attempts.
    const deadline = remaining === null ? undefined : deadlineSignal(options.deadline!, remaining);
    const retries = options.idempotent ? this.settings.retries : 0;
    const user = options.user ?? '';
    let attempts = 0;
    let lastError: UpstreamError | null = null;
    const body = async (signal: AbortSignal): Promise<T> => {
      try {
        return await attempt(signal, ++attempts);
      } catch (error) {
        // Our own budget ran out: not the platform's failure (the breaker must not count it).
        if (deadline?.aborted) throw new BudgetSpentError();
        if (error instanceof UpstreamError) lastError = error;
        throw error;
      }
    };
    const once = (signal: AbortSignal): Promise<T> =>
      this.breaker.execute(({ signal: open }) => this.bulkhead.execute(user, () => this.attemptTimeout.execute(({ signal: timed }) => body(timed), open), open), signal);
    // A wait the platform asks for (Retry-After) that the budget cannot afford ends the retries now;
    // so does a request that has spent its cap of calls (asked only when a retry would follow).
    const affordable = (error: Error) =>
      isRetryable(error) &&
      !(options.deadline !== null && error instanceof UpstreamError && error.retryAfterSeconds !== undefined && Date.now() + error.retryAfterSeconds * 1000 >= options.deadline) &&
      (attempts > retries || (options.reserveRetry?.() ?? true));
    try {
      if (retries === 0) return await once(deadline ?? NEVER);
      return await this.retrying(once, deadline ?? NEVER, retries, affordable, options.deadline);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      // The budget ran out (during an attempt or a wait to retry): report what the platform last said.
      if ((error instanceof BudgetSpentError || deadline?.aborted) && lastError) throw lastError;
      if (error instanceof BrokenCircuitError) {
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', source, null, `${this.ref.type} is failing: the gateway is not calling it for now (circuit open)`);
      }
      if (error instanceof BulkheadRejectedError) {
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', source, null, `${this.ref.type}: too many calls waiting already`);
      }
      if (error instanceof TaskCancelledError || error instanceof BudgetSpentError || (deadline?.aborted ?? false)) {
        const budget = deadline?.aborted ?? false;
        throw new UpstreamError(
          'UPSTREAM_TIMEOUT',
          source,
          null,
          budget ? `${this.ref.type} did not answer within the request's time budget` : `${this.ref.type} did not answer within ${this.settings.timeoutMs} ms`,
        );
      }
      throw error;
    }
  }

  /**
   * cockatiel's `retry(handleWhen(affordable), { maxAttempts: retries, backoff }).execute(fn, signal)`,
   * step for step (same order of predicate, backoff and wait), without building a RetryPolicy, its
   * executor and four event emitters per call: an error `affordable` refuses is thrown at once; an
   * affordable one is retried while the signal has not aborted and retries remain.
   */
  private async retrying<T>(
    once: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
    retries: number,
    affordable: (error: Error) => boolean,
    deadline: number | null,
  ): Promise<T> {
    const factory = new RetryAfterBackoff(deadline);
    let backoff: IBackoff<IRetryBackoffContext<unknown>> | undefined;
    for (let attempt = 0; ; attempt++) {
      let error: Error;
      try {
        return await once(signal);
      } catch (thrown) {
        if (!affordable(thrown as Error)) throw thrown;
        error = thrown as Error;
      }
      if (signal.aborted || attempt >= retries) throw error;
      const context: IRetryBackoffContext<unknown> = { attempt: attempt + 1, signal, result: { error } };
      backoff = backoff ? backoff.next(context) : factory.next(context);
      await pause(backoff.duration);
    }
  }

  private setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.metrics.breakerState(`${this.ref.tenant}\u0000${this.ref.key}`, this.ref.type, open);
  }
}

/** The resilience settings of a configured source. */
export function settingsOf(config: { timeoutMs: number; retries: number; concurrency: number; queue: number; circuitBreaker: ResilienceSettings['breaker'] }): ResilienceSettings {
  return { timeoutMs: config.timeoutMs, retries: config.retries, concurrency: config.concurrency, queue: config.queue, breaker: config.circuitBreaker };
}
