import { z } from 'zod';
import type { MessageModel, SourceRef } from '../../model/index.js';
import { channelOf, toMessage } from './mapping.js';
import { attachmentSchema, senderSchema, type MessageJson } from './schemas.js';

/**
 * `message_created` (Chatwoot `Message#webhook_data` + `event`) → the MessageModel the connector's
 * reads give for the same message, or null when the delivery cannot give exactly that (the gateway
 * then reads it). Differences from the REST message, handled here:
 * - `message_type` is a string (`incoming|outgoing|activity|template`), not the integer;
 * - the conversation is `conversation.id` (display id), its channel `conversation.channel`;
 * - `created_at` is a Rails datetime string (ms), REST gives whole seconds: floored to match;
 * - a contact sender has no `type` key in 4.3.0 (newer versions send `type: "contact"`);
 * - a user sender is `{id, name, email, type}`: no avatar, an email REST does not show, so a
 *   message by an agent (replies, private notes) is left to the read (null).
 */

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(Number);

const MESSAGE_TYPES = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

/** Just enough to name the message and its conversation. */
export const messageEventSchema = z.object({
  id,
  conversation: z.object({ id }),
});

const fullMessageSchema = z.object({
  id,
  content: z.string().nullable(),
  content_type: z.string().nullish(),
  message_type: z.enum(['incoming', 'outgoing', 'activity', 'template']),
  private: z.boolean(),
  created_at: z.union([z.string(), z.number().nonnegative()]),
  conversation: z.object({ id, channel: z.string() }),
  sender: z.record(z.string(), z.unknown()).nullish(),
  attachments: z.array(attachmentSchema.nullable()).nullish(),
});

/** Unix seconds (whole, as REST renders `created_at.to_i`), or null when unreadable. */
function wholeSeconds(value: string | number): number | null {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

function restSender(raw: Record<string, unknown> | null | undefined): MessageJson['sender'] | 'unusable' {
  if (!raw) return null;
  const type = raw.type ?? 'contact';
  if (type === 'user') return 'unusable';
  const parsed = senderSchema.safeParse({ ...raw, type });
  return parsed.success ? parsed.data : 'unusable';
}

export function messageFromWebhook(ref: SourceRef, body: unknown): MessageModel | null {
  const parsed = fullMessageSchema.safeParse(body);
  if (!parsed.success) return null;
  const json = parsed.data;
  const createdAt = wholeSeconds(json.created_at);
  const sender = restSender(json.sender);
  if (createdAt === null || sender === 'unusable') return null;
  const rest: MessageJson = {
    id: json.id,
    content: json.content,
    conversation_id: json.conversation.id,
    message_type: MESSAGE_TYPES[json.message_type],
    content_type: json.content_type,
    private: json.private,
    created_at: createdAt,
    sender,
    attachments: json.attachments,
  };
  return toMessage(ref, rest, { upstreamId: String(json.conversation.id), channel: channelOf(json.conversation.channel) });
}
