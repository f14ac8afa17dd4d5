/** One cached platform read an answer was built from: the cache entry's key, the value read and its version. */
export interface CachedRead {
  key: string;
  /** The cache partition (tenant \0 source \0 credential hash) the key belongs to. */
  partition: string;
  /** The very value the cache held: the answer still holds while the cache holds this object under `key`. */
  value: unknown;
  /** The partition's version across instances it was read under (strict cache), if any. */
  version: string | undefined;
}

/**
 * What one request's answer was built from, so the answer cache (pipeline/answer-cache.ts) can
 * tell whether it would come out the same again: every platform read it used, each one the
 * response cache still holds; and the instant a value judged against the clock (an SLA's
 * `overdue`) would change. Anything else makes the answer one that may not be kept (`refuse`):
 * a read that bypassed or failed the cache, a write, a filter relative to now.
 */
export class AnswerDependencies {
  private readonly cachedReads = new Map<string, CachedRead>();
  private refusedFor: string | null = null;
  private judgedUntil = Number.POSITIVE_INFINITY;

  /** A read answered from (or stored into) the response cache. */
  read(read: CachedRead): void {
    if (!this.cachedReads.has(read.key)) this.cachedReads.set(read.key, read);
  }

  /** The answer depends on something the response cache does not hold: it may not be kept. */
  refuse(reason: string): void {
    this.refusedFor ??= reason;
  }

  /**
   * A value of the answer was judged against the clock and changes at `changesAt` (epoch ms; e.g.
   * an SLA turning overdue); null: it never changes (no due date, or the platform states it).
   */
  judgedAgainstClock(changesAt: number | null, now: number = Date.now()): void {
    if (changesAt !== null && changesAt > now && changesAt < this.judgedUntil) this.judgedUntil = changesAt;
  }

  /** Why the answer may not be kept, or null. */
  get refusal(): string | null {
    return this.refusedFor;
  }

  /** Until when (epoch ms) the clock-judged values of the answer stay as they are. */
  get validUntil(): number {
    return this.judgedUntil;
  }

  get reads(): readonly CachedRead[] {
    return [...this.cachedReads.values()];
  }
}
