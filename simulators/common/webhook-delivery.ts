/** How long a simulator waits for the gateway to answer a webhook. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * One webhook POST, as the platforms send them: JSON, no retry. Resolves with the receiver's
 * HTTP status, or null when it could not be reached in time.
 */
export async function deliverWebhook(url: string, body: string, headers: Record<string, string> = {}, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<number | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  } catch {
    return null;
  }
}

/**
 * Runs deliveries one after another per key (a conversation: its webhooks arrive in the order of
 * its writes) and concurrently across keys, as a platform's job queue does; one conversation's
 * slow answer never holds up another's. `settled` waits for everything queued so far.
 */
export class KeyedDeliveryQueue {
  private readonly tails = new Map<string, Promise<void>>();

  enqueue(key: string, deliver: () => Promise<void>): void {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(deliver).catch(() => undefined);
    this.tails.set(key, next);
    // The last delivery of a key forgets the key, so the map only holds keys with work queued.
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  async settled(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
