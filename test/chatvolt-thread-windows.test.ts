import { describe, expect, it } from 'vitest';
import type { MessageTail } from '../src/datasources/chatvolt/api.js';
import type { ChatvoltMessage } from '../src/datasources/chatvolt/schemas.js';
import { ThreadWindows } from '../src/datasources/chatvolt/thread-windows.js';

/** A thread of `length` messages, read from its end by a recording fake of `api.lastMessages`. */
function recordingTail(length: number) {
  const asked: number[] = [];
  const fetchTail = async (_id: string, count: number): Promise<MessageTail> => {
    asked.push(count);
    const messages = Array.from(
      { length: Math.min(count, length) },
      (_, i) => ({ id: `m${length - i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, length - i)).toISOString() }) as unknown as ChatvoltMessage,
    );
    return { messages: messages.reverse(), received: messages.length };
  };
  return { asked, fetchTail };
}

describe('Chatvolt thread windows', () => {
  it('merges a smaller and a larger tail of one thread asked in the same tick into one call of the larger count', async () => {
    const { asked, fetchTail } = recordingTail(500);
    const windows = new ThreadWindows(fetchTail, 4);
    const [small, large] = await Promise.all([windows.tail('c1', 31), windows.tail('c1', 100)]);
    expect(asked).toEqual([100]);
    expect(small.messages).toHaveLength(100);
    expect(large.messages).toHaveLength(100);
    // A smaller tail afterwards is answered from the window already read.
    expect((await windows.tail('c1', 30)).messages).toHaveLength(100);
    expect(asked).toEqual([100]);
  });

  it('reads a larger tail again once the one read is too short, and never a smaller one', async () => {
    const { asked, fetchTail } = recordingTail(500);
    const windows = new ThreadWindows(fetchTail, 4);
    await windows.tail('c1', 100);
    await Promise.all([windows.tail('c1', 200), windows.tail('c1', 150), windows.tail('c1', 50)]);
    expect(asked).toEqual([100, 200]);
  });
});
