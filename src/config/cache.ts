import { z } from 'zod';

/**
 * The response cache across instances (with `redis`; without it there is one instance's cache).
 * `crossInstance`: `strict` (the default) — a write answers once Redis has taken its invalidation,
 * and each request checks its partitions' versions in Redis (one MGET) before serving anything
 * cached, so no instance serves what a write on another made stale after that write answered;
 * `eventual` — invalidations still reach every instance over pub/sub (the write waits for Redis to
 * take them), but a request does not check versions: another instance may serve the old answer
 * for the moment the message is on its way.
 */
export const cacheSchema = z
  .strictObject({
    crossInstance: z.enum(['strict', 'eventual']).default('strict'),
  })
  .prefault({});
export type CacheConfig = z.infer<typeof cacheSchema>;
