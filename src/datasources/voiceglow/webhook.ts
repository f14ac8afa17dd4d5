import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SourceRef } from '../../model/index.js';
import type { PlatformWebhooks, WebhookChange, WebhookRequest, WebhookVerdict } from '../../webhooks/types.js';
import type { VoiceglowSourceConfig } from './config.js';

/**
 * VoiceGlow / Convocore "Events Webhook" (UPSTREAMS.md § voiceglow, research others.md (b)).
 * Unsigned JSON POSTs; each payload carries the workspace secret, which we compare (in constant
 * time) with the source's `workspaceSecret`. See MAPPING.md, Webhooks.
 */

/** The fields we read; every other key is ignored. The event name's key is ASSUMED (`event`, else `type`/`eventType`). */
const eventSchema = z.object({
  event: z.string().nullish(),
  type: z.string().nullish(),
  eventType: z.string().nullish(),
  agentId: z.string().nullish(),
  convoId: z.string().min(1).nullish(),
  /** ASSUMED: the transcript message's `mid` (the documented payload names no message). */
  messageId: z.string().min(1).nullish(),
  /** Unix milliseconds. */
  createdAt: z.number().nullish(),
});

type VgEvent = z.infer<typeof eventSchema>;

const nameOf = (event: VgEvent): string | null => event.event ?? event.type ?? event.eventType ?? null;

/** Events about one conversation that change what the inbox shows of it (not the message list). */
const CONVERSATION_EVENTS: ReadonlySet<string> = new Set(['chat_delegated', 'lead_captured']);

/** Equal strings, compared in constant time (digests first, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * The upstream id of a delivered message: the `messageId` the payload carries (ASSUMED; the
 * simulator sends the transcript `mid`, the id our reads give the message). Without one we fall
 * back to `{convoId}@{createdAt}`, which names the delivery but matches no read.
 */
function messageIdOf(event: VgEvent & { convoId: string }): string {
  return event.messageId ?? `${event.convoId}@${event.createdAt ?? 'unknown'}`;
}

/**
 * A stable id per delivery, for replay de-duplication: the event, the convo and the message
 * (message_received) or the event time (others). Null when the payload names no convo.
 */
function deliveryIdOf(event: VgEvent): string | null {
  const name = nameOf(event);
  if (name === null || !event.convoId) return null;
  if (name === 'message_received') return `${name}:${event.convoId}:${messageIdOf({ ...event, convoId: event.convoId })}`;
  return event.createdAt == null ? null : `${name}:${event.convoId}:${event.createdAt}`;
}

export const voiceglowWebhooks: PlatformWebhooks<VoiceglowSourceConfig> = {
  verify(request: WebhookRequest, config: VoiceglowSourceConfig): WebhookVerdict {
    const body = parseJson(request.rawBody);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, status: 400, reason: 'malformed' };
    const secret = (body as Record<string, unknown>).workspaceSecret;
    if (typeof secret !== 'string' || secret === '') return { ok: false, status: 401, reason: 'missing-signature' };
    if (!config.workspaceSecret || !sameSecret(secret, config.workspaceSecret)) return { ok: false, status: 401, reason: 'forged' };
    const event = eventSchema.safeParse(body);
    return { ok: true, deliveryId: event.success ? deliveryIdOf(event.data) : null };
  },

  parse(body: unknown, _ref: SourceRef, config: VoiceglowSourceConfig): WebhookChange[] {
    const parsed = eventSchema.safeParse(body);
    if (!parsed.success) return [];
    const event = parsed.data;
    const { convoId } = event;
    // A workspace secret covers every agent of the workspace: this source is one agent.
    if (!convoId || (event.agentId != null && event.agentId !== config.agentId)) return [];
    const name = nameOf(event);
    if (name === 'message_received') {
      // The payload lacks the message's place in the transcript (its cursor) and its sender's
      // details, so the gateway reads the message.
      return [{ kind: 'message', conversationUpstreamId: convoId, messageUpstreamId: messageIdOf({ ...event, convoId }), message: null }];
    }
    if (name !== null && CONVERSATION_EVENTS.has(name)) return [{ kind: 'conversation', conversationUpstreamId: convoId }];
    return [];
  },
};
