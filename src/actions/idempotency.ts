import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** What a finished keyed call left behind. */
interface Settled<T> {
  fingerprint: string;
  result: T;
}

/** A keyed call whose first attempt timed out upstream: it may or may not have happened. */
interface InDoubt {
  fingerprint: string;
  since: number;
}

type Entry<T> = { kind: 'running'; fingerprint: string; promise: Promise<T> } | ({ kind: 'done' } & Settled<T>) | ({ kind: 'in-doubt' } & InDoubt);

export class IdempotencyConflict extends Error {}

/** The shared store (Redis) did not answer: a keyed call is refused rather than run unguarded. */
export class IdempotencyStoreUnavailable extends Error {}

/** Another instance is still running this key's call (its claim is alive): try again later. */
export class KeyedCallInProgress extends Error {}

export function idempotencyFingerprint(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** Runs a keyed call once: in-process (IdempotencyStore) or across instances (RedisIdempotencyStore). */
export interface KeyedOnce<T> {
  run(
    scope: { tenant: string; user: string; key: string },
    fingerprint: string,
    call: (inDoubtSince: number | null) => Promise<T>,
    isInDoubt: (error: unknown) => boolean,
  ): Promise<T>;
}

/**
 * Exactly-once keyed calls (sendMessage's idempotency key). Keys are scoped by tenant and user;
 * a key is kept 24 hours. Concurrent callers of one key share the first call; later callers get
 * its result. A call whose outcome is unknown (`isInDoubt`: a timeout, a reset, a 5xx after the
 * request left) leaves the key "in doubt", and the next attempt is told so, so it can look for
 * the effect before acting again. A key in doubt stays in doubt until an attempt succeeds: it is
 * never released, whatever the later attempts fail with. A call that surely did nothing releases
 * the key. Reusing a key with another input is a conflict. In-process: one instance sees its own keys.
 */
export class IdempotencyStore<T> implements KeyedOnce<T> {
  private readonly entries: LRUCache<string, Entry<T>>;

  constructor(options: { ttlMs?: number; max?: number } = {}) {
    this.entries = new LRUCache({ max: options.max ?? 100_000, ttl: options.ttlMs ?? IDEMPOTENCY_TTL_MS });
  }

  /**
   * Runs `call` once per key. `call` receives the time of an earlier attempt whose outcome is
   * unknown (or null), and throws `isInDoubt(error)` errors when its own outcome is unknown.
   */
  async run(
    scope: { tenant: string; user: string; key: string },
    fingerprint: string,
    call: (inDoubtSince: number | null) => Promise<T>,
    isInDoubt: (error: unknown) => boolean,
  ): Promise<T> {
    const key = `${scope.tenant}\u0000${scope.user}\u0000${scope.key}`;
    const existing = this.entries.get(key);
    if (existing && existing.fingerprint !== fingerprint) throw new IdempotencyConflict('this idempotency key was used with another input');
    if (existing?.kind === 'done') return existing.result;
    if (existing?.kind === 'running') return existing.promise;

    const inDoubtSince = existing?.kind === 'in-doubt' ? existing.since : null;
    const startedAt = Date.now();
    const promise = call(inDoubtSince);
    this.entries.set(key, { kind: 'running', fingerprint, promise });
    try {
      const result = await promise;
      this.entries.set(key, { kind: 'done', fingerprint, result });
      return result;
    } catch (error) {
      if (inDoubtSince !== null || isInDoubt(error)) this.entries.set(key, { kind: 'in-doubt', fingerprint, since: inDoubtSince ?? startedAt });
      else this.entries.delete(key);
      throw error;
    }
  }
}
