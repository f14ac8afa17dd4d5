import { createHmac, randomUUID } from 'node:crypto';

/**
 * Posts a signed Chatwoot `conversation_updated` webhook for one Voxys conversation to the gateway
 * (`POST /webhooks/{tenant}/voxys`, HMAC-SHA256 over `{timestamp}.{body}`, a fresh delivery id);
 * resolves with the HTTP status once the answer is read.
 */
export async function postConversationUpdated(gatewayUrl: string, tenant: string, secret: string, conversationId: number | string): Promise<number> {
  const rawBody = JSON.stringify({ event: 'conversation_updated', id: Number(conversationId), status: 'open', messages: [], meta: {} });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const response = await fetch(`${gatewayUrl}/webhooks/${tenant}/voxys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chatwoot-signature': signature, 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-delivery': randomUUID() },
    body: rawBody,
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sets a simulator's knobs through its admin API (`POST /__admin/knobs`); resolves with the HTTP status. */
export async function setSimulatorKnobs(simulatorUrl: string, knobs: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${simulatorUrl}/__admin/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
  await response.arrayBuffer();
  return response.status;
}
