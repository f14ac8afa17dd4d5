import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/load.js';
import type { ChangeSink, InboxChange } from '../src/events/change.js';
import type { InboxEvent } from '../src/events/event.js';
import { MemoryEventBus } from '../src/events/memory-bus.js';
import { ChangePublisher } from '../src/events/publisher.js';
import type { ChangeReader } from '../src/events/reader.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import type { ConversationModel, MessageModel, SourceRef, SuggestionModel } from '../src/model/index.js';
import { buildTenantRuntime } from '../src/runtime/sources.js';
import { WebhookReceiver } from '../src/webhooks/receiver.js';

/**
 * The one road for events, without a server: producers hand `InboxChange`s to the publisher,
 * which reads only through its `ChangeReader`, then the bus de-duplicates; the webhook receiver
 * is plain input → answer, and publishes after answering.
 */
const logger = createLogger({ level: 'silent' });
const REF: SourceRef = { tenant: 't1', key: 'voxys', type: 'voxys', scope: '7' };

function conversation(upstreamId: string, overrides: Partial<ConversationModel> = {}): ConversationModel {
  return {
    ref: REF,
    upstreamId,
    title: 'Ada',
    status: 'OPEN',
    priority: null,
    channel: 'WEB_CHAT',
    aiEnabled: null,
    contact: null,
    assignee: null,
    unreadCount: 1,
    starred: false,
    archived: false,
    labels: [],
    lastMessagePreview: 'hi',
    lastActivityAt: new Date('2026-01-01T10:00:00Z'),
    createdAt: null,
    sla: null,
    summary: null,
    handoffs: [],
    customAttributes: null,
    frustration: null,
    ...overrides,
  };
}

function message(conversationUpstreamId: string, upstreamId: string): MessageModel {
  return {
    ref: REF,
    conversationUpstreamId,
    upstreamId,
    cursor: upstreamId,
    content: 'hi',
    direction: 'INBOUND',
    kind: 'TEXT',
    private: false,
    sender: null,
    createdAt: new Date('2026-01-01T10:00:00Z'),
    attachments: [],
    callSummary: null,
  };
}

/** A reader over fixed data, recording what was asked of it. */
function fakeReader(data: { conversations: Map<string, ConversationModel>; messages?: MessageModel[]; suggestions?: SuggestionModel[] }) {
  const calls: string[] = [];
  const reader: ChangeReader = {
    sourceType: 'voxys',
    forgetStale: (id) => void calls.push(`forget ${id}`),
    conversation: async (id) => (calls.push(`conversation ${id}`), data.conversations.get(id) ?? null),
    recentMessages: async (c, count) => (calls.push(`messages ${c.upstreamId} ${count}`), data.messages ?? []),
    suggestions: async (c) => (calls.push(`suggestions ${c.upstreamId}`), data.suggestions ?? []),
  };
  return { reader, calls };
}

async function publisherWith(reader: ChangeReader) {
  const bus = new MemoryEventBus(100);
  const metrics = new Metrics();
  const events: InboxEvent[] = [];
  await bus.subscribe('t1', null, (e) => events.push(e));
  const readers: string[] = [];
  const publisher = new ChangePublisher({ bus, metrics, logger, readers: (tenant, key) => (readers.push(`${tenant}/${key}`), key === 'voxys' ? reader : null) });
  const count = async (name: 'eventsPublished' | 'eventsDropped') => (await metrics[name].get()).values.reduce((n, v) => n + v.value, 0);
  return { publisher, events, readers, count };
}

describe('ChangePublisher.publish', () => {
  it('a message change: drops the stale reads, reads through the reader, publishes messageAdded then conversationUpdated, once whoever reports it', async () => {
    const c = conversation('c1');
    const m = message('c1', 'm1');
    const { reader, calls } = fakeReader({ conversations: new Map([['c1', c]]), messages: [m] });
    const { publisher, events, readers, count } = await publisherWith(reader);
    const origin = { tenant: 't1', sourceKey: 'voxys', conversationUpstreamId: 'c1' };

    await publisher.publish({ ...origin, kind: 'message', messageUpstreamId: 'm1', message: m }); // a poll: the model is known
    expect(calls).toEqual(['forget c1', 'conversation c1']);
    expect(events.map((e) => [e.type, e.dedupeKey, e.tenant, e.sourceType])).toEqual([
      ['messageAdded', 'messageAdded:voxys:m1', 't1', 'voxys'],
      ['conversationUpdated', 'conversationUpdated:voxys:c1', 't1', 'voxys'],
    ]);
    expect(events[0]!.message).toBe(m);
    expect(events[0]!.conversation).toBe(c);

    // The same message by webhook (the model unknown: read from the newest messages), then by our mutation.
    await publisher.publish({ ...origin, kind: 'message', messageUpstreamId: 'm1', message: null });
    await publisher.publish({ ...origin, kind: 'message', messageUpstreamId: 'm1', message: null });
    expect(calls.filter((call) => call.startsWith('messages'))).toEqual(['messages c1 20', 'messages c1 20']);
    expect(events).toHaveLength(2);
    expect(await count('eventsPublished')).toBe(2);
    expect(await count('eventsDropped')).toBe(4);
    expect(readers).toEqual(['t1/voxys', 't1/voxys', 't1/voxys']);
  });

  it('a conversation change publishes its state once per state; a suggestion change reads the drafts when not given', async () => {
    const conversations = new Map([['c2', conversation('c2')]]);
    const draft: SuggestionModel = { ref: REF, conversationUpstreamId: 'c2', upstreamId: 's1', content: 'Draft', status: 'PENDING', createdAt: new Date() };
    const { reader } = fakeReader({ conversations, suggestions: [draft] });
    const { publisher, events } = await publisherWith(reader);
    const at = { tenant: 't1', sourceKey: 'voxys', conversationUpstreamId: 'c2' };

    await publisher.publish({ ...at, kind: 'conversation' });
    await publisher.publish({ ...at, kind: 'conversation' });
    conversations.set('c2', conversation('c2', { starred: true }));
    await publisher.publish({ ...at, kind: 'conversation' });
    await publisher.publish({ ...at, kind: 'suggestion', suggestionUpstreamId: 's1', suggestion: null });
    await publisher.publish({ ...at, kind: 'suggestion', suggestionUpstreamId: 'gone', suggestion: null });
    expect(events.map((e) => e.type)).toEqual(['conversationUpdated', 'conversationUpdated', 'suggestionAdded']);
    expect(events.map((e) => e.conversation?.starred)).toEqual([false, true, true]);
    expect(events[2]!.suggestion).toBe(draft);
  });

  it('a change of a conversation the platform no longer has, or of a source the tenant lacks, publishes nothing', async () => {
    const { reader, calls } = fakeReader({ conversations: new Map() });
    const { publisher, events } = await publisherWith(reader);
    await publisher.publish({ tenant: 't1', sourceKey: 'voxys', conversationUpstreamId: 'nope', kind: 'conversation' });
    await publisher.publish({ tenant: 't1', sourceKey: 'nowhere', conversationUpstreamId: 'x', kind: 'conversation' });
    expect(calls).toEqual(['forget nope', 'conversation nope']);
    expect(events).toEqual([]);
  });
});

describe('WebhookReceiver.receive', () => {
  const SECRET = 'receiver-secret';
  const config = validateConfig({
    auth: { jwt: { secret: 'test-secret-that-is-long-enough-0123456789' } },
    tenants: {
      t1: {
        sources: {
          voxys: { type: 'voxys', baseUrl: 'http://127.0.0.1:9', apiAccessToken: 'token', accountId: '7', webhookSecret: SECRET },
          iron: { type: 'iron', baseUrl: 'http://127.0.0.1:9', token: 'token', orgId: '00000000-0000-4000-8000-000000000001' },
        },
        users: {},
      },
    },
  });
  const tenants = new Map([['t1', buildTenantRuntime('t1', config.tenants.t1!)]]);

  function setup() {
    const received: InboxChange[] = [];
    const sink: ChangeSink = { publish: async (change) => void received.push(change) };
    const metrics = new Metrics();
    const receiver = new WebhookReceiver({ tenants, publisher: sink, metrics, logger, redis: undefined });
    const outcomes = async () => Object.fromEntries((await metrics.webhooksReceived.get()).values.map((v) => [`${v.labels.source}/${v.labels.outcome}`, v.value]));
    return { receiver, received, outcomes };
  }

  function delivery(body: unknown, options: { secret?: string; delivery?: string; tenantId?: string; sourceKey?: string } = {}) {
    const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', options.secret ?? SECRET)
      .update(`${timestamp}.${rawBody}`)
      .digest('hex')}`;
    return {
      tenantId: options.tenantId ?? 't1',
      sourceKey: options.sourceKey ?? 'voxys',
      headers: { 'x-chatwoot-signature': signature, 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-delivery': options.delivery ?? randomUUID() },
      query: new URLSearchParams(),
      rawBody,
    };
  }

  const UPDATED = { event: 'conversation_updated', id: 42, status: 'open', messages: [], meta: {} };

  it('answers first, then hands the delivery’s changes (with their tenant and source) to the publisher', async () => {
    const { receiver, received, outcomes } = setup();
    const answer = await receiver.receive(delivery(UPDATED));
    expect(answer).toEqual({ status: 202, outcome: 'accepted' });
    expect(received).toEqual([]);
    await receiver.drain();
    expect(received).toEqual([{ kind: 'conversation', conversationUpstreamId: '42', tenant: 't1', sourceKey: 'voxys' }]);
    expect(await outcomes()).toEqual({ 'voxys/accepted': 1 });
  });

  it('refuses forged, replayed, malformed and misaddressed deliveries, counting each outcome', async () => {
    const { receiver, received, outcomes } = setup();
    // Forged and misaddressed deliveries get one and the same answer (nothing tells which tenants
    // and sources exist; they were 404 before); the metric keeps each reason.
    const unauthorized = { status: 401, outcome: 'unauthorized' };
    expect(await receiver.receive(delivery(UPDATED, { secret: 'wrong' }))).toEqual(unauthorized);
    const once = delivery(UPDATED);
    expect((await receiver.receive(once)).status).toBe(202);
    expect(await receiver.receive(once)).toEqual({ status: 200, outcome: 'replayed' });
    expect(await receiver.receive(delivery('{not json'))).toEqual({ status: 400, outcome: 'malformed' });
    expect(await receiver.receive(delivery({ event: 'contact_created' }))).toEqual({ status: 202, outcome: 'ignored' });
    expect(await receiver.receive(delivery(UPDATED, { tenantId: 'nope' }))).toEqual(unauthorized);
    expect(await receiver.receive(delivery(UPDATED, { sourceKey: 'iron' }))).toEqual(unauthorized);
    expect(receiver.refused('t1', 'voxys', { status: 413, outcome: 'too_large' })).toEqual({ status: 413, outcome: 'too_large' });
    await receiver.drain();
    expect(received).toHaveLength(1);
    expect(await outcomes()).toEqual({
      'voxys/forged': 1,
      'voxys/accepted': 1,
      'voxys/replayed': 1,
      'voxys/malformed': 1,
      'voxys/ignored': 1,
      'unknown/unknown_target': 1,
      'iron/unknown_target': 1,
      'voxys/too_large': 1,
    });
  });
});
