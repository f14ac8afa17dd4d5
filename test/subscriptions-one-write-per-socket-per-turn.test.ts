import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { limitsSchema } from '../src/config/schema.js';
import type { Frame } from '../src/subscriptions/shared-execution.js';
import { SocketOutbox } from '../src/subscriptions/socket-outbox.js';

/**
 * A busy gateway falls behind the events: the frames a socket gets in one turn of the event loop
 * (several events fanned out before the loop comes back to I/O) go to the kernel in one write, not
 * one per event: on loopback a write costs ~10 µs whatever its size, and with thousands of
 * subscribers that was the whole fan-out. Counts, not timings: writes per socket, frames received
 * in order, nothing dropped.
 */
const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Pair {
  socket: WebSocket;
  client: WebSocket;
  received: string[];
  /** Writes the server socket's TCP stream made to the kernel (each `_write`/`_writev` is one). */
  writes: () => number;
}

async function connected(): Promise<Pair> {
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false); // graphql-ws messages are text frames
    const message = JSON.parse(String(data)) as { id: string; type: string; payload: { n: number } };
    received.push(`${message.id}:${message.payload.n}`);
  });
  const [[socket]] = await Promise.all([accepted, once(client, 'open')]);
  const tcp = (socket as unknown as { _socket: Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void } })._socket;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = tcp[method].bind(tcp);
    tcp[method] = (...args: unknown[]) => {
      writes++;
      original(...args);
    };
  }
  return { socket, client, received, writes: () => writes };
}

const frame = (n: number): Frame => ({ payload: JSON.stringify({ data: { n }, n }), errors: null });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function outboxFor(socket: WebSocket, dropped: { count: number }): SocketOutbox {
  const limits = limitsSchema.parse({});
  return SocketOutbox.of(socket, {
    highWaterBytes: limits.subscriberBufferBytes,
    queueSize: limits.subscriberQueueSize,
    policy: limits.slowSubscriberPolicy,
    onDropped: (count) => (dropped.count += count),
  });
}

describe('a socket outbox under a fan-out', () => {
  it('writes the 10 events of one turn to each of 20 sockets (two subscriptions each) in one write per socket, all delivered in order', async () => {
    const pairs: Pair[] = [];
    for (let i = 0; i < 20; i++) pairs.push(await connected()); // one at a time: each gets its own server socket
    const dropped = { count: 0 };
    const entries = pairs.map(({ socket }) => [outboxFor(socket, dropped).add('1', () => undefined), outboxFor(socket, dropped).add('2', () => undefined)] as const);
    const before = pairs.map((p) => p.writes());
    // One turn: 10 events, each fanned out to every subscription (frames shared across sockets).
    for (let n = 0; n < 10; n++) {
      const shared = frame(n);
      for (const [a, b] of entries) {
        a.push(shared);
        b.push(shared);
      }
    }
    await nextTurn();
    expect(pairs.map((p, i) => p.writes() - before[i]!)).toEqual(pairs.map(() => 1));
    await expect.poll(() => pairs.every((p) => p.received.length === 20)).toBe(true);
    const inOrder = Array.from({ length: 10 }, (_, n) => [`1:${n}`, `2:${n}`]).flat();
    for (const p of pairs) expect(p.received).toEqual(inOrder);
    expect(dropped.count).toBe(0);
    for (const p of pairs) p.client.close();
  });

  it('writes an event of a turn of its own at once: one write per event when the gateway keeps up', async () => {
    const pair = await connected();
    const dropped = { count: 0 };
    const entry = outboxFor(pair.socket, dropped).add('7', () => undefined);
    const before = pair.writes();
    for (let n = 0; n < 5; n++) {
      entry.push(frame(n));
      await nextTurn();
      expect(pair.writes() - before).toBe(n + 1);
    }
    await expect.poll(() => pair.received.length).toBe(5);
    expect(pair.received).toEqual(['7:0', '7:1', '7:2', '7:3', '7:4']);
    expect(dropped.count).toBe(0);
    pair.client.close();
  });
});
