import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/cache.js';
import { validateConfig } from '../src/config/load.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { decodeId } from '../src/graph/ids.js';
import { createLogger } from '../src/logger.js';
import { mintToken } from '../src/pipeline/auth.js';
import { CacheInvalidationBroadcast } from '../src/runtime/cache-invalidation.js';
import { PartitionVersions, RequestVersions } from '../src/runtime/partition-versions.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './support/private-redis.js';

/**
 * One cache across instances: two real gateways on one real Redis, in front of the same simulators,
 * with a long cache TTL (a minute) so that anything served stale would show. A write on A is seen
 * by B's next read; an event (a platform webhook) received by B drops A's stale entry; tenants on
 * the very same platform account never share entries or invalidations. After a Redis outage an
 * instance drops its whole local cache once. Upstream calls are counted at the simulators.
 */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED cache-invalidation-across-instances: REDIS_URL is not set');
const SECRET = 'cache-across-instances-secret-0123456789';
const WEBHOOK_SECRET = 'cache-across-instances-voxys-webhook';
const TTL_MS = 60_000;

interface Pair {
  sims: SimulatorSet;
  gateways: Gateway[];
  urls: string[];
  lines: Record<string, unknown>[][];
  channel: string;
  close(): Promise<void>;
}

/** Two instances with tenants t1 and t2 configured on the same platform accounts (the same credentials). */
async function startPair(redisUrl: string, seed: string): Promise<Pair> {
  const sims = await startSimulators({ seed, size: 6 });
  const sources = Object.fromEntries(
    SIMULATED_SOURCES.map((s) => [s, { type: s, baseUrl: sims.urls[s], ...sims[s].sourceConfig, cacheTtlMs: TTL_MS, ...(s === 'voxys' ? { webhookSecret: WEBHOOK_SECRET } : {}) }]),
  );
  const users = { alice: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[s].identities.alice])) };
  const keyPrefix = `cache-x-${randomUUID().slice(0, 8)}:`;
  const config = validateConfig({
    auth: { jwt: { secret: SECRET } },
    tenants: { t1: { sources, users }, t2: { sources, users } },
    redis: { url: redisUrl, keyPrefix },
    limits: { requestsPerMinute: 0 },
  });
  const gateways: Gateway[] = [];
  const urls: string[] = [];
  const lines: Record<string, unknown>[][] = [];
  for (let i = 0; i < 2; i++) {
    const captured: Record<string, unknown>[] = [];
    lines.push(captured);
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void captured.push(JSON.parse(line) as Record<string, unknown>) } });
    const gateway = createGateway(config, { logger });
    urls.push(await gateway.listen(0, '127.0.0.1', { polling: false }));
    gateways.push(gateway);
  }
  const channel = `${keyPrefix}cache-invalidations`;
  await untilSubscribed(redisUrl, channel, 2);
  return {
    sims,
    gateways,
    urls,
    lines,
    channel,
    async close() {
      await Promise.all(gateways.map((g) => g.close()));
      await sims.close();
    },
  };
}

/** Waits until `count` connections listen on the channel (each instance subscribes as it starts). */
async function untilSubscribed(redisUrl: string, channel: string, count: number): Promise<void> {
  const probe = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for (let i = 0; i < 200; i++) {
      const [, listening] = (await probe.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(listening) >= count) return;
      await sleep(25);
    }
    throw new Error(`${count} subscribers never joined ${channel}`);
  } finally {
    probe.disconnect();
  }
}

const tokens = new Map<string, string>();
async function gql<T>(url: string, tenant: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let token = tokens.get(tenant);
  if (!token) tokens.set(tenant, (token = await mintToken({ secret: SECRET, sub: 'alice', tenant })));
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const voxysCalls = (sims: SimulatorSet) => sims.voxys.server.requestCounts().total;

const FIRST_VOXYS = '{ conversations(first: 1, filter: { sources: [VOXYS] }) { edges { node { id } } } }';
const SCREEN = 'query($id: ID!) { conversation(id: $id) { id status lastMessage { content } } }';
const SET_STATUS = 'mutation($id: ID!, $status: ConversationStatus!) { setConversationStatus(input: { conversationId: $id, status: $status }) { userErrors { code } } }';
type Screen = { conversation: { status: string; lastMessage: { content: string | null } | null } };

async function firstVoxysConversation(url: string, tenant: string): Promise<string> {
  const data = await gql<{ conversations: { edges: { node: { id: string } }[] } }>(url, tenant, FIRST_VOXYS);
  return data.conversations.edges[0]!.node.id;
}

/** Reads the screen on `url` and says how many platform calls it cost. */
async function screen(pair: Pair, url: string, tenant: string, id: string): Promise<{ data: Screen; calls: number }> {
  const before = voxysCalls(pair.sims);
  const data = await gql<Screen>(url, tenant, SCREEN, { id });
  return { data, calls: voxysCalls(pair.sims) - before };
}

describe.skipIf(!REDIS_URL)('one response cache across instances (Redis pub/sub)', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair(REDIS_URL!, 'cache-across');
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('50 times a mutation on A, then at once the same query on B: B never answers stale, and reads the platform exactly then', async () => {
    const [a, b] = pair.urls as [string, string];
    const id = await firstVoxysConversation(b, 't1');
    let current = (await screen(pair, b, 't1', id)).data.conversation.status;
    let stale = 0;
    let servedFromCacheBefore = 0;
    let readUpstreamAfter = 0;
    for (let i = 0; i < 50; i++) {
      // B holds the current state in its cache (a minute's TTL)...
      const before = await screen(pair, b, 't1', id);
      if (before.calls === 0) servedFromCacheBefore++;
      const target = current === 'RESOLVED' ? 'OPEN' : 'RESOLVED';
      // ...A changes it, and B is asked the moment A has answered: no retry, no wait.
      const set = await gql<{ setConversationStatus: { userErrors: unknown[] } }>(a, 't1', SET_STATUS, { id, status: target });
      expect(set.setConversationStatus.userErrors).toEqual([]);
      const after = await screen(pair, b, 't1', id);
      if (after.data.conversation.status !== target) stale++;
      if (after.calls > 0) readUpstreamAfter++;
      current = target;
    }
    expect(stale).toBe(0);
    expect(servedFromCacheBefore).toBe(50); // the entry a stale answer would have come from was there each time
    expect(readUpstreamAfter).toBe(50); // and each first read after a write went to the platform
    // B caches the fresh answer again.
    expect((await screen(pair, b, 't1', id)).calls).toBe(0);
  });

  it("an event (a platform webhook) received by B drops A's stale entry", async () => {
    const [a, b] = pair.urls as [string, string];
    pair.sims.voxys.live.setWebhookTarget({ url: `${b}/webhooks/t1/voxys`, secret: WEBHOOK_SECRET });
    const id = await firstVoxysConversation(a, 't1');
    await screen(pair, a, 't1', id);
    expect((await screen(pair, a, 't1', id)).calls).toBe(0); // cached on A

    const content = `inbound ${randomUUID()}`;
    await pair.sims.voxys.live.injectInboundMessage(decodeId(id)!.upstreamId, content);
    // Only B received the webhook; A must read afresh once B's invalidation arrives.
    let seen = await screen(pair, a, 't1', id);
    for (let i = 0; i < 100 && seen.data.conversation.lastMessage?.content !== content; i++) {
      await sleep(50);
      seen = await screen(pair, a, 't1', id);
    }
    expect(seen.data.conversation.lastMessage?.content).toBe(content);
    pair.sims.voxys.live.setWebhookTarget(null);
  });

  it('tenants on the same platform account share neither entries nor invalidations', async () => {
    const [a, b] = pair.urls as [string, string];
    const id1 = await firstVoxysConversation(a, 't1');
    const id2 = await firstVoxysConversation(a, 't2');
    expect(id1).not.toBe(id2); // ids carry the tenant
    await screen(pair, a, 't1', id1);
    // t2's first read of the same upstream conversation goes to the platform: no entry is shared.
    expect((await screen(pair, a, 't2', id2)).calls).toBeGreaterThan(0);
    expect((await screen(pair, a, 't1', id1)).calls).toBe(0);
    expect((await screen(pair, a, 't2', id2)).calls).toBe(0);

    const status = (await screen(pair, a, 't2', id2)).data.conversation.status === 'OPEN' ? 'PENDING' : 'OPEN';
    await gql(b, 't2', SET_STATUS, { id: id2, status });
    expect((await screen(pair, a, 't2', id2)).data.conversation.status).toBe(status); // at once: no retry

    // t2's invalidation never touched t1's partition on A.
    expect((await screen(pair, a, 't1', id1)).calls).toBe(0);
  });

  it('an instance ignores its own messages and peers act only on partition-qualified tags', async () => {
    const listener = new Redis(REDIS_URL!);
    const seen: string[] = [];
    await listener.subscribe(pair.channel);
    listener.on('message', (_channel: string, message: string) => void seen.push(message));
    try {
      const [a] = pair.urls as [string];
      const id = await firstVoxysConversation(a, 't1');
      await gql(a, 't1', SET_STATUS, { id, status: 'OPEN' });
      for (let i = 0; i < 40 && seen.length === 0; i++) await sleep(25);
      expect(seen.length).toBeGreaterThan(0);
      for (const raw of seen) {
        const message = JSON.parse(raw) as { from: string; partition: string; tags: string[] };
        expect(Object.keys(message).sort()).toEqual(['from', 'partition', 'tags']);
        const [tenant, source, credentialHash] = message.partition.split('\u0000');
        expect([tenant, source]).toEqual(['t1', 'voxys']);
        expect(credentialHash).toMatch(/^[\w-]{16}$/); // a hash, never the credential
        expect(raw).not.toContain(pair.sims.voxys.sourceConfig.apiAccessToken as string);
      }
      // A's own message did not clear A's cache: the read it made after the write is still cached.
      await screen(pair, a, 't1', id);
      expect((await screen(pair, a, 't1', id)).calls).toBe(0);
    } finally {
      listener.disconnect();
    }
  });
});

describe.skipIf(!REDIS_URL)('strict mode: the partition versions alone', () => {
  it('an instance that never hears the pub/sub message still drops what another instance invalidated, in that partition only', async () => {
    const keyPrefix = `cache-v-${randomUUID().slice(0, 8)}:`;
    const logger = createLogger({ level: 'silent' });
    const [redisA, redisB] = [new Redis(REDIS_URL!), new Redis(REDIS_URL!)];
    const [cacheA, cacheB] = [new ResponseCache(), new ResponseCache()];
    const versionsA = new PartitionVersions(redisA, keyPrefix, logger);
    const versionsB = new PartitionVersions(redisB, keyPrefix, logger);
    // A broadcasts; B has no subscriber at all: as if A's message were still on its way.
    const broadcastA = new CacheInvalidationBroadcast(redisA, keyPrefix, cacheA, logger, versionsA);
    const t1 = ResponseCache.partition('t1', 'voxys', 'credential-hash1');
    const t2 = ResponseCache.partition('t2', 'voxys', 'credential-hash1');
    try {
      await Promise.all([redisA.ping(), redisB.ping()]);
      const first = versionsB.forRequest([t1, t2]);
      cacheB.set('t1-conversation', 'old', TTL_MS, t1, ['conversation:1'], undefined, (await first.of(t1))!);
      cacheB.set('t2-conversation', 'theirs', TTL_MS, t2, ['conversation:1'], undefined, (await first.of(t2))!);
      const unchanged = versionsB.forRequest([t1, t2]);
      expect(cacheB.get('t1-conversation', (await unchanged.of(t1))!)).toEqual({ hit: true, value: 'old' });

      await cacheA.invalidateEverywhere(t1, ['conversation:1']); // what a write awaits before it answers
      const next = versionsB.forRequest([t1, t2]);
      expect(cacheB.get('t1-conversation', (await next.of(t1))!)).toEqual({ hit: false });
      expect(cacheB.get('t2-conversation', (await next.of(t2))!)).toEqual({ hit: true, value: 'theirs' });
      // The version keys live under the deployment's prefix, one per partition.
      expect(await redisA.get(versionsA.keyOf(t1))).toBe('1');
      expect(versionsA.keyOf(t1).startsWith(`${keyPrefix}cache-version:`)).toBe(true);
    } finally {
      broadcastA.close();
      await redisA.del(versionsA.keyOf(t1), versionsA.keyOf(t2), versionsA.epochKey);
      redisA.disconnect();
      redisB.disconnect();
    }
  });

  it('a request reads the versions once (one MGET), and when Redis cannot say, nothing cached is served', async () => {
    let loads = 0;
    const memo = new RequestVersions(async () => (loads++, new Map([['p', '0.3']])));
    expect(await Promise.all([memo.of('p'), memo.of('p'), memo.of('q')])).toEqual(['0.3', '0.3', null]);
    expect(loads).toBe(1);

    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const versions = new PartitionVersions(unreachable, 'cache-v-down:', logger);
    expect(await versions.forRequest(['p']).of('p')).toBeNull(); // RestClient then reads the platform and caches nothing
    expect(await versions.forRequest(['p']).of('p')).toBeNull();
    expect(lines.filter((l) => String(l.msg).startsWith('cache versions unreadable'))).toHaveLength(1); // said once per outage
    unreachable.disconnect();
  });
});

const HAS_REDIS_SERVER = hasRedisServer();
describe.skipIf(!HAS_REDIS_SERVER)('after a Redis outage', () => {
  let redis: PrivateRedis;
  let pair: Pair;
  beforeAll(async () => {
    redis = await startPrivateRedis({ persistence: 'none' });
    pair = await startPair(redis.url, 'cache-outage');
  });
  afterAll(async () => {
    await pair?.close();
    await redis?.close();
  });

  it('each instance drops its whole local cache once when Redis is back (invalidations may have been missed), and says so', async () => {
    const [a] = pair.urls as [string];
    const id = await firstVoxysConversation(a, 't1');
    await screen(pair, a, 't1', id);
    expect((await screen(pair, a, 't1', id)).calls).toBe(0);

    await redis.kill();
    await sleep(200);
    await redis.start();
    await untilSubscribed(redis.url, pair.channel, 2);
    for (let i = 0; i < 100 && !pair.lines[0]!.some((l) => String(l.msg).startsWith('redis is back')); i++) await sleep(25);
    const back = pair.lines[0]!.filter((l) => String(l.msg).startsWith('redis is back'));
    expect(back).toHaveLength(1);

    expect((await screen(pair, a, 't1', id)).calls).toBeGreaterThan(0); // dropped: read afresh
    // Strict mode serves nothing cached until the instance's own Redis connection (which reconnects
    // on its own backoff, apart from the subscriber) can read the partition versions again; then the
    // read is cached again.
    let reread = await screen(pair, a, 't1', id);
    for (let i = 0; i < 100 && reread.calls > 0; i++) {
      await sleep(50);
      reread = await screen(pair, a, 't1', id);
    }
    expect((await screen(pair, a, 't1', id)).calls).toBe(0);
  });
});
