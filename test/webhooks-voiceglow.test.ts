import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionArguments, ActionResult } from '../src/datasources/actions.js';
import { VoiceglowConnector } from '../src/datasources/voiceglow/connector.js';
import { voiceglowPlatform } from '../src/datasources/voiceglow/index.js';
import { voiceglowWebhooks } from '../src/datasources/voiceglow/webhook.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { EMPTY_FILTER as EMPTY } from '../src/inbox/filter.js';
import type { ConversationModel } from '../src/model/index.js';
import type { WebhookRequest } from '../src/webhooks/types.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import type { VgConvoRecord } from '../simulators/voiceglow/types.js';
import { serveSource } from './support/platform-harness.js';
import { asWebhookRequest as asRequest, serveWebhookReceiver } from './support/webhook-receiver.js';

/**
 * VoiceGlow's webhooks end to end: the simulator's Events Webhook deliveries (exact body and
 * headers) to a local receiver for an injected message and for writes, the connector's
 * `verify`/`parse` of those very deliveries, and the live admin API. See MAPPING.md, Webhooks.
 */

const NOW = new Date('2025-06-01T12:00:00.000Z');
const sim = createVoiceglowSimulator({ seed: 'webhooks', now: NOW });
const { workspaceSecret, agentId } = sim.sourceConfig as { workspaceSecret: string; agentId: string };
const source = serveSource('voiceglow', sim, { now: NOW, key: 'vg' });
/** The receiver answers 204 unless a test says otherwise; `received` is what it saw of each delivery. */
const receiver = serveWebhookReceiver(204);
const received = receiver.requests;

/** A connector of one request, with the cross-request cache off: the platform's own class. */
function connector(): VoiceglowConnector {
  const c = source.connector(null, { config: { cacheTtlMs: 0 } });
  if (!(c instanceof VoiceglowConnector)) throw new Error('the voiceglow source did not build a VoiceglowConnector');
  return c;
}

/** Runs one of VoiceGlow's actions on `c`, as the gateway's action runner does (src/actions/run.ts). */
function run<A extends InboxAction>(action: A, c: VoiceglowConnector, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> {
  const spec = voiceglowPlatform.actions[action];
  if (!spec) throw new Error(`VoiceGlow has no ${action}`);
  return spec.run(c, conversation, ...args);
}

function request(body: unknown): WebhookRequest {
  return { headers: { 'content-type': 'application/json' }, query: new URLSearchParams(), rawBody: JSON.stringify(body), receivedAt: Date.now() };
}

const records = (): VgConvoRecord[] => [...sim.db.convos.values()];
const listed = (predicate: (record: VgConvoRecord) => boolean): VgConvoRecord => {
  const found = sim.db.listed().find(predicate);
  if (!found) throw new Error('no such conversation in the seeded data');
  return found;
};

const admin = (path: string, body?: unknown) => source.admin.post(path, body);

beforeEach(async () => {
  await sim.live.settled();
  receiver.reset();
  sim.live.deliveries.length = 0;
  sim.live.setWebhookTarget({ url: `${receiver.url}/webhooks/t1/vg`, secret: 'not-used-by-voiceglow' });
});

describe('platform wiring', () => {
  it('the VoiceGlow platform exposes its webhooks', () => {
    expect(voiceglowPlatform.webhooks).toBe(voiceglowWebhooks);
  });
});

describe('an injected inbound message', () => {
  it('is stored like real data, delivered as message_received, verified, and parsed to the message the connector reads', async () => {
    const record = listed((r) => r.doc.state === 'ai-chatting' && r.doc.lastViewed !== undefined);
    const convoId = record.doc.ID;
    const turnsBefore = record.turns.length;

    const change = await sim.live.injectInboundMessage(convoId, 'Is there a student discount?');
    expect(change.conversationId).toBe(convoId);
    const turn = record.turns[turnsBefore]!;
    expect(turn).toMatchObject({ from: 'human', messages: [{ type: 'text', mid: change.id, item: { payload: { message: 'Is there a student discount?' } } }] });
    await sim.live.settled();

    // The delivery, exactly.
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(delivery.method).toBe('POST');
    expect(delivery.url).toBe('/webhooks/t1/vg');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-chatwoot-signature']).toBeUndefined();
    expect(JSON.parse(delivery.rawBody)).toEqual({
      event: 'message_received',
      agentId,
      convoId,
      channel: record.doc.origin === 'web-chat' ? 'webchat' : record.doc.origin,
      createdAt: turn.ts,
      workspaceSecret,
      messageContent: 'Is there a student discount?',
      messageType: 'text',
      from: record.doc.userID,
      messageId: change.id,
    });
    expect(sim.live.deliveries).toEqual([{ event: 'message_received', status: 204 }]);

    // The gateway side: authentic, with a stable delivery id, and the message our reads give.
    const verdict = voiceglowWebhooks.verify(asRequest(delivery), source.config);
    expect(verdict).toEqual({ ok: true, deliveryId: `message_received:${convoId}:${change.id}` });
    const changes = voiceglowWebhooks.parse(JSON.parse(delivery.rawBody), source.ref, source.config);
    expect(changes).toEqual([{ kind: 'message', conversationUpstreamId: convoId, messageUpstreamId: change.id, message: null }]);

    const c = connector();
    const conversation = (await c.conversation(convoId))!;
    const last = await c.lastMessage(conversation);
    expect(last).toMatchObject({
      upstreamId: change.id,
      conversationUpstreamId: convoId,
      content: 'Is there a student discount?',
      direction: 'INBOUND',
      kind: 'TEXT',
      private: false,
      sender: { kind: 'Contact', upstreamId: record.doc.userID },
    });
    expect(last!.createdAt.getTime()).toBe(turn.ts);
    const page = await c.messages(conversation, { last: 1 });
    expect(page.items.map((m) => m.upstreamId)).toEqual([change.id]);
    expect(page.hasNewer).toBe(false);

    // Thread end, preview, activity time, unread marker, list position.
    expect(conversation.lastMessagePreview).toBe('Is there a student discount?');
    expect(conversation.lastActivityAt.getTime()).toBe(Math.floor(turn.ts / 1000) * 1000);
    expect(conversation.unreadCount).toBe(1);
    const first = await c.listConversations({ filter: EMPTY, position: null, limitHint: 20 });
    expect(first.items[0]!.upstreamId).toBe(convoId);
  });

  it('never waits for the receiver: the injection returns before the delivery is answered', async () => {
    let release = (): void => undefined;
    receiver.hold = new Promise<void>((resolve) => (release = resolve));
    const change = await sim.live.injectInboundMessage();
    expect(sim.live.deliveries).toEqual([]);
    release();
    await sim.live.settled();
    expect(sim.live.deliveries).toEqual([{ event: 'message_received', status: 204 }]);
    expect((JSON.parse(received[0]!.rawBody) as { messageId: string }).messageId).toBe(change.id);
  });

  it('records the receiver status, and null for a network error, without retrying', async () => {
    receiver.status = 500;
    await sim.live.injectInboundMessage();
    await sim.live.settled();
    expect(received).toHaveLength(1);

    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/hook`;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    sim.live.setWebhookTarget({ url: deadUrl, secret: '' });
    await sim.live.injectInboundMessage();
    await sim.live.settled();
    expect(sim.live.deliveries).toEqual([
      { event: 'message_received', status: 500 },
      { event: 'message_received', status: null },
    ]);
    expect(received).toHaveLength(1);
  });

  it('sends nothing without a target', async () => {
    sim.live.setWebhookTarget(null);
    await sim.live.injectInboundMessage();
    await sim.live.settled();
    expect(received).toEqual([]);
    expect(sim.live.deliveries).toEqual([]);
  });

  it('picks the conversation and the text from the seed, among chats that have not ended', async () => {
    const a = createVoiceglowSimulator({ seed: 'picks', now: NOW });
    const b = createVoiceglowSimulator({ seed: 'picks', now: NOW });
    for (let i = 0; i < 5; i++) {
      const [x, y] = [await a.live.injectInboundMessage(), await b.live.injectInboundMessage()];
      expect(x).toEqual(y);
      expect(a.db.get(x.conversationId)!.doc.state).not.toBe('ended_chat');
      expect(a.db.get(x.conversationId)!.doc.lastMessage).toBe(b.db.get(y.conversationId)!.doc.lastMessage);
    }
    await expect(a.live.injectInboundMessage('no-such-convo')).rejects.toThrow(/no conversation/);
  });
});

describe('writes the platform reports by webhook', () => {
  it('an assignment goes out as chat_delegated and parses to a conversation change', async () => {
    const record = listed((r) => r.doc.assignedTo === undefined && r.doc.chatAssignedTo === undefined);
    const bob = sim.identities.bob;
    const c = connector();
    const conversation = (await c.conversation(record.doc.ID))!;
    await run('ASSIGN', c, conversation, bob);
    await sim.live.settled();

    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.rawBody) as Record<string, unknown>;
    const user = sim.db.userById(bob)!;
    expect(body).toEqual({
      event: 'chat_delegated',
      agentId,
      convoId: record.doc.ID,
      channel: record.doc.origin === 'web-chat' ? 'webchat' : record.doc.origin,
      createdAt: body.createdAt,
      workspaceSecret,
      state: record.doc.state,
      assignedTo: { userId: bob, name: user.name, email: user.email },
    });
    expect(typeof body.createdAt).toBe('number');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(sim.live.deliveries).toEqual([{ event: 'chat_delegated', status: 204 }]);

    expect(voiceglowWebhooks.verify(asRequest(received[0]!), source.config)).toEqual({ ok: true, deliveryId: `chat_delegated:${record.doc.ID}:${String(body.createdAt)}` });
    expect(voiceglowWebhooks.parse(body, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: record.doc.ID }]);
    expect((await connector().conversation(record.doc.ID))!.assignee?.upstreamId).toBe(bob);

    // Unassigning (a PATCH) is a delegation too.
    await run('ASSIGN', connector(), conversation, null);
    await sim.live.settled();
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1]!.rawBody)).toMatchObject({ event: 'chat_delegated', convoId: record.doc.ID, assignedTo: null });
  });

  it('a human takeover and a hand-back go out as chat_delegated; ending a chat and tags send nothing', async () => {
    const record = listed((r) => r.doc.state === 'ai-chatting');
    const c = connector();
    const conversation = (await c.conversation(record.doc.ID))!;

    await run('SET_AI_ENABLED', c, conversation, false);
    await sim.live.settled();
    expect(received.map((d) => JSON.parse(d.rawBody) as Record<string, unknown>)).toMatchObject([{ event: 'chat_delegated', convoId: record.doc.ID, state: 'human-chatting' }]);

    await run('SET_AI_ENABLED', connector(), conversation, true);
    await sim.live.settled();
    expect(JSON.parse(received[1]!.rawBody)).toMatchObject({ event: 'chat_delegated', state: 'ai-chatting' });

    await run('SET_LABELS', connector(), conversation, { add: ['webhook-test'], remove: [] });
    await run('SET_STATUS', connector(), conversation, 'RESOLVED');
    await sim.live.settled();
    expect(received).toHaveLength(2);
    expect(sim.live.deliveries.map((d) => d.event)).toEqual(['chat_delegated', 'chat_delegated']);
  });

  it('contact fields on an anonymous session go out as lead_captured', async () => {
    const record = listed((r) => !r.doc.userName && !r.doc.userEmail && !r.doc.userPhone && !r.doc.userCompany && r.doc.value === undefined);
    const response = await fetch(`${source.url}/v3/agents/${agentId}/convos/${record.doc.ID}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${workspaceSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: { userName: 'Nia Brooks', userEmail: 'nia@example.com' } }),
    });
    expect(response.status).toBe(200);
    await sim.live.settled();
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.rawBody) as Record<string, unknown>;
    expect(body).toMatchObject({ event: 'lead_captured', agentId, convoId: record.doc.ID, workspaceSecret, lead: { name: 'Nia Brooks', email: 'nia@example.com' } });
    expect(voiceglowWebhooks.verify(asRequest(received[0]!), source.config).ok).toBe(true);
    expect(voiceglowWebhooks.parse(body, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: record.doc.ID }]);

    // A second edit of an existing lead is not a capture.
    await fetch(`${source.url}/v3/agents/${agentId}/convos/${record.doc.ID}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${workspaceSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: { userPhone: '+15550001111' } }),
    });
    await sim.live.settled();
    expect(received).toHaveLength(1);
  });
});

describe('verify', () => {
  const genuine = (): Record<string, unknown> => ({
    event: 'message_received',
    agentId,
    convoId: 'c1',
    channel: 'webchat',
    createdAt: 1_748_779_200_000,
    workspaceSecret,
    messageContent: 'hi',
    messageType: 'text',
    from: 'c1',
    messageId: 'm_1',
  });

  it('accepts the workspace secret, with a delivery id that is the same for a replay', () => {
    const first = voiceglowWebhooks.verify(request(genuine()), source.config);
    const replay = voiceglowWebhooks.verify(request(genuine()), source.config);
    expect(first).toEqual({ ok: true, deliveryId: 'message_received:c1:m_1' });
    expect(replay).toEqual(first);
  });

  it('rejects a wrong secret, a missing one, a secret configured differently, and a malformed body', () => {
    expect(voiceglowWebhooks.verify(request({ ...genuine(), workspaceSecret: `${workspaceSecret}x` }), source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    expect(voiceglowWebhooks.verify(request({ ...genuine(), workspaceSecret: 'short' }), source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    const { workspaceSecret: _omitted, ...unsigned } = genuine();
    expect(voiceglowWebhooks.verify(request(unsigned), source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
    expect(voiceglowWebhooks.verify(request({ ...genuine(), workspaceSecret: '' }), source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
    expect(voiceglowWebhooks.verify(request({ ...genuine(), workspaceSecret: 42 }), source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
    expect(voiceglowWebhooks.verify(request(genuine()), { ...source.config, workspaceSecret: 'another-workspace' })).toEqual({ ok: false, status: 401, reason: 'forged' });
    const broken: WebhookRequest = { ...request(genuine()), rawBody: '{"event":' };
    expect(voiceglowWebhooks.verify(broken, source.config)).toEqual({ ok: false, status: 400, reason: 'malformed' });
    expect(voiceglowWebhooks.verify(request([genuine()]), source.config)).toEqual({ ok: false, status: 400, reason: 'malformed' });
  });

  it('a delivery of the simulator with another workspace secret is forged for this source', async () => {
    const other = createVoiceglowSimulator({ seed: 'webhooks', now: NOW, workspaceSecret: 'someone-else', agentId });
    other.live.setWebhookTarget({ url: `${receiver.url}/webhooks/t1/vg`, secret: '' });
    await other.live.injectInboundMessage();
    await other.live.settled();
    expect(voiceglowWebhooks.verify(asRequest(received[0]!), source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
  });
});

describe('parse', () => {
  it('maps only this agent’s conversation events; others normalize to []', () => {
    const event = { agentId, convoId: 'c1', createdAt: 1, workspaceSecret };
    expect(voiceglowWebhooks.parse({ ...event, event: 'message_received', messageContent: 'hi', messageId: 'm_9' }, source.ref, source.config)).toEqual([
      { kind: 'message', conversationUpstreamId: 'c1', messageUpstreamId: 'm_9', message: null },
    ]);
    // Without the (ASSUMED) messageId, the delivery still names a message change.
    expect(voiceglowWebhooks.parse({ ...event, event: 'message_received', messageContent: 'hi' }, source.ref, source.config)).toEqual([
      { kind: 'message', conversationUpstreamId: 'c1', messageUpstreamId: 'c1@1', message: null },
    ]);
    expect(voiceglowWebhooks.parse({ ...event, type: 'chat_delegated' }, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: 'c1' }]);
    expect(voiceglowWebhooks.parse({ ...event, event: 'lead_captured' }, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: 'c1' }]);
    expect(voiceglowWebhooks.parse({ ...event, agentId: 'anotherAgent', event: 'message_received', messageId: 'm_9' }, source.ref, source.config)).toEqual([]);
    expect(voiceglowWebhooks.parse({ event: 'agent_updated', agentId, operation: 'updated', createdAt: 1, workspaceSecret }, source.ref, source.config)).toEqual([]);
    expect(voiceglowWebhooks.parse({ ...event, event: 'webhook_test' }, source.ref, source.config)).toEqual([]);
    expect(voiceglowWebhooks.parse({ ...event, event: 'bug_reported' }, source.ref, source.config)).toEqual([]);
    expect(voiceglowWebhooks.parse('nonsense', source.ref, source.config)).toEqual([]);
    expect(voiceglowWebhooks.parse({ event: 'message_received', agentId }, source.ref, source.config)).toEqual([]);
  });
});

describe('live admin API over HTTP', () => {
  it('points the webhook, injects a message visible in reads, and clears the webhook', async () => {
    expect(await admin('/webhook', { url: `${receiver.url}/admin-hook`, secret: 's' })).toEqual({ status: 200, body: { url: `${receiver.url}/admin-hook` } });

    const record = listed((r) => r.doc.state === 'requested_chat');
    const injected = await admin('/inject/message', { conversationId: record.doc.ID, content: 'Still waiting for someone…' });
    expect(injected.status).toBe(200);
    const change = injected.body as { conversationId: string; id: string };
    expect(change.conversationId).toBe(record.doc.ID);
    await sim.live.settled();
    expect(received.map((d) => d.url)).toEqual(['/admin-hook']);
    expect(JSON.parse(received[0]!.rawBody)).toMatchObject({
      event: 'message_received',
      convoId: record.doc.ID,
      messageId: change.id,
      messageContent: 'Still waiting for someone…',
    });

    const c = connector();
    const conversation: ConversationModel = (await c.conversation(record.doc.ID))!;
    expect(conversation.lastMessagePreview).toBe('Still waiting for someone…');
    const page = await c.messages(conversation, { last: 2 });
    expect(page.items[page.items.length - 1]).toMatchObject({ upstreamId: change.id, direction: 'INBOUND', content: 'Still waiting for someone…' });

    // Random pick, no body at all.
    const random = await admin('/inject/message');
    expect(random.status).toBe(200);
    const picked = random.body as { conversationId: string; id: string };
    expect(records().some((r) => r.doc.ID === picked.conversationId && r.turns.at(-1)?.messages[0]?.mid === picked.id)).toBe(true);

    expect(await admin('/webhook', { url: null })).toEqual({ status: 200, body: { url: null } });
    await sim.live.settled();
    const before = received.length;
    expect((await admin('/inject/message', {})).status).toBe(200);
    await sim.live.settled();
    expect(received).toHaveLength(before);
  });

  it('refuses an unknown conversation and malformed bodies', async () => {
    expect(await admin('/inject/message', { conversationId: 'no-such-convo' })).toEqual({ status: 404, body: { error: 'no conversation no-such-convo' } });
    expect((await admin('/inject/message', { content: 42 })).status).toBe(400);
    expect((await admin('/inject/message', { conversationId: 'x', extra: true })).status).toBe(400);
    expect((await admin('/webhook', { url: 'not a url', secret: 's' })).status).toBe(400);
    expect((await admin('/webhook', {})).status).toBe(400);
  });
});
