import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyStore, IdempotencyStoreUnavailable, type KeyedOnce } from '../src/actions/idempotency.js';
import { RedisIdempotencyStore } from '../src/actions/redis-idempotency.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './support/private-redis.js';

/**
 * The idempotency stores' rules for keys whose call may or may not have happened, on a real
 * Redis of the test's own (stopped and restarted here, never the shared one): a key in doubt is
 * never released; a claim whose instance died is in doubt, not free; an unreachable Redis refuses
 * before the call runs; a call that ran keeps its result even when Redis fails to record it.
 */
const CAN_RUN = hasRedisServer();
if (!CAN_RUN) console.warn('SKIPPED idempotency-store-in-doubt (Redis part): redis-server is not installed');

class Unknown extends Error {}
class Refused extends Error {}
const isUnknown = (error: unknown) => error instanceof Unknown;
let n = 0;
const scope = () => ({ tenant: 't', user: 'u', key: `k${++n}-${Date.now()}` });

/** Runs a call that records the `inDoubtSince` it was given and then does what `outcome` says. */
async function attempt(store: KeyedOnce<string>, key: ReturnType<typeof scope>, outcome: 'ok' | 'unknown' | 'refused'): Promise<{ since: number | null; result: string | Error }> {
  let since: number | null = null;
  const result = await store
    .run(
      key,
      'fp',
      async (inDoubtSince) => {
        since = inDoubtSince;
        if (outcome === 'unknown') throw new Unknown();
        if (outcome === 'refused') throw new Refused();
        return 'sent';
      },
      isUnknown,
    )
    .catch((error: Error) => error);
  return { since, result };
}

function inDoubtRules(makeStore: () => KeyedOnce<string>): void {
  it('a key in doubt stays in doubt through failing retries, until one succeeds', async () => {
    const store = makeStore();
    const key = scope();
    const first = await attempt(store, key, 'unknown');
    expect(first.since).toBeNull();
    const second = await attempt(store, key, 'refused');
    expect(second.since).toEqual(expect.any(Number));
    // A definite failure of the retry does not release the key: the first attempt may still have happened.
    const third = await attempt(store, key, 'ok');
    expect(third.since).toBe(second.since);
    expect(third.result).toBe('sent');
    expect((await attempt(store, key, 'ok')).since).toBeNull(); // done: answered without a call
  });

  it('a call that surely did nothing releases the key', async () => {
    const store = makeStore();
    const key = scope();
    await attempt(store, key, 'refused');
    expect((await attempt(store, key, 'ok')).since).toBeNull();
  });
}

describe('in-process store', () => inDoubtRules(() => new IdempotencyStore<string>()));

describe.skipIf(!CAN_RUN)('Redis store', () => {
  let redis: PrivateRedis;
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    redis = await startPrivateRedis({ persistence: 'aof' });
  });
  afterEach(async () => {
    if (redis) await redis.start().catch(() => undefined);
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis?.close();
  });

  inDoubtRules(() => new RedisIdempotencyStore<string>(client()));

  it('Redis unreachable: the keyed call is refused before it runs', async () => {
    const store = new RedisIdempotencyStore<string>(client(), { commandTimeoutMs: 500 });
    await redis.kill();
    let calls = 0;
    const outcome = await store.run(scope(), 'fp', async () => `sent ${++calls}`, isUnknown).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(IdempotencyStoreUnavailable);
    expect(calls).toBe(0);
  });

  it('an instance that dies mid-call leaves its key in doubt: after its lease, another instance checks before it acts', async () => {
    const key = scope();
    const dying = new RedisIdempotencyStore<string>(client(), { leaseMs: 300 });
    const startedAt = Date.now();
    let resumed: () => void = () => undefined;
    // Its call never ends (the process died while the platform was answering).
    void dying.run(key, 'fp', () => new Promise<string>((resolve) => (resumed = () => resolve('late'))), isUnknown);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const survivor = new RedisIdempotencyStore<string>(client(), { waitMs: 10_000 });
    const retry = await attempt(survivor, key, 'ok');
    expect(retry.since).toBeGreaterThanOrEqual(startedAt);
    expect(retry.result).toBe('sent');
    resumed();
  });

  it('Redis lost after the call ran: the caller keeps its result; after the restart the key is in doubt, never free', async () => {
    const key = scope();
    const store = new RedisIdempotencyStore<string>(client(), { leaseMs: 300, commandTimeoutMs: 500 });
    const result = await store.run(
      key,
      'fp',
      async () => {
        await redis.kill();
        return 'sent';
      },
      isUnknown,
    );
    expect(result).toBe('sent');

    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 350)); // past the claim's lease
    const retry = await attempt(new RedisIdempotencyStore<string>(client()), key, 'ok');
    expect(retry.since).toEqual(expect.any(Number));
  });
});
