import { LRUCache } from 'lru-cache';

/**
 * A token bucket per caller (tenant + user): `perMinute` requests a minute, refilled smoothly,
 * bursting up to a minute's worth. In-process: each instance limits what it serves.
 */
export class RateLimiter {
  private readonly buckets = new LRUCache<string, { tokens: number; at: number }>({ max: 100_000 });

  constructor(private readonly perMinute: number) {}

  /** True when the call may proceed. */
  take(caller: string, now = Date.now()): boolean {
    if (this.perMinute <= 0) return true;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    const refill = ((now - bucket.at) / 60_000) * this.perMinute;
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + refill);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
    return allowed;
  }
}
