import { BulkheadRejectedError, TaskCancelledError } from 'cockatiel';

/** Work the bulkhead runs in a slot: a function, or an object whose `run` it calls (no closure per call). */
export type BulkheadTask<T> = (() => Promise<T>) | { run(): Promise<T> };

/**
 * The bulkhead of one tenant's source: at most `capacity` calls running, at most `queueCapacity`
 * waiting, shared fairly between the users of the tenant.
 *
 * It replaces cockatiel's bulkhead, which strands calls (test/fair-bulkhead.test.ts proves it):
 * a waiter whose request gave up stays queued until a slot frees, and when that slot goes to it,
 * it is cancelled without passing the slot on, so the calls behind it wait for unrelated traffic
 * (minutes, in production). Here:
 *   - an aborted waiter leaves the queue at once, and a freed slot always goes to a live waiter;
 *   - waiters queue per user, and a freed slot goes to the waiting user with the fewest calls
 *     running (ties: the one served least recently): each user gets a fair share of the slots, so one
 *     user's thousand calls delay a colleague's next call by one call, not by a thousand;
 *   - when the queue is full, a newcomer takes the place of the newest waiter of the user with the
 *     most waiters, if that user has at least two more than the newcomer's user: a heavy user
 *     cannot fill the queue and lock colleagues out ("too many calls waiting").
 * Refusals are cockatiel's errors (BulkheadRejectedError, TaskCancelledError), so the policy
 * around it maps them as before.
 */
export class FairBulkhead {
  private running = 0;
  private waiting = 0;
  /** Calls running per user (users with none are absent). */
  private readonly runningBy = new Map<string, number>();
  /** When each user's latest call started (a count of starts), while the user has calls running or waiting. */
  private readonly servedAt = new Map<string, number>();
  private starts = 0;
  /** Waiters per user, oldest first. */
  private readonly lanes = new Map<string, Waiter[]>();

  constructor(
    readonly capacity: number,
    readonly queueCapacity: number,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`bulkhead capacity must be at least 1 (got ${capacity})`);
    if (!(queueCapacity >= 0)) throw new RangeError(`bulkhead queue must be at least 0 (got ${queueCapacity})`);
  }

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting now. */
  get queued(): number {
    return this.waiting;
  }

  /** Calls of `user` waiting now. */
  queuedFor(user: string): number {
    return this.lanes.get(user)?.length ?? 0;
  }

  /**
   * Runs `fn` for `user` when a slot is free. Rejects with TaskCancelledError when `signal` aborts
   * before it starts (the waiter leaves the queue at once), and with BulkheadRejectedError when
   * the queue is full or the waiter is displaced by a lighter user's call.
   */
  execute<T>(user: string, fn: BulkheadTask<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new TaskCancelledError());
    // Nobody waits while a slot is free (see release), so a free slot means nobody is ahead.
    if (this.running < this.capacity) return this.run(user, fn);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.remove(waiter)) reject(new TaskCancelledError());
      };
      const waiter: Waiter = {
        user,
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.run(user, fn).then(resolve, reject);
        },
        refuse: () => {
          signal?.removeEventListener('abort', onAbort);
          reject(new BulkheadRejectedError(this.capacity, this.queueCapacity));
        },
      };
      if (!this.admit(waiter)) {
        reject(new BulkheadRejectedError(this.capacity, this.queueCapacity));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private run<T>(user: string, fn: BulkheadTask<T>): Promise<T> {
    this.running++;
    this.runningBy.set(user, (this.runningBy.get(user) ?? 0) + 1);
    this.servedAt.set(user, ++this.starts);
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(typeof fn === 'function' ? fn() : fn.run());
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.finally(() => this.release(user));
  }

  /** A slot is free: it goes to the next user in turn, at once (never left idle while anyone waits). */
  private release(user: string): void {
    this.running--;
    const left = this.runningBy.get(user)! - 1;
    if (left > 0) this.runningBy.set(user, left);
    else this.runningBy.delete(user);
    this.forgetIfIdle(user);
    while (this.running < this.capacity && this.waiting > 0) this.next().start();
  }

  /** The oldest waiter of the waiting user with the fewest calls running, and of those, the one served least recently. */
  private next(): Waiter {
    let user = '';
    let lane: Waiter[] = [];
    let best = [Infinity, Infinity];
    for (const [candidate, waiters] of this.lanes) {
      const rank = [this.runningBy.get(candidate) ?? 0, this.servedAt.get(candidate) ?? 0];
      if (rank[0]! < best[0]! || (rank[0] === best[0] && rank[1]! < best[1]!)) [user, lane, best] = [candidate, waiters, rank];
    }
    const waiter = lane.shift()!;
    this.waiting--;
    if (lane.length === 0) this.lanes.delete(user);
    return waiter;
  }

  /** Queues the waiter, displacing the heaviest user's newest waiter when full; false when refused. */
  private admit(waiter: Waiter): boolean {
    if (this.waiting >= this.queueCapacity) {
      const own = this.queuedFor(waiter.user);
      let heaviest: Waiter[] | undefined;
      for (const lane of this.lanes.values()) if (!heaviest || lane.length > heaviest.length) heaviest = lane;
      // Displacing only when it evens things out (not when it would just swap who has more).
      if (!heaviest || heaviest.length < own + 2) return false;
      const displaced = heaviest[heaviest.length - 1]!;
      this.remove(displaced);
      displaced.refuse();
    }
    const lane = this.lanes.get(waiter.user);
    if (lane) lane.push(waiter);
    else this.lanes.set(waiter.user, [waiter]);
    this.waiting++;
    return true;
  }

  /** Takes a waiter out of its lane; false if it is no longer waiting (started or refused). */
  private remove(waiter: Waiter): boolean {
    const lane = this.lanes.get(waiter.user);
    const index = lane ? lane.indexOf(waiter) : -1;
    if (!lane || index < 0) return false;
    lane.splice(index, 1);
    this.waiting--;
    if (lane.length === 0) this.lanes.delete(waiter.user);
    this.forgetIfIdle(waiter.user);
    return true;
  }

  /** Keeps `servedAt` to the users with calls running or waiting. */
  private forgetIfIdle(user: string): void {
    if (!this.runningBy.has(user) && !this.lanes.has(user)) this.servedAt.delete(user);
  }
}

interface Waiter {
  user: string;
  /** Runs the call in a slot just freed. */
  start(): void;
  /** Refuses it (displaced by a lighter user's call). */
  refuse(): void;
}
