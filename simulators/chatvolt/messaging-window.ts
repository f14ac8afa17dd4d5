import type { ChatvoltDb } from './db.js';
import type { ConversationChannel, ConversationRecord } from './records.js';

/**
 * Channels Chatvolt reaches through Meta's official APIs (WhatsApp Cloud API, Instagram). Meta
 * lets a business send a free-form message only within 24 hours of the customer's last message;
 * outside it Chatvolt answers 406 `ERR_META_SESSION_EXPIRED_24H` (only a template can be sent).
 * Z-API drives WhatsApp Web, not Meta's API, so `zapi` has no window.
 */
export const META_CHANNELS: ReadonlySet<ConversationChannel> = new Set<ConversationChannel>(['whatsapp', 'instagram', 'instagramDm']);

export const WINDOW_MS = 24 * 3600 * 1000;

/** Whether a free-form message to this conversation would be refused now (no customer message within 24 h). */
export function windowClosed(db: ChatvoltDb, conversation: ConversationRecord): boolean {
  if (!META_CHANNELS.has(conversation.channel)) return false;
  const inbound = db.lastInbound(conversation.id);
  // No customer message at all: Meta never opened a session.
  return !inbound || db.time() - Date.parse(inbound.createdAt) > WINDOW_MS;
}
