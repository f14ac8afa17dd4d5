import { isInbound, type ThreadSummary } from './mapping.js';
import { DerivedFromAnswer } from '../shared/derived.js';
import type { ChatvoltMessage } from './schemas.js';
import type { ThreadWindows } from './thread-windows.js';

/** A summary per window of messages (kept with the cached tail it was read from). */
const SUMMARIES = new DerivedFromAnswer<ThreadSummary>();

/**
 * How many of the newest messages the unread count reads at once. Chatvolt documents no upper
 * bound for `messages/{count}`; 100 covers every thread whose unread run is shorter than that in
 * one call, so the inbox's per-row read is never followed by another (no third round trip). The
 * same call answers the conversation screen's 30 messages and the last message (ThreadWindows).
 */
export const SUMMARY_WINDOW = 100;

/**
 * Unread count and last-message preview of one conversation, which Chatvolt's list does not give.
 * Unread = visitor/contact messages with `read: false`. Opening a conversation marks all of it read,
 * so unread messages are the newest ones: a window holding one read visitor message holds them all.
 * Otherwise (and unless the window is already the whole thread: a thread of 100 unread visitor
 * messages or more) the window is doubled: 100, 200, 400, …
 */
export async function threadSummary(windows: ThreadWindows, conversationId: string): Promise<ThreadSummary> {
  let window = await windows.tail(conversationId, SUMMARY_WINDOW);
  while (!window.complete && !window.messages.some((m) => isInbound(m) && m.read)) {
    window = await windows.tail(conversationId, window.asked * 2);
  }
  return SUMMARIES.get(window.messages, '', summarize);
}

function summarize(messages: ChatvoltMessage[]): ThreadSummary {
  const last = messages.at(-1);
  return {
    unreadCount: messages.filter((m) => isInbound(m) && !m.read).length,
    lastMessagePreview: last ? (last.text ?? last.attachments[0]?.name ?? null) : null,
  };
}
