import type { SimRequest, SimResponse } from '../common/server.js';
import type { ChatvoltDb } from './db.js';
import { windowClosed } from './messaging-window.js';
import { apiError } from './platform.js';
import { messageDraft, type AttachmentRecord, type ConversationRecord } from './records.js';
import { objectBody, optionalString } from './request-body.js';
import { messageJson } from './views.js';

/** The `channel` values the send endpoint accepts (specs/conversations.yaml). */
const SEND_CHANNELS = ['website', 'dashboard', 'whatsapp', 'zapi', 'telegram', 'instagramDm'];
const LOOKUP_TYPES = ['conversationId', 'phone', 'email'];

const invalid = (): SimResponse => apiError(400, 'INVALID_REQUEST');

type AttachmentDraft = Pick<AttachmentRecord, 'url' | 'name' | 'mimeType'>;

/**
 * `POST /conversation/message/{type}/{value} {message, attachments?, agentId?, channel?, visitorId?, contactId?}`:
 * a reply from the API key's owner (`from: human` with its `userId`), sent on the conversation's
 * channel. `phone`/`email` find the contact's conversation on `channel` (both `agentId` and
 * `channel` required; none found: 500 "No Conversation found", as documented). Meta channels
 * outside the 24-hour window: 406 `ERR_META_SESSION_EXPIRED_24H`, nothing stored.
 */
export function sendMessage(db: ChatvoltDb, req: SimRequest): SimResponse {
  const type = req.params.type ?? '';
  const value = req.params.value ?? '';
  const body = objectBody(req);
  if (!LOOKUP_TYPES.includes(type) || !body) return invalid();
  const text = body.message;
  const attachments = parseAttachments(body.attachments);
  if (typeof text !== 'string' || attachments === null || (text.trim() === '' && attachments.length === 0)) return invalid();
  const agentId = optionalString(body, 'agentId');
  const channel = optionalString(body, 'channel');
  if ([agentId, channel, optionalString(body, 'visitorId'), optionalString(body, 'contactId')].includes(null)) return invalid();
  if (channel !== undefined && channel !== null && !SEND_CHANNELS.includes(channel)) return invalid();

  let conversation: ConversationRecord | undefined;
  if (type === 'conversationId') {
    conversation = db.conversation(value);
    if (!conversation) return apiError(404, 'NOT_FOUND');
  } else {
    if (!agentId || !channel) return invalid();
    conversation = findByContact(db, type, value, channel);
    if (!conversation) return apiError(500, 'No Conversation found');
  }
  if (windowClosed(db, conversation)) return apiError(406, 'ERR_META_SESSION_EXPIRED_24H');

  const message = db.appendMessage(conversation, messageDraft({ text, from: 'human', userId: db.keyOwner.user.id }));
  message.attachments = attachments.map((a) => ({ ...a, id: db.newId(), size: 0, createdAt: message.createdAt }));
  return { status: 200, body: { success: true, message: messageJson(message) } };
}

/** `[{url, name, mimeType}]` (absent = none), or null when malformed. */
function parseAttachments(value: unknown): AttachmentDraft[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return null;
  const drafts: AttachmentDraft[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { url, name, mimeType } = item as Record<string, unknown>;
    if (typeof url !== 'string' || url === '') return null;
    drafts.push({ url, name: typeof name === 'string' ? name : (url.split('/').pop() ?? 'file'), mimeType: typeof mimeType === 'string' ? mimeType : 'application/octet-stream' });
  }
  return drafts;
}

/** The contact's most recently active conversation on that channel (phone compared by digits). */
function findByContact(db: ChatvoltDb, type: string, value: string, channel: string): ConversationRecord | undefined {
  const digits = (s: string): string => s.replace(/\D+/g, '');
  const matches = (c: ConversationRecord): boolean =>
    c.channel === channel &&
    db
      .contactsOf(c)
      .some((contact) => (type === 'phone' ? contact.phoneNumber !== null && digits(contact.phoneNumber) === digits(value) : contact.email?.toLowerCase() === value.toLowerCase()));
  return [...db.conversations.values()].filter(matches).sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
}
