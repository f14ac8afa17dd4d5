import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseWithDates, stringifyWithDates } from '../json-dates.js';
import { IDEMPOTENCY_TTL_MS, IdempotencyConflict, type KeyedOnce } from './idempotency.js';

/** How long a claim lives while its call runs (a crashed instance frees the key after this). */
const RUNNING_TTL_MS = 60_000;
const POLL_MS = 25;

type Stored = { state: 'running'; fp: string } | { state: 'done'; fp: string; result: unknown } | { state: 'in-doubt'; fp: string; since: number };

/** Replaces `running|in-doubt` with `running` only if the value is still the one we read. */
const TAKE_OVER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end`;

/**
 * The idempotency store shared by every gateway instance of a deployment: the same semantics as
 * the in-process store, with the key's state in Redis (SET NX claims it; the others wait for the
 * result). Results are JSON with dates kept as dates.
 */
export class RedisIdempotencyStore<T> implements KeyedOnce<T> {
  /** Same-instance callers share one wait instead of each polling Redis. */
  private readonly local = new Map<string, Promise<T>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'gw:idem:',
    private readonly timeoutMs = 30_000,
  ) {}

  run(
    scope: { tenant: string; user: string; key: string },
    fingerprint: string,
    call: (inDoubtSince: number | null) => Promise<T>,
    isInDoubt: (error: unknown) => boolean,
  ): Promise<T> {
    const key = this.prefix + createHash('sha256').update(`${scope.tenant}\u0000${scope.user}\u0000${scope.key}`).digest('base64url');
    const running = this.local.get(key);
    if (running) return running;
    const promise = this.settle(key, fingerprint, call, isInDoubt).finally(() => this.local.delete(key));
    this.local.set(key, promise);
    return promise;
  }

  private async settle(key: string, fp: string, call: (inDoubtSince: number | null) => Promise<T>, isInDoubt: (error: unknown) => boolean): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    const claim = encode({ state: 'running', fp });
    for (;;) {
      if ((await this.redis.set(key, claim, 'PX', RUNNING_TTL_MS, 'NX')) === 'OK') return this.execute(key, fp, null, call, isInDoubt);
      const raw = await this.redis.get(key);
      if (raw === null) continue;
      const stored = decode(raw) as Stored;
      if (stored.fp !== fp) throw new IdempotencyConflict('this idempotency key was used with another input');
      if (stored.state === 'done') return stored.result as T;
      if (stored.state === 'in-doubt') {
        if (await this.redis.eval(TAKE_OVER, 1, key, raw, claim, String(RUNNING_TTL_MS))) return this.execute(key, fp, stored.since, call, isInDoubt);
        continue;
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another instance to finish this idempotent call');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async execute(
    key: string,
    fp: string,
    inDoubtSince: number | null,
    call: (inDoubtSince: number | null) => Promise<T>,
    isInDoubt: (error: unknown) => boolean,
  ): Promise<T> {
    const startedAt = Date.now();
    try {
      const result = await call(inDoubtSince);
      await this.redis.set(key, encode({ state: 'done', fp, result }), 'PX', IDEMPOTENCY_TTL_MS);
      return result;
    } catch (error) {
      if (isInDoubt(error)) await this.redis.set(key, encode({ state: 'in-doubt', fp, since: inDoubtSince ?? startedAt }), 'PX', IDEMPOTENCY_TTL_MS);
      else await this.redis.del(key);
      throw error;
    }
  }
}

function encode(value: Stored): string {
  return stringifyWithDates(value);
}

function decode(text: string): unknown {
  return parseWithDates(text);
}
