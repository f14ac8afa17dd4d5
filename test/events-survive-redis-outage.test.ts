import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient, type Received } from './support/ws.js';

/**
 * A Redis outage while the gateway polls, receives webhooks and sends, on a redis-server of this
 * test's own (killed and started again without persistence, so Redis also loses the event log):
 * every event found meanwhile is delivered once Redis is back, live and by `since`; a `since` of
 * the lost log is CURSOR_TOO_OLD; subscribing while Redis is away fails at once with a clear error.
 * A Redis that is up but does not answer (CLIENT PAUSE) costs a bounded wait, never a hang or a
 * duplicate.
 */
const HAS_REDIS_SERVER = hasRedisServer();
if (!HAS_REDIS_SERVER) console.warn('SKIPPED events-survive-redis-outage: redis-server is not installed');

const SECRET = 'outage-voxys-secret';
let redis: PrivateRedis;
let stack: Stack;
const clients: WsTestClient[] = [];

beforeAll(async () => {
  if (!HAS_REDIS_SERVER) return;
  redis = await startPrivateRedis({ persistence: 'none' });
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'redis-outage', size: 8 }],
    sourceOverrides: { voxys: { webhookSecret: SECRET }, iron: { pollIntervalMs: 60_000 } },
    config: { redis: { url: redis.url } },
  });
  // Only Voxys reports by webhook: Chatvolt's send below can reach subscribers by its announcement only.
  stack.sims.t1!.voxys.live.setWebhookTarget({ url: `${stack.url}/webhooks/t1/voxys`, secret: SECRET });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
  await redis?.close();
});

const MESSAGES = `subscription($since: String) { messageAdded(since: $since) { cursor message { id } } }`;
type MessageEvent = { messageAdded: { cursor: string; message: { id: string } } };

async function subscribe(since?: string) {
  const client = new WsTestClient(stack.url, await stack.token('t1'));
  clients.push(client);
  return client.subscribe<MessageEvent>(MESSAGES, since ? { since } : {});
}

/** The first answer of a subscription expected to fail: its error (a `next` with errors, or an `error`). */
async function firstError(sub: { events: Received<MessageEvent>[]; error: unknown }): Promise<{ code?: unknown; reason?: unknown }> {
  await expect.poll(() => sub.events.length > 0 || sub.error !== null, { timeout: 8_000 }).toBe(true);
  const errors = sub.events[0]?.errors ?? (sub.error as Received['errors']);
  expect(errors, JSON.stringify(sub.events)).toHaveLength(1);
  return errors![0]!.extensions ?? {};
}

const upstreamIdOf = (event: Received<MessageEvent>) => decodeId(event.data!.messageAdded.message.id)!.upstreamId;

describe.skipIf(!HAS_REDIS_SERVER)('a Redis outage during polling, webhooks and sends', () => {
  it('loses no event: what was polled, received and sent meanwhile is delivered once Redis is back, live and by `since`', async () => {
    const sims = stack.sims.t1!;
    const iron = stack.gateway.pollers.find((p) => p.tenant.id === 't1' && p.sourceKey === 'iron')!;
    await iron.tick(); // the first poll only sets the watermark
    const live = await subscribe();
    await settle(300);
    const before = await sims.voxys.live.injectInboundMessage(undefined, `before the outage ${randomUUID()}`);
    await live.waitFor(1);
    expect(upstreamIdOf(live.events[0]!)).toBe(before.id);
    const cursorOfTheLostLog = live.events[0]!.data!.messageAdded.cursor;

    await redis.kill();

    // Subscribing now is refused at once, instead of being acknowledged and then never delivering.
    const refused = await firstError(await subscribe());
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'EVENT_BUS_UNAVAILABLE' });

    // Meanwhile: Iron gets a message (and is polled), Voxys reports one by webhook, we send one on Chatvolt.
    const polled = await sims.iron.live.injectInboundMessage(undefined, `polled during the outage ${randomUUID()}`);
    await iron.tick();
    const received = await sims.voxys.live.injectInboundMessage(undefined, `webhook during the outage ${randomUUID()}`);
    const list = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(
      `{ conversations(first: 1, filter: { sources: [CHATVOLT] }) { edges { node { id } } } }`,
    );
    const sent = await stack.gql<{ sendMessage: { message: { id: string } | null; userErrors: unknown[] } }>(
      `mutation($id: ID!) { sendMessage(input: { conversationId: $id, content: "sent during the outage" }) { message { id } userErrors { code } } }`,
      { id: list.data!.conversations.edges[0]!.node.id },
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.userErrors).toEqual([]);
    const sentId = decodeId(sent.data!.sendMessage.message!.id)!.upstreamId;
    await settle(1_500);
    expect(live.events).toHaveLength(1); // delayed, not delivered: the bus is away

    await redis.start(); // empty: the event log is gone too
    // Held events go out as soon as Redis answers; the poller finds Iron's message again.
    await expect
      .poll(
        async () => {
          await iron.tick();
          return live.events.length;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(4);
    await settle(1_000);
    await iron.tick();
    await settle(300);
    const after = live.events.slice(1);
    expect(after.map(upstreamIdOf).sort()).toEqual([polled.id, received.id, sentId].sort());
    expect(live.events).toHaveLength(4); // each exactly once

    // By `since` from the new log: exactly what followed.
    const replay = await subscribe(after[0]!.data!.messageAdded.cursor);
    await replay.waitFor(2);
    await settle(300);
    expect(replay.events.map(upstreamIdOf)).toEqual(after.slice(1).map(upstreamIdOf));

    // A cursor of the log Redis lost cannot be replayed: refetch, then subscribe without `since`.
    const lost = await firstError(await subscribe(cursorOfTheLostLog));
    expect(lost).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CURSOR_TOO_OLD' });
  });

  it('a Redis that stops answering: subscribing fails within its bound, and a webhook meanwhile is one event once it answers', async () => {
    const live = await subscribe();
    await settle(300);
    const admin = new Redis(redis.url);
    await admin.call('CLIENT', 'PAUSE', '6000', 'ALL');
    admin.disconnect();

    // Its appends time out (and are retried, then held) while Redis is silent.
    const received = await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, `while Redis is paused ${randomUUID()}`);
    const started = Date.now();
    const refused = await firstError(await subscribe());
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3_000 + 2_000); // the subscribe bound, plus grace for the socket

    await live.waitFor(1, 20_000);
    await settle(2_500); // late answers of the timed-out appends, and the held copy, land as duplicates
    expect(live.events.map(upstreamIdOf)).toEqual([received.id]);
  });
});
