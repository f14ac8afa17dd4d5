import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../src/graph/global-ids.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationModel } from '../src/model/index.js';
import { resolvers } from '../src/resolvers/index.js';
import { startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient, type TestSubscription } from './support/ws.js';

/**
 * Subscribers with the same operation share one execution per event: the event's resolvers run
 * once for all of them (counted by wrapping the resolvers before the gateway is built), across the
 * tenant's users when the selection reads nothing of the viewer, once per viewer when it does, and
 * never across tenants. Filters are applied before anything runs.
 */
const calls = { cursor: 0, lastMessage: 0 };
const events = resolvers.ConversationUpdatedEvent as Record<string, (...args: unknown[]) => unknown>;
const conversationFields = resolvers.Conversation as Record<string, (...args: unknown[]) => unknown>;
const cursor = events.cursor!;
const lastMessage = conversationFields.lastMessage!;
events.cursor = (...args) => {
  calls.cursor++;
  return cursor(...args);
};
conversationFields.lastMessage = (...args) => {
  calls.lastMessage++;
  return lastMessage(...args);
};

let stack: Stack;
const conversations: Record<string, ConversationModel> = {};
beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 't1', seed: 'share-1', size: 4 },
      { id: 't2', seed: 'share-2', size: 4 },
    ],
  });
  for (const tenant of ['t1', 't2']) {
    conversations[tenant] = (await stack.gateway.systemSources(tenant).connector('iron').listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 2 })).items[0]!;
  }
});
afterAll(async () => stack?.close());

function publish(tenant: string, conversation = conversations[tenant]!) {
  return stack.gateway.bus.publish({
    tenant,
    type: 'conversationUpdated',
    sourceKey: 'iron',
    sourceType: 'iron',
    conversationUpstreamId: conversation.upstreamId,
    dedupeKey: `share-${randomUUID()}`,
    conversation,
  });
}

type Update = { conversationUpdated: { cursor: string; conversation: { id: string; title: string | null; lastMessage?: { id: string } | null } } };

async function subscribers(tenant: string, users: string[], query: string, variables: Record<string, unknown> = {}) {
  const clients: WsTestClient[] = [];
  const subs: TestSubscription<Update>[] = [];
  for (const user of users) {
    const client = new WsTestClient(stack.url, await stack.token(tenant, user));
    clients.push(client);
    subs.push(client.subscribe<Update>(query, variables));
  }
  return { clients, subs };
}

async function active(): Promise<number> {
  const line = (await (await fetch(`${stack.url}/metrics`)).text()).split('\n').find((l) => l.startsWith('gateway_subscriptions_active'));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('one execution per event', () => {
  it("60 subscribers of three users with one operation: each event's resolvers run once, and everyone gets the same frame", async () => {
    const users = Array.from({ length: 60 }, (_, i) => ['alice', 'bob', 'carol'][i % 3]!);
    // `since` differs per subscriber: it picks where a replay starts, not what an event resolves to.
    const query = 'subscription($since: String) { conversationUpdated(since: $since) { cursor conversation { id title status } } }';
    const { clients, subs } = await subscribers('t1', users, query);
    await expect.poll(active, { timeout: 15_000 }).toBe(60);
    calls.cursor = 0;
    for (let i = 0; i < 10; i++) await publish('t1');
    await Promise.all(subs.map((s) => s.waitFor(10)));
    await settle(200);
    expect(calls.cursor).toBe(10);
    for (const s of subs) expect(s.events).toEqual(subs[0]!.events);
    await Promise.all(clients.map((c) => c.close()));
    await expect.poll(active, { timeout: 10_000 }).toBe(0);
  });

  it('a selection that reads through the viewer (lastMessage calls the platform as the user) runs once per viewer, not once per subscriber', async () => {
    const users = Array.from({ length: 30 }, (_, i) => ['alice', 'bob'][i % 2]!);
    const { clients, subs } = await subscribers('t1', users, 'subscription { conversationUpdated { cursor conversation { id lastMessage { id } } } }');
    await expect.poll(active, { timeout: 15_000 }).toBe(30);
    calls.cursor = 0;
    calls.lastMessage = 0;
    for (let i = 0; i < 5; i++) await publish('t1');
    await Promise.all(subs.map((s) => s.waitFor(5)));
    await settle(200);
    expect(calls.lastMessage).toBe(5 * 2);
    expect(calls.cursor).toBe(5 * 2);
    for (const s of subs) expect(s.events.every((e) => e.data?.conversationUpdated.conversation.lastMessage !== undefined)).toBe(true);
    await Promise.all(clients.map((c) => c.close()));
    await expect.poll(active, { timeout: 10_000 }).toBe(0);
  });

  it('the same operation in two tenants is two executions, and neither tenant sees the other', async () => {
    const query = 'subscription { conversationUpdated { cursor conversation { id title } } }';
    const a = await subscribers('t1', ['alice', 'bob'], query);
    const b = await subscribers('t2', ['alice', 'bob'], query);
    await expect.poll(active, { timeout: 15_000 }).toBe(4);
    calls.cursor = 0;
    for (let i = 0; i < 4; i++) await publish('t1');
    for (let i = 0; i < 3; i++) await publish('t2');
    await Promise.all([...a.subs.map((s) => s.waitFor(4)), ...b.subs.map((s) => s.waitFor(3))]);
    await settle(300);
    expect(calls.cursor).toBe(4 + 3);
    const t1Id = a.subs[0]!.events[0]!.data!.conversationUpdated.conversation.id;
    for (const s of a.subs) expect(s.events.map((e) => e.data!.conversationUpdated.conversation.id)).toEqual(Array(4).fill(t1Id));
    for (const s of b.subs) {
      expect(s.events).toHaveLength(3);
      expect(s.events.every((e) => e.data!.conversationUpdated.conversation.id !== t1Id)).toBe(true);
    }
    await Promise.all([...a.clients, ...b.clients].map((c) => c.close()));
  });

  it('filters come before execution: subscribers of one conversation cost nothing when another changes', async () => {
    const [watched, other] = (await stack.gateway.systemSources('t1').connector('iron').listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 2 })).items;
    const id = encodeId('Conversation', watched!.ref, watched!.upstreamId);
    const { clients, subs } = await subscribers('t1', ['alice', 'alice', 'bob'], 'subscription($id: ID) { conversationUpdated(conversationId: $id) { cursor } }', { id });
    await expect.poll(active, { timeout: 15_000 }).toBe(3);
    calls.cursor = 0;
    for (let i = 0; i < 5; i++) await publish('t1', other!);
    await settle(300);
    expect(calls.cursor).toBe(0);
    expect(subs.every((s) => s.events.length === 0)).toBe(true);
    for (let i = 0; i < 2; i++) await publish('t1', watched!);
    await Promise.all(subs.map((s) => s.waitFor(2)));
    expect(calls.cursor).toBe(2);
    await Promise.all(clients.map((c) => c.close()));
  });
});
