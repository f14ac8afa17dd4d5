import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Frame } from './shared-execution.js';

const CLOSE = Buffer.from('}');

/** A frame's payload as bytes, and its last whole WebSocket frame (header + prefix + payload + `}`), both encoded once. */
interface Encoded {
  payload: Buffer;
  prefix: string;
  wire: Buffer;
}

const encoded = new WeakMap<Frame, Encoded>();

/**
 * The bytes on the wire of graphql-ws' `next` message carrying `frame` for the subscription whose
 * message starts with `prefix`: a whole WebSocket text frame, header included (a server's frames
 * are not masked, so the same bytes go to every socket). A frame is shared by every subscriber of
 * its execution group: its payload is encoded once, and the whole frame is reused for every
 * subscriber whose prefix is the last one asked for (clients that number their subscriptions `1`,
 * `2`, … share it), else one copy of a few hundred bytes, never a string concatenation and a UTF-8
 * encoding per subscriber. Its `length` is what it adds to the socket's `bufferedAmount`.
 */
export function messageBytes(frame: Frame, prefix: string): Buffer {
  let known = encoded.get(frame);
  if (!known) {
    const payload = Buffer.from(frame.payload);
    known = { payload, prefix, wire: textFrame(prefix, payload) };
    encoded.set(frame, known);
    return known.wire;
  }
  if (known.prefix === prefix) return known.wire;
  const wire = textFrame(prefix, known.payload);
  known.prefix = prefix;
  known.wire = wire;
  return wire;
}

/**
 * A final, unmasked text frame (RFC 6455 §5.2) carrying prefix + payload + `}`, in one buffer. The
 * prefix is encoded into it directly: a subscription keeps its prefix as a string only.
 */
function textFrame(prefix: string, payload: Buffer): Buffer {
  const prefixLength = Buffer.byteLength(prefix);
  const length = prefixLength + payload.length + CLOSE.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafeSlow(headerLength + length);
  wire[0] = 0x81; // FIN, opcode 1 (text)
  if (headerLength === 2) wire[1] = length;
  else if (headerLength === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeUInt32BE(0, 2);
    wire.writeUInt32BE(length, 6);
  }
  let at = headerLength;
  at += wire.write(prefix, at, prefixLength);
  at += payload.copy(wire, at);
  CLOSE.copy(wire, at);
  return wire;
}

/** The message a frame of textFrame() carries (its header skipped): what `ws.send` takes. */
function messageOf(wire: Buffer): Buffer {
  const code = wire[1]!;
  return wire.subarray(code < 126 ? 2 : code === 126 ? 4 : 10);
}

/** ws' internals read here (not part of its typed API; checked, with ws.send as the fallback). */
interface WsInternals {
  _socket?: Socket | null;
  _sender?: { _state?: unknown; _queue?: unknown[] } | null;
  _extensions?: Record<string, unknown>;
}

/**
 * True when frames may go straight to the TCP socket, exactly as ws would write them: ws' sender
 * is idle (nothing of its own waits: no compression or Blob read under way, state 0 = DEFAULT)
 * and no extension is negotiated (no permessage-deflate: frames are sent as they are).
 */
function writesDirectly(ws: WsInternals): boolean {
  const sender = ws._sender;
  if (!sender || sender._state !== 0 || sender._queue?.length !== 0) return false;
  for (const _ in ws._extensions) return false;
  return true;
}

/**
 * Sends `frames` (from messageBytes) in one write to the kernel: while the TCP socket is corked
 * Node hands them all to one `writev`. On loopback a write costs about 10 µs whatever its size,
 * and a subscriber behind by several events gets them in one write instead of one per event.
 * Each frame is written as the shared buffer it is: ws' `send` would allocate a header, a list
 * and two option objects per message and make two writes of it, thousands of short-lived objects
 * per event that live as long as the socket's backlog (promoted, they made the heap grow by
 * hundreds of MB between collections at 10,000 subscribers).
 */
export function sendAll(socket: WebSocket, frames: readonly Buffer[]): void {
  const ws = socket as unknown as WsInternals;
  // ws keeps its TCP socket in `_socket`: without it, frames go one by one through ws.
  const tcp = ws._socket;
  const corked = frames.length > 1 && tcp ? tcp : null;
  corked?.cork();
  try {
    if (tcp && writesDirectly(ws)) for (const wire of frames) tcp.write(wire);
    else for (const wire of frames) socket.send(messageOf(wire), { binary: false });
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
