import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * Whether Redis keeps what the gateway writes across its own restart. Idempotency keys live in
 * Redis: a Redis that restarts without persistence forgets them, and a client's retry of a send
 * with the same key is then sent again. Only AOF (`appendonly yes`) keeps every key; RDB snapshots
 * (`save`) lose what came after the last one, so they count as not persistent here.
 */
export type RedisPersistence = 'aof' | 'none' | 'unknown' | 'unreachable';

/** `CONFIG GET appendonly`; a Redis that forbids CONFIG (managed services, ACLs) is `unknown`. */
export async function redisPersistence(redis: Redis, timeoutMs = 1_000): Promise<RedisPersistence> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      redis.config('GET', 'appendonly'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer')), timeoutMs);
      }),
    ]);
    const value = Array.isArray(answer) ? answer[1] : undefined;
    return value === 'yes' ? 'aof' : value === 'no' ? 'none' : 'unknown';
  } catch (error) {
    // A reply error is Redis refusing the command; anything else is Redis not answering.
    return error instanceof Error && error.name === 'ReplyError' ? 'unknown' : 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/** What /readyz says in its `idempotency` check. */
export function describePersistence(state: RedisPersistence): string {
  switch (state) {
    case 'aof':
      return 'persistent (appendonly yes)';
    case 'none':
      return 'not persistent (appendonly no): idempotency keys are lost if Redis restarts';
    case 'unknown':
      return 'unknown (CONFIG GET refused): idempotency keys survive a Redis restart only with appendonly yes';
    case 'unreachable':
      return 'unknown (Redis unreachable)';
  }
}

/** At start: one warning when Redis is not known to persist idempotency keys (never fatal). */
export async function warnUnlessPersistent(redis: Redis, logger: Logger): Promise<RedisPersistence> {
  const state = await redisPersistence(redis, 5_000);
  if (state === 'none') {
    logger.warn(
      { redisPersistence: state },
      'Redis does not persist (appendonly no): after a Redis restart, idempotency keys are forgotten and a retried sendMessage is sent again. Set appendonly yes.',
    );
  } else if (state === 'unknown') {
    logger.warn({ redisPersistence: state }, 'could not check Redis persistence (CONFIG GET refused): idempotency keys survive a Redis restart only with appendonly yes');
  } else if (state === 'unreachable') {
    logger.warn({ redisPersistence: state }, 'could not check Redis persistence (Redis unreachable): idempotency keys survive a Redis restart only with appendonly yes');
  } else {
    logger.info({ redisPersistence: state }, 'Redis persists idempotency keys (appendonly yes)');
  }
  return state;
}
