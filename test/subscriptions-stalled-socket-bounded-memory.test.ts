import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationModel } from '../src/model/index.js';
import { startStack, type Stack } from './support/stack.js';
import { settle } from './support/ws.js';

/**
 * A subscriber that stops reading while events flood in: what the gateway holds for it is bounded
 * by `subscriberBufferBytes` (the socket's unsent bytes) plus `subscriberQueueSize` waiting events,
 * whatever the flood, and every event is either delivered or counted as dropped. The flood is ten
 * times what an unbounded backlog could hide under the bound asserted.
 */
const QUEUE = 50;
const BUFFER_BYTES = 16 * 1024;
const FLOOD = 12_000;
/** Each frame carries this much: the flood would be about 50 MB if it all stayed in memory. */
const TITLE = 'x'.repeat(4_000);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let stack: Stack;
let conversation: ConversationModel;
beforeAll(async () => {
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'stalled-seed', size: 4 }],
    config: { limits: { subscriberQueueSize: QUEUE, subscriberBufferBytes: BUFFER_BYTES, eventLogSize: 100 } },
  });
  const row = (await stack.gateway.systemSources('t1').connector('iron').listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 })).items[0]!;
  conversation = { ...row, title: TITLE };
});
afterAll(async () => stack?.close());

function publish() {
  return stack.gateway.bus.publish({
    tenant: 't1',
    type: 'conversationUpdated',
    sourceKey: 'iron',
    sourceType: 'iron',
    conversationUpstreamId: conversation.upstreamId,
    dedupeKey: `stalled-${randomUUID()}`,
    conversation,
  });
}

async function counter(name: string): Promise<number> {
  const line = (await (await fetch(`${stack.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Heap and off-heap buffers (frames written to a socket are Buffers), after a full collection. */
function memoryMb(): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 1e6;
}

describe('a stalled socket under a flood', () => {
  it('keeps memory bounded and counts every drop: delivered + dropped = published', async () => {
    const token = await stack.token('t1');
    const socket = new WebSocket(`${stack.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const cursors: string[] = [];
    await new Promise<void>((resolve) => socket.on('open', () => resolve()));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { conversationUpdated: { cursor: string } } } };
      if (message.type === 'next') cursors.push(message.payload!.data!.conversationUpdated.cursor);
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { conversationUpdated { cursor conversation { title status labels } } }' } }));
    await expect.poll(() => counter('gateway_subscriptions_active'), { timeout: 10_000 }).toBe(1);
    const droppedBefore = await counter('gateway_events_dropped_total{reason="slow_consumer"}');

    // The client stops reading: the kernel's buffers fill, then the socket's, then the queue.
    const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const before = memoryMb();
    for (let i = 0; i < FLOOD; i++) {
      await publish();
      // Let the sockets' I/O run between bursts, as it would between webhooks.
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await settle(200);
    const growthMb = memoryMb() - before;
    const droppedWhileStalled = (await counter('gateway_events_dropped_total{reason="slow_consumer"}')) - droppedBefore;
    raw.resume();

    await expect.poll(async () => cursors.length + (await counter('gateway_events_dropped_total{reason="slow_consumer"}')) - droppedBefore, { timeout: 60_000 }).toBe(FLOOD);
    await settle(300);
    const dropped = (await counter('gateway_events_dropped_total{reason="slow_consumer"}')) - droppedBefore;
    expect(cursors.length + dropped).toBe(FLOOD);
    expect(dropped).toBe(droppedWhileStalled);
    expect(dropped).toBeGreaterThan(FLOOD / 2);
    // The queue's worth (and what the kernel held) arrives after the gap, newest last.
    expect(cursors.length).toBeGreaterThanOrEqual(QUEUE);
    const sequence = (c: string) => Number(c.split('.')[1]);
    expect(cursors.map(sequence)).toEqual([...cursors.map(sequence)].sort((a, b) => a - b));
    // Unbounded, the flood would have kept ~50 MB of frames; bounded, a few hundred KB.
    expect(growthMb).toBeLessThan(15);
    socket.close();
  });
});

describe('policy `close`', () => {
  it('closes a stalled subscriber with 4008 once its queue overflows, counting what it had waiting as dropped', async () => {
    const closing = await startStack({
      tenants: [{ id: 't1', seed: 'stalled-seed', size: 4 }],
      config: { limits: { subscriberQueueSize: QUEUE, subscriberBufferBytes: BUFFER_BYTES, slowSubscriberPolicy: 'close' } },
    });
    try {
      const metric = async (name: string) => {
        const line = (await (await fetch(`${closing.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(name));
        return line ? Number(line.split(' ').pop()) : 0;
      };
      const socket = new WebSocket(`${closing.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      let received = 0;
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      await new Promise<void>((resolve) => socket.on('open', () => resolve()));
      socket.on('message', (raw) => void ((JSON.parse(raw.toString()) as { type: string }).type === 'next' && received++));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await closing.token('t1')}` } }));
      await new Promise<void>((resolve) => socket.once('message', () => resolve()));
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { conversationUpdated { cursor conversation { title } } }' } }));
      await expect.poll(() => metric('gateway_subscriptions_active'), { timeout: 10_000 }).toBe(1);
      const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      raw.pause();
      let published = 0;
      while ((await metric('gateway_subscriptions_active')) > 0 && published < FLOOD) {
        for (let i = 0; i < 200; i++, published++) {
          await closing.gateway.bus.publish({
            tenant: 't1',
            type: 'conversationUpdated',
            sourceKey: 'iron',
            sourceType: 'iron',
            conversationUpstreamId: conversation.upstreamId,
            dedupeKey: `close-${randomUUID()}`,
            conversation,
          });
          if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }
      raw.resume();
      expect(await closed).toBe(4008);
      const dropped = await metric('gateway_events_dropped_total{reason="slow_consumer"}');
      expect(published).toBeLessThan(FLOOD);
      expect(dropped).toBeGreaterThanOrEqual(QUEUE);
      expect(received).toBeGreaterThan(0);
      // Everything before the close was delivered or counted; what came after had no subscriber.
      expect(received + dropped).toBeLessThanOrEqual(published);
    } finally {
      await closing.close();
    }
  });
});
