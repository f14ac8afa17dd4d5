/** An emptied queue keeps a small array's slots (reused by the next few items), never more. */
const SLOTS_KEPT_WHEN_EMPTY = 16;

/**
 * A subscriber's bounded backlog: first in, first out, at most `capacity` items. Pushing onto a
 * full queue drops the oldest item and returns it, so the caller counts the drop (memory stays
 * bounded: the client sees a gap in cursors and resubscribes with `since` to replay it).
 * A ring buffer: no shifting, no growth past its capacity.
 */
export class SubscriberQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** Appends `item`; when the queue was full, returns the oldest item it dropped to make room. */
  push(item: T): { dropped: T } | null {
    let dropped: { dropped: T } | null = null;
    if (this.count === this.capacity) dropped = { dropped: this.shift()! };
    const tail = (this.head + this.count) % this.capacity;
    this.items[tail] = item;
    this.count++;
    return dropped;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    // Emptied after a backlog: the slots it grew to go too (thousands of subscribers, each with
    // up to `capacity` slots, kept them while idle), and the next item starts at slot 0.
    if (this.count === 0 && this.items.length > SLOTS_KEPT_WHEN_EMPTY) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }

  /** Empties the queue; returns how many items it held. */
  clear(): number {
    const held = this.count;
    this.items.length = 0;
    this.head = 0;
    this.count = 0;
    return held;
  }
}
