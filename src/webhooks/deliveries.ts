import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** How long a delivery id is remembered: platforms retry within hours, not days. */
export const REPLAY_TTL_MS = 24 * 3600 * 1000;

/**
 * The webhook deliveries already received, by id, so a platform's retry of a delivery it thinks
 * failed is acknowledged without publishing twice: across instances with Redis, else in this process.
 */
export class DeliveryLog {
  private readonly seen = new LRUCache<string, true>({ max: 100_000, ttl: REPLAY_TTL_MS });

  constructor(
    private readonly redis: Redis | undefined,
    private readonly keyPrefix = 'gw:',
  ) {}

  /** True the first time a delivery id is seen (per tenant and source), false for a replay. */
  async first(tenantId: string, sourceKey: string, deliveryId: string): Promise<boolean> {
    const key = `${tenantId}\u0000${sourceKey}\u0000${deliveryId}`;
    if (this.redis) return (await this.redis.set(`${this.keyPrefix}delivery:${key}`, '1', 'PX', REPLAY_TTL_MS, 'NX')) === 'OK';
    if (this.seen.has(key)) return false;
    this.seen.set(key, true);
    return true;
  }
}
