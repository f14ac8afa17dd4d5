import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { hasRedisServer, startPrivateRedis } from './support/private-redis.js';
import { provideRedis } from './support/redis-setup.js';

/**
 * `npm test` without REDIS_URL (test/support/redis-setup.ts, vitest's globalSetup): a Redis that
 * answers locally is used, else a redis-server of the run's own is started and stopped, so the
 * Redis tests run on a newcomer's machine as in CI instead of being skipped silently.
 */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `redis://127.0.0.1:${port}`;
}

async function ping(url: string): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

describe('a Redis for npm test', () => {
  it('REDIS_URL set: used as it is, nothing started', async () => {
    const redis = await provideRedis({ REDIS_URL: 'redis://example.invalid:6379' }, await closedPortUrl());
    expect(redis).toMatchObject({ url: 'redis://example.invalid:6379', from: 'REDIS_URL' });
  });

  it('neither a Redis nor redis-server: none, and the setup says the Redis tests are skipped', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await provideRedis({}, await closedPortUrl())).toMatchObject({ url: undefined, from: 'none' });
    } finally {
      process.env.PATH = path;
    }
    expect(readFileSync('test/support/redis-setup.ts', 'utf8')).toMatch(/NO REDIS[\s\S]*will be SKIPPED/);
  });

  it.skipIf(!hasRedisServer())('a Redis answering at the local address is used', async () => {
    const local = await startPrivateRedis({ persistence: 'none' });
    try {
      const redis = await provideRedis({}, local.url);
      expect(redis).toMatchObject({ url: local.url, from: 'local' });
      await redis.stop(); // not ours: stays up
      expect(await ping(local.url)).toBe('PONG');
    } finally {
      await local.close();
    }
  });

  it.skipIf(!hasRedisServer())('nothing answers: a redis-server of its own, stopped at teardown', async () => {
    const redis = await provideRedis({}, await closedPortUrl());
    expect(redis.from).toBe('started');
    expect(await ping(redis.url!)).toBe('PONG');
    await redis.stop();
    await expect(ping(redis.url!)).rejects.toThrow();
  });
});
