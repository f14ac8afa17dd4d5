import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voxysPlatform } from '../src/datasources/voxys/index.js';
import type { VoxysSourceConfig } from '../src/datasources/voxys/config.js';
import { decodeId } from '../src/graph/ids.js';
import type { SourceRef } from '../src/model/index.js';
import type { WebhookRequest } from '../src/webhooks/types.js';
import { DELETED_CONTENT } from '../simulators/voxys/conversation-writes.js';
import type { createVoxysSimulator } from '../simulators/voxys/index.js';
import { conversationPushData } from '../simulators/voxys/webhook-payloads.js';
import { signedHeaders } from '../simulators/voxys/webhook-sender.js';
import { startStack, type Stack } from './support/stack.js';
import { asWebhookRequest, serveWebhookReceiver } from './support/webhook-receiver.js';
import { settle, WsTestClient, type TestSubscription } from './support/ws.js';

/**
 * Voxys' `conversation_created` and `message_updated` webhooks: the simulator sends them with
 * Chatwoot's payloads when a new contact writes in, when its create-conversation API opens one, and
 * when a message's status changes or it is deleted; the gateway verifies them as every Voxys
 * delivery (signature, window, replay) and turns them into `conversationUpdated` events on a real
 * graphql-ws subscription (the graph has no message-update event).
 */

const SECRET = 'whsec-voxys-created-updated';
/** The stack types its simulators generically; these are Voxys ones (db and live included). */
type VoxysSim = ReturnType<typeof createVoxysSimulator>;
// Webhook bodies are checked field by field below, so they are typed loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

interface Updated {
  conversationUpdated: {
    cursor: string;
    conversation: { id: string; title: string | null; labels: string[]; contact: { name: string | null } | null; lastMessage: { content: string | null } | null };
  };
}
const UPDATED = `subscription { conversationUpdated(sources: [VOXYS]) { cursor conversation { id title labels contact { name } lastMessage { content } } } }`;

describe('voxys simulator: conversation_created and message_updated payloads', () => {
  const receiver = serveWebhookReceiver(200, () => 200);
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 'sim', seed: 'voxys-created-updated', size: 20 }] });
    stack.sims.sim!.voxys.live.setWebhookTarget({ url: `${receiver.url}/hooks`, secret: SECRET });
  });
  afterAll(() => stack?.close());

  const sim = () => stack.sims.sim!.voxys as VoxysSim;
  const api = async (path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${stack.sims.sim!.urls.voxys}/api/v1/accounts/${sim().sourceConfig.accountId}${path}`, {
      method,
      headers: { api_access_token: sim().sourceConfig.apiAccessToken!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const drain = async (): Promise<{ event: string; body: Body; request: WebhookRequest }[]> => {
    await sim().live.settled();
    return receiver.requests.splice(0).map((request) => ({ event: JSON.parse(request.rawBody).event, body: JSON.parse(request.rawBody), request: asWebhookRequest(request) }));
  };
  const config = (): VoxysSourceConfig => ({ ...(stack.config.tenants.sim!.sources.voxys as VoxysSourceConfig), webhookSecret: SECRET });
  const ref: SourceRef = { tenant: 'sim', key: 'voxys', type: 'voxys', scope: '7' };

  it('a new contact writing in: conversation_created (the new conversation, its first message in it), then message_created', async () => {
    await drain();
    const admin = await fetch(`${stack.sims.sim!.urls.voxys}/__admin/inject/conversation`, {
      method: 'POST',
      body: JSON.stringify({ contactName: 'Nadia Firstwrite', content: 'Hello, first time here' }),
    });
    expect(admin.status).toBe(200);
    const change = (await admin.json()) as { conversationId: string; id: string };
    const deliveries = await drain();
    expect(deliveries.map((d) => d.event)).toEqual(['conversation_created', 'message_created']);
    const [created, message] = deliveries;
    expect(created!.body).toMatchObject({
      event: 'conversation_created',
      id: Number(change.conversationId),
      status: 'open',
      meta: { sender: { name: 'Nadia Firstwrite', type: 'contact' }, assignee: null },
      messages: [{ id: Number(change.id), content: 'Hello, first time here', message_type: 0 }],
      contact_inbox: { contact_id: expect.any(Number), inbox_id: expect.any(Number) },
    });
    expect(created!.body).not.toHaveProperty('changed_attributes');
    expect(message!.body).toMatchObject({ event: 'message_created', id: Number(change.id), message_type: 'incoming', conversation: { id: Number(change.conversationId) } });
    // Signed as every Voxys delivery, and read by the gateway as a change of that conversation.
    for (const delivery of deliveries) expect(voxysPlatform.webhooks!.verify(delivery.request, config()).ok).toBe(true);
    expect(voxysPlatform.webhooks!.parse(created!.body, ref, config())).toEqual([{ kind: 'conversation', conversationUpstreamId: change.conversationId }]);
  });

  it('the create-conversation API: conversation_created, then the first (outgoing) message', async () => {
    await drain();
    const contact = [...sim().db.contacts.values()][0]!;
    const created = await api('/conversations', 'POST', { contact_id: contact.id, inbox_id: 4, message: { content: 'We are reaching out' } });
    expect(created.status).toBe(200);
    const deliveries = await drain();
    expect(deliveries.map((d) => d.event)).toEqual(['conversation_created', 'message_created']);
    expect(deliveries[0]!.body).toMatchObject({ id: created.body.id, meta: { sender: { id: contact.id } }, messages: [{ content: 'We are reaching out', message_type: 1 }] });
    expect(deliveries[1]!.body).toMatchObject({ message_type: 'outgoing', content: 'We are reaching out' });
  });

  it('a delivery status (API inbox) and a deleted message: message_updated with the message as it is now; nothing when nothing changed', async () => {
    const apiInbox = [...sim().db.conversations.values()].find(
      (c) =>
        c.inbox_id === 4 &&
        sim()
          .db.thread(c.display_id)
          .some((m) => m.message_type === 1),
    )!;
    const outgoing = sim()
      .db.thread(apiInbox.display_id)
      .findLast((m) => m.message_type === 1)!;
    await drain();
    const read = await api(`/conversations/${apiInbox.display_id}/messages/${outgoing.id}`, 'PATCH', { status: 'read' });
    expect(read).toMatchObject({ status: 200, body: { id: outgoing.id, status: 'read' } });
    const again = await api(`/conversations/${apiInbox.display_id}/messages/${outgoing.id}`, 'PATCH', { status: 'read' });
    expect(again.status).toBe(200);
    const statusDeliveries = await drain();
    expect(statusDeliveries.map((d) => d.event)).toEqual(['message_updated']);
    expect(statusDeliveries[0]!.body).toMatchObject({ event: 'message_updated', id: outgoing.id, message_type: 'outgoing', conversation: { id: apiInbox.display_id } });
    expect(voxysPlatform.webhooks!.parse(statusDeliveries[0]!.body, ref, config())).toEqual([{ kind: 'conversation', conversationUpstreamId: String(apiInbox.display_id) }]);

    const deleted = await api(`/conversations/${apiInbox.display_id}/messages/${outgoing.id}`, 'DELETE');
    expect(deleted).toMatchObject({ status: 200, body: { id: outgoing.id, content: DELETED_CONTENT, content_attributes: { deleted: true } } });
    const deleteDeliveries = await drain();
    expect(deleteDeliveries.map((d) => d.event)).toEqual(['message_updated']);
    expect(deleteDeliveries[0]!.body).toMatchObject({ content: DELETED_CONTENT, content_attributes: { deleted: true } });

    // Only API inboxes take statuses from the API (the channel reports its own): 403, no webhook.
    const web = [...sim().db.conversations.values()].find((c) => sim().db.inboxes.get(c.inbox_id)!.channel_type !== 'Channel::Api' && sim().db.thread(c.display_id).length > 0)!;
    const refused = await api(`/conversations/${web.display_id}/messages/${sim().db.thread(web.display_id)[0]!.id}`, 'PATCH', { status: 'read' });
    expect(refused).toEqual({ status: 403, body: { error: 'Message status update is only allowed for API inboxes' } });
    expect(await drain()).toEqual([]);
  });
});

describe('voxys conversation_created and message_updated reach subscribers as conversationUpdated', () => {
  let stack: Stack;
  let client: WsTestClient;
  let updates: TestSubscription<Updated>;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'voxys-created-updated-e2e', size: 20 }], sourceOverrides: { voxys: { webhookSecret: SECRET } } });
    stack.sims.t1!.voxys.live.setWebhookTarget({ url: `${stack.url}/webhooks/t1/voxys`, secret: SECRET });
    client = new WsTestClient(stack.url, await stack.token('t1'));
    updates = client.subscribe<Updated>(UPDATED);
    await settle(200);
  });
  afterAll(async () => {
    await client?.close();
    await stack?.close();
  });

  const sim = () => stack.sims.t1!.voxys as VoxysSim;
  const eventsFor = (upstreamId: string) => updates.events.filter((e) => decodeId(e.data!.conversationUpdated.conversation.id)?.upstreamId === upstreamId);
  const until = async (check: () => boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('a new contact writes in: one conversationUpdated with the new conversation, and it is in the next inbox read', async () => {
    const change = await sim().live.injectNewConversation({ contactName: 'Omar Newcomer', content: 'Do you ship to Lisbon?' });
    await sim().live.settled();
    await until(() => eventsFor(change.conversationId).length > 0);
    await settle();
    // conversation_created and message_created both arrived; the same state is one event.
    expect(sim().live.deliveries.slice(-2)).toEqual([
      { event: 'conversation_created', status: 202 },
      { event: 'message_created', status: 202 },
    ]);
    const events = eventsFor(change.conversationId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data!.conversationUpdated.conversation).toMatchObject({ contact: { name: 'Omar Newcomer' }, lastMessage: { content: 'Do you ship to Lisbon?' } });
    const inbox = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>('{ conversations(first: 5, filter: { sources: [VOXYS] }) { edges { node { id } } } }');
    expect(inbox.data!.conversations.edges.map((e) => e.node.id)).toContain(events[0]!.data!.conversationUpdated.conversation.id);
  });

  it('a deleted last message: one conversationUpdated whose last message is the deleted text; a status change alone moves nothing', async () => {
    const target = [...sim().db.conversations.values()].find((c) => c.inbox_id === 4 && [0, 1].includes(sim().db.lastMessage(c.display_id)?.message_type ?? 2))!;
    const last = sim().db.lastMessage(target.display_id)!;
    const id = String(target.display_id);
    const base = `${stack.sims.t1!.urls.voxys}/api/v1/accounts/${sim().sourceConfig.accountId}/conversations/${id}/messages/${last.id}`;
    const headers = { api_access_token: sim().sourceConfig.apiAccessToken!, 'content-type': 'application/json' };
    const deliveredBefore = sim().live.deliveries.length;

    // The first change of this conversation the gateway hears of is an event (its state, first seen).
    expect((await fetch(base, { method: 'PATCH', headers, body: JSON.stringify({ status: 'delivered' }) })).status).toBe(200);
    await sim().live.settled();
    await until(() => eventsFor(id).length === 1);
    // A read receipt then changes no conversation state the graph shows: delivered and accepted, no event.
    expect((await fetch(base, { method: 'PATCH', headers, body: JSON.stringify({ status: 'read' }) })).status).toBe(200);
    await sim().live.settled();
    await settle();
    expect(sim().live.deliveries.slice(deliveredBefore)).toEqual([
      { event: 'message_updated', status: 202 },
      { event: 'message_updated', status: 202 },
    ]);
    const quiet = eventsFor(id).length;
    expect(quiet).toBe(1);

    expect((await fetch(base, { method: 'DELETE', headers })).status).toBe(200);
    await sim().live.settled();
    await until(() => eventsFor(id).length > quiet);
    await settle();
    expect(sim().live.deliveries.slice(deliveredBefore + 2)).toEqual([{ event: 'message_updated', status: 202 }]);
    expect(eventsFor(id)).toHaveLength(quiet + 1);
    expect(eventsFor(id).at(-1)!.data!.conversationUpdated.conversation.lastMessage).toEqual({ content: DELETED_CONTENT });
  });

  it('a signed conversation_created sent again is a replay (no event, even after the conversation changed); a forged one is refused', async () => {
    const target = [...sim().db.conversations.values()].find((c) => eventsFor(String(c.display_id)).length === 0 && c.status === 'open')!;
    const id = String(target.display_id);
    const rawBody = JSON.stringify({ ...conversationPushData(sim().db, target), event: 'conversation_created' });
    const now = Math.floor(Date.now() / 1000);
    const post = (headers: Record<string, string>, body = rawBody) => fetch(`${stack.url}/webhooks/t1/voxys`, { method: 'POST', headers, body });
    const signed = signedHeaders(SECRET, rawBody, now, 'delivery-created-1');

    expect((await post(signed)).status).toBe(202);
    await until(() => eventsFor(id).length === 1);
    // The conversation changes on the platform (no webhook), then the same signed request comes again:
    // acknowledged (200, not 202) and not read, whatever delivery id it claims.
    target.labels = [...target.labels, 'replayed-label'];
    expect((await post(signed)).status).toBe(200);
    expect((await post({ ...signed, 'x-chatwoot-delivery': 'delivery-created-2' })).status).toBe(200);
    const forged = signedHeaders('not-the-secret', rawBody, now + 1, 'delivery-created-3');
    expect((await post(forged)).status).toBe(401);
    await settle(500);
    expect(eventsFor(id)).toHaveLength(1);

    // A new delivery (a new timestamp, so a new signature) is read: the new state is an event.
    expect((await post(signedHeaders(SECRET, rawBody, now + 2, 'delivery-created-4'))).status).toBe(202);
    await until(() => eventsFor(id).length === 2);
    expect(eventsFor(id)[1]!.data!.conversationUpdated.conversation.labels).toContain('replayed-label');
  });
});
