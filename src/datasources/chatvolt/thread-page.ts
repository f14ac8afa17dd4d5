import type { MessagePageArgs } from '../../model/index.js';
import { decodeMessageCursor, encodeMessageCursor, type MessagePosition } from './message-cursor.js';
import type { ChatvoltMessage } from './schemas.js';
import type { ThreadWindow, ThreadWindows } from './thread-windows.js';

/** Messages without `first`/`last`: the newest 20. */
export const DEFAULT_MESSAGE_PAGE = 20;
/** First tail size when the whole thread is needed (`first` without `after`). */
const WHOLE_THREAD_START = 64;

export interface ThreadSlice {
  items: { message: ChatvoltMessage; cursor: string }[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * One page of a thread, oldest first, read through tails (`api.lastMessages`: the last `count`):
 * - newest `last` (default 20): a tail of last+1 (the extra one tells whether older exist);
 * - `last` before a cursor at position p from the end: a tail of p+last+1;
 * - `first` after a cursor at position p: a tail of p (the cursor and everything newer);
 * - `first` with no cursor (the oldest ones): tails doubled until the whole thread is in.
 * When newer messages arrived since the cursor was made, the cursor's message sits further from
 * the end: the tail is doubled until its id shows up, so pages never skip or repeat a message.
 */
export async function readThread(windows: ThreadWindows, conversationId: string, args: MessagePageArgs): Promise<ThreadSlice> {
  if (args.before !== undefined) return older(windows, conversationId, decodeMessageCursor(args.before), size(args.last));
  if (args.after !== undefined) return newer(windows, conversationId, decodeMessageCursor(args.after), size(args.first));
  if (args.first !== undefined && args.last === undefined) return oldest(windows, conversationId, size(args.first));
  const last = size(args.last);
  const window = await windows.tail(conversationId, last + 1);
  const end = window.messages.length;
  const start = Math.max(0, end - last);
  return { items: slice(window, start, end), hasOlder: start > 0, hasNewer: false };
}

function size(n: number | undefined): number {
  return n === undefined ? DEFAULT_MESSAGE_PAGE : Math.max(0, Math.floor(n));
}

async function older(windows: ThreadWindows, conversationId: string, cursor: MessagePosition, last: number): Promise<ThreadSlice> {
  let need = cursor.fromEnd + last + 1;
  for (;;) {
    const window = await windows.tail(conversationId, need);
    const found = indexOf(window, cursor.id);
    // Enough is read once `last` messages and one more sit before the cursor, or the thread is all in.
    if ((found >= 0 && found > last) || window.complete) {
      const end = found >= 0 ? found : clampIndex(window.messages.length - cursor.fromEnd, window);
      const start = Math.max(0, end - last);
      return { items: slice(window, start, end), hasOlder: start > 0, hasNewer: end < window.messages.length };
    }
    need = Math.max(need * 2, found >= 0 ? window.messages.length - found + last + 1 : 0);
  }
}

async function newer(windows: ThreadWindows, conversationId: string, cursor: MessagePosition, first: number): Promise<ThreadSlice> {
  let need = cursor.fromEnd;
  for (;;) {
    const window = await windows.tail(conversationId, need);
    const found = indexOf(window, cursor.id);
    if (found >= 0 || window.complete) {
      const start = found >= 0 ? found + 1 : clampIndex(window.messages.length - cursor.fromEnd + 1, window);
      const end = Math.min(window.messages.length, start + first);
      return { items: slice(window, start, end), hasOlder: start > 0, hasNewer: end < window.messages.length };
    }
    need *= 2;
  }
}

async function oldest(windows: ThreadWindows, conversationId: string, first: number): Promise<ThreadSlice> {
  let window = await windows.tail(conversationId, Math.max(first + 1, WHOLE_THREAD_START));
  while (!window.complete) window = await windows.tail(conversationId, window.asked * 2);
  const end = Math.min(first, window.messages.length);
  return { items: slice(window, 0, end), hasOlder: false, hasNewer: end < window.messages.length };
}

function indexOf(window: ThreadWindow, id: string): number {
  for (let i = window.messages.length - 1; i >= 0; i--) if (window.messages[i]!.id === id) return i;
  return -1;
}

function clampIndex(i: number, window: ThreadWindow): number {
  return Math.min(Math.max(i, 0), window.messages.length);
}

/** Items start..end of a tail, each with its cursor (position from the end of this tail). */
function slice(window: ThreadWindow, start: number, end: number): ThreadSlice['items'] {
  const length = window.messages.length;
  return window.messages.slice(start, end).map((message, k) => ({
    message,
    cursor: encodeMessageCursor({ fromEnd: length - (start + k), id: message.id }),
  }));
}
