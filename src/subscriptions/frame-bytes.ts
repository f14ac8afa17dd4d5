import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Frame } from './shared-execution.js';

const CLOSE = Buffer.from('}');

/** A frame's payload as bytes, and its last whole message (prefix + payload + `}`), both encoded once. */
interface Encoded {
  payload: Buffer;
  prefix: string;
  message: Buffer;
}

const encoded = new WeakMap<Frame, Encoded>();

/**
 * The bytes of graphql-ws' `next` message carrying `frame` for the subscription whose message
 * starts with `prefix`. A frame is shared by every subscriber of its execution group: its payload
 * is encoded once, and the whole message is reused for every subscriber whose prefix is the last
 * one asked for (clients that number their subscriptions `1`, `2`, … share it), else one copy of
 * a few hundred bytes, never a string concatenation and a UTF-8 encoding per subscriber.
 */
export function messageBytes(frame: Frame, prefix: string, prefixBytes: Buffer): Buffer {
  let known = encoded.get(frame);
  if (!known) {
    const payload = Buffer.from(frame.payload);
    known = { payload, prefix, message: Buffer.concat([prefixBytes, payload, CLOSE]) };
    encoded.set(frame, known);
    return known.message;
  }
  if (known.prefix === prefix) return known.message;
  const message = Buffer.concat([prefixBytes, known.payload, CLOSE]);
  known.prefix = prefix;
  known.message = message;
  return message;
}

/**
 * Sends `messages` as text frames in one write to the kernel: ws writes each frame's header and
 * data separately (two chunks), and while the TCP socket is corked Node hands them all to one
 * `writev`. On loopback a write costs about 10 µs whatever its size, and a subscriber behind by
 * several events gets them in one write instead of one per event.
 */
export function sendAll(socket: WebSocket, messages: readonly Buffer[]): void {
  // ws keeps its TCP socket in `_socket` (not part of its typed API): without it, frames go one by one.
  const tcp = (socket as unknown as { _socket?: Socket | null })._socket;
  const corked = messages.length > 1 && tcp ? tcp : null;
  corked?.cork();
  try {
    for (const message of messages) socket.send(message, { binary: false });
  } finally {
    corked?.uncork();
  }
}

/**
 * Sockets written per turn of the event loop (~10 µs each on loopback): a fan-out to 10,000 takes
 * ~20 turns, with webhooks, platform reads and pings served between them instead of waiting
 * behind a 150 ms write loop. A socket still waiting takes the events dispatched meanwhile too.
 */
export const SOCKETS_PER_TURN = 500;

/** Outboxes with messages waiting to be written, oldest first, from `head` on. */
let pending: { send(): void }[] = [];
let head = 0;
let scheduled = false;

/**
 * Calls `outbox.send()` once this turn's I/O callbacks have run (`setImmediate`): every event they
 * dispatched meanwhile is in the socket's one write.
 */
export function sendAfterThisTurn(outbox: { send(): void }): void {
  pending.push(outbox);
  if (!scheduled) {
    scheduled = true;
    setImmediate(sendSome);
  }
}

function sendSome(): void {
  const end = Math.min(pending.length, head + SOCKETS_PER_TURN);
  // An outbox added while these are written waits for the next turn.
  while (head < end) pending[head++]!.send();
  if (head < pending.length) return void setImmediate(sendSome);
  pending = [];
  head = 0;
  scheduled = false;
}
