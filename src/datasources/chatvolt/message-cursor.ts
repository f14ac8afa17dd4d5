import { gqlError } from '../../errors.js';

/**
 * Where a message sat in its thread when it was read: its id and its 1-based position from the
 * end (the newest message is 1). Chatvolt reads threads only from the end, so the position tells
 * how large a tail must be to reach the message again; the id finds it exactly even if newer
 * messages arrived since (then the tail is grown until the id shows up).
 */
export interface MessagePosition {
  fromEnd: number;
  id: string;
}

/** Deeper than any thread the inbox pages through. */
const MAX_THREAD_POSITION = 100_000;

export function encodeMessageCursor(position: MessagePosition): string {
  return `${position.fromEnd}:${position.id}`;
}

export function decodeMessageCursor(cursor: string): MessagePosition {
  const match = /^(\d{1,9}):(.+)$/.exec(cursor);
  const fromEnd = match ? Number(match[1]) : 0;
  // A cursor is a position in a thread: bounded, so a crafted one cannot ask for a huge read.
  if (!match || fromEnd < 1 || fromEnd > MAX_THREAD_POSITION) throw gqlError('BAD_USER_INPUT', 'Invalid message cursor', { argument: 'cursor' });
  return { fromEnd, id: match[2]! };
}
