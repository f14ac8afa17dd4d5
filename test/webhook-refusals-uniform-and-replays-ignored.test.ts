import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { serveWebhookReceiver } from './support/webhook-receiver.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * `POST /webhooks/{tenant}/{source}` from outside: every refusal before authentication (unknown
 * tenant, unknown source, a source without webhooks or without a secret, missing, forged or stale
 * signature, a body a platform checks before its secret) is the same 401 with the same body, so the
 * answers tell nobody which tenants and sources exist. A signed Voxys request sent again is a
 * replay whether it has no delivery id, the same one or another: published once.
 */
const SECRET = 'uniform-voxys-secret';
let stack: Stack;
const clients: WsTestClient[] = [];
// Where the Voxys simulator's genuine deliveries are captured, to be sent on by the test.
const capture = serveWebhookReceiver(200);

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'uniform-401', size: 6 }], sourceOverrides: { voxys: { webhookSecret: SECRET } } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
});

const sign = (secret: string, timestamp: number | string, raw: string) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;

async function post(path: string, headers: Record<string, string>, body: string) {
  const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('webhook refusals', () => {
  it('answer every unauthenticated delivery with one identical 401, whatever was wrong', async () => {
    const body = JSON.stringify({ event: 'conversation_updated', id: 1 });
    const now = Math.floor(Date.now() / 1000);
    const signed = (secret: string, timestamp: number | string = now) => ({ 'x-chatwoot-signature': sign(secret, timestamp, body), 'x-chatwoot-timestamp': String(timestamp) });
    const answers = {
      'unknown tenant': await post('/webhooks/nobody/voxys', signed(SECRET), body),
      'unknown source': await post('/webhooks/t1/nothing', signed(SECRET), body),
      'a source without webhooks': await post('/webhooks/t1/iron', signed(SECRET), body),
      'a source without a webhook secret': await post(
        '/webhooks/t1/chatvolt?token=guess',
        {},
        JSON.stringify({ eventType: 'USER_MESSAGE_RECEIVED', conversationId: 'c', messageId: 'm' }),
      ),
      'no signature': await post('/webhooks/t1/voxys', {}, body),
      'a forged signature': await post('/webhooks/t1/voxys', signed('not-the-secret'), body),
      'a stale signature': await post('/webhooks/t1/voxys', signed(SECRET, now - 3600), body),
      'a malformed timestamp': await post('/webhooks/t1/voxys', signed(SECRET, 'yesterday'), body),
      'a body checked before its secret': await post('/webhooks/t1/voiceglow', {}, '{not json'),
      'a wrong workspace secret': await post('/webhooks/t1/voiceglow', {}, JSON.stringify({ event: 'message_received', workspaceSecret: 'guess', convoId: 'c' })),
    };
    for (const [what, answer] of Object.entries(answers)) {
      expect(answer, what).toEqual({ status: 401, type: answers['unknown tenant'].type, body: '{"outcome":"unauthorized"}' });
    }
    // The metric still says what it was, for the operator.
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_webhooks_received_total\{source="unknown",outcome="unknown_target"\} 2/);
    expect(metrics).toMatch(/gateway_webhooks_received_total\{source="voxys",outcome="stale"\} 1/);
  });
});

describe('replays of a signed delivery', () => {
  it('are acknowledged and published once, with no delivery id, the same one or another', async () => {
    const sims = stack.sims.t1!;
    const client = new WsTestClient(stack.url, await stack.token('t1'));
    clients.push(client);
    const sub = client.subscribe<{ messageAdded: { message: { id: string } } }>(`subscription { messageAdded(sources: [VOXYS]) { message { id } } }`);
    await settle(300);

    // A genuine delivery, captured on its way and sent on by hand without its delivery id.
    sims.voxys.live.setWebhookTarget({ url: `${capture.url}/webhooks/t1/voxys`, secret: SECRET });
    capture.reset();
    await sims.voxys.live.injectInboundMessage(undefined, `replayed ${randomUUID()}`);
    await expect.poll(() => capture.requests.length).toBeGreaterThan(0);
    const genuine = capture.requests.find((r) => r.rawBody.includes('message_created'))!;
    const headers = { 'x-chatwoot-signature': String(genuine.headers['x-chatwoot-signature']), 'x-chatwoot-timestamp': String(genuine.headers['x-chatwoot-timestamp']) };

    expect(await post('/webhooks/t1/voxys', headers, genuine.rawBody)).toMatchObject({ status: 202, body: '{"outcome":"accepted"}' });
    expect(await post('/webhooks/t1/voxys', headers, genuine.rawBody)).toMatchObject({ status: 200, body: '{"outcome":"replayed"}' });
    // The delivery header is not signed: a new one does not make the same request new.
    expect(await post('/webhooks/t1/voxys', { ...headers, 'x-chatwoot-delivery': randomUUID() }, genuine.rawBody)).toMatchObject({ status: 200, body: '{"outcome":"replayed"}' });

    await sub.waitFor(1);
    await settle(500);
    expect(sub.events).toHaveLength(1);
  });
});
