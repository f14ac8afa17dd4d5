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
