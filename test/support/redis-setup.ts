import { Redis } from 'ioredis';
import { hasRedisServer, startPrivateRedis } from './private-redis.js';

/** The Redis a newcomer most likely runs: what `npm test` tries before starting one of its own. */
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at this address (one attempt, no retries). */
async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Where the run's Redis came from, and how to stop it (only a server this run started). */
export interface ProvidedRedis {
  url: string | undefined;
  from: 'REDIS_URL' | 'local' | 'started' | 'none';
  stop(): Promise<void>;
}

/**
 * REDIS_URL already set is used as it is; else a Redis answering at `localUrl`; else a
 * `redis-server` of the run's own on a free port (stopped by its own pid); else none.
 */
export async function provideRedis(env: NodeJS.ProcessEnv, localUrl = LOCAL_REDIS): Promise<ProvidedRedis> {
  const nothing = async () => undefined;
  if (env.REDIS_URL) return { url: env.REDIS_URL, from: 'REDIS_URL', stop: nothing };
  if (await answers(localUrl)) return { url: localUrl, from: 'local', stop: nothing };
  if (!hasRedisServer()) return { url: undefined, from: 'none', stop: nothing };
  const redis = await startPrivateRedis({ persistence: 'none' });
  return { url: redis.url, from: 'started', stop: () => redis.close() };
}

/**
 * vitest globalSetup: gives the tests that need Redis a Redis, so `npm test` without REDIS_URL runs
 * what CI runs (provideRedis), or says plainly that those tests will be skipped. Workers inherit
 * the variable (they start after global setup). Runs once per project: the second run finds
 * REDIS_URL set.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const redis = await provideRedis(process.env);
  if (redis.from === 'REDIS_URL') return undefined;
  if (redis.from === 'none') {
    console.warn(
      '[redis] NO REDIS: nothing answers on 127.0.0.1:6379 and redis-server is not installed, so the tests that need Redis ' +
        'will be SKIPPED (CI runs them). Install Redis (e.g. apt-get install redis-server) or set REDIS_URL.',
    );
    return undefined;
  }
  process.env.REDIS_URL = redis.url;
  console.info(
    redis.from === 'local'
      ? `[redis] using the Redis on ${redis.url} (set REDIS_URL to choose another)`
      : `[redis] nothing on 127.0.0.1:6379: started redis-server for this run on ${redis.url}`,
  );
  return async () => {
    await redis.stop();
    delete process.env.REDIS_URL;
  };
}
