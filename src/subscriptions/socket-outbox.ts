import type { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { SubscriberQueue } from '../events/subscriber-queue.js';
import { messageBytes, sendAll, sendAfterThisTurn } from './frame-bytes.js';
import { settled, whenSettled } from './pending-frames.js';
import type { Frame } from './shared-execution.js';

/** Close code for a subscriber closed (policy `close`) because it fell too far behind. */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

export interface OutboxLimits {
  /** Bytes a socket may have buffered (ws' `bufferedAmount`: unsent frames in Node and ws) before frames wait in the subscribers' queues. */
  highWaterBytes: number;
  /** Frames each subscriber may have waiting; past it the oldest is dropped, or the socket closed. */
  queueSize: number;
  policy: 'dropOldest' | 'close';
  /** Counts each frame dropped (or lost with a socket closed for being slow). */
  onDropped(count: number): void;
}

/** One subscription's place in its socket's outbox. */
export class OutboxEntry {
  readonly queue: SubscriberQueue<Frame | Promise<Frame>>;
  /** `{"id":…,"type":"next","payload":` for this subscription; the frame is this + payload + `}`. */
  readonly prefix: string;
  closed = false;
  /** In its outbox's `waiting` list. */
  isWaiting = false;
  /** Ends the subscription itself (policy `close`: its socket is being closed for being slow). */
  onEnd: () => void = () => undefined;
  /** Called when the socket has drained and this entry has room again (a paced replay goes on). */
  onRoom: (() => void) | null = null;
  /** Events the subscription holds back for this entry (a paced replay): lost too if the socket is closed for being slow. */
  pending: () => number = () => 0;

  constructor(
    readonly outbox: SocketOutbox,
    id: string,
    queueSize: number,
    /** The subscriber's log line for an event whose result carried errors. */
    readonly onErrors: (errors: readonly GraphQLError[]) => void,
  ) {
    this.queue = new SubscriberQueue(queueSize);
    this.prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  push(frame: Frame | Promise<Frame>): void {
    this.outbox.push(this, frame);
  }

  /** True when a frame pushed now is written at once (nothing of this entry waits, the socket is not backed up). */
  hasRoom(): boolean {
    return this.outbox.hasRoom(this);
  }

  /** An event the subscription held back was dropped to stay bounded: the socket's policy applies. */
  overflowed(): void {
    this.outbox.overflowed(this);
  }

  close(): void {
    this.outbox.remove(this);
  }
}

const outboxes = new WeakMap<WebSocket, SocketOutbox>();

/**
 * Where a socket's frames wait when the socket cannot take them. The backlog is measured where it
 * really builds up: `bufferedAmount` (bytes written but not yet taken by the kernel, in Node's
 * stream and ws' sender). Below `highWaterBytes` a ready frame is written at once; at or above it,
 * frames wait in their subscription's bounded queue (frames are shared strings: a waiting frame
 * costs a slot, not a copy), and a ping written after the last frame tells when the socket has
 * drained. A queue that overflows drops its oldest frame (counted), or with policy `close` the
 * socket is closed with 4008 and what it still had waiting is counted as dropped. So a
 * subscriber's memory is bounded by `highWaterBytes` plus `queueSize` slots, whatever the rate.
 *
 * Frames ready to go are not written one system call each: a socket's frames of one turn of the
 * event loop (every event dispatched meanwhile) go to the kernel together once the turn's I/O is
 * done (`setImmediate`), in one write. An idle gateway writes each event at once, as before; a busy
 * one (a fan-out taking longer than the events' interval) writes a subscriber's several events in
 * one write instead of one per event, so its cost per event falls as the rate rises. What waits
 * for that write counts as unsent bytes: past `highWaterBytes` the socket is written at once.
 */
export class SocketOutbox {
  private readonly entries = new Set<OutboxEntry>();
  /**
   * Entries with frames waiting, in the order they started waiting (each once: `isWaiting`). An
   * array kept, not a Set: a Set emptied and filled again once per event reallocates its table,
   * and with thousands of sockets those tables outlived young collections and filled the old
   * generation. Like `batch`, it is emptied with pop(), which keeps its slots.
   */
  private readonly waiting: OutboxEntry[] = [];
  private blocked = false;
  private closing = false;
  /** Messages of this turn not yet handed to the socket, in order, and their bytes. */
  private readonly batch: Buffer[] = [];
  private batchBytes = 0;

  static of(socket: WebSocket, limits: OutboxLimits): SocketOutbox {
    let outbox = outboxes.get(socket);
    if (!outbox) outboxes.set(socket, (outbox = new SocketOutbox(socket, limits)));
    return outbox;
  }

  private constructor(
    private readonly socket: WebSocket,
    private readonly limits: OutboxLimits,
  ) {}

  add(id: string, onErrors: (errors: readonly GraphQLError[]) => void): OutboxEntry {
    const entry = new OutboxEntry(this, id, this.limits.queueSize, onErrors);
    this.entries.add(entry);
    return entry;
  }

  remove(entry: OutboxEntry): void {
    entry.closed = true;
    entry.onRoom = null;
    entry.queue.clear();
    this.entries.delete(entry);
    // Its queue is empty: the next pass over `waiting` drops it (it may be under way right now).
    if (entry.isWaiting && !this.flushing) this.dropIdle();
  }

  /** Frames waiting in this socket's queues. */
  get backlog(): number {
    let frames = 0;
    for (const entry of this.waiting) frames += entry.queue.size;
    return frames;
  }

  hasRoom(entry: OutboxEntry): boolean {
    return !entry.closed && !this.closing && !this.blocked && entry.queue.size === 0 && this.socket.readyState === this.socket.OPEN;
  }

  overflowed(entry: OutboxEntry): void {
    if (entry.closed || this.closing) return;
    if (this.limits.policy === 'close') return this.closeSlow();
    this.limits.onDropped(1);
  }

  push(entry: OutboxEntry, pending: Frame | Promise<Frame>): void {
    if (entry.closed || this.closing) return;
    const known = settled(pending);
    if (known === null) return; // its execution failed outright (execution errors are frames)
    const frame = known ?? pending;
    if (!this.blocked && entry.queue.size === 0 && !(frame instanceof Promise)) return this.write(entry, frame);
    if (entry.queue.push(frame)) {
      if (this.limits.policy === 'close') return this.closeSlow();
      this.limits.onDropped(1);
    }
    if (!entry.isWaiting) {
      entry.isWaiting = true;
      this.waiting.push(entry);
    }
    if (frame instanceof Promise && settled(frame) === undefined) whenSettled(frame, this);
  }

  private write(entry: OutboxEntry, frame: Frame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (frame.errors) entry.onErrors(frame.errors);
    const message = messageBytes(frame, entry.prefix);
    this.batch.push(message);
    this.batchBytes += message.length;
    if (this.batchBytes + this.socket.bufferedAmount >= this.limits.highWaterBytes) this.send();
    else if (this.batch.length === 1) sendAfterThisTurn(this);
  }

  /** Hands the turn's messages to the socket; past `highWaterBytes` unsent, frames wait until it drained. */
  send(): void {
    if (this.batch.length === 0) return;
    const messages = this.batch;
    this.batchBytes = 0;
    try {
      // A socket closed meanwhile loses them, as a frame written to it would have been.
      if (this.socket.readyState !== this.socket.OPEN) return;
      sendAll(this.socket, messages);
    } finally {
      // Emptied in place (pop keeps the array's slots for the next turn's messages).
      while (messages.length > 0) messages.pop();
    }
    if (!this.blocked && this.socket.bufferedAmount >= this.limits.highWaterBytes) {
      this.blocked = true;
      // Written after every frame before it: its callback says they have all left the process.
      this.socket.ping(undefined, undefined, () => {
        this.blocked = false;
        this.flush();
      });
    }
  }

  /** Writes waiting frames, then lets paced replays go on while the socket has room. */
  flush(): void {
    this.flushWaiting();
    // Entries ended meanwhile are skipped (deleted from the Set, or closed: no onRoom, no room).
    for (const entry of this.entries) if (entry.onRoom && this.hasRoom(entry)) entry.onRoom();
  }

  /** True while flushWaiting() walks `waiting` (a removal then waits for its next pass). */
  private flushing = false;

  /** Writes waiting frames, one subscription after another, until the socket fills again. */
  private flushWaiting(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (!this.blocked && this.waiting.length > 0 && !this.closing) {
        let progressed = false;
        // One pass in order; entries whose queue is empty leave, the others keep their place.
        for (let i = 0; i < this.waiting.length; i++) {
          if (this.blocked) return;
          const entry = this.waiting[i]!;
          const head = entry.queue.peek();
          if (head === undefined) continue;
          const frame = settled(head);
          if (frame === undefined) continue; // still executing: it keeps its place
          entry.queue.shift();
          // null: its execution failed outright (execution errors are frames): nothing to send.
          if (frame === null) continue;
          this.write(entry, frame);
          progressed = true;
        }
        this.dropIdle();
        if (!progressed) return;
      }
    } finally {
      this.flushing = false;
      this.dropIdle();
    }
  }

  /** Takes the entries with nothing waiting out of `waiting`, keeping the others' order. */
  private dropIdle(): void {
    const waiting = this.waiting;
    let kept = 0;
    for (const entry of waiting) {
      if (entry.queue.size > 0 && !entry.closed) waiting[kept++] = entry;
      else entry.isWaiting = false;
    }
    while (waiting.length > kept) waiting.pop();
  }

  /** Policy `close`: the subscriber is too far behind; what it had waiting is counted as dropped. */
  private closeSlow(): void {
    this.closing = true;
    let lost = 0;
    for (const entry of this.entries) lost += entry.queue.clear() + entry.pending();
    this.dropIdle();
    this.limits.onDropped(lost + 1);
    // The close frame waits behind what the client has not read (ws destroys the socket if the
    // closing handshake does not finish in 30 s): the subscriptions end now, not then.
    for (const entry of [...this.entries]) entry.onEnd();
    this.send(); // what was already written goes before the close frame
    this.socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: too many events waiting; resubscribe with `since`');
  }
}
