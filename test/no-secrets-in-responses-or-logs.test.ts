import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWebhooks } from '../src/demo.js';
import { mintToken } from '../src/pipeline/auth.js';
import { Capture, captureDir } from './support/capture.js';
import { describeHits, scanCaptures } from './support/leak-scan.js';
import { operation, startStack, TEST_JWT_SECRET, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * A representative mix of traffic (both screens, every kind of failure a platform can have, wrong
 * credentials, a platform that refuses connections, bad tokens, hostile documents, webhooks genuine
 * and forged, subscriptions, mutations with message bodies) through gateways whose log lines and
 * answers are captured; then none of them holds a token, a secret, a platform URL or a message
 * body (test/support/leak-scan.ts). The scan is proven to find each kind of leak first.
 * test/no-secrets-anywhere-in-the-suite.test.ts runs the same scan over the whole suite.
 */
const SECRETS = { voxys: 'mix-voxys-webhook-secret-0001', chatvolt: 'mix-chatvolt-webhook-token-0001' };
const BODY = () => `Please keep this between us, my card ends 4242 (${randomUUID()})`;

let stack: Stack;
let closed = false;
let deadPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  expect(captureDir(), 'vitest globalSetup (test/support/capture-setup.ts) sets GATEWAY_TEST_LOG_DIR').not.toBeNull();
  deadPort = await freePort();
  stack = await startStack({
    tenants: [
      { id: 'ok', seed: 'mix-ok', size: 8 },
      // A tenant whose credentials the platforms refuse, and whose Iron refuses connections.
      { id: 'broken', seed: 'mix-broken', size: 8, sourceOverrides: { voxys: { apiAccessToken: 'wrong-voxys-token-0001' }, iron: { baseUrl: `http://127.0.0.1:${deadPort}` } } },
    ],
    cacheTtlMs: 0,
    sourceOverrides: {
      voxys: { webhookSecret: SECRETS.voxys, retries: 0 },
      chatvolt: { webhookSecret: SECRETS.chatvolt, retries: 0 },
      voiceglow: { retries: 0 },
      iron: { retries: 0 },
    },
  });
  connectWebhooks(stack.sims.ok!, stack.url, 'ok', SECRETS);
});
afterAll(async () => {
  if (!closed) await stack?.close();
});

const INBOX = operation('InboxScreen');
const SCREEN = operation('ConversationScreen');
type Inbox = { conversations: { edges: { node: { id: string; source: string } }[] } };

async function inboxIds(tenant: string): Promise<string[]> {
  const result = await stack.gql<Inbox>(INBOX, { first: 40 }, { tenant });
  return (result.data?.conversations.edges ?? []).map((e) => e.node.id);
}

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await response.arrayBuffer();
  return response.status;
}

describe('no tokens, secrets, platform URLs or message bodies in answers or logs', () => {
  it('the scan finds each kind of leak it looks for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-planted-'));
    try {
      const planted = new Capture(dir, 'planted');
      planted.update({ secrets: ['planted-secret-0001'], upstreamUrls: ['http://127.0.0.1:4999'], messageBodies: ['a planted message body'] });
      planted.logger.info({ err: 'connect ECONNREFUSED 127.0.0.1:4999', header: 'Bearer abcdefghijklmnop' }, 'planted-secret-0001 a planted message body');
      planted.record({ transport: 'http', where: 'POST /graphql', status: 200, body: JSON.stringify({ errors: [{ message: 'upstream said: a planted message body' }] }) });
      planted.record({ transport: 'http', where: 'POST /graphql', status: 200, body: JSON.stringify({ data: { content: 'a planted message body' } }) });
      planted.record({
        transport: 'ws',
        where: 'ws /graphql',
        body: `{"type":"next","payload":{"data":{"t":"${'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl'}"}}}`,
      });
      const report = scanCaptures(dir);
      const kinds = report.hits.map((h) => `${h.where.split(' ')[0]}:${h.kind}`).sort();
      // The message body in `data` is the API's job; in an error or a log line it is a leak.
      expect(kinds).toEqual(['http:message-body', 'log:message-body', 'log:secret', 'log:token', 'log:upstream-url', 'ws:token']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after a representative mix of traffic, every answer and log line is clean', async () => {
    const sims = stack.sims.ok!;
    // Both screens on every platform.
    const ids = await inboxIds('ok');
    for (const id of ids.slice(0, 8)) await stack.gql(SCREEN, { id, last: 10 }, { tenant: 'ok' });
    // Webhooks (before any platform fails: events read through the platforms): genuine deliveries
    // carrying message bodies, then forged and malformed ones.
    const ws = new WsTestClient(stack.url, await stack.token('ok'));
    const live = ws.subscribe(`subscription { messageAdded { cursor message { id content } conversation { id } } }`);
    const refused = ws.subscribe(`subscription { messageAdded(since: "not-a-cursor") { cursor } }`);
    await settle(200);
    for (const source of ['voxys', 'chatvolt', 'voiceglow'] as const) await sims[source].live.injectInboundMessage(undefined, BODY());
    await live.waitFor(3, 20_000);
    expect((await refused.waitFor(1))[0]!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await post('/webhooks/ok/voxys', '{"event":"message_created"}', { 'x-chatwoot-signature': 'sha256=00', 'x-chatwoot-timestamp': '1' })).toBe(401);
    expect(await post('/webhooks/ok/chatvolt?token=wrong-token-0001', '{}')).toBe(401);
    expect(await post('/webhooks/ok/voiceglow', JSON.stringify({ secret: 'wrong', content: BODY() }))).toBe(401);
    expect([401, 404]).toContain(await post('/webhooks/nobody/voxys', '{}'));
    await ws.close();

    // Mutations carrying message bodies, a conflicting idempotency key, an unsupported action.
    const key = randomUUID();
    const send = `mutation($id: ID!, $content: String!, $key: String) { sendMessage(input: { conversationId: $id, content: $content, idempotencyKey: $key }) { message { id content } userErrors { code message } } }`;
    for (const id of ids.slice(0, 6)) await stack.gql(send, { id, content: BODY(), key: `${key}-${id}` }, { tenant: 'ok' });
    await stack.gql(send, { id: ids[0], content: BODY(), key }, { tenant: 'ok' });
    await stack.gql(send, { id: ids[0], content: BODY(), key }, { tenant: 'ok' }); // same key, other body: CONFLICT
    await stack.gql(`mutation($id: ID!) { starConversation(input: { conversationId: $id }) { userErrors { code message } } }`, { id: ids[0] }, { tenant: 'ok' });

    // Bad tokens: none, garbage, signed with another secret, expired, for an unknown tenant.
    const forged = await mintToken({ secret: 'another-secret-that-is-long-enough-0000', sub: 'alice', tenant: 'ok' });
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ tenant: 'ok' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const stranger = await mintToken({ secret: TEST_JWT_SECRET, sub: 'alice', tenant: 'nobody' });
    for (const token of [null, 'not-a-token', forged, expired, stranger]) {
      expect((await stack.gql(INBOX, {}, { token })).status).toBe(401);
    }
    // Hostile and malformed documents and bodies.
    for (const query of [`{ conversations(first: 1) { edges { `, `{ conversations(first: 100000) { edges { cursor } } }`, `{ node(id: "x") { id } }`, `{ nope }`]) {
      await stack.gql(query, {}, { tenant: 'ok' });
    }
    const bearer = { authorization: `Bearer ${await stack.token('ok')}` };
    expect(await post('/graphql', JSON.stringify({ query: `{ viewer { id } }`, pad: 'x'.repeat(1_100_000) }), bearer)).toBe(413);
    expect(await post('/graphql', '{"query": "{ __typename ', bearer)).toBe(400);

    // Then every platform failing in its own way (circuits open: nothing after this needs them).
    const faults = [
      { outage: true },
      { errorRate: 1 },
      { garbage: 'html' },
      { garbage: 'truncated-json' },
      { garbage: 'wrong-shape' },
      { rateLimitBurst: 50, rateLimitRetryAfter: 120 },
    ];
    for (const knobs of faults) {
      for (const source of ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const) sims[source].server.setKnobs(knobs);
      const failed = await stack.gql(INBOX, { first: 10 }, { tenant: 'ok' });
      expect(failed.errors?.length, JSON.stringify(knobs)).toBeGreaterThan(0);
      for (const id of ids.slice(0, 4)) await stack.gql(SCREEN, { id }, { tenant: 'ok' });
      for (const source of ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const) sims[source].server.knobs = { ...sims[source].server.baseKnobs };
    }
    // Refused credentials and a platform that refuses connections.
    const broken = await stack.gql(INBOX, { first: 10 }, { tenant: 'broken' });
    expect(broken.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['UPSTREAM_REJECTED']));
    expect(
      broken.errors?.some((e) => e.extensions?.sourceKey === 'iron'),
      JSON.stringify(broken.errors),
    ).toBe(true);
    for (const id of (await inboxIds('broken')).slice(0, 4)) await stack.gql(SCREEN, { id }, { tenant: 'broken' });

    // The other routes.
    for (const path of ['/metrics', '/healthz', '/readyz', '/nowhere', '/graphql']) await (await fetch(`${stack.url}${path}`, { headers: { accept: 'text/html' } })).text();

    closed = true;
    await stack.close(); // writes what the platforms now hold (the bodies sent) into the manifest
    const report = scanCaptures(captureDir()!, (id) => id.startsWith(`${process.pid}-`));
    expect(report.captures).toBeGreaterThanOrEqual(1);
    expect(report.logLines, 'the gateway logged its operations and upstream errors').toBeGreaterThan(50);
    expect(report.responses).toBeGreaterThan(80);
    expect(report.hits, describeHits(report.hits)).toEqual([]);
  });
});
