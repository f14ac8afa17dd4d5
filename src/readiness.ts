import { Redis } from 'ioredis';
import { describePersistence, redisPersistence } from './runtime/redis-persistence.js';

/** Checks that report without deciding readiness (a risk to know about, not an outage). */
const INFORMATIONAL = new Set(['idempotency']);

/**
 * What /readyz checks: the configuration is loaded (it is, or the process would not run) and,
 * when Redis is configured, Redis answers a PING within a short time. With Redis, `idempotency`
 * says whether Redis persists (AOF) so idempotency keys survive its restart: informational, it
 * never makes the instance unready.
 */
export class Readiness {
  private redis: Redis | undefined;

  constructor(private readonly redisUrl: string | undefined) {}

  async check(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const checks: Record<string, string> = { config: 'ok' };
    if (this.redisUrl) {
      checks.redis = await this.pingRedis();
      checks.idempotency = describePersistence(checks.redis === 'ok' ? await redisPersistence(this.redis!) : 'unreachable');
    }
    return { ready: Object.entries(checks).every(([name, v]) => INFORMATIONAL.has(name) || v === 'ok'), checks };
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
    this.redis = undefined;
  }

  private async pingRedis(): Promise<string> {
    if (!this.redis) {
      this.redis = new Redis(this.redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1_000 });
      // Failures are reported by the check itself; without a listener ioredis logs each one.
      this.redis.on('error', () => undefined);
    }
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      const answer = await Promise.race([this.redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_000).unref())]);
      return answer === 'PONG' ? 'ok' : 'unexpected answer';
    } catch {
      return 'unreachable';
    }
  }
}
