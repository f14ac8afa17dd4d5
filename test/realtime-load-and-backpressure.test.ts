import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mintToken } from '../src/pipeline/auth.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationModel } from '../src/model/index.js';
import { startStack, TEST_JWT_SECRET, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * Many subscribers, slow subscribers, and the socket's own rules (auth, expiry), on one instance
 * with real sockets. Counts are asserted, never timings; each run is bounded.
 */
let stack: Stack;
let conversation: ConversationModel;
beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'load-seed', size: 4 }] });
  const sources = stack.gateway.systemSources('t1');
  conversation = (await sources.connector('iron').listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 })).items[0]!;
});
afterAll(async () => stack?.close());

/** The in-process log's cursors are `<process epoch>.<sequence>`. */
function sequenceOf(cursor: string): number {
  return Number(cursor.split('.')[1]);
}

function publish(n: number, about: ConversationModel = conversation) {
  return stack.gateway.bus.publish({
    tenant: 't1',
    type: 'conversationUpdated',
    sourceKey: 'iron',
    sourceType: 'iron',
    conversationUpstreamId: about.upstreamId,
    dedupeKey: `load-${n}-${randomUUID()}`,
    conversation: about,
  });
}

async function gauge(name: string): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('load', () => {
  it('500 subscribers x 200 events: every delivery arrives, none lost; the active gauge is exact', async () => {
    const token = await stack.token('t1');
    const clients = Array.from({ length: 50 }, () => new WsTestClient(stack.url, token));
    // 50 sockets x 10 subscriptions each = 500 subscribers.
    const subs = clients.flatMap((c) =>
      Array.from({ length: 10 }, () => c.subscribe<{ conversationUpdated: { cursor: string } }>(`subscription { conversationUpdated { cursor } }`)),
    );
    await expect.poll(() => gauge('gateway_subscriptions_active'), { timeout: 20_000 }).toBe(500);
    for (let i = 0; i < 200; i++) await publish(i);
    await Promise.all(subs.map((s) => s.waitFor(200, 60_000)));
    await settle(200);
    const delivered = subs.reduce((n, s) => n + s.events.length, 0);
    expect(delivered).toBe(500 * 200);
    for (const s of subs) {
      const cursors = s.events.map((e) => sequenceOf(e.data!.conversationUpdated.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      expect(new Set(cursors).size).toBe(200);
    }
    await Promise.all(clients.map((c) => c.close()));
    await expect.poll(() => gauge('gateway_subscriptions_active'), { timeout: 10_000 }).toBe(0);
  });
});

describe('a slow consumer', () => {
  it('has its oldest events dropped and counted: queue bounded, delivered + dropped = published', async () => {
    const capacity = stack.config.limits.subscriberQueueSize;
    const token = await stack.token('t1');
    // A raw graphql-transport-ws socket whose reading we can stop, like a stalled client.
    const socket = new WebSocket(`${stack.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const received: string[] = [];
    await new Promise<void>((resolve) => socket.on('open', () => resolve()));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { conversationUpdated: { cursor: string; conversation: { title: string | null } } } } };
      if (message.type === 'next') received.push(message.payload!.data!.conversationUpdated.cursor);
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { conversationUpdated { cursor conversation { title contact { name } } } }' } }));
    await settle(200);
    const droppedBefore = await gauge('gateway_events_dropped_total{reason="slow_consumer"}');

    // Stop reading: the kernel buffers fill, sends stall, the subscriber's queue fills. Each event
    // is 2 KB, so the backlog (40 MB) is far more than the loopback's buffers hold (a few MB).
    (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const published = 20 * capacity;
    const large = { ...conversation, title: 'a title the size of a long preview '.padEnd(2_000, '.') };
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < published; i++) await publish(i, large);
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();

    await expect.poll(async () => received.length + (await gauge('gateway_events_dropped_total{reason="slow_consumer"}')) - droppedBefore, { timeout: 60_000 }).toBe(published);
    const dropped = (await gauge('gateway_events_dropped_total{reason="slow_consumer"}')) - droppedBefore;
    expect(dropped).toBeGreaterThan(0);
    expect(received.length).toBeGreaterThanOrEqual(capacity);
    // What was dropped is the oldest: the newest event always arrives.
    expect(sequenceOf(received[received.length - 1]!)).toBe(Math.max(...received.map(sequenceOf)));
    expect(heapGrowthMb).toBeLessThan(200);
    socket.close();
  });
});

describe("the socket's rules", () => {
  it('a bad token closes with 4403; an expiring token closes the socket when it expires', async () => {
    const bad = new WsTestClient(stack.url, 'not-a-token');
    const sub = bad.subscribe(`subscription { conversationUpdated { cursor } }`);
    await expect.poll(() => bad.closeCode, { timeout: 10_000 }).toBe(4403);
    expect(sub.events).toEqual([]);

    const shortLived = await mintToken({ secret: TEST_JWT_SECRET, sub: 'alice', tenant: 't1', ttlSeconds: 2 });
    const client = new WsTestClient(stack.url, shortLived);
    const live = client.subscribe(`subscription { conversationUpdated { cursor } }`);
    await settle(300);
    await publish(-1);
    await live.waitFor(1);
    await expect.poll(() => client.closeCode, { timeout: 10_000 }).toBe(4403);
  });

  it('without a WebSocket, a subscription over HTTP is refused clearly', async () => {
    const result = await stack.gql(`subscription { conversationUpdated { cursor } }`);
    expect(result.status).toBe(400);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/WebSocket|graphql-transport-ws|subscription/i);
  });
});
