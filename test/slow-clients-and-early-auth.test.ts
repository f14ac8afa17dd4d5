import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';

/**
 * Clients that hold connections: the token is checked before a byte of the body is read (a
 * stranger gets 401 at once and the connection is closed under their unsent body), a slow body or
 * slow headers are cut off with 408 at the configured timeouts, and open connections are capped.
 * Raw sockets, so the test controls every byte.
 */
let stack: Stack | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await stack?.close();
  stack = undefined;
});

const BODY = JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(900) });

/** A raw connection: what the server sent, whether it closed, and how much of ours it took. */
interface RawClient {
  socket: Socket;
  received(): string;
  closed: Promise<void>;
  isClosed(): boolean;
}

function open(): Promise<RawClient> {
  const port = Number(new URL(stack!.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let data = '';
    let isClosed = false;
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', () => undefined); // a reset is one way of being cut off
    const closed = new Promise<void>((done) => socket.on('close', () => ((isClosed = true), done())));
    socket.once('connect', () => resolve({ socket, received: () => data, closed, isClosed: () => isClosed }));
    socket.once('error', reject);
  });
}

function head(headers: Record<string, string>, contentLength = Buffer.byteLength(BODY)): string {
  const lines = Object.entries({ host: 'gateway', 'content-type': 'application/json', 'content-length': String(contentLength), ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST /graphql HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Writes `text` a byte every `everyMs` until the connection closes; resolves to the bytes written. */
async function dribble(client: RawClient, text: string, everyMs: number): Promise<number> {
  let written = 0;
  while (written < text.length && !client.isClosed()) {
    client.socket.write(text[written]!);
    written++;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return written;
}

describe('the token is checked before the body is read', () => {
  it('an unauthenticated POST whose body never comes gets 401 at once, and the connection is closed', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'slow-a', size: 3 }] });
    const client = await open();
    client.socket.write(head({}, 100_000));
    // The default body timeout is 30 s: an answer now means nobody waited for the body.
    await expect.poll(() => client.isClosed(), { timeout: 5_000 }).toBe(true);
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(client.received()).toContain('"code":"UNAUTHENTICATED"');
    expect(client.received()).toMatch(/\r\nwww-authenticate: Bearer\r\n/i);
  });

  it('a slow body from an unauthenticated client is cut off with 401 before it completes', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'slow-b', size: 3 }] });
    const client = await open();
    client.socket.write(head({ authorization: 'Bearer not-a-token' }));
    const written = await dribble(client, BODY, 20);
    expect(written).toBeLessThan(BODY.length);
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('a slow body from an authenticated client is cut off with 408 at server.bodyTimeoutMs', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'slow-c', size: 3 }], config: { server: { headersTimeoutMs: 200, bodyTimeoutMs: 500 } } });
    const client = await open();
    client.socket.write(head({ authorization: `Bearer ${await stack.token('t1')}` }));
    // A byte every 50 ms: the whole body would take 45 s.
    const written = await dribble(client, BODY, 50);
    expect(written).toBeLessThan(BODY.length);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    // A prompt client on a fresh connection is served as usual.
    expect((await stack.gql('{ __typename }')).status).toBe(200);
  });

  it('slow headers are cut off with 408 at server.headersTimeoutMs', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'slow-d', size: 3 }], config: { server: { headersTimeoutMs: 200, bodyTimeoutMs: 5_000 } } });
    const client = await open();
    const headers = head({ authorization: `Bearer ${await stack.token('t1')}`, 'x-padding': 'y'.repeat(500) });
    const written = await dribble(client, headers, 50);
    expect(written).toBeLessThan(headers.length);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('server.maxConnections', () => {
  it('refuses connections past the cap, and accepts again once one closes', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'slow-e', size: 3 }], config: { server: { maxConnections: 2 } } });
    const held = [await open(), await open()];
    const third = await open();
    await expect.poll(() => third.isClosed(), { timeout: 5_000 }).toBe(true);
    expect(third.received()).toBe('');
    expect(held.some((c) => c.isClosed())).toBe(false);

    held[0]!.socket.destroy();
    await held[0]!.closed;
    const token = await stack.token('t1');
    const fourth = await open();
    fourth.socket.write(head({ authorization: `Bearer ${token}`, connection: 'close' }) + BODY);
    await fourth.closed;
    expect(fourth.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});
