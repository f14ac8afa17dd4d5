import { createHmac } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboxConnector } from '../src/datasources/connector.js';
import { voxysPlatform } from '../src/datasources/voxys/index.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationModel, MessageModel } from '../src/model/index.js';
import type { WebhookChange, WebhookRequest } from '../src/webhooks/types.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import { MESSAGE_TYPE, type ConversationRow } from '../simulators/voxys/records.js';
import { serveSource } from './support/platform-harness.js';
import { asWebhookRequest, serveWebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js';

/**
 * Voxys webhooks end to end: the simulator signs and POSTs Chatwoot payloads to a local receiver
 * when a contact writes in (injected) and when the write endpoints change a conversation; the
 * gateway side (`voxysPlatform.webhooks`) accepts exactly those and refuses forged, stale,
 * unsigned and wrongly-keyed deliveries, and maps them to the same message the connector reads.
 */

const NOW = new Date('2025-06-02T12:00:00Z');
const SECRET = 'whsec-voxys-test';
const TOKEN = 'webhook-token';
const ACCOUNT = 7;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Json = Record<string, unknown>;
// Webhook bodies are checked field by field below, so they are typed loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/** A delivery as the receiver got it, with its JSON body parsed. */
interface Received extends ReceivedRequest {
  body: Body;
}

const sim = createVoxysSimulator({ seed: 'webhooks', size: 80, now: NOW, apiAccessToken: TOKEN, accountId: ACCOUNT });
const source = serveSource('voxys', sim, { now: NOW, settings: { webhookSecret: SECRET } });
/** Answers 200, and 500 at `/fail`. */
const receiver = serveWebhookReceiver(200, (request) => (request.url === '/fail' ? 500 : 200));
const webhooks = voxysPlatform.webhooks!;

/** A connector of one request for user 11, with the cross-request cache off. */
const connector = (): InboxConnector => source.connector('11', { config: { cacheTtlMs: 0 } });

async function api(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${source.url}/api/v1/accounts/${ACCOUNT}${path}`, {
    method,
    headers: { api_access_token: TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const admin = (path: string, body: unknown) => source.admin.post<Body>(path, body);

/** Waits for the simulator's queued deliveries, then hands back (and forgets) what arrived. */
async function drain(): Promise<Received[]> {
  await sim.live.settled();
  return receiver.requests.splice(0).map((request) => ({ ...request, body: JSON.parse(request.rawBody) }));
}

function asRequest(delivery: Received, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return { ...asWebhookRequest(delivery), ...overrides };
}

const used = new Set<number>();

/**
 * An open, non-email conversation with a contact already waiting (so a contact's message changes no
 * tracked attribute), used by no other test.
 */
function freshConversation(): ConversationRow {
  const row = [...sim.db.conversations.values()].find(
    (c) => !used.has(c.display_id) && c.status === 'open' && c.waiting_since !== null && sim.db.inboxes.get(c.inbox_id)!.channel_type !== 'Channel::Email',
  );
  if (!row) throw new Error('no fresh open conversation with a waiting contact');
  used.add(row.display_id);
  return row;
}

function conversationIn(channel: string, extra: (c: ConversationRow) => boolean = () => true): ConversationRow {
  const row = [...sim.db.conversations.values()].find((c) => !used.has(c.display_id) && sim.db.inboxes.get(c.inbox_id)!.channel_type === channel && extra(c));
  if (!row) throw new Error(`no fresh ${channel} conversation`);
  used.add(row.display_id);
  return row;
}

async function readConversation(id: string): Promise<ConversationModel> {
  const model = await connector().conversation(id);
  if (!model) throw new Error(`conversation ${id} not readable`);
  return model;
}

async function readMessage(conversationId: string, messageId: string): Promise<MessageModel> {
  const c = connector();
  const conversation = (await c.conversation(conversationId))!;
  const page = await c.messages(conversation, { last: 5 });
  const message = page.items.find((m) => m.upstreamId === messageId);
  if (!message) throw new Error(`message ${messageId} not in the last page`);
  return message;
}

beforeEach(async () => {
  sim.live.setWebhookTarget({ url: `${receiver.url}/hooks/t1/voxys`, secret: SECRET });
  await drain();
});

describe('voxys simulator: webhooks for an injected inbound message', () => {
  it('stores the message like real data and POSTs a signed message_created', async () => {
    const target = freshConversation();
    const before = sim.live.deliveries.length;
    const change = await sim.live.injectInboundMessage(String(target.display_id), 'Is anyone there?');
    expect(change).toEqual({ conversationId: String(target.display_id), id: expect.stringMatching(/^\d+$/) });

    // Stored like the write path stores a contact's message.
    const row = sim.db.lastMessage(target.display_id)!;
    expect(row).toMatchObject({
      id: Number(change.id),
      content: 'Is anyone there?',
      message_type: MESSAGE_TYPE.incoming,
      private: false,
      sender: { type: 'contact', id: target.contact_id },
    });
    expect(target.last_activity_at).toBe(row.created_at);

    const deliveries = await drain();
    // waiting_since was already set: only the message (Chatwoot sends conversation_updated only for tracked keys).
    expect(deliveries.map((d) => d.body.event)).toEqual(['message_created']);
    const [delivery] = deliveries as [Received];
    expect(delivery.url).toBe('/hooks/t1/voxys');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-chatwoot-delivery']).toMatch(UUID);
    const timestamp = delivery.headers['x-chatwoot-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(10);
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${delivery.rawBody}`).digest('hex');
    expect(delivery.headers['x-chatwoot-signature']).toBe(`sha256=${expected}`);
    expect(sim.live.deliveries.slice(before)).toEqual([{ event: 'message_created', status: 200 }]);

    const contact = sim.db.contacts.get(target.contact_id)!;
    expect(delivery.body).toMatchObject({
      event: 'message_created',
      id: Number(change.id),
      content: 'Is anyone there?',
      content_type: 'text',
      message_type: 'incoming',
      private: false,
      created_at: new Date(row.created_at * 1000).toISOString(),
      account: { id: ACCOUNT },
      inbox: { id: target.inbox_id },
      sender: { id: contact.id, name: contact.name, email: contact.email, phone_number: contact.phone_number },
      conversation: { id: target.display_id, channel: sim.db.inboxes.get(target.inbox_id)!.channel_type, status: 'open', unread_count: sim.db.unreadCount(target) },
    });
    expect(delivery.body.conversation_id).toBeUndefined();
    expect(delivery.body.sender.type).toBeUndefined();
    expect(delivery.body.conversation.messages[0].id).toBe(Number(change.id));
  });

  it('verify accepts the delivery; parse gives the very message the connector reads', async () => {
    const target = freshConversation();
    const change = await sim.live.injectInboundMessage(String(target.display_id), 'Parse me');
    const [delivery] = (await drain()) as [Received];
    expect(webhooks.verify(asRequest(delivery), source.config)).toEqual({ ok: true, deliveryId: delivery.headers['x-chatwoot-delivery'] });

    const changes = webhooks.parse(delivery.body, source.ref, source.config);
    expect(changes).toHaveLength(1);
    const [parsed] = changes as [Extract<WebhookChange, { kind: 'message' }>];
    expect(parsed).toMatchObject({ kind: 'message', conversationUpstreamId: change.conversationId, messageUpstreamId: change.id });
    expect(parsed.message).not.toBeNull();
    expect(parsed.message).toEqual(await readMessage(change.conversationId, change.id));
    expect(parsed.message).toMatchObject({ direction: 'INBOUND', private: false, content: 'Parse me', sender: { kind: 'Contact' } });
  });

  it('an email conversation gets an incoming_email with its Message-ID, read back as kind EMAIL', async () => {
    const target = conversationIn('Channel::Email');
    const change = await sim.live.injectInboundMessage(String(target.display_id), 'Re: invoice');
    const deliveries = await drain();
    const message = deliveries.find((d) => d.body.event === 'message_created')!;
    expect(message.body).toMatchObject({ content_type: 'incoming_email', source_id: expect.stringMatching(/^<.+@mail\.voxys\.example>$/) });
    const [parsed] = webhooks.parse(message.body, source.ref, source.config) as [Extract<WebhookChange, { kind: 'message' }>];
    expect(parsed.message).toEqual(await readMessage(change.conversationId, change.id));
    expect(parsed.message?.kind).toBe('EMAIL');
  });

  it('a contact writing into a resolved conversation re-opens it: message, status changed, updated', async () => {
    const target = [...sim.db.conversations.values()].find((c) => !used.has(c.display_id) && c.status === 'resolved' && !c.muted)!;
    used.add(target.display_id);
    await sim.live.injectInboundMessage(String(target.display_id));
    const deliveries = await drain();
    expect(deliveries.map((d) => d.body.event)).toEqual(['message_created', 'conversation_status_changed', 'conversation_updated']);
    expect(deliveries[1]!.body).toMatchObject({ id: target.display_id, status: 'open', changed_attributes: [{ status: { previous_value: 'resolved', current_value: 'open' } }] });
    expect(deliveries[2]!.body.changed_attributes).toContainEqual({ status: { previous_value: 'resolved', current_value: 'open' } });
    for (const d of deliveries.slice(1))
      expect(webhooks.parse(d.body, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: String(target.display_id) }]);
  });

  it('picks a conversation and a text from the seed when none is given (same seed, same picks)', async () => {
    const twin = createVoxysSimulator({ seed: 'webhooks', size: 80, now: NOW, apiAccessToken: TOKEN, accountId: ACCOUNT });
    const other = createVoxysSimulator({ seed: 'webhooks', size: 80, now: NOW, apiAccessToken: TOKEN, accountId: ACCOUNT });
    const a = [await twin.live.injectInboundMessage(), await twin.live.injectInboundMessage()];
    const b = [await other.live.injectInboundMessage(), await other.live.injectInboundMessage()];
    expect(a).toEqual(b);
    const contentOf = (s: typeof twin, c: { conversationId: string; id: string }) => s.db.thread(Number(c.conversationId)).find((m) => String(m.id) === c.id)?.content;
    expect(a.map((c) => contentOf(twin, c))).toEqual(b.map((c) => contentOf(other, c)));
    expect(contentOf(twin, a[0]!)).toEqual(expect.any(String));
    // No target set: nothing is sent.
    expect(twin.live.deliveries).toEqual([]);
  });
});

describe('voxys simulator: webhooks for writes', () => {
  it('a reply sends message_created (an agent: the gateway reads it) and, for the first reply, conversation_updated', async () => {
    const target = freshConversation();
    target.first_reply_created_at = null; // as if nobody had answered yet
    const sent = await api(`/conversations/${target.display_id}/messages`, 'POST', { content: 'On it!', message_type: 'outgoing' });
    expect(sent.status).toBe(200);
    const deliveries = await drain();
    expect(deliveries.map((d) => d.body.event)).toEqual(['message_created', 'conversation_updated']);
    const [message, updated] = deliveries as [Received, Received];
    expect(message.body).toMatchObject({
      id: sent.body.id,
      message_type: 'outgoing',
      private: false,
      content: 'On it!',
      sender: { id: 1, type: 'user' },
      conversation: { id: target.display_id },
    });
    expect(webhooks.verify(asRequest(message), source.config)).toMatchObject({ ok: true });
    expect(webhooks.parse(message.body, source.ref, source.config)).toEqual([
      { kind: 'message', conversationUpstreamId: String(target.display_id), messageUpstreamId: String(sent.body.id), message: null },
    ]);
    const keys = (updated.body.changed_attributes as Json[]).map((entry) => Object.keys(entry)[0]);
    expect(keys).toEqual(['waiting_since', 'first_reply_created_at']);
    expect(updated.body.changed_attributes[1].first_reply_created_at.previous_value).toBeNull();
  });

  it('a private note goes out too, marked private', async () => {
    const target = freshConversation();
    const sent = await api(`/conversations/${target.display_id}/messages`, 'POST', { content: 'Internal: VIP', private: true });
    const deliveries = await drain();
    expect(deliveries.map((d) => d.body.event)).toEqual(['message_created']);
    expect(deliveries[0]!.body).toMatchObject({ id: sent.body.id, private: true, message_type: 'outgoing' });
    expect(webhooks.parse(deliveries[0]!.body, source.ref, source.config)).toEqual([
      { kind: 'message', conversationUpstreamId: String(target.display_id), messageUpstreamId: String(sent.body.id), message: null },
    ]);
  });

  it('status, priority, assignee, labels and read/unread each send their conversation events (activity messages are never sent)', async () => {
    const target = freshConversation();
    const id = target.display_id;
    const events = async (): Promise<Array<[string, string[]]>> =>
      (await drain()).map((d) => [d.body.event as string, (d.body.changed_attributes as Json[]).map((entry) => Object.keys(entry)[0]!)]);

    expect((await api(`/conversations/${id}/toggle_status`, 'POST', { status: 'pending' })).status).toBe(200);
    expect(await events()).toEqual([
      ['conversation_status_changed', ['status']],
      ['conversation_updated', ['status']],
    ]);
    expect((await api(`/conversations/${id}/toggle_status`, 'POST', { status: 'resolved' })).status).toBe(200);
    expect(await events()).toEqual([
      ['conversation_status_changed', ['status']],
      ['conversation_updated', ['status', 'waiting_since']],
    ]);
    expect((await api(`/conversations/${id}/toggle_priority`, 'POST', { priority: 'urgent' })).status).toBe(200);
    expect(await events()).toEqual([['conversation_updated', ['priority']]]);
    const previousAssignee = target.assignee_id;
    const nextAssignee = previousAssignee === 13 ? 12 : 13;
    expect((await api(`/conversations/${id}/assignments`, 'POST', { assignee_id: nextAssignee })).status).toBe(200);
    const assigned = await drain();
    expect(assigned.map((d) => [d.body.event, d.body.changed_attributes])).toEqual([
      ['conversation_updated', [{ assignee_id: { previous_value: previousAssignee, current_value: nextAssignee } }]],
    ]);
    expect(assigned[0]!.body.meta.assignee).toMatchObject({ id: nextAssignee, type: 'user' });
    expect((await api(`/conversations/${id}/labels`, 'POST', { labels: ['vip', 'webhook-test'] })).status).toBe(200);
    const labelled = await drain();
    expect(labelled).toHaveLength(1);
    expect(labelled[0]!.body).toMatchObject({
      event: 'conversation_updated',
      labels: ['vip', 'webhook-test'],
      changed_attributes: [{ label_list: { current_value: ['vip', 'webhook-test'] } }],
    });
    expect((await api(`/conversations/${id}/unread`, 'POST')).status).toBe(200);
    const unread = await drain();
    expect(unread.map((d) => [d.body.event, d.body.unread_count])).toEqual([['conversation_updated', 1]]);
    expect((await api(`/conversations/${id}/update_last_seen`, 'POST')).status).toBe(200);
    const read = await drain();
    expect(read.map((d) => [d.body.event, d.body.unread_count])).toEqual([['conversation_updated', 0]]);

    // An unchanged value changes nothing and sends nothing.
    expect((await api(`/conversations/${id}/toggle_priority`, 'POST', { priority: 'urgent' })).status).toBe(200);
    expect(await drain()).toEqual([]);

    const ids = [...assigned, ...labelled, ...unread, ...read].map((d) => d.headers['x-chatwoot-delivery']);
    expect(new Set(ids).size).toBe(ids.length); // one id per delivery: a replay repeats it
    for (const delivery of [...assigned, ...labelled, ...unread, ...read]) {
      expect(webhooks.verify(asRequest(delivery), source.config)).toMatchObject({ ok: true });
      expect(webhooks.parse(delivery.body, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: String(id) }]);
    }
    // The payload is the conversation as reads now show it.
    const model = await readConversation(String(id));
    expect(model).toMatchObject({ status: 'RESOLVED', priority: 'URGENT', labels: ['vip', 'webhook-test'], unreadCount: 0, assignee: { upstreamId: String(nextAssignee) } });
  });

  it('records the receiver status, and null when nobody answers; no retry', async () => {
    const target = freshConversation();
    sim.live.setWebhookTarget({ url: `${receiver.url}/fail`, secret: SECRET });
    const start = sim.live.deliveries.length;
    await sim.live.injectInboundMessage(String(target.display_id), 'to a failing receiver');
    await drain();
    sim.live.setWebhookTarget({ url: 'http://127.0.0.1:1/nobody', secret: SECRET });
    await sim.live.injectInboundMessage(String(target.display_id), 'to nobody');
    await drain();
    expect(sim.live.deliveries.slice(start)).toEqual([
      { event: 'message_created', status: 500 },
      { event: 'message_created', status: null },
    ]);
  });

  it('a target without a secret gets unsigned deliveries (Chatwoot signs only when the webhook has one)', async () => {
    sim.live.setWebhookTarget({ url: `${receiver.url}/hooks/t1/voxys`, secret: '' });
    await sim.live.injectInboundMessage(String(freshConversation().display_id), 'unsigned');
    const [delivery] = (await drain()) as [Received];
    expect(delivery.headers['x-chatwoot-signature']).toBeUndefined();
    expect(delivery.headers['x-chatwoot-timestamp']).toBeUndefined();
    expect(delivery.headers['x-chatwoot-delivery']).toMatch(UUID);
    expect(webhooks.verify(asRequest(delivery), source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
  });
});

describe('voxys webhooks: verify refuses what the platform did not send', () => {
  let genuine: Received;

  beforeAll(async () => {
    receiver.requests.length = 0;
    sim.live.setWebhookTarget({ url: `${receiver.url}/hooks/t1/voxys`, secret: SECRET });
    await sim.live.injectInboundMessage(String(freshConversation().display_id), 'genuine');
    [genuine] = (await drain()) as [Received];
  });

  it('a tampered body or a re-signed timestamp is forged (401)', () => {
    const tampered = genuine.rawBody.replace('genuine', 'GENUINE');
    expect(webhooks.verify(asRequest(genuine, { rawBody: tampered }), source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    const request = asRequest(genuine);
    request.headers['x-chatwoot-timestamp'] = String(Number(request.headers['x-chatwoot-timestamp']) + 1);
    expect(webhooks.verify(request, source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
    const garbage = asRequest(genuine);
    garbage.headers['x-chatwoot-signature'] = 'sha256=nothex';
    expect(webhooks.verify(garbage, source.config)).toEqual({ ok: false, status: 401, reason: 'forged' });
  });

  it('another secret is forged; no configured secret refuses everything (403)', () => {
    expect(webhooks.verify(asRequest(genuine), { ...source.config, webhookSecret: 'someone-elses-secret' })).toEqual({ ok: false, status: 401, reason: 'forged' });
    const { webhookSecret: _unused, ...unset } = source.config;
    expect(webhooks.verify(asRequest(genuine), unset)).toEqual({ ok: false, status: 403, reason: 'forged' });
  });

  it('a genuine delivery older (or newer) than 5 minutes is stale', () => {
    const sixMinutes = 6 * 60 * 1000;
    expect(webhooks.verify(asRequest(genuine, { receivedAt: genuine.receivedAt + sixMinutes }), source.config)).toEqual({ ok: false, status: 401, reason: 'stale' });
    expect(webhooks.verify(asRequest(genuine, { receivedAt: genuine.receivedAt - sixMinutes }), source.config)).toEqual({ ok: false, status: 401, reason: 'stale' });
    expect(webhooks.verify(asRequest(genuine, { receivedAt: genuine.receivedAt + 4 * 60 * 1000 }), source.config)).toMatchObject({ ok: true });
  });

  it('missing signature or timestamp is 401 missing-signature; a non-numeric timestamp is malformed', () => {
    for (const name of ['x-chatwoot-signature', 'x-chatwoot-timestamp']) {
      const request = asRequest(genuine);
      delete request.headers[name];
      expect(webhooks.verify(request, source.config)).toEqual({ ok: false, status: 401, reason: 'missing-signature' });
    }
    const request = asRequest(genuine);
    request.headers['x-chatwoot-timestamp'] = 'yesterday';
    expect(webhooks.verify(request, source.config)).toEqual({ ok: false, status: 400, reason: 'malformed' });
  });

  it('the delivery id is X-Chatwoot-Delivery (null without one)', () => {
    expect(webhooks.verify(asRequest(genuine), source.config)).toEqual({ ok: true, deliveryId: genuine.headers['x-chatwoot-delivery'] });
    const request = asRequest(genuine);
    delete request.headers['x-chatwoot-delivery'];
    expect(webhooks.verify(request, source.config)).toEqual({ ok: true, deliveryId: null });
  });
});

describe('voxys webhooks: parse', () => {
  it('ignores unknown and irrelevant events and malformed bodies', () => {
    for (const body of [
      null,
      [],
      'x',
      {},
      { event: 'contact_created', id: 1 },
      { event: 'message_updated', id: 1 },
      { event: 'conversation_typing_on', conversation: { id: 2 } },
      { event: 'message_created' },
      { event: 'conversation_updated', id: 'abc' },
    ]) {
      expect(webhooks.parse(body, source.ref, source.config)).toEqual([]);
    }
    expect(webhooks.parse({ event: 'conversation_created', id: 9 }, source.ref, source.config)).toEqual([{ kind: 'conversation', conversationUpstreamId: '9' }]);
    // A changed message (a delivery status, a deletion) is a change of its conversation (no message-update event in the graph).
    expect(webhooks.parse({ event: 'message_updated', id: 1, conversation: { id: 2 } }, source.ref, source.config)).toEqual([
      { kind: 'conversation', conversationUpstreamId: '2' },
    ]);
  });

  it('a message without its channel or with an unreadable time is named, and left to the read', () => {
    const body = {
      event: 'message_created',
      id: 77,
      content: 'x',
      message_type: 'incoming',
      private: false,
      created_at: 'soon',
      conversation: { id: 5, channel: 'Channel::Api' },
      sender: null,
    };
    expect(webhooks.parse(body, source.ref, source.config)).toEqual([{ kind: 'message', conversationUpstreamId: '5', messageUpstreamId: '77', message: null }]);
    expect(webhooks.parse({ ...body, created_at: '2020-03-03 13:05:57 UTC', conversation: { id: 5 } }, source.ref, source.config)).toEqual([
      { kind: 'message', conversationUpstreamId: '5', messageUpstreamId: '77', message: null },
    ]);
    const [full] = webhooks.parse({ ...body, created_at: '2020-03-03 13:05:57 UTC', sender: { id: 3, name: 'Bot', type: 'agent_bot' } }, source.ref, source.config) as [
      Extract<WebhookChange, { kind: 'message' }>,
    ];
    expect(full.message).toMatchObject({ createdAt: new Date('2020-03-03T13:05:57Z'), kind: 'TEXT', direction: 'INBOUND', sender: { kind: 'Bot', upstreamId: '3' }, cursor: '77' });
  });
});

describe('voxys simulator: admin API for live traffic', () => {
  it('POST /__admin/inject/message stores a message the reads show (thread end, last activity, unread, preview)', async () => {
    const target = conversationIn('Channel::Whatsapp');
    const id = String(target.display_id);
    const before = await readConversation(id);
    const injected = await admin('/inject/message', { conversationId: id, content: 'Hello from WhatsApp' });
    expect(injected).toEqual({ status: 200, body: { conversationId: id, id: expect.stringMatching(/^\d+$/) } });

    const after = await readConversation(id);
    expect(after.lastMessagePreview).toBe('Hello from WhatsApp');
    expect(after.lastActivityAt.getTime()).toBeGreaterThanOrEqual(before.lastActivityAt.getTime());
    expect(after.unreadCount).toBe(Math.min(10, (before.unreadCount ?? 0) + 1));
    const c = connector();
    const page = await c.messages((await c.conversation(id))!, { last: 1 });
    expect(page.items.map((m) => [m.upstreamId, m.content, m.direction])).toEqual([[injected.body.id, 'Hello from WhatsApp', 'INBOUND']]);
    const list = await c.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 25 });
    expect(list.items[0]?.upstreamId).toBe(id);

    const [delivery] = (await drain()).filter((d) => d.body.event === 'message_created') as [Received];
    expect(delivery.body).toMatchObject({ id: Number(injected.body.id), source_id: expect.stringMatching(/^wamid\./) });
    const [parsed] = webhooks.parse(delivery.body, source.ref, source.config) as [Extract<WebhookChange, { kind: 'message' }>];
    expect(parsed.message).toEqual(page.items[0]);
  });

  it('answers 404 for an unknown conversation and 400 for a bad body; no id picks one', async () => {
    expect(await admin('/inject/message', { conversationId: '99999' })).toEqual({ status: 404, body: { error: 'no conversation 99999' } });
    expect((await admin('/inject/message', { content: '' })).status).toBe(400);
    expect((await admin('/inject/message', [])).status).toBe(400);
    const picked = await admin('/inject/message', {});
    expect(picked.status).toBe(200);
    expect(sim.db.conversations.has(Number(picked.body.conversationId))).toBe(true);
    expect(String(sim.db.lastMessage(Number(picked.body.conversationId))!.id)).toBe(picked.body.id);
  });

  it('POST /__admin/webhook sets and clears the target', async () => {
    sim.live.setWebhookTarget(null);
    expect(await admin('/webhook', { url: 'not a url', secret: SECRET })).toMatchObject({ status: 400 });
    expect(await admin('/webhook', { url: `${receiver.url}/via-admin`, secret: SECRET })).toEqual({ status: 200, body: { url: `${receiver.url}/via-admin`, signed: true } });
    const target = freshConversation();
    await sim.live.injectInboundMessage(String(target.display_id), 'via admin');
    const deliveries = await drain();
    expect(deliveries.map((d) => d.url)).toEqual(['/via-admin']);
    expect(webhooks.verify(asRequest(deliveries[0]!), source.config)).toMatchObject({ ok: true });

    const { body: state } = await source.admin.call('GET', '/webhook');
    expect(state).toMatchObject({ url: `${receiver.url}/via-admin`, deliveries: expect.arrayContaining([expect.objectContaining({ event: 'message_created', status: 200 })]) });
    expect(JSON.stringify(state)).not.toContain(SECRET);

    expect(await admin('/webhook', { url: null })).toEqual({ status: 200, body: { url: null, signed: false } });
    const count = sim.live.deliveries.length;
    await sim.live.injectInboundMessage(String(target.display_id), 'to nobody at all');
    expect(await drain()).toEqual([]);
    expect(sim.live.deliveries.length).toBe(count);
  });
});
