import { setMaxListeners } from 'node:events';

/**
 * The deadline of a request in flight: a signal that aborts when it passes, and the attempts
 * that end with it.
 */
export class RequestDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  /**
   * The controllers of the attempts running under this deadline, aborted right after the signal.
   * A set, not an abort listener per attempt: Node's addEventListener/removeEventListener pair
   * costs about 1.5 µs, a Set's add/delete well under 0.1 µs, and tens of calls of one request
   * run at once.
   */
  private readonly attempts = new Set<AbortController>();

  constructor() {
    this.signal = this.controller.signal;
    // Other waits (a bulkhead's queue) still listen to the signal: tens at once for one request.
    setMaxListeners(0, this.signal);
  }

  /** Aborts `attempt` (without a reason) when the deadline passes, until `unfollow`. */
  follow(attempt: AbortController): void {
    this.attempts.add(attempt);
  }

  unfollow(attempt: AbortController): void {
    this.attempts.delete(attempt);
  }

  /** The deadline passed: the signal aborts as `AbortSignal.timeout` would (a TimeoutError), then every attempt under it. */
  expire(): void {
    this.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    for (const attempt of this.attempts) attempt.abort();
    this.attempts.clear();
  }
}

/** Deadlines of requests in flight, until they pass. */
const deadlines = new Map<number, RequestDeadline>();

function expire(deadline: number, known: RequestDeadline): void {
  deadlines.delete(deadline);
  known.expire();
}

/**
 * The deadline `deadline` (epoch ms, `remaining` ms from now), whose signal aborts when it passes,
 * as `AbortSignal.timeout(remaining)` would (reason: a TimeoutError). Shared by every call with that
 * deadline, i.e. by the calls of one request: a timeout signal per call cost about a fifth of the
 * policy's own CPU, and kept a timer per call until the deadline.
 */
export function requestDeadline(deadline: number, remaining: number): RequestDeadline {
  const known = deadlines.get(deadline);
  if (known) return known;
  const created = new RequestDeadline();
  // Arguments, not a closure: nothing but these two is kept until the deadline.
  setTimeout(expire, remaining, deadline, created).unref();
  deadlines.set(deadline, created);
  return created;
}

/** The signal of `requestDeadline(deadline, remaining)`. */
export function deadlineSignal(deadline: number, remaining: number): AbortSignal {
  return requestDeadline(deadline, remaining).signal;
}
