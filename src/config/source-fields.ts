import { z } from 'zod';

/** Fields and value types every platform's source configuration shares (each platform adds its own in `src/datasources/<platform>/config.ts`). */

export const secret = z.string().min(1, 'must not be empty');
export const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
export const id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** What every source may tune, whatever its platform. */
export const commonSourceFields = {
  baseUrl: url,
  /** Authenticates the platform's webhooks (Voxys HMAC secret, Chatvolt URL token); VoiceGlow uses its workspace secret. */
  webhookSecret: secret.optional(),
  /** Poll the platform for changes every N ms (Iron always polls; others only when set). */
  pollIntervalMs: z.number().int().min(250).optional(),
  timeoutMs: z.number().int().min(50).max(120_000).default(5_000),
  retries: z.number().int().min(0).max(10).default(2),
  concurrency: z.number().int().min(1).max(1_000).default(16),
  /** Calls that may wait for a free slot; beyond it they fail fast. */
  queue: z.number().int().min(0).max(100_000).default(200),
  circuitBreaker: z
    .strictObject({
      failureRatio: z.number().gt(0).lt(1).default(0.5),
      window: z.number().int().min(2).max(10_000).default(20),
      minimumCalls: z.number().int().min(1).max(10_000).default(10),
      halfOpenAfterMs: z.number().int().min(10).max(600_000).default(5_000),
    })
    .default({ failureRatio: 0.5, window: 20, minimumCalls: 10, halfOpenAfterMs: 5_000 }),
  /** How long an upstream read is reused across requests; 0 turns the cross-request cache off. */
  cacheTtlMs: z.number().int().min(0).max(3_600_000).default(5_000),
};
