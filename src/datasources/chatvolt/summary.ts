import { isInbound, type ThreadSummary } from './mapping.js';
import type { ThreadWindows } from './thread-windows.js';

/**
 * How many of the newest messages one read asks for: the conversation screen's 30 plus one to know
 * whether older ones exist, so that screen's `messages(last: 30)`, the last message and the unread
 * count all come from the same call.
 */
export const TAIL_WINDOW = 31;

/**
 * Unread count and last-message preview of one conversation, which Chatvolt's list does not give.
 * Unread = visitor/contact messages with `read: false`. Opening a conversation marks all of it read,
 * so unread messages are the newest ones: a window holding one read visitor message holds them all.
 * Otherwise (and unless the window is already the whole thread) the window is doubled: 31, 62, 124, …
 */
export async function threadSummary(windows: ThreadWindows, conversationId: string): Promise<ThreadSummary> {
  let window = await windows.tail(conversationId, TAIL_WINDOW);
  while (!window.complete && !window.messages.some((m) => isInbound(m) && m.read)) {
    window = await windows.tail(conversationId, window.asked * 2);
  }
  const last = window.messages.at(-1);
  return {
    unreadCount: window.messages.filter((m) => isInbound(m) && !m.read).length,
    lastMessagePreview: last ? (last.text ?? last.attachments[0]?.name ?? null) : null,
  };
}
