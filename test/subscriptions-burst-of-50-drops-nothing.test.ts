import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { limitsSchema } from '../src/config/schema.js';
import type { Frame } from '../src/subscriptions/shared-execution.js';
import { SocketOutbox } from '../src/subscriptions/socket-outbox.js';

/**
 * The socket outbox with the default limits (16 KiB of unsent bytes, 1,000 waiting frames,
 * dropOldest) on a real socket: a burst of 50 events (a `since` replay after a short absence, or 50
 * webhooks at once), each the size of a real messageAdded frame, half of them still executing when
 * pushed (so the burst waits in the subscriber's queue), reaches a client that reads: all of them,
 * in order, nothing counted as dropped. (Dropping past the queue, counted, is proven by
 * subscriptions-stalled-socket-bounded-memory.)
 */
const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A connected pair: the server's socket and what its client has received. */
async function connected(): Promise<{ socket: WebSocket; received: string[]; client: WebSocket }> {
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push((JSON.parse(String(data)) as { payload: { n: number } }).payload.n.toString()));
  const [[socket]] = await Promise.all([accepted, once(client, 'open')]);
  return { socket, received, client };
}

/** About a real messageAdded frame (cursor, message with content, conversation): 1.5 KB each. */
const frame = (n: number): Frame => ({ payload: JSON.stringify({ n, data: { content: 'm'.repeat(1_500) } }), errors: null });

describe('a socket outbox with the default limits', () => {
  it('delivers a burst of 50 frames (about 75 KB, half still executing when pushed) all, in order, dropping none', async () => {
    const limits = limitsSchema.parse({});
    const { socket, received, client } = await connected();
    let dropped = 0;
    const outbox = SocketOutbox.of(socket, {
      highWaterBytes: limits.subscriberBufferBytes,
      queueSize: limits.subscriberQueueSize,
      policy: limits.slowSubscriberPolicy,
      onDropped: (count) => (dropped += count),
    });
    const entry = outbox.add('1', () => undefined);
    for (let n = 0; n < 50; n++) entry.push(n % 2 ? frame(n) : Promise.resolve(frame(n)));
    expect(outbox.backlog).toBeGreaterThan(0); // the burst did wait in the queue
    await expect.poll(() => received.length).toBe(50);
    expect(received).toEqual(Array.from({ length: 50 }, (_, n) => String(n)));
    expect(dropped).toBe(0);
    client.close();
  });
});
