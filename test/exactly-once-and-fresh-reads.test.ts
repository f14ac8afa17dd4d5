import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { IronDb } from '../simulators/iron/db.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * sendMessage with an idempotency key creates one upstream message whatever the retries
 * (concurrent, or after an upstream timeout), and a write makes the next read fresh within the
 * cache TTL without touching another tenant's cache.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 'acme', seed: 'once-a', size: 12 },
      { id: 'globex', seed: 'once-b', size: 12 },
    ],
    cacheTtlMs: 60_000,
    // A short upstream timeout on Iron, to make a send time out while the platform still performs it.
    sourceOverrides: { iron: { timeoutMs: 400 } },
  });
});
afterAll(async () => stack?.close());

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  message { id content createdAt } userErrors { code message field } } }`;

type SendResult = { sendMessage: { message: { id: string; content: string; createdAt: string } | null; userErrors: { code: string }[] } };

async function firstConversation(source: string, tenant = 'acme', where: (n: { channel: string }) => boolean = () => true): Promise<string> {
  const result = await stack.gql<{ conversations: { edges: { node: { id: string; channel: string } }[] } }>(
    `query($s: [Source!]) { conversations(first: 50, filter: { sources: $s }) { edges { node { id channel } } } }`,
    { s: [source.toUpperCase()] },
    { tenant },
  );
  return result.data!.conversations.edges.map((e) => e.node).find(where)!.id;
}

function posts(source: 'voxys' | 'iron', tenant = 'acme'): number {
  const byRoute = stack.sims[tenant]![source].server.requestCounts().byRoute;
  return Object.entries(byRoute)
    .filter(([route]) => route.startsWith('POST ') && route.endsWith('/messages'))
    .reduce((n, [, count]) => n + count, 0);
}

describe('exactly-once sends', () => {
  it('ten concurrent sendMessage calls with one key: one message upstream, ten identical answers', async () => {
    const conversationId = await firstConversation('voxys');
    const input = { conversationId, content: `Once ${randomUUID()}`, idempotencyKey: randomUUID() };
    const before = posts('voxys');
    const results = await Promise.all(Array.from({ length: 10 }, () => stack.gql<SendResult>(SEND, { input })));
    expect(posts('voxys') - before).toBe(1);
    for (const r of results) expect(r.errors).toBeUndefined();
    const answers = results.map((r) => JSON.stringify(r.data!.sendMessage));
    expect(new Set(answers).size).toBe(1);
    expect(results[0]!.data!.sendMessage.message!.content).toBe(input.content);

    // A later retry (not concurrent) gets the same answer, still without a second message.
    const later = await stack.gql<SendResult>(SEND, { input });
    expect(JSON.stringify(later.data!.sendMessage)).toBe(answers[0]);
    expect(posts('voxys') - before).toBe(1);

    // The same key with another content is a conflict; another user's same key is their own.
    const reused = await stack.gql<SendResult>(SEND, { input: { ...input, content: 'something else' } });
    expect(reused.data!.sendMessage.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
    const bob = await stack.gql<SendResult>(SEND, { input }, { sub: 'bob' });
    expect(bob.data!.sendMessage.message!.id).not.toBe(results[0]!.data!.sendMessage.message!.id);
    expect(posts('voxys') - before).toBe(2);
  });

  it('a retry after an upstream timeout finds the message the first attempt created, and sends nothing', async () => {
    const conversationId = await firstConversation('iron', 'acme', (n) => n.channel !== 'VOICE');
    const input = { conversationId, content: `Slow ${randomUUID()}`, idempotencyKey: randomUUID() };
    const iron = stack.sims.acme!.iron.server;
    // Warm the cache with the conversation, so only the send itself meets the slow platform.
    await stack.gql(`query($id: ID!) { conversation(id: $id) { id assignee { name } } }`, { id: conversationId });
    const before = posts('iron');
    iron.setKnobs({ latencyMs: 800 });
    const first = await stack.gql<SendResult>(SEND, { input });
    iron.setKnobs({ latencyMs: 0 });
    expect(first.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    // The platform still performs the send after the gateway stopped waiting.
    const db = stack.sims.acme!.iron.db as IronDb;
    const upstreamId = decodeId(conversationId)!.upstreamId;
    await expect.poll(() => db.thread(upstreamId).some((a) => a.body === input.content), { timeout: 10_000 }).toBe(true);
    expect(posts('iron') - before).toBe(1);

    const retry = await stack.gql<SendResult>(SEND, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.sendMessage.message!.content).toBe(input.content);
    expect(posts('iron') - before).toBe(1);
    const again = await stack.gql<SendResult>(SEND, { input });
    expect(again.data!.sendMessage.message!.id).toBe(retry.data!.sendMessage.message!.id);
    expect(posts('iron') - before).toBe(1);
  });
});

describe('read after write within the cache TTL', () => {
  it('the next InboxScreen shows the change; the other tenant keeps its cache', async () => {
    const inbox = operation('InboxScreen');
    type Inbox = { conversations: { edges: { node: { id: string; unreadCount: number | null; lastMessage: { id: string } | null } }[] } };
    const warm = await stack.gql<Inbox>(inbox, { first: 50 }, { tenant: 'acme' });
    await stack.gql<Inbox>(inbox, { first: 50 }, { tenant: 'globex' });
    const target = warm.data!.conversations.edges.find((e) => (e.node.unreadCount ?? 0) > 0 && ['voxys', 'iron'].includes(decodeId(e.node.id)!.sourceKey))!.node;

    stack.resetCounts();
    const read = await stack.gql<{ markConversationRead: { conversation: { unreadCount: number }; userErrors: unknown[] } }>(
      `mutation($id: ID!) { markConversationRead(input: { conversationId: $id }) { conversation { unreadCount } userErrors { code } } }`,
      { id: target.id },
    );
    expect(read.data!.markConversationRead).toEqual({ conversation: { unreadCount: 0 }, userErrors: [] });

    const after = await stack.gql<Inbox>(inbox, { first: 50 }, { tenant: 'acme' });
    expect(after.data!.conversations.edges.find((e) => e.node.id === target.id)?.node.unreadCount).toBe(0);

    stack.resetCounts();
    const other = await stack.gql<Inbox>(inbox, { first: 50 }, { tenant: 'globex' });
    expect(other.errors).toBeUndefined();
    expect(stack.upstreamCalls('globex')).toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
  });
});
