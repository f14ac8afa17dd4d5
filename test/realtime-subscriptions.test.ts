import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWebhooks } from '../src/demo.js';
import { decodeId } from '../src/graph/ids.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import { startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * Real-time on one instance (in-process bus): webhooks, polling and our own mutations become
 * events on real graphql-ws sockets, once each, replayable with `since`.
 */
const SECRETS = { voxys: 'rt-voxys-secret', chatvolt: 'rt-chatvolt-token' };
let stack: Stack;
const clients: WsTestClient[] = [];

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 't1', seed: 'rt-seed', size: 12 },
      { id: 't2', seed: 'rt-seed-2', size: 6 },
    ],
    sourceOverrides: { voxys: { webhookSecret: SECRETS.voxys }, chatvolt: { webhookSecret: SECRETS.chatvolt }, iron: { pollIntervalMs: 60_000 } },
  });
  connectWebhooks(stack.sims.t1!, stack.url, 't1', SECRETS);
  connectWebhooks(stack.sims.t2!, stack.url, 't2', SECRETS);
  await ironPoller('t1').tick(); // the first poll only sets the watermark
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
});

function ironPoller(tenant: string) {
  return stack.gateway.pollers.find((p) => p.tenant.id === tenant && p.sourceKey === 'iron')!;
}

async function client(tenant = 't1', sub = 'alice'): Promise<WsTestClient> {
  const c = new WsTestClient(stack.url, await stack.token(tenant, sub));
  clients.push(c);
  return c;
}

const MESSAGES = `subscription($sources: [Source!], $since: String, $conversationId: ID) {
  messageAdded(sources: $sources, since: $since, conversationId: $conversationId) { cursor message { id content direction } conversation { id } } }`;
type MessageEvent = { messageAdded: { cursor: string; message: { id: string; content: string; direction: string }; conversation: { id: string } } };

describe('subscriptions', () => {
  it.each(['voxys', 'chatvolt', 'voiceglow', 'iron'] as const)('an inbound message injected at %s reaches a subscriber once', async (source) => {
    const ws = await client();
    const sub = ws.subscribe<MessageEvent>(MESSAGES, { sources: [source.toUpperCase()] });
    await settle(100);
    const injected = await stack.sims.t1![source].live.injectInboundMessage(undefined, `Hello from ${source} ${randomUUID()}`);
    if (source === 'iron') await ironPoller('t1').tick();
    const [event] = await sub.waitFor(1);
    expect(event!.errors).toBeUndefined();
    const message = event!.data!.messageAdded.message;
    expect(decodeId(message.id)!.upstreamId).toBe(injected.id);
    expect(message.direction).toBe('INBOUND');
    expect(decodeId(event!.data!.messageAdded.conversation.id)!.upstreamId).toBe(injected.conversationId);
    // Polling Iron again, or a repeated webhook, adds nothing.
    if (source === 'iron') await ironPoller('t1').tick();
    await settle();
    expect(sub.events).toHaveLength(1);
    sub.dispose();
  });

  it('an event drops the cached reads it made stale: the next query shows the new message within the TTL', async () => {
    const ws = await client();
    const sub = ws.subscribe<MessageEvent>(MESSAGES, { sources: ['VOXYS'] });
    await settle(100);
    const query = `query($id: ID!) { conversation(id: $id) { lastMessage { id } unreadCount } }`;
    const list = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(`{ conversations(first: 1, filter: { sources: [VOXYS] }) { edges { node { id } } } }`);
    const id = list.data!.conversations.edges[0]!.node.id;
    const before = await stack.gql<{ conversation: { lastMessage: { id: string } } }>(query, { id });
    stack.resetCounts();
    await stack.gql(query, { id });
    expect(stack.upstreamCalls('t1').voxys).toBe(0); // warm: served from the cache
    const injected = await stack.sims.t1!.voxys.live.injectInboundMessage(decodeId(id)!.upstreamId, 'fresh after the event');
    await sub.waitFor(1);
    const after = await stack.gql<{ conversation: { lastMessage: { id: string } } }>(query, { id });
    expect(decodeId(after.data!.conversation.lastMessage.id)!.upstreamId).toBe(injected.id);
    expect(after.data!.conversation.lastMessage.id).not.toBe(before.data!.conversation.lastMessage.id);
    sub.dispose();
  });

  it('a message we send (mutation) that the platform also reports by webhook is one event', async () => {
    const ws = await client();
    const sub = ws.subscribe<MessageEvent>(MESSAGES, { sources: ['VOXYS'] });
    await settle(100);
    const list = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(`{ conversations(first: 1, filter: { sources: [VOXYS] }) { edges { node { id } } } }`);
    const conversationId = list.data!.conversations.edges[0]!.node.id;
    const sent = await stack.gql<{ sendMessage: { message: { id: string } } }>(
      `mutation($id: ID!) { sendMessage(input: { conversationId: $id, content: "On our way" }) { message { id } } }`,
      { id: conversationId },
    );
    const [event] = await sub.waitFor(1);
    expect(event!.data!.messageAdded.message.id).toBe(sent.data!.sendMessage.message.id);
    await settle(500);
    expect(sub.events).toHaveLength(1);
    sub.dispose();
  });

  it('a client away while 50 events happen gets exactly those 50 with `since`, in order, then live ones', async () => {
    const ws = await client();
    const first = ws.subscribe<MessageEvent>(MESSAGES, { sources: ['VOXYS'] });
    await settle(100);
    await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, 'before the gap');
    const [seen] = await first.waitFor(1);
    const since = seen!.data!.messageAdded.cursor;
    await ws.close(); // the laptop's Wi-Fi drops

    const missed: string[] = [];
    for (let i = 0; i < 50; i++) missed.push((await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, `missed ${i}`)).id);
    const watcher = (await client()).subscribe<MessageEvent>(MESSAGES, { sources: ['VOXYS'] });
    await settle(100);
    await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, 'sentinel');
    await watcher.waitFor(1, 15_000); // all 50 + sentinel went through the gateway

    const back = (await client()).subscribe<MessageEvent>(MESSAGES, { sources: ['VOXYS'], since });
    const replayed = await back.waitFor(51);
    expect(replayed.slice(0, 50).map((e) => decodeId(e.data!.messageAdded.message.id)!.upstreamId)).toEqual(missed);
    const live = await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, 'after the reconnect');
    await back.waitFor(52);
    expect(decodeId(back.events[51]!.data!.messageAdded.message.id)!.upstreamId).toBe(live.id);
    const cursors = back.events.map((e) => e.data!.messageAdded.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
  });

  it('subscriptions obey the query limits (depth) like queries over HTTP', async () => {
    const ws = await client();
    // 13 levels, over the default limit of 12.
    const deep = ws.subscribe(
      `subscription { messageAdded { message { conversation { lastMessage { conversation { lastMessage { conversation { lastMessage { conversation { lastMessage { conversation { lastMessage { id } } } } } } } } } } } } }`,
    );
    await expect.poll(() => deep.error !== null || deep.events.length > 0, { timeout: 10_000 }).toBe(true);
    expect(JSON.stringify(deep.error ?? deep.events[0]?.errors)).toContain('QUERY_TOO_COMPLEX');
  });

  it('star, unstar, star: three conversationUpdated events (a state that comes back is announced again)', async () => {
    const ws = await client();
    const list = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(`{ conversations(first: 1, filter: { sources: [IRON] }) { edges { node { id } } } }`);
    const id = list.data!.conversations.edges[0]!.node.id;
    const sub = ws.subscribe<{ conversationUpdated: { conversation: { starred: boolean } } }>(
      `subscription($id: ID) { conversationUpdated(conversationId: $id) { cursor conversation { starred } } }`,
      { id },
    );
    await settle(150);
    for (const field of ['starConversation', 'unstarConversation', 'starConversation']) {
      const r = await stack.gql(`mutation($id: ID!) { ${field}(input: { conversationId: $id }) { userErrors { code } } }`, { id });
      expect(r.errors).toBeUndefined();
    }
    await sub.waitFor(3);
    expect(sub.events.map((e) => e.data!.conversationUpdated.conversation.starred)).toEqual([true, false, true]);
    await settle();
    expect(sub.events).toHaveLength(3);
  });

  it('a `since` older than the log window, or not a cursor, is a clear error', async () => {
    const ws = await client();
    const bad = ws.subscribe(MESSAGES, { since: 'not-a-cursor' });
    await expect.poll(() => bad.error !== null || bad.events.length > 0).toBe(true);
    const errors = (bad.error as { message: string; extensions?: { code: string } }[] | null) ?? bad.events[0]?.errors;
    expect(JSON.stringify(errors)).toContain('BAD_USER_INPUT');
  });

  it('a subscriber of tenant A receives nothing of tenant B, over 1,000 mixed events', async () => {
    const a = (await client('t1')).subscribe<{ conversationUpdated: { cursor: string; conversation: { id: string } } }>(
      `subscription { conversationUpdated(sources: [IRON]) { cursor conversation { id } } }`,
    );
    await settle(100);
    // Iron's conversation ids are uuids drawn from each tenant's seed: the two tenants share none.
    const rows = async (tenant: string) =>
      (await stack.gateway.systemSources(tenant).connector('iron').listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 5 })).items;
    const [aRows, bRows] = [await rows('t1'), await rows('t2')];
    const expected: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const tenant = i % 2 === 0 ? 't1' : 't2';
      const conversation = (tenant === 't1' ? aRows : bRows)[i % 5]!;
      const published = await stack.gateway.bus.publish({
        tenant,
        type: i % 4 === 1 ? 'suggestionAdded' : 'conversationUpdated',
        sourceKey: 'iron',
        sourceType: 'iron',
        conversationUpstreamId: conversation.upstreamId,
        dedupeKey: `mixed-${i}-${randomUUID()}`,
        conversation,
      });
      expect(published).not.toBeNull();
      if (tenant === 't1' && i % 4 !== 1) expected.push(conversation.upstreamId);
    }
    const received = await a.waitFor(expected.length, 20_000);
    await settle();
    expect(a.events).toHaveLength(expected.length);
    expect(received.map((e) => decodeId(e.data!.conversationUpdated.conversation.id)!.upstreamId)).toEqual(expected);
    const bIds = new Set(bRows.map((r) => r.upstreamId));
    expect(received.some((e) => bIds.has(decodeId(e.data!.conversationUpdated.conversation.id)!.upstreamId))).toBe(false);
  });
});

describe('webhook authentication', () => {
  const body = JSON.stringify({ event: 'message_created', id: 999_001, content: 'forged?', message_type: 'incoming', conversation: { id: 1 } });
  const sign = (secret: string, timestamp: number, raw = body) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  const post = (path: string, headers: Record<string, string>, raw = body) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });

  it('forged, stale, replayed and misaddressed deliveries publish nothing and get the right status', async () => {
    const published = () => stack.gateway.metrics.eventsPublished.get().then((m) => m.values.reduce((n, v) => n + v.value, 0));
    await settle(300);
    const before = await published();
    const now = Math.floor(Date.now() / 1000);
    const forged = await post('/webhooks/t1/voxys', {
      'x-chatwoot-signature': sign('wrong-secret', now),
      'x-chatwoot-timestamp': String(now),
      'x-chatwoot-delivery': randomUUID(),
    });
    expect(forged.status).toBe(401);
    const stale = await post('/webhooks/t1/voxys', {
      'x-chatwoot-signature': sign(SECRETS.voxys, now - 600),
      'x-chatwoot-timestamp': String(now - 600),
      'x-chatwoot-delivery': randomUUID(),
    });
    expect(stale.status).toBe(401);
    const unsigned = await post('/webhooks/t1/voxys', {});
    expect(unsigned.status).toBe(401);
    const tampered = await post(
      '/webhooks/t1/voxys',
      { 'x-chatwoot-signature': sign(SECRETS.voxys, now), 'x-chatwoot-timestamp': String(now), 'x-chatwoot-delivery': randomUUID() },
      body.replace('forged?', 'tampered'),
    );
    expect(tampered.status).toBe(401);
    // Unknown tenants and sources, and a source without webhooks, answer exactly like a forged
    // signature (they were 404 before: that told anyone which tenants and sources exist).
    for (const path of ['/webhooks/nope/voxys', '/webhooks/t1/nope', '/webhooks/t1/iron']) {
      const misaddressed = await post(path, {});
      expect(misaddressed.status).toBe(401);
      expect(await misaddressed.json()).toEqual({ outcome: 'unauthorized' });
    }
    expect(await forged.json()).toEqual({ outcome: 'unauthorized' });
    const chatvoltWrong = await post('/webhooks/t1/chatvolt?token=wrong', {}, JSON.stringify({ eventType: 'USER_MESSAGE_RECEIVED', conversationId: 'x', messageId: 'y' }));
    expect(chatvoltWrong.status).toBe(401);
    const voiceglowWrong = await post('/webhooks/t1/voiceglow', {}, JSON.stringify({ event: 'message_received', workspaceSecret: 'wrong', convoId: 'x' }));
    expect(voiceglowWrong.status).toBe(401);

    // A genuine delivery replayed: the second copy is acknowledged and ignored.
    const delivery = randomUUID();
    const valid = { 'x-chatwoot-signature': sign(SECRETS.voxys, now), 'x-chatwoot-timestamp': String(now), 'x-chatwoot-delivery': delivery };
    expect((await post('/webhooks/t1/voxys', valid)).status).toBe(202);
    const replay = await post('/webhooks/t1/voxys', valid);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ outcome: 'replayed' });
    await settle(300);
    // The genuine delivery names a message the platform does not have: nothing to publish either.
    expect(await published()).toBe(before);
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_webhooks_received_total\{source="voxys",outcome="forged"\} [2-9]/);
    expect(metrics).toMatch(/gateway_webhooks_received_total\{source="voxys",outcome="stale"\} 1/);
    expect(metrics).toMatch(/gateway_webhooks_received_total\{source="voxys",outcome="replayed"\} 1/);
  });
});
