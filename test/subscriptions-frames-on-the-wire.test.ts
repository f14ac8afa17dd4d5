import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { limitsSchema } from '../src/config/schema.js';
import type { Frame } from '../src/subscriptions/shared-execution.js';
import { SocketOutbox } from '../src/subscriptions/socket-outbox.js';

/**
 * An event's frame is built once, WebSocket header included, and written to each socket's TCP
 * stream as it is (ws' `send` allocated a header, a list and option objects per message; with
 * 10,000 subscribers that garbage outlived young collections and doubled the heap). The bytes
 * must be exactly what ws would have sent: every length encoding (7-bit, 16-bit, 64-bit), text
 * frames, in order with ws' own frames (pings) on the same socket; and where ws must frame
 * messages itself (permessage-deflate negotiated), they go through `ws.send` as before.
 */
const servers: WebSocketServer[] = [];
afterAll(async () => {
  for (const server of servers) {
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function pair(perMessageDeflate: boolean): Promise<{ socket: WebSocket; client: WebSocket; received: string[] }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  servers.push(server);
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate });
  const received: string[] = [];
  client.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    received.push(String(data));
  });
  const [[socket]] = await Promise.all([accepted, once(client, 'open')]);
  return { socket, client, received };
}

const limits = limitsSchema.parse({});
const outboxOf = (socket: WebSocket) =>
  SocketOutbox.of(socket, { highWaterBytes: limits.subscriberBufferBytes, queueSize: limits.subscriberQueueSize, policy: 'dropOldest', onDropped: () => undefined });

/** Payloads whose whole message (prefix + payload + `}`) crosses each of the header's length encodings. */
const PAYLOAD_LENGTHS = [2, 60, 90, 125, 126, 200, 65_535, 65_600, 300_000];
const payloadOf = (length: number, n: number): Frame => ({ payload: JSON.stringify({ data: { n, pad: 'x'.repeat(length) } }), errors: null });
const expected = (id: string, frame: Frame) => `{"id":${JSON.stringify(id)},"type":"next","payload":${frame.payload}}`;

describe('frames on the wire', () => {
  for (const deflate of [false, true]) {
    it(`delivers messages of every length encoding exactly, in order with pings (permessage-deflate ${deflate ? 'negotiated' : 'off'})`, async () => {
      const { socket, client, received } = await pair(deflate);
      expect(client.extensions.startsWith('permessage-deflate')).toBe(deflate);
      const pongs: string[] = [];
      // The outbox's own pings (empty, written when a big message fills the socket) are not ours.
      client.on('ping', (data) => void (data.length > 0 && pongs.push(`${String(data)}@${received.length}`)));
      const entry = outboxOf(socket).add('sub-1', () => undefined);
      const frames = PAYLOAD_LENGTHS.map((length, n) => payloadOf(length, n));
      // Half in one turn (one write), then a ping from ws itself, then the rest one turn each.
      for (const frame of frames.slice(0, 4)) entry.push(frame);
      await new Promise((resolve) => setImmediate(resolve));
      socket.ping('between');
      for (const frame of frames.slice(4)) {
        entry.push(frame);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await expect.poll(() => received.length, { timeout: 10_000 }).toBe(frames.length);
      expect(received).toEqual(frames.map((frame) => expected('sub-1', frame)));
      // The ping was written after the first four messages and before the fifth.
      expect(pongs).toEqual(['between@4']);
      client.close();
    });
  }

  it('shares one frame between subscriptions with the same id on different sockets, and builds another for another id (any UTF-8)', async () => {
    const a = await pair(false);
    const b = await pair(false);
    const frame = payloadOf(150, 1);
    const one = outboxOf(a.socket).add('1', () => undefined);
    const other = outboxOf(b.socket).add('ünï-☃', () => undefined);
    one.push(frame);
    other.push(frame);
    await expect.poll(() => a.received.length + b.received.length).toBe(2);
    expect(a.received).toEqual([expected('1', frame)]);
    expect(b.received).toEqual([expected('ünï-☃', frame)]);
    a.client.close();
    b.client.close();
  });
});
