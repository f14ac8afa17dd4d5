import { Redis } from 'ioredis';

/** Deletes every key under `prefix` (a run's own key prefix on a shared Redis; never anything else). */
export async function deleteKeysUnder(url: string, prefix: string): Promise<number> {
  if (!prefix.endsWith(':') || prefix.length < 8) throw new Error(`refusing to delete under a broad prefix "${prefix}"`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
