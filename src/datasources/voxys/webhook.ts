import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { VoxysSourceConfig } from './config.js';
import type { SourceRef } from '../../model/index.js';
import type { PlatformWebhooks, ReplayGuard, WebhookChange, WebhookRequest, WebhookVerdict } from '../../webhooks/types.js';
import { messageEventSchema, messageFromWebhook } from './webhook-message.js';

/**
 * Voxys (Chatwoot) account webhooks (UPSTREAMS.md, research chatwoot.md §2):
 * - verify: `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(webhookSecret, "{X-Chatwoot-Timestamp}.{raw body}")>`,
 *   compared in constant time; the timestamp (unix s) within 5 minutes of receipt either way;
 *   `X-Chatwoot-Delivery` is the de-duplication id. No secret configured → every delivery is refused.
 * - replay: the delivery header is not signed (and may be absent), so the signed request itself
 *   (timestamp, signature, body) is remembered for as long as its timestamp would be accepted.
 * - parse: `message_created` → a message change (the full message when the body carries it, see
 *   webhook-message.ts); `conversation_created` / `conversation_updated` / `conversation_status_changed`
 *   → a conversation change; `message_updated` (a delivery status, a deleted message) → a change of
 *   its conversation (the graph has no message-update event: `conversationUpdated` carries it when
 *   the conversation's state moved, and the change drops the cached thread so the next read shows
 *   the edit); anything else (contacts, inboxes, typing) → nothing.
 */

export const SIGNATURE_HEADER = 'x-chatwoot-signature';
export const TIMESTAMP_HEADER = 'x-chatwoot-timestamp';
export const DELIVERY_HEADER = 'x-chatwoot-delivery';

/** Chatwoot's advice: reject timestamps more than about 5 minutes off. */
export const MAX_SKEW_SECONDS = 5 * 60;

const CONVERSATION_EVENTS = new Set(['conversation_created', 'conversation_updated', 'conversation_status_changed']);

function header(request: WebhookRequest, name: string): string | undefined {
  const direct = request.headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : request.headers[key];
}

const refuse = (status: 401 | 403 | 400, reason: 'forged' | 'stale' | 'missing-signature' | 'malformed'): WebhookVerdict => ({ ok: false, status, reason });

/** Constant time over the 32 digest bytes; a signature that is not `sha256=` + 64 hex digits is simply wrong. */
function signatureMatches(secret: string, timestamp: string, rawBody: string, signature: string): boolean {
  const hex = signature.startsWith('sha256=') ? signature.slice('sha256='.length) : '';
  const wellFormed = /^[0-9a-f]{64}$/i.test(hex);
  const given = wellFormed ? Buffer.from(hex, 'hex') : Buffer.alloc(32);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  // Compared even when malformed, so both cost the same.
  return timingSafeEqual(given, expected) && wellFormed;
}

export function verifyVoxysWebhook(request: WebhookRequest, config: VoxysSourceConfig): WebhookVerdict {
  const secret = config.webhookSecret;
  if (!secret) return refuse(403, 'forged');
  const signature = header(request, SIGNATURE_HEADER)?.trim();
  const timestamp = header(request, TIMESTAMP_HEADER)?.trim();
  if (!signature || !timestamp) return refuse(401, 'missing-signature');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(400, 'malformed');
  if (!signatureMatches(secret, timestamp, request.rawBody, signature)) return refuse(401, 'forged');
  if (Math.abs(request.receivedAt / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return refuse(401, 'stale');
  const delivery = header(request, DELIVERY_HEADER)?.trim();
  return { ok: true, deliveryId: delivery ? delivery : null };
}

export function parseVoxysWebhook(body: unknown, ref: SourceRef): WebhookChange[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const event = (body as { event?: unknown }).event;
  if (event === 'message_created') {
    const named = messageEventSchema.safeParse(body);
    if (!named.success) return [];
    return [
      {
        kind: 'message',
        conversationUpstreamId: String(named.data.conversation.id),
        messageUpstreamId: String(named.data.id),
        message: messageFromWebhook(ref, body),
      },
    ];
  }
  if (event === 'message_updated') {
    const named = messageEventSchema.safeParse(body);
    return named.success ? [{ kind: 'conversation', conversationUpstreamId: String(named.data.conversation.id) }] : [];
  }
  if (typeof event === 'string' && CONVERSATION_EVENTS.has(event)) {
    const id = (body as { id?: unknown }).id;
    const upstreamId = typeof id === 'number' && Number.isInteger(id) ? String(id) : typeof id === 'string' && /^\d+$/.test(id) ? id : null;
    return upstreamId === null ? [] : [{ kind: 'conversation', conversationUpstreamId: upstreamId }];
  }
  return [];
}

/** A verified request sent again verifies again while its timestamp is within the window either way. */
export function voxysReplayGuard(request: WebhookRequest): ReplayGuard | null {
  const signature = header(request, SIGNATURE_HEADER)?.trim();
  const timestamp = header(request, TIMESTAMP_HEADER)?.trim();
  if (!signature || !timestamp) return null;
  const key = createHash('sha256').update(timestamp).update('\u0000').update(signature.toLowerCase()).update('\u0000').update(request.rawBody).digest('base64url');
  return { key: `signed:${key}`, windowMs: 2 * MAX_SKEW_SECONDS * 1000 };
}

export const voxysWebhooks: PlatformWebhooks<VoxysSourceConfig> = {
  verify: verifyVoxysWebhook,
  replayGuard: voxysReplayGuard,
  parse: (body, ref) => parseVoxysWebhook(body, ref),
};
