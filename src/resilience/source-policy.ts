import {
  BrokenCircuitError,
  BulkheadRejectedError,
  circuitBreaker,
  CircuitState,
  CountBreaker,
  ExponentialBackoff,
  handleWhen,
  TaskCancelledError,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { UpstreamError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { SourceRef } from '../model/index.js';
import { requestDeadline } from './deadline-signal.js';
import { FairBulkhead } from './fair-bulkhead.js';
import { BudgetSpentError, NEVER, PolicyCall, type CallOptions } from './policy-call.js';

export type { CallOptions } from './policy-call.js';

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

/** cockatiel's wait between attempts (RetryPolicy's `delay`): a plain timer, not watching any signal. */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure of the platform itself (not of our request): these trip the breaker. */
function isPlatformFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.code === 'UPSTREAM_REJECTED') return error.status !== null && error.status < 400; // garbage in a 2xx
  return true;
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
   * (aborted on the attempt's timeout or the request's deadline; never merely because it ended).
   * Writes are never retried. Each attempt passes the breaker, then waits its turn in the bulkhead
   * (leaving at once when the deadline passes), then runs under the per-attempt timeout.
   */
  async run<T>(attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>, options: CallOptions): Promise<T> {
    const remaining = options.deadline === null ? null : options.deadline - Date.now();
    if (remaining !== null && remaining <= 0) {
      throw new UpstreamError('UPSTREAM_TIMEOUT', { key: this.ref.key, type: this.ref.type }, null, `${this.ref.type}: the request's time budget was spent before calling it`);
    }
    // The request's deadline bounds every attempt and every wait between attempts.
    const budget = remaining === null ? undefined : requestDeadline(options.deadline!, remaining);
    const deadline = budget?.signal;
    const retries = options.idempotent ? this.settings.retries : 0;
    const call = new PolicyCall(attempt, options, budget, retries, this.settings.timeoutMs);
    try {
      if (retries === 0) return await this.once(call, deadline ?? NEVER);
      return await this.retrying(call, deadline ?? NEVER, retries, options.deadline);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      const lastError = call.lastError;
      // The budget ran out (during an attempt or a wait to retry): report what the platform last said.
      if ((error instanceof BudgetSpentError || deadline?.aborted) && lastError) throw lastError;
      const source = { key: this.ref.key, type: this.ref.type };
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

  /** One attempt: through the breaker, then a bulkhead slot (left when the signal aborts), then the attempt's timeout. */
  private once<T>(call: PolicyCall<T>, signal: AbortSignal): Promise<T> {
    // The bulkhead wait is bounded by the deadline's signal, not the breaker's: a half-open breaker
    // runs its queued calls with a shared signal that never aborts (and must get no listener).
    const wait = signal === NEVER ? undefined : signal;
    return this.breaker.execute(() => this.bulkhead.execute(call.user, call, wait), signal);
  }
  /**
   * cockatiel's `retry(handleWhen(affordable), { maxAttempts: retries, backoff }).execute(fn, signal)`,
   * step for step (same order of predicate, backoff and wait), without building a RetryPolicy, its
   * executor and four event emitters per call: an error the call cannot afford is thrown at once;
   * an affordable one is retried while the signal has not aborted and retries remain.
   */
  private async retrying<T>(call: PolicyCall<T>, signal: AbortSignal, retries: number, deadline: number | null): Promise<T> {
    let backoff: IBackoff<IRetryBackoffContext<unknown>> | undefined;
    for (let attempt = 0; ; attempt++) {
      let error: Error;
      try {
        return await this.once(call, signal);
      } catch (thrown) {
        if (!call.affordable(thrown as Error)) throw thrown;
        error = thrown as Error;
      }
      if (signal.aborted || attempt >= retries) throw error;
      const context: IRetryBackoffContext<unknown> = { attempt: attempt + 1, signal, result: { error } };
      // The factory only when a retry follows (most calls succeed at once).
      backoff = backoff ? backoff.next(context) : new RetryAfterBackoff(deadline).next(context);
      // The pause ends at the deadline at the latest (RetryAfterBackoff caps it): a retry after a pause
      // that reaches it would start at the deadline and could not finish. The planned end counts, not
      // only the clock: a timer may fire a millisecond early by Date.now().
      const reachesDeadline = deadline !== null && Date.now() + backoff.duration >= deadline;
      await pause(backoff.duration);
      // Report what the platform last said, as when the budget runs out during an attempt.
      if (signal.aborted || (deadline !== null && (reachesDeadline || Date.now() >= deadline))) throw error;
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
