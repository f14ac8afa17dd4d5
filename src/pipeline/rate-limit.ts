import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitsConfig } from '../config/schema.js';

/** Which budget refused a request, and how long until it may be tried again. */
export interface RateLimitRefusal {
  scope: 'address' | 'user' | 'tenant';
  retryAfterSeconds: number;
}

/** Where the counters live: Redis (shared by every instance) when configured, else this process. */
export interface RateLimitStore {
  redis: Redis | undefined;
  /** Prefix of the gateway's Redis keys. */
  keyPrefix: string;
}

/** At startup, how long a request may wait for Redis's first connection before counting in memory. */
const FIRST_CONNECTION_WAIT_MS = 1_000;

/**
 * Three budgets of requests per minute (rate-limiter-flexible, fixed one-minute windows): per
 * client address (taken before the token is checked), per user and per tenant. With Redis the
 * counters are shared, so N instances together allow the configured rate, not N times it; while
 * Redis is unreachable each instance falls back to counting in memory (its insurance limiter)
 * rather than letting everything through or refusing everything. Right after start, requests wait
 * (briefly) for Redis's first connection, so a fresh instance does not count them apart.
 */
export class RateLimiter {
  private readonly address: RateLimiterAbstract | null;
  private readonly user: RateLimiterAbstract | null;
  private readonly tenant: RateLimiterAbstract | null;
  private firstConnection: Promise<void> | null;

  constructor(limits: Pick<LimitsConfig, 'requestsPerMinute' | 'tenantRequestsPerMinute' | 'addressRequestsPerMinute'>, store: RateLimitStore) {
    this.address = perMinute(limits.addressRequestsPerMinute, 'address', store);
    this.user = perMinute(limits.requestsPerMinute, 'user', store);
    this.tenant = perMinute(limits.tenantRequestsPerMinute, 'tenant', store);
    const enabled = this.address || this.user || this.tenant;
    this.firstConnection = enabled && store.redis && store.redis.status !== 'ready' ? firstConnectionOf(store.redis).then(() => void (this.firstConnection = null)) : null;
  }

  /** One request from this client address; null when it may proceed. */
  async takeAddress(address: string): Promise<RateLimitRefusal | null> {
    if (this.firstConnection) await this.firstConnection;
    return take(this.address, address, 'address');
  }

  /** One request of this user of this tenant (tenant keys hold no `:`, so the key is unambiguous). */
  async takeCaller(tenant: string, sub: string): Promise<RateLimitRefusal | null> {
    if (this.firstConnection) await this.firstConnection;
    return (await take(this.user, `${tenant}:${sub}`, 'user')) ?? (await take(this.tenant, tenant, 'tenant'));
  }
}

/** Resolves when Redis is first ready, or gives up waiting (unreachable, closed) after a short while. */
function firstConnectionOf(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, FIRST_CONNECTION_WAIT_MS);
    timer.unref();
    redis.once('ready', done);
    redis.once('end', done);
  });
}

function perMinute(points: number, name: string, store: RateLimitStore): RateLimiterAbstract | null {
  if (points <= 0) return null;
  const options = { points, duration: 60, keyPrefix: `${store.keyPrefix}rl:${name}` };
  const memory = new RateLimiterMemory(options);
  if (!store.redis) return memory;
  return new RateLimiterRedis({ ...options, storeClient: store.redis, rejectIfRedisNotReady: true, insuranceLimiter: memory });
}

async function take(limiter: RateLimiterAbstract | null, key: string, scope: RateLimitRefusal['scope']): Promise<RateLimitRefusal | null> {
  if (!limiter) return null;
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    // A refusal is a RateLimiterRes; anything else is a store error the insurance limiter did not absorb.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { scope, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
  }
}
