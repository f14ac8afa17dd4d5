import { Redis } from 'ioredis';
import { IdempotencyStore, type KeyedOnce } from '../actions/idempotency.js';
import { RedisIdempotencyStore } from '../actions/redis-idempotency.js';
import type { SentMessage } from '../actions/send-message.js';
import type { GatewayConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { RedisEventBus } from '../events/redis-bus.js';
import type { Logger } from '../logger.js';
import { warnUnlessPersistent } from './redis-persistence.js';
import { RedisUploadStore } from '../uploads/redis-store.js';
import { MemoryUploadStore, type UploadStore } from '../uploads/store.js';

/** What spans instances when Redis is configured, and stays in-process when it is not. */
export interface SharedState {
  redis: Redis | undefined;
  /** Prefix of every Redis key this gateway writes. */
  keyPrefix: string;
  /** sendMessage's idempotency keys: across every instance with Redis, else within this one. */
  idempotency: KeyedOnce<SentMessage>;
  /** Events: a Redis Stream per tenant with Redis (every instance), else in-process. */
  bus: EventBus;
  /** Files uploaded for sendMessage: in Redis (any instance sends them), else in this process. */
  uploads: UploadStore;
  close(): Promise<void>;
}

export function createSharedState(config: GatewayConfig, logger: Logger): SharedState {
  const redis = config.redis ? new Redis(config.redis.url, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
  redis?.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis error'));
  const keyPrefix = config.redis?.keyPrefix ?? 'gw:';
  const eventLogSize = config.limits.eventLogSize;
  const bus = redis ? new RedisEventBus(redis, eventLogSize, keyPrefix) : new MemoryEventBus(eventLogSize);
  // Idempotency keys outlive a Redis restart only with AOF: say so at start when it is not on.
  if (redis) void warnUnlessPersistent(redis, logger);
  return {
    redis,
    keyPrefix,
    idempotency: redis ? new RedisIdempotencyStore<SentMessage>(redis, { prefix: `${keyPrefix}idem:` }) : new IdempotencyStore<SentMessage>(),
    bus,
    uploads: redis ? new RedisUploadStore(redis, keyPrefix, config.uploads) : new MemoryUploadStore(config.uploads),
    async close() {
      await bus.close();
      redis?.disconnect();
    },
  };
}
