import type { Redis } from 'ioredis';

/** Renew the lease if we hold it, else take it if free: 1 when this instance holds it. */
const POLL_LEASE = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

/** How long a stored watermark outlives its last poll. */
const WATERMARK_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * How pollers of several instances share a source: only the holder of its lease polls (the others
 * would only find the same changes again), and a new holder resumes from the last one's watermark.
 */
export interface PollCoordination {
  /** Holds (or renews) the lease `name` for `ttlMs`: true when this instance holds it. */
  lease(name: string, ttlMs: number): Promise<boolean>;
  /** Reads the last holder's watermark (null when none), or stores `value` and returns it. */
  watermark(name: string, value?: number): Promise<number | null>;
}

/** Poll leases and watermarks in Redis, under `<keyPrefix>poll-lease:` and `<keyPrefix>poll-watermark:`. */
export class RedisPollLease implements PollCoordination {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** This instance's identity: the lease's value while it holds it. */
    private readonly instanceId: string,
  ) {}

  async lease(name: string, ttlMs: number): Promise<boolean> {
    const key = `${this.keyPrefix}poll-lease:${name}`;
    const held = await this.redis.eval(POLL_LEASE, 1, key, this.instanceId, String(ttlMs));
    return held === 1;
  }

  async watermark(name: string, value?: number): Promise<number | null> {
    const key = `${this.keyPrefix}poll-watermark:${name}`;
    if (value !== undefined) {
      await this.redis.set(key, String(value), 'PX', WATERMARK_TTL_MS);
      return value;
    }
    const stored = await this.redis.get(key);
    return stored === null ? null : Number(stored);
  }
}
