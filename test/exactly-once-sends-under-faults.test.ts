import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, type Instances } from './support/gateway-instances.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './support/private-redis.js';

/**
 * The three ways a keyed sendMessage used to reach the customer twice, each reproduced with real
 * simulators, two real gateway instances and a Redis of the test's own (never the shared one):
 * (a) the platform stores the message and the connection resets before the answer;
 * (b) the first attempt times out on instance 1 and the retry lands on instance 2, whose cache
 *     still holds the thread from before;
 * (c) Redis goes away and comes back (with AOF, as the README requires).
 * Each asserts what the platform itself holds: one message, never two.
 */
const CAN_RUN = hasRedisServer();
if (!CAN_RUN) console.warn('SKIPPED exactly-once-sends-under-faults: redis-server is not installed');

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id content } userErrors { code } } }`;
type Send = { sendMessage: { message: { id: string; content: string } | null; userErrors: { code: string }[] } };
/** A breaker that never opens: these tests count calls, and an open circuit would hide them. */
const NEVER_OPEN = { circuitBreaker: { failureRatio: 0.99, window: 1000, minimumCalls: 1000, halfOpenAfterMs: 1000 } };

async function conversationOf(gw: Instances, source: 'VOXYS' | 'IRON'): Promise<string> {
  const list = await gw.gql<{ conversations: { edges: { node: { id: string; channel: string } }[] } }>(
    0,
    `query($s: [Source!]) { conversations(first: 20, filter: { sources: $s }) { edges { node { id channel } } } }`,
    { s: [source] },
  );
  return list.data!.conversations.edges.map((e) => e.node).find((n) => n.channel !== 'VOICE')!.id;
}

describe.skipIf(!CAN_RUN)('duplicate-send paths (a) and (b): two instances on a private Redis', () => {
  let redis: PrivateRedis;
  let gw: Instances;
  beforeAll(async () => {
    redis = await startPrivateRedis({ persistence: 'none' });
    gw = await startInstances({
      redisUrl: redis.url,
      instances: 2,
      seed: 'exactly-once-faults',
      // Long cache TTLs: instance 2 keeps what it read before the send (path b).
      sourceOverrides: { voxys: { ...NEVER_OPEN, cacheTtlMs: 60_000 }, iron: { ...NEVER_OPEN, cacheTtlMs: 60_000, timeoutMs: 1_000 } },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.close();
  });

  it('(a) stored, then the connection reset: the first answer says "unknown, retry"; retries on either instance find the message', async () => {
    const conversationId = await conversationOf(gw, 'VOXYS');
    const input = { conversationId, content: `Reset ${randomUUID()}`, idempotencyKey: randomUUID() };
    const before = gw.sends('voxys');
    gw.sims.voxys.server.setKnobs({ resetAfterHandling: 1, faultMethods: ['POST'] });
    const first = await gw.gql<Send>(0, SEND, { input });
    gw.sims.voxys.server.setKnobs({ resetAfterHandling: 0, faultMethods: null });
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'VOXYS', retryable: true, reason: 'OUTCOME_UNKNOWN' });
    expect(gw.stored('voxys', conversationId, input.content)).toBe(1);

    const sameInstance = await gw.gql<Send>(0, SEND, { input });
    expect(sameInstance.errors).toBeUndefined();
    expect(sameInstance.data!.sendMessage.message!.content).toBe(input.content);
    const otherInstance = await gw.gql<Send>(1, SEND, { input });
    expect(otherInstance.data!.sendMessage.message!.id).toBe(sameInstance.data!.sendMessage.message!.id);
    expect(gw.sends('voxys') - before).toBe(1);
    expect(gw.stored('voxys', conversationId, input.content)).toBe(1);
  });

  it('(a) while the platform cannot be read, a retry of the in-doubt key is a retryable error and sends nothing', async () => {
    const conversationId = await conversationOf(gw, 'VOXYS');
    const input = { conversationId, content: `Unreadable ${randomUUID()}`, idempotencyKey: randomUUID() };
    const before = gw.sends('voxys');
    gw.sims.voxys.server.setKnobs({ resetAfterHandling: 1, faultMethods: ['POST'] });
    await gw.gql<Send>(0, SEND, { input });
    gw.sims.voxys.server.setKnobs({ resetAfterHandling: 0, faultMethods: null, outage: true });
    for (const instance of [1, 0]) {
      const refused = await gw.gql<Send>(instance, SEND, { input });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'VOXYS', retryable: true, reason: 'OUTCOME_UNKNOWN' });
      expect(refused.errors![0]!.message).toMatch(/retry with the same idempotency key/);
    }
    expect(gw.sends('voxys') - before).toBe(1);

    // The key stayed in doubt through those failures: once the platform answers, the retry finds the message.
    gw.sims.voxys.server.setKnobs({ outage: false });
    const found = await gw.gql<Send>(1, SEND, { input });
    expect(found.errors).toBeUndefined();
    expect(found.data!.sendMessage.message!.content).toBe(input.content);
    expect(gw.sends('voxys') - before).toBe(1);
    expect(gw.stored('voxys', conversationId, input.content)).toBe(1);
  });

  it('(b) timed out on instance 1 (stored, answered late); the retry on instance 2 reads the platform, not its cached thread', async () => {
    const conversationId = await conversationOf(gw, 'IRON');
    const input = { conversationId, content: `Late ${randomUUID()}`, idempotencyKey: randomUUID() };
    // Instance 2 reads the thread first: its cache holds the thread as it was before the send.
    const warm = await gw.gql(1, `query($id: ID!) { conversation(id: $id) { id messages(last: 20) { edges { node { id content } } } } }`, { id: conversationId });
    expect(warm.errors).toBeUndefined();
    const before = gw.sends('iron');

    gw.sims.iron.server.setKnobs({ lateAnswerMs: 3_000, faultMethods: ['POST'] });
    const first = await gw.gql<Send>(0, SEND, { input });
    gw.sims.iron.server.setKnobs({ lateAnswerMs: 0, faultMethods: null });
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'IRON', retryable: true, reason: 'OUTCOME_UNKNOWN' });
    expect(gw.stored('iron', conversationId, input.content)).toBe(1);

    const retry = await gw.gql<Send>(1, SEND, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.sendMessage.message!.content).toBe(input.content);
    expect(gw.sends('iron') - before).toBe(1);
    expect(gw.stored('iron', conversationId, input.content)).toBe(1);
  });
});

describe.skipIf(!CAN_RUN)('duplicate-send path (c): Redis goes away and comes back (AOF, as required)', () => {
  let redis: PrivateRedis;
  let gw: Instances;
  beforeAll(async () => {
    redis = await startPrivateRedis({ persistence: 'aof' });
    gw = await startInstances({ redisUrl: redis.url, instances: 2, seed: 'exactly-once-redis', sourceOverrides: { voxys: NEVER_OPEN } });
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.close();
  });

  it('while Redis is down keyed sends are refused (retryable, nothing sent); after the restart the key is still known', async () => {
    const conversationId = await conversationOf(gw, 'VOXYS');
    const input = { conversationId, content: `Durable ${randomUUID()}`, idempotencyKey: randomUUID() };
    const before = gw.sends('voxys');
    const sent = await gw.gql<Send>(0, SEND, { input });
    expect(sent.errors).toBeUndefined();
    const id = sent.data!.sendMessage.message!.id;

    await redis.kill();
    const other = { ...input, content: `Unguarded ${randomUUID()}`, idempotencyKey: randomUUID() };
    for (const [instance, attempt] of [
      [0, input],
      [1, other],
    ] as const) {
      const refused = await gw.gql<Send>(instance, SEND, { input: attempt });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, reason: 'IDEMPOTENCY_STORE_UNAVAILABLE' });
    }
    expect(gw.sends('voxys') - before).toBe(1);

    await redis.start();
    // Each instance reconnects on its own schedule; until then the answer is the same refusal.
    for (const instance of [1, 0]) {
      await expect.poll(async () => (await gw.gql<Send>(instance, SEND, { input })).data?.sendMessage.message?.id, { timeout: 15_000, interval: 200 }).toBe(id);
    }
    expect(gw.sends('voxys') - before).toBe(1);
    expect(gw.stored('voxys', conversationId, input.content)).toBe(1);
    expect(gw.stored('voxys', conversationId, other.content)).toBe(0);
  });
});
