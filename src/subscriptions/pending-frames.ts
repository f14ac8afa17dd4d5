import type { Frame } from './shared-execution.js';

/** What waits for a frame: a socket's outbox, flushed once the frame is known. */
interface Flushable {
  flush(): void;
}

/** What each awaited frame settled to (null: its execution failed outright); absent while pending. */
const outcomes = new WeakMap<Promise<Frame>, Frame | null>();

/** Outboxes waiting for each pending frame, in the order they asked (an outbox once per push, as it asked). */
const awaiting = new WeakMap<Promise<Frame>, Flushable[]>();

/**
 * Flushes `outbox` once `frame` has settled. One reaction per frame for every outbox waiting on
 * it, not one per outbox: an event's frame is shared by thousands of subscribers, and their
 * reactions (two closures and a promise each) lived as long as the execution and were promoted.
 */
export function whenSettled(frame: Promise<Frame>, outbox: Flushable): void {
  const outboxes = awaiting.get(frame);
  if (outboxes) return void outboxes.push(outbox);
  awaiting.set(frame, [outbox]);
  const settle = (value: Frame | null) => {
    outcomes.set(frame, value);
    const waiting = awaiting.get(frame) ?? [];
    awaiting.delete(frame);
    // Each outbox on its own, as separate reactions were: one that throws does not stop the others.
    for (const waiter of waiting) {
      try {
        waiter.flush();
      } catch (error) {
        void Promise.reject(error);
      }
    }
  };
  frame.then(settle, () => settle(null));
}

/** A frame as known now: itself, what its promise settled to (null: failed outright), or undefined while pending. */
export function settled(frame: Frame | Promise<Frame>): Frame | null | undefined {
  return frame instanceof Promise ? outcomes.get(frame) : frame;
}
