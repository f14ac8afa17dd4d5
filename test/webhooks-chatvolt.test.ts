import { afterEach, describe, expect, it } from 'vitest';
import type { ActionArguments, ActionResult } from '../src/datasources/actions.js';
import { ChatvoltConnector } from '../src/datasources/chatvolt/connector.js';
import { chatvoltPlatform } from '../src/datasources/chatvolt/index.js';
import { chatvoltWebhooks } from '../src/datasources/chatvolt/webhook.js';
import type { InboxAction } from '../src/generated/graphql.js';
import type { ConversationModel } from '../src/model/index.js';
import type { WebhookRequest } from '../src/webhooks/types.js';
import { createChatvoltSimulator } from '../simulators/chatvolt/index.js';
import type { ConversationRecord, MessageRecord } from '../simulators/chatvolt/records.js';
import { serveSource } from './support/platform-harness.js';
import { asWebhookRequest as asRequest, serveWebhookReceiver, type ReceivedRequest as Received } from './support/webhook-receiver.js';

/**
 * Chatvolt's webhooks end to end: the simulator's deliveries (unsigned JSON POSTs to the URL the
 * gateway gave, token in the query) for injected messages and writes, `verify` and `parse` of
 * src/datasources/chatvolt/webhook.ts on exactly what was delivered, and the admin API.
 */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const SECRET = 'tenant-webhook-token-0123456789';

const sim = createChatvoltSimulator({ seed: 'webhooks', now: NOW });
const db = sim.db;
const source = serveSource('chatvolt', sim, { now: NOW, settings: { webhookSecret: SECRET, cacheTtlMs: 0 } });
/** A stand-in for the gateway's `POST /webhooks/{tenant}/{source}`: records every request. */
const receiver = serveWebhookReceiver();
/** The URL the gateway gives Chatvolt: the receiver, with the tenant token in the query. */
const target = (): string => `${receiver.url}/webhooks/t1/chatvolt?token=${SECRET}`;

afterEach(async () => {
  sim.live.setWebhookTarget(null);
  await sim.live.settled();
  receiver.reset();
});

/** A connector as one gateway request builds it: the platform's own class. */
function connector(): ChatvoltConnector {
  const built = source.connector(null);
  if (!(built instanceof ChatvoltConnector)) throw new Error('the chatvolt source did not build a ChatvoltConnector');
  return built;
}

/** Runs one of Chatvolt's actions on `on`, as the gateway's action runner does (src/actions/run.ts). */
function run<A extends InboxAction>(action: A, on: ChatvoltConnector, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> {
  const spec = chatvoltPlatform.actions[action];
  if (!spec) throw new Error(`Chatvolt has no ${action}`);
  return spec.run(on, conversation, ...args);
}

/** A conversation an AI agent handles, on a channel without Meta's 24-hour window. */
function agentConversation(n = 0): ConversationRecord {
  const found = [...db.conversations.values()].filter((c) => c.agentId !== null && (c.channel === 'website' || c.channel === 'telegram' || c.channel === 'zapi'))[n];
  if (!found) throw new Error('seed has no such conversation');
  return found;
}

function withQuery(request: WebhookRequest, query: string): WebhookRequest {
  return { ...request, query: new URLSearchParams(query) };
}

/** The payload fields every event carries, from the simulator's state (UPSTREAMS.md, ASSUMED). */
function common(c: ConversationRecord): Record<string, unknown> {
  const contact = db.contactsOf(c)[0];
  return {
    conversationId: c.id,
    agentId: c.agentId,
    agentName: db.aiAgents.find((a) => a.id === c.agentId)!.name,
    organizationId: db.organizationId,
    channel: c.channel,
    conversationStatus: c.status,
    conversationPriority: c.priority,
    isAiEnabled: c.isAiEnabled,
    userName: contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : null,
    userEmail: contact?.email ?? null,
    userPhoneNumber: contact?.phoneNumber ?? null,
  };
}

const lastOf = (c: ConversationRecord): MessageRecord => db.messagesOf(c.id).at(-1)!;

async function conversationModel(c: ConversationRecord): Promise<ConversationModel> {
  const model = await connector().conversation(c.id);
  if (!model) throw new Error('not found');
  return model;
}

describe('simulator deliveries', () => {
  it('an injected visitor message: one unsigned JSON POST of USER_MESSAGE_RECEIVED to the URL as given', async () => {
    const c = agentConversation();
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    const injected = await sim.live.injectInboundMessage(c.id, 'Is anyone there?');
    await sim.live.settled();

    const message = lastOf(c);
    expect(injected).toEqual({ conversationId: c.id, id: message.id });
    expect(receiver.requests).toHaveLength(1);
    const [delivery] = receiver.requests as [Received];
    expect(delivery.method).toBe('POST');
    expect(delivery.url).toBe(`/webhooks/t1/chatvolt?token=${SECRET}`);
    expect(delivery.headers['content-type']).toBe('application/json');
    // Chatvolt signs nothing.
    expect(Object.keys(delivery.headers).filter((h) => /signature|timestamp|delivery|hmac/i.test(h))).toEqual([]);
    expect(JSON.parse(delivery.rawBody)).toEqual({
      eventType: 'USER_MESSAGE_RECEIVED',
      ...common(c),
      messageId: message.id,
      userMessage: 'Is anyone there?',
      attachments: [],
      createdAt: message.createdAt,
    });
    expect(sim.live.deliveries.at(-1)).toEqual({ event: 'USER_MESSAGE_RECEIVED', status: 200 });
  });

  it('is stored like real data: thread end, unread, preview, last activity', async () => {
    const c = agentConversation(1);
    const before = await conversationModel(c);
    const injected = await sim.live.injectInboundMessage(c.id, 'A new question');
    const after = await conversationModel(c);
    const last = await connector().lastMessage(after);
    expect(last).toMatchObject({ upstreamId: injected.id, content: 'A new question', direction: 'INBOUND', cursor: `1:${injected.id}` });
    expect(last?.sender).toEqual(after.contact);
    expect(after.unreadCount).toBe((before.unreadCount ?? 0) + 1);
    expect(after.lastMessagePreview).toBe('A new question');
    expect(after.lastActivityAt).toEqual(last?.createdAt);
    expect(after.lastActivityAt.getTime()).toBeGreaterThan(before.lastActivityAt.getTime());
  });

  it('a reply sent through the write endpoint: AGENT_MESSAGE_SENDED with the reply', async () => {
    const c = agentConversation(2);
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    const sent = await run('SEND_MESSAGE', connector(), await conversationModel(c), { content: 'On it!', private: false, idempotencyKey: null });
    await sim.live.settled();
    const message = lastOf(c);
    expect(sent.upstreamId).toBe(message.id);
    expect(receiver.requests.map((r) => JSON.parse(r.rawBody) as unknown)).toEqual([
      { eventType: 'AGENT_MESSAGE_SENDED', ...common(c), messageId: message.id, agentResponse: 'On it!', attachments: [], createdAt: message.createdAt },
    ]);
    expect(sim.live.deliveries.at(-1)).toEqual({ event: 'AGENT_MESSAGE_SENDED', status: 200 });
  });

  it('status, priority, AI switch and assignee changes: CONVERSATION_UPDATED with the new state; a step move: STEP_ENTERED', async () => {
    const c = agentConversation(3);
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    const writer = connector();
    const model = await conversationModel(c);
    await run('SET_STATUS', writer, model, 'RESOLVED');
    await run('SET_PRIORITY', writer, model, 'HIGH');
    await run('SET_AI_ENABLED', writer, model, false);
    await run('ASSIGN', writer, model, sim.identities.bob);
    const scenario = [...db.scenarios.values()][0]!;
    const step = db.stepsOf(scenario.id)[1]!;
    await run('MOVE_TO_SCENARIO_STEP', writer, model, scenario.id, step.id);
    await sim.live.settled();

    const bodies = receiver.requests.map((r) => JSON.parse(r.rawBody) as Record<string, unknown>);
    expect(bodies.map((b) => b.eventType)).toEqual(['CONVERSATION_UPDATED', 'CONVERSATION_UPDATED', 'CONVERSATION_UPDATED', 'CONVERSATION_UPDATED', 'STEP_ENTERED']);
    expect(bodies.map((b) => [b.conversationStatus, b.conversationPriority, b.isAiEnabled])).toEqual([
      ['RESOLVED', model.priority, model.aiEnabled],
      ['RESOLVED', 'HIGH', model.aiEnabled],
      ['RESOLVED', 'HIGH', false],
      ['RESOLVED', 'HIGH', false],
      ['RESOLVED', 'HIGH', false],
    ]);
    expect(bodies[3]).toEqual({ eventType: 'CONVERSATION_UPDATED', ...common(c), createdAt: bodies[3]!.createdAt });
    expect(bodies[4]).toMatchObject({ eventType: 'STEP_ENTERED', conversationId: c.id, scenarioId: scenario.id, stepId: step.id, stepName: step.name });
    expect(bodies.every((b) => !('messageId' in b))).toBe(true);
    // Each event is timed by the change: strictly increasing.
    const times = bodies.map((b) => Date.parse(String(b.createdAt)));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });

  it('never blocks the write: the write answers while the receiver still holds the delivery', async () => {
    const c = agentConversation(4);
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    let release = (): void => undefined;
    receiver.hold = new Promise<void>((resolve) => (release = resolve));
    const deliveriesBefore = sim.live.deliveries.length;
    const sent = await run('SEND_MESSAGE', connector(), await conversationModel(c), { content: 'Quick one', private: false, idempotencyKey: null });
    expect(sent.content).toBe('Quick one');
    expect(sim.live.deliveries.length).toBe(deliveriesBefore);
    release();
    await sim.live.settled();
    expect(sim.live.deliveries.length).toBe(deliveriesBefore + 1);
  });

  it('records the receiver status, null on a network error, and never retries', async () => {
    const c = agentConversation(5);
    receiver.status = 500;
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    await sim.live.injectInboundMessage(c.id);
    await sim.live.settled();
    expect(receiver.requests).toHaveLength(1);
    expect(sim.live.deliveries.at(-1)).toEqual({ event: 'USER_MESSAGE_RECEIVED', status: 500 });

    sim.live.setWebhookTarget({ url: 'http://127.0.0.1:1/webhooks/t1/chatvolt?token=x', secret: SECRET });
    await sim.live.injectInboundMessage(c.id);
    await sim.live.settled();
    expect(sim.live.deliveries.at(-1)).toEqual({ event: 'USER_MESSAGE_RECEIVED', status: null });
    expect(receiver.requests).toHaveLength(1);
  });

  it('sends nothing without a target, nor for a conversation no AI agent handles (webhooks are per agent)', async () => {
    const before = sim.live.deliveries.length;
    await sim.live.injectInboundMessage(agentConversation().id);
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    const agentless = [...db.conversations.values()].find((c) => c.agentId === null)!;
    const injected = await sim.live.injectInboundMessage(agentless.id, 'Hello?');
    await sim.live.settled();
    expect(receiver.requests).toEqual([]);
    expect(sim.live.deliveries.length).toBe(before);
    expect(lastOf(agentless).id).toBe(injected.id);
  });

  it('picks a seeded conversation (one an agent handles) and a fixture text when none is given', async () => {
    const twin = createChatvoltSimulator({ seed: 'webhooks', now: NOW });
    const other = createChatvoltSimulator({ seed: 'webhooks', now: NOW });
    const a = await twin.live.injectInboundMessage();
    const b = await other.live.injectInboundMessage();
    expect(a.conversationId).toBe(b.conversationId);
    expect(twin.db.conversation(a.conversationId)!.agentId).not.toBeNull();
    expect(twin.db.messagesOf(a.conversationId).at(-1)!.text).toBe(other.db.messagesOf(b.conversationId).at(-1)!.text);
    await expect(twin.live.injectInboundMessage('cnope')).rejects.toThrow();
  });
});

describe('verify', () => {
  async function delivered(): Promise<Received> {
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    await sim.live.injectInboundMessage(agentConversation(6).id);
    await sim.live.settled();
    return receiver.requests.at(-1)!;
  }

  it('accepts a delivery carrying the tenant token; the delivery id is stable per event and message', async () => {
    const received = await delivered();
    const body = JSON.parse(received.rawBody) as { messageId: string };
    const verdict = chatvoltWebhooks.verify(asRequest(received), source.config);
    expect(verdict).toEqual({ ok: true, deliveryId: `USER_MESSAGE_RECEIVED:${body.messageId}` });
    // A replay carries the same id (the gateway drops it), whenever it comes: Chatvolt has no timestamp.
    expect(chatvoltWebhooks.verify(asRequest(received, Date.now() + 3_600_000), source.config)).toEqual(verdict);
  });

  it('accepts the token in an x-webhook-token header too', async () => {
    const request = withQuery(asRequest(await delivered()), '');
    expect(chatvoltWebhooks.verify({ ...request, headers: { ...request.headers, 'x-webhook-token': SECRET } }, source.config)).toMatchObject({ ok: true });
  });

  it('rejects a missing token (401), a wrong one (401 forged), and everything when no secret is configured (403)', async () => {
    const request = asRequest(await delivered());
    expect(chatvoltWebhooks.verify(withQuery(request, ''), source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
    expect(chatvoltWebhooks.verify(withQuery(request, 'token='), source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
    expect(chatvoltWebhooks.verify(withQuery(request, `token=${SECRET}x`), source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    expect(chatvoltWebhooks.verify(withQuery(request, 'token=short'), source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    expect(chatvoltWebhooks.verify({ ...withQuery(request, ''), headers: { 'x-webhook-token': 'wrong' } }, source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    // Another tenant's token is as wrong as any other.
    expect(chatvoltWebhooks.verify(request, { ...source.config, webhookSecret: 'other-tenant-token' })).toEqual({ ok: false, status: 401, reason: 'forged' });
    const { webhookSecret: _secret, ...unset } = source.config;
    expect(chatvoltWebhooks.verify(request, unset)).toEqual({ ok: false, status: 403, reason: 'forged' });
  });

  it('rejects a body that is not JSON (400); JSON of another shape is accepted with no delivery id', async () => {
    const request = asRequest(await delivered());
    expect(chatvoltWebhooks.verify({ ...request, rawBody: '{not json' }, source.config)).toEqual({ ok: false, status: 400, reason: 'malformed' });
    expect(chatvoltWebhooks.verify({ ...request, rawBody: '{"test":true}' }, source.config)).toEqual({ ok: true, deliveryId: null });
    expect(chatvoltWebhooks.verify({ ...request, rawBody: '{"eventType":"CONVERSATION_UPDATED","conversationId":"c1"}' }, source.config)).toEqual({
      ok: true,
      deliveryId: null,
    });
  });
});

describe('parse', () => {
  it('maps each delivered event to the change the connector then reads', async () => {
    const c = agentConversation(7);
    sim.live.setWebhookTarget({ url: target(), secret: SECRET });
    const injected = await sim.live.injectInboundMessage(c.id, 'Where is my parcel?');
    const writer = connector();
    const sent = await run('SEND_MESSAGE', writer, await conversationModel(c), { content: 'Checking now.', private: false, idempotencyKey: null });
    await run('SET_STATUS', writer, await conversationModel(c), 'HUMAN_REQUESTED');
    await sim.live.settled();

    const changes = receiver.requests.map((r) => chatvoltWebhooks.parse(JSON.parse(r.rawBody), source.ref, source.config));
    expect(changes).toEqual([
      [{ kind: 'message', conversationUpstreamId: c.id, messageUpstreamId: injected.id, message: null }],
      [{ kind: 'message', conversationUpstreamId: c.id, messageUpstreamId: sent.upstreamId, message: null }],
      [{ kind: 'conversation', conversationUpstreamId: c.id }],
    ]);

    // What the gateway then reads for those ids: the two messages, newest last, and the new status.
    const model = await conversationModel(c);
    const page = await connector().messages(model, { last: 2 });
    expect(page.items.map((m) => [m.upstreamId, m.content, m.direction])).toEqual([
      [injected.id, 'Where is my parcel?', 'INBOUND'],
      [sent.upstreamId, 'Checking now.', 'OUTBOUND'],
    ]);
    expect(page.items[1]).toEqual(sent);
    expect(model.status).toBe('HUMAN_REQUESTED');
  });

  it('a step move is a conversation change', () => {
    const body = { eventType: 'STEP_ENTERED', conversationId: 'c1', agentId: 'a1', stepId: 's1', createdAt: NOW.toISOString() };
    expect(chatvoltWebhooks.parse(body, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: 'c1' }]);
  });

  it('the other message events of Chatvolt are messages too', () => {
    for (const eventType of ['AGENT_USER_MESSAGE', 'AGENT_MESSAGE_FOLLOW_UP', 'AGENT_MESSAGE_NOTED', 'GROUP_MESSAGE_RECEIVED']) {
      expect(chatvoltWebhooks.parse({ eventType, conversationId: 'c1', messageId: 'm1' }, source.ref, source.config)).toEqual([
        { kind: 'message', conversationUpstreamId: 'c1', messageUpstreamId: 'm1', message: null },
      ]);
    }
    // Without a message id, the conversation is re-read.
    expect(chatvoltWebhooks.parse({ eventType: 'USER_MESSAGE_RECEIVED', conversationId: 'c1' }, source.ref, source.config)).toEqual([
      { kind: 'conversation', conversationUpstreamId: 'c1' },
    ]);
  });

  it('ignores unknown and blocked events, other shapes, and another agent than the configured one', () => {
    expect(chatvoltWebhooks.parse({ eventType: 'AGENT_MESSAGE_BLOCKED', conversationId: 'c1', messageId: 'm1' }, source.ref, source.config)).toEqual([]);
    expect(chatvoltWebhooks.parse({ eventType: 'NPS_INTERACTION', conversationId: 'c1' }, source.ref, source.config)).toEqual([]);
    expect(chatvoltWebhooks.parse({ test: true }, source.ref, source.config)).toEqual([]);
    expect(chatvoltWebhooks.parse(null, source.ref, source.config)).toEqual([]);
    const narrowed = { ...source.config, agentId: 'agent-a' };
    const event = { eventType: 'USER_MESSAGE_RECEIVED', conversationId: 'c1', messageId: 'm1' };
    expect(chatvoltWebhooks.parse({ ...event, agentId: 'agent-b' }, source.ref, narrowed)).toEqual([]);
    expect(chatvoltWebhooks.parse({ ...event, agentId: 'agent-a' }, source.ref, narrowed)).toHaveLength(1);
  });

  it('is the platform’s webhooks', () => {
    expect(chatvoltPlatform.webhooks).toBe(chatvoltWebhooks);
  });
});

describe('admin API', () => {
  const admin = (method: 'GET' | 'POST', path: string, body?: unknown) => source.admin.call(method, path, body);

  it('sets the webhook target, injects a message (delivered, visible in reads), and stops', async () => {
    const c = agentConversation(8);
    expect(await admin('POST', '/webhook', { url: target(), secret: SECRET })).toEqual({ status: 200, body: { url: target() } });
    const injected = await admin('POST', '/inject/message', { conversationId: c.id, content: 'Over HTTP' });
    expect(injected.status).toBe(200);
    const { id } = injected.body as { conversationId: string; id: string };
    expect(injected.body).toEqual({ conversationId: c.id, id });

    const tail = await fetch(`${sim.server.url}/conversation/${c.id}/messages/1`, { headers: { authorization: `Bearer ${sim.sourceConfig.apiKey}` } });
    const { messages } = (await tail.json()) as { messages: { id: string; text: string; from: string; read: boolean }[] };
    expect(messages).toEqual([expect.objectContaining({ id, text: 'Over HTTP', from: 'human', read: false })]);

    await sim.live.settled();
    expect((JSON.parse(receiver.requests.at(-1)!.rawBody) as { messageId: string }).messageId).toBe(id);
    const state = await admin('GET', '/webhook');
    expect(state.body).toMatchObject({ url: target(), deliveries: expect.arrayContaining([{ event: 'USER_MESSAGE_RECEIVED', status: 200 }]) });

    expect(await admin('POST', '/webhook', { url: null })).toEqual({ status: 200, body: { url: null } });
    const count = receiver.requests.length;
    await admin('POST', '/inject/message', { conversationId: c.id });
    await sim.live.settled();
    expect(receiver.requests.length).toBe(count);
  });

  it('injects into a seeded conversation without a body, and refuses bad input', async () => {
    const picked = await admin('POST', '/inject/message');
    expect(picked.status).toBe(200);
    expect(db.conversation((picked.body as { conversationId: string }).conversationId)).toBeDefined();
    expect((await admin('POST', '/inject/message', { conversationId: 'cnope' })).status).toBe(404);
    expect((await admin('POST', '/inject/message', { content: '  ' })).status).toBe(400);
    expect((await admin('POST', '/inject/message', { conversationId: 3 })).status).toBe(400);
    expect((await admin('POST', '/webhook', { url: 'not a url' })).status).toBe(400);
    expect((await admin('POST', '/webhook', {})).status).toBe(400);
    expect((await admin('POST', '/inject/suggestion', {})).status).toBe(404);
  });
});
