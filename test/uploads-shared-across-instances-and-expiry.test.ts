import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../src/pipeline/auth.js';
import { RedisUploadStore } from '../src/uploads/redis-store.js';
import { MemoryUploadStore } from '../src/uploads/store.js';
import { startInstances, type Instances } from './support/gateway-instances.js';

/**
 * Uploads held where every instance finds them: with Redis, a file uploaded on instance A is
 * sent by instance B (one media upload and one send on Iron). The stores themselves, on a clock
 * of the test's: an upload is the caller's (tenant and user) and is gone at its expiry, in Redis
 * (real Redis, its own key prefix) and in process (where memory is bounded by bytes, least
 * recently used dropped first).
 */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED uploads-shared-across-instances: REDIS_URL is not set');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const alice = { tenant: 't1', user: 'alice' };

describe.skipIf(!REDIS_URL)('uploads across gateway instances (Redis)', () => {
  let instances: Instances;
  beforeAll(async () => {
    instances = await startInstances({ redisUrl: REDIS_URL!, instances: 2, seed: 'uploads-shared' });
  }, 60_000);
  afterAll(async () => instances?.close());

  it('a file uploaded on instance A is sent by instance B', async () => {
    const token = await mintToken({ secret: 'test-secret-that-is-long-enough-0123456789', sub: 'alice', tenant: 't1' });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'pixel.png');
    const uploaded = await fetch(`${instances.urls[0]}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };

    const list = await instances.gql<{ conversations: { edges: { node: { id: string; channel: string | null } }[] } }>(
      1,
      '{ conversations(first: 50, filter: { sources: [IRON] }) { edges { node { id channel } } } }',
    );
    const conversationId = list.data!.conversations.edges.map((e) => e.node).find((n) => n.channel === 'SMS' || n.channel === 'EMAIL')!.id;
    const counts = () => instances.sims.iron.server.requestCounts().byRoute;
    const mediaBefore = counts()['POST /api/v1/conversations/media'] ?? 0;
    const content = `From instance B ${randomUUID()}`;
    const sent = await instances.gql<{ sendMessage: { message: { attachments: { name: string }[] } | null; userErrors: unknown[] } }>(
      1,
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { attachments { name } } userErrors { code } } }',
      { input: { conversationId, content, attachments: [id], idempotencyKey: randomUUID() } },
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage).toEqual({ message: { attachments: [{ name: 'pixel.png' }] }, userErrors: [] });
    expect((counts()['POST /api/v1/conversations/media'] ?? 0) - mediaBefore).toBe(1);
    expect(instances.stored('iron', conversationId, content)).toBe(1);
  });
});

describe.skipIf(!REDIS_URL)('the Redis upload store', () => {
  const redis = REDIS_URL ? new Redis(REDIS_URL) : undefined;
  const prefix = `test-uploads-${randomUUID()}:`;
  afterAll(async () => {
    const keys = await redis!.keys(`${prefix}*`);
    if (keys.length > 0) await redis!.del(...keys);
    redis?.disconnect();
  });

  it('keeps the bytes for the caller only, expires with the upload (Redis TTL set), and a read does not use it up', async () => {
    let now = Date.now();
    const store = new RedisUploadStore(redis!, prefix, { ttlSeconds: 60 }, () => now);
    const meta = await store.put(alice, { filename: 'a.png', contentType: 'image/png', content: PNG });
    expect((await store.get(alice, meta.id))?.content.equals(PNG)).toBe(true);
    expect((await store.get(alice, meta.id))?.filename).toBe('a.png');
    expect(await store.get({ tenant: 't1', user: 'bob' }, meta.id)).toBeNull();
    expect(await store.get({ tenant: 't2', user: 'alice' }, meta.id)).toBeNull();
    const [key] = await redis!.keys(`${prefix}upload:*`);
    const ttl = await redis!.pttl(key!);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    now += 61_000;
    expect(await store.get(alice, meta.id)).toBeNull();
  });
});

describe('the in-process upload store', () => {
  it('expires uploads and keeps them to the caller', async () => {
    let now = Date.now();
    const store = new MemoryUploadStore({ ttlSeconds: 60, memoryMaxBytes: 1024 * 1024 }, () => now);
    const meta = await store.put(alice, { filename: 'a.png', contentType: 'image/png', content: PNG });
    expect(meta.expiresAt).toBe(now + 60_000);
    expect((await store.get(alice, meta.id))?.content.equals(PNG)).toBe(true);
    expect(await store.get({ tenant: 't1', user: 'bob' }, meta.id)).toBeNull();
    now += 60_001;
    expect(await store.get(alice, meta.id)).toBeNull();
  });

  it('is bounded by bytes: the least recently used upload goes first', async () => {
    const store = new MemoryUploadStore({ ttlSeconds: 60, memoryMaxBytes: 10_000 });
    const file = (n: number) => ({ filename: `${n}.bin`, contentType: 'application/pdf', content: Buffer.alloc(4_000, n) });
    const first = await store.put(alice, file(1));
    const second = await store.put(alice, file(2));
    await store.get(alice, first.id); // first is now the most recently used
    const third = await store.put(alice, file(3));
    expect(await store.get(alice, second.id)).toBeNull();
    expect(await store.get(alice, first.id)).not.toBeNull();
    expect(await store.get(alice, third.id)).not.toBeNull();
  });
});
