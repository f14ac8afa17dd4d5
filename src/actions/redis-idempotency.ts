import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseWithDates, stringifyWithDates } from '../json-dates.js';
import { IDEMPOTENCY_TTL_MS, IdempotencyConflict, IdempotencyStoreUnavailable, KeyedCallInProgress, type KeyedOnce } from './idempotency.js';

const POLL_MS = 25;

/**
 * A key's state. `since` is when the earliest attempt of the key started: what a retry reconciles
 * from. A `running` claim is kept as long as the key (24 h) but is alive only until `leaseUntil`:
 * an instance that died mid-call leaves a claim that others then treat as in doubt (never as
 * free, since the call may have happened).
 */
type Stored =
  { state: 'running'; fp: string; since: number; leaseUntil: number } | { state: 'done'; fp: string; result: unknown } | { state: 'in-doubt'; fp: string; since: number };

/** Replaces the value with ARGV[2] (or deletes it when ARGV[2] is empty) only if it is still ARGV[1]. */
const REPLACE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])`;

export interface RedisIdempotencyOptions {
  prefix?: string;
  /** How long a caller waits for another instance's running call before a retryable refusal. */
  waitMs?: number;
  /** How long a running claim is trusted; past it the claimant is taken for dead. Longer than any call. */
  leaseMs?: number;
  /** Longest wait for one Redis command before the store counts as unreachable. */
  commandTimeoutMs?: number;
}

/**
 * The idempotency store shared by every gateway instance of a deployment: the same semantics as
 * the in-process store, with the key's state in Redis (SET NX claims it; the others wait for the
 * result). Results are JSON with dates kept as dates. When Redis does not answer, a call is
 * refused (IdempotencyStoreUnavailable) before it runs: never run unguarded. Once a call ran,
 * Redis failing to record its outcome does not fail it: the claim's lease runs out and the key
 * is then in doubt, so a later retry looks before it acts.
 */
export class RedisIdempotencyStore<T> implements KeyedOnce<T> {
  /** Same-instance callers share one wait instead of each polling Redis. */
  private readonly local = new Map<string, Promise<T>>();
  private readonly prefix: string;
  private readonly waitMs: number;
  private readonly leaseMs: number;
  private readonly commandTimeoutMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisIdempotencyOptions = {},
  ) {
    this.prefix = options.prefix ?? 'gw:idem:';
    this.waitMs = options.waitMs ?? 30_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
  }

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
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const fresh = this.claim(fp, Date.now());
      if ((await this.command(() => this.redis.set(key, fresh, 'PX', IDEMPOTENCY_TTL_MS, 'NX'))) === 'OK') return this.execute(key, fp, fresh, null, call, isInDoubt);
      const raw = await this.command(() => this.redis.get(key));
      if (raw === null) continue;
      const stored = parseWithDates(raw) as Stored;
      if (stored.fp !== fp) throw new IdempotencyConflict('this idempotency key was used with another input');
      if (stored.state === 'done') return stored.result as T;
      // In doubt, or claimed by an instance that stopped answering: the call may have happened.
      if (stored.state === 'in-doubt' || Date.now() > stored.leaseUntil) {
        const takeover = this.claim(fp, stored.since);
        if (await this.replace(key, raw, takeover)) return this.execute(key, fp, takeover, stored.since, call, isInDoubt);
        continue;
      }
      if (Date.now() > deadline) throw new KeyedCallInProgress('an earlier attempt with this idempotency key is still running');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async execute(
    key: string,
    fp: string,
    claim: string,
    inDoubtSince: number | null,
    call: (inDoubtSince: number | null) => Promise<T>,
    isInDoubt: (error: unknown) => boolean,
  ): Promise<T> {
    const since = (parseWithDates(claim) as { since: number }).since;
    let result: T;
    try {
      result = await call(inDoubtSince);
    } catch (error) {
      // A key once in doubt stays in doubt; a call that surely did nothing frees the key.
      const next = inDoubtSince !== null || isInDoubt(error) ? stringifyWithDates({ state: 'in-doubt', fp, since } satisfies Stored) : '';
      await this.replace(key, claim, next).catch(() => undefined);
      throw error;
    }
    await this.replace(key, claim, stringifyWithDates({ state: 'done', fp, result } satisfies Stored)).catch(() => undefined);
    return result;
  }

  private claim(fp: string, since: number): string {
    return stringifyWithDates({ state: 'running', fp, since, leaseUntil: Date.now() + this.leaseMs } satisfies Stored);
  }

  private async replace(key: string, expected: string, next: string): Promise<boolean> {
    const done = await this.command(() => this.redis.eval(REPLACE_IF_UNCHANGED, 1, key, expected, next, String(IDEMPOTENCY_TTL_MS)));
    return done !== null && done !== 0;
  }

  /** One Redis command, bounded in time: no answer (or an error) means the store is unreachable. */
  private async command<R>(run: () => Promise<R>): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      throw new IdempotencyStoreUnavailable(`the idempotency store (Redis) is unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
