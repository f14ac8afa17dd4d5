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
    /**
     * Whole answers to queries, kept per tenant, user, document and variables while every
     * platform read they were built from is still the one the response cache holds
     * (pipeline/answer-cache.ts): a repeated screen skips execution. `maxEntries: 0` turns it off.
     */
    answers: z
      .strictObject({
        maxEntries: z.number().int().min(0).max(1_000_000).default(1_000),
        /** Bound on the kept answers' size (estimated from their text), in bytes. */
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .default(32 * 1024 * 1024),
      })
      .prefault({}),
  })
  .prefault({});
export type CacheConfig = z.infer<typeof cacheSchema>;
