import { createHmac, randomUUID } from 'node:crypto';
import { deliverWebhook, KeyedDeliveryQueue } from '../common/webhook-delivery.js';
import type { WebhookTarget } from '../common/simulator.js';

/**
 * Delivers webhooks as Chatwoot does (research chatwoot.md §2.3–2.4): a JSON POST, signed when the
 * webhook has a secret with `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, "{ts}.{body}")>`,
 * `X-Chatwoot-Timestamp` (unix s) and `X-Chatwoot-Delivery` (uuid); a 5 s timeout; no retry.
 * Deliveries run off the write's path in the order of the writes: by default one after another
 * (every webhook in the order of the account's writes, which tests rely on), or with
 * `order: 'conversation'` one after another per conversation and concurrently across
 * conversations, as Chatwoot's Sidekiq workers send them (a load test's rate is then not capped by
 * one round trip at a time).
 */

/** Which deliveries wait for each other: all of them, or only those of one conversation. */
export type VoxysWebhookOrder = 'writes' | 'conversation';

export interface VoxysWebhookTarget extends WebhookTarget {
  order?: VoxysWebhookOrder;
}

/** Chatwoot's hard-coded webhook timeout. */
const CHATWOOT_TIMEOUT_MS = 5_000;

export interface VoxysDelivery {
  event: string;
  /** The receiver's HTTP status, or null when the request failed (refused, timed out). */
  status: number | null;
}

/** The headers of one signed delivery (exported for tests and tools that sign like Voxys). */
export function signedHeaders(secret: string, rawBody: string, timestamp: number, deliveryId: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-chatwoot-delivery': deliveryId };
  if (secret !== '') {
    headers['x-chatwoot-timestamp'] = String(timestamp);
    headers['x-chatwoot-signature'] = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  }
  return headers;
}

export class WebhookSender {
  readonly deliveries: VoxysDelivery[] = [];
  private target: VoxysWebhookTarget | null = null;
  private readonly queue = new KeyedDeliveryQueue();

  setTarget(target: VoxysWebhookTarget | null): void {
    this.target = target ? { ...target } : null;
  }

  get url(): string | null {
    return this.target?.url ?? null;
  }

  /**
   * Serializes now (the state as of the write), sends later, after the earlier deliveries (all of
   * them, or those of the same `conversationKey` with `order: 'conversation'`); never throws, never blocks.
   */
  send(event: string, body: unknown, conversationKey: string): void {
    const target = this.target;
    if (!target) return;
    const rawBody = JSON.stringify(body);
    const deliveryId = randomUUID();
    this.queue.enqueue(target.order === 'conversation' ? conversationKey : '', () => this.post(target, event, rawBody, deliveryId));
  }

  /** Resolves once every delivery queued so far has been answered (or failed). */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  private async post(target: WebhookTarget, event: string, rawBody: string, deliveryId: string): Promise<void> {
    const headers = signedHeaders(target.secret, rawBody, Math.floor(Date.now() / 1000), deliveryId);
    this.deliveries.push({ event, status: await deliverWebhook(target.url, rawBody, headers, CHATWOOT_TIMEOUT_MS) });
  }
}
