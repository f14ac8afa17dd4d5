import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ChatvoltSourceConfig } from './config.js';
import type { SourceRef } from '../../model/index.js';
import type { PlatformWebhooks, WebhookChange, WebhookRequest, WebhookVerdict } from '../../webhooks/types.js';

/**
 * Chatvolt's outbound webhooks (MAPPING.md, Webhooks). Configured per AI agent in Chatvolt's
 * dashboard and unsigned, so the gateway authenticates them by the per-tenant secret token it put
 * in the URL it gave Chatvolt (`?token=<webhookSecret>`), or a header `x-webhook-token`.
 */

/** Events that report a message stored in a thread (docs.chatvolt.ai/agent/webhooks). */
const MESSAGE_EVENTS: ReadonlySet<string> = new Set([
  'USER_MESSAGE_RECEIVED',
  'AGENT_MESSAGE_SENDED',
  'AGENT_USER_MESSAGE',
  'AGENT_MESSAGE_FOLLOW_UP',
  'AGENT_MESSAGE_NOTED',
  'GROUP_MESSAGE_RECEIVED',
]);

/**
 * Events that report a change of the conversation itself: `STEP_ENTERED` (a CRM step; secondary
 * sources only) and `CONVERSATION_UPDATED` (status, priority, AI switch, assignee: ASSUMED name).
 */
const CONVERSATION_EVENTS: ReadonlySet<string> = new Set(['STEP_ENTERED', 'CONVERSATION_UPDATED']);

const optionalId = z.string().min(1).nullish().catch(null);

/** The fields read (payload shape ASSUMED from third-party consumers); everything else is ignored. */
const payloadSchema = z.object({
  eventType: z.string(),
  conversationId: z.string().min(1),
  messageId: optionalId,
  agentId: optionalId,
});

/** The token the delivery carries: the `token` query parameter, else the `x-webhook-token` header. */
function tokenOf(request: WebhookRequest): string | null {
  const fromQuery = request.query.get('token');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
  const fromHeader = request.headers['x-webhook-token'];
  return fromHeader !== undefined && fromHeader !== '' ? fromHeader : null;
}

/** Constant-time equality, whatever the lengths (both sides are hashed to 32 bytes first). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function verify(request: WebhookRequest, config: ChatvoltSourceConfig): WebhookVerdict {
  // Without a configured secret nothing can be authenticated: refuse everything.
  if (!config.webhookSecret) return { ok: false, status: 403, reason: 'forged' };
  const token = tokenOf(request);
  if (token === null) return { ok: false, status: 401, reason: 'missing-signature' };
  if (!sameSecret(token, config.webhookSecret)) return { ok: false, status: 401, reason: 'forged' };
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    return { ok: false, status: 400, reason: 'malformed' };
  }
  // A message is reported once per event type: a replay of it is the same delivery. Conversation
  // events carry no id of their own (re-reading a conversation twice is harmless), nor does JSON
  // of another shape (e.g. Chatvolt's test POST when the URL is saved), which `parse` ignores.
  const payload = payloadSchema.safeParse(body);
  const messageId = payload.success ? payload.data.messageId : null;
  return { ok: true, deliveryId: payload.success && messageId ? `${payload.data.eventType}:${messageId}` : null };
}

/**
 * Normalizes a delivery. A message event gives the message's id but never the whole message as
 * reads map it (no sender identity: contact id, member, company, avatar), so `message` is null and
 * the gateway reads it. Events of another AI agent than the configured `agentId` are not this
 * source's. Unknown events (and `AGENT_MESSAGE_BLOCKED`: nothing was stored) give [].
 */
function parse(body: unknown, _ref: SourceRef, config: ChatvoltSourceConfig): WebhookChange[] {
  const payload = payloadSchema.safeParse(body);
  if (!payload.success) return [];
  const { eventType, conversationId, messageId, agentId } = payload.data;
  if (config.agentId !== undefined && agentId && agentId !== config.agentId) return [];
  if (MESSAGE_EVENTS.has(eventType)) {
    return messageId
      ? [{ kind: 'message', conversationUpstreamId: conversationId, messageUpstreamId: messageId, message: null }]
      : [{ kind: 'conversation', conversationUpstreamId: conversationId }];
  }
  if (CONVERSATION_EVENTS.has(eventType)) return [{ kind: 'conversation', conversationUpstreamId: conversationId }];
  return [];
}

export const chatvoltWebhooks: PlatformWebhooks<ChatvoltSourceConfig> = { verify, parse };
