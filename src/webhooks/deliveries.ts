import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** How long a delivery id is remembered: platforms retry within hours, not days. */
export const REPLAY_TTL_MS = 24 * 3600 * 1000;
/** How long a delivery waits for Redis's verdict before this process's own is used. */
const REDIS_ANSWER_MS = 500;

/**
 * The webhook deliveries already received, by id (or by a signed request's key), so a platform's
 * retry of a delivery it thinks failed, or a captured request sent again, is acknowledged without
 * publishing twice: across instances with Redis, and always in this process too, so a delivery is
 * still recognized here while Redis is away (then it is accepted, not refused: the bus holds its
 * events until Redis is back).
 */
export class DeliveryLog {
  private readonly seen = new LRUCache<string, true>({ max: 100_000, ttl: REPLAY_TTL_MS });

  constructor(
    private readonly redis: Redis | undefined,
    private readonly keyPrefix = 'gw:',
  ) {}

  /** True the first time a delivery id is seen (per tenant and source) within `ttlMs`, false for a replay. */
  async first(tenantId: string, sourceKey: string, deliveryId: string, ttlMs = REPLAY_TTL_MS): Promise<boolean> {
    const key = `${tenantId}\u0000${sourceKey}\u0000${deliveryId}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, true, { ttl: ttlMs });
    if (!this.redis || this.redis.status !== 'ready') return true;
    let timer: NodeJS.Timeout | undefined;
    // A webhook is answered at once: a Redis that does not answer counts as away.
    const away = new Promise<'away'>((resolve) => (timer = setTimeout(() => resolve('away'), REDIS_ANSWER_MS)));
    try {
      const answer = await Promise.race([this.redis.set(`${this.keyPrefix}delivery:${key}`, '1', 'PX', ttlMs, 'NX'), away]);
      return answer === 'away' || answer === 'OK';
    } catch {
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
