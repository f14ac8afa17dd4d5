import DataLoader from 'dataloader';
import { asError, mapWithConcurrency } from '../shared/index.js';
import { DerivedFromAnswer } from '../shared/derived.js';
import type { MessageTail } from './api.js';
import type { ChatvoltMessage } from './schemas.js';

/** The newest messages of one thread, as one tail read (`api.lastMessages`) gave them. */
export interface ThreadWindow {
  /** Oldest first. */
  messages: ChatvoltMessage[];
  /** The count asked for. */
  asked: number;
  /** Fewer came back than were asked (unreadable ones counted): the window is the whole thread. */
  complete: boolean;
}

interface Entry {
  /** At least this many were (or are being) asked. */
  asked: number;
  promise: Promise<ThreadWindow>;
  settled?: ThreadWindow;
}

/**
 * Chatvolt reads a thread only from its end ("the last N messages"), so every read of one
 * conversation (unread count, last message, a page of history) is a tail of some size. Per
 * connector (= per GraphQL request) this keeps the largest tail read so far and answers any
 * smaller tail from it; tails asked in the same tick are merged into one call with the largest count.
 */
export class ThreadWindows {
  private readonly entries = new Map<string, Entry>();
  /** Largest count wanted per conversation by the batch being gathered. */
  private readonly wanted = new Map<string, number>();
  private readonly loader: DataLoader<string, ThreadWindow>;

  /** `limit`: at most this many tails of one batch are read at once (the source's `concurrency`). */
  constructor(fetchTail: (conversationId: string, count: number) => Promise<MessageTail>, limit: number) {
    this.loader = new DataLoader<string, ThreadWindow>(
      async (ids) => {
        const counts = new Map<string, number>();
        for (const id of ids) {
          // An id loaded twice in one batch (a larger tail asked after a smaller one) keeps its largest count.
          if (counts.has(id)) continue;
          counts.set(id, this.wanted.get(id) ?? 1);
          this.wanted.delete(id);
        }
        // One call per distinct id; one failing id fails only its own window.
        const read = await mapWithConcurrency([...counts], limit, ([id, count]) =>
          fetchTail(id, count).then((tail): ThreadWindow => ({ messages: oldestFirst(tail.messages), asked: count, complete: tail.received < count }), asError),
        );
        const windows = new Map([...counts.keys()].map((id, i) => [id, read[i]!]));
        return ids.map((id) => windows.get(id)!);
      },
      // Windows of different sizes share a key, so DataLoader's own cache cannot be used; `entries` is the cache.
      { cache: false, batchScheduleFn: (run) => setImmediate(run) },
    );
  }

  /** At least the newest `count` messages (fewer only when the thread is shorter). */
  tail(conversationId: string, count: number): Promise<ThreadWindow> {
    const wanted = Math.max(1, Math.floor(count));
    const known = this.entries.get(conversationId);
    if (known && (known.asked >= wanted || known.settled?.complete)) return known.promise;

    this.wanted.set(conversationId, Math.max(this.wanted.get(conversationId) ?? 0, wanted));
    const entry: Entry = { asked: wanted, promise: this.loader.load(conversationId) };
    this.entries.set(conversationId, entry);
    entry.promise.then(
      (window) => {
        entry.settled = window;
        entry.asked = window.asked;
      },
      () => {
        if (this.entries.get(conversationId) === entry) this.entries.delete(conversationId);
      },
    );
    return entry.promise;
  }
}

/** A tail's messages oldest first, once per (cached) answer. */
const ORDERED = new DerivedFromAnswer<ChatvoltMessage[]>();

/** The API answers oldest first; sort a copy anyway (stable), since paging depends on it. */
function oldestFirst(messages: ChatvoltMessage[]): ChatvoltMessage[] {
  return ORDERED.get(messages, '', sortedByTime);
}

function sortedByTime(messages: ChatvoltMessage[]): ChatvoltMessage[] {
  return messages
    .map((message, i) => ({ message, i, at: Date.parse(message.createdAt) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((m) => m.message);
}
