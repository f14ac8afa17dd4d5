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
 * A `since` replay longer than `subscriberQueueSize` is paced by its socket (src/subscriptions/
 * live-subscription.ts): a client that reads gets all of it, in order, then the live events that
 * arrived meanwhile, nothing dropped; a client that stops reading costs bounded memory, and every
 * event is delivered or counted as dropped.
 */
const REPLAY = 2_500;
const TITLE = 'x'.repeat(4_000);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function memoryMb(): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 1e6;
}

async function openStack(limits: Record<string, unknown>): Promise<{ stack: Stack; conversation: ConversationModel }> {
  const stack = await startStack({ tenants: [{ id: 't1', seed: 'replay-seed', size: 4 }], config: { limits } });
  const row = (await stack.gateway.systemSources('t1').connector('iron').listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 })).items[0]!;
  return { stack, conversation: { ...row, title: TITLE } };
}

async function publish(stack: Stack, conversation: ConversationModel): Promise<string> {
  const event = await stack.gateway.bus.publish({
    tenant: 't1',
    type: 'conversationUpdated',
    sourceKey: 'iron',
    sourceType: 'iron',
    conversationUpstreamId: conversation.upstreamId,
    dedupeKey: `replay-${randomUUID()}`,
    conversation,
  });
  return event!.cursor;
}

async function counter(stack: Stack, name: string): Promise<number> {
  const line = (await (await fetch(`${stack.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Subscribes to conversationUpdated from `since`; the cursors received, in arrival order. */
async function subscribe(stack: Stack, since: string): Promise<{ socket: WebSocket; cursors: string[] }> {
  const socket = new WebSocket(`${stack.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const cursors: string[] = [];
  await new Promise<void>((resolve) => socket.on('open', () => resolve()));
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { conversationUpdated: { cursor: string } } } };
    if (message.type === 'next') cursors.push(message.payload!.data!.conversationUpdated.cursor);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await stack.token('t1')}` } }));
  await new Promise<void>((resolve) => socket.once('message', () => resolve()));
  const query = 'subscription($since: String) { conversationUpdated(since: $since) { cursor conversation { title status } } }';
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { since } } }));
  return { socket, cursors };
}

const DROPPED = 'gateway_events_dropped_total{reason="slow_consumer"}';

describe('a `since` replay longer than the subscriber queue (default limits)', () => {
  let stack: Stack;
  let conversation: ConversationModel;
  beforeAll(async () => ({ stack, conversation } = await openStack({})));
  afterAll(async () => stack?.close());

  it(`reaches a client that reads: all ${REPLAY} replayed in order, then the live ones, none dropped`, async () => {
    const log: string[] = [];
    for (let i = 0; i <= REPLAY; i++) log.push(await publish(stack, conversation));
    const { socket, cursors } = await subscribe(stack, log[0]!);
    await expect.poll(() => counter(stack, 'gateway_subscriptions_active'), { timeout: 10_000 }).toBe(1);
    // Live events while the replay is still going out: they wait behind it.
    for (let i = 0; i < 50; i++) log.push(await publish(stack, conversation));
    await expect.poll(() => cursors.length, { timeout: 60_000 }).toBe(REPLAY + 50);
    await settle(200);
    expect(cursors).toEqual(log.slice(1));
    expect(await counter(stack, DROPPED)).toBe(0);
    socket.close();
  });
});

describe('a `since` replay to a client that stops reading', () => {
  const QUEUE = 50;
  const FLOOD = 12_000;
  let stack: Stack;
  let conversation: ConversationModel;
  beforeAll(async () => ({ stack, conversation } = await openStack({ subscriberQueueSize: QUEUE, subscriberBufferBytes: 16 * 1024, eventLogSize: REPLAY + 1 })));
  afterAll(async () => stack?.close());

  it('keeps memory bounded under a flood and counts every drop: delivered + dropped = replayed + published', async () => {
    const log: string[] = [];
    for (let i = 0; i <= REPLAY; i++) log.push(await publish(stack, conversation));
    const { socket, cursors } = await subscribe(stack, log[0]!);
    const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    await expect.poll(() => counter(stack, 'gateway_subscriptions_active'), { timeout: 10_000 }).toBe(1);
    const before = memoryMb();
    for (let i = 0; i < FLOOD; i++) {
      await publish(stack, conversation);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await settle(200);
    const growthMb = memoryMb() - before;
    const droppedWhileStalled = await counter(stack, DROPPED);
    raw.resume();

    await expect.poll(async () => cursors.length + (await counter(stack, DROPPED)), { timeout: 60_000 }).toBe(REPLAY + FLOOD);
    await settle(300);
    const dropped = await counter(stack, DROPPED);
    expect(cursors.length + dropped).toBe(REPLAY + FLOOD);
    expect(dropped).toBe(droppedWhileStalled);
    expect(dropped).toBeGreaterThan(FLOOD / 2);
    // The replay is delivered whole (it waits for the socket, it is not dropped), then the newest live ones.
    expect(cursors.slice(0, REPLAY)).toEqual(log.slice(1));
    const sequence = (c: string) => Number(c.split('.')[1]);
    expect(cursors.map(sequence)).toEqual([...cursors.map(sequence)].sort((a, b) => a - b));
    // Unbounded, the flood's frames would be ~50 MB; bounded, the buffer, the queue and the replay's event references.
    expect(growthMb).toBeLessThan(15);
    socket.close();
  });
});
