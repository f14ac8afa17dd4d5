import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWebhooks } from '../src/demo.js';
import { decodeId } from '../src/graph/ids.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient, type TestSubscription } from './support/ws.js';

/**
 * Tenant isolation on the live paths, two tenants with different data and their own webhook
 * secrets, two users each: subscriptions (unfiltered, or aimed at the other tenant's conversation),
 * `since` cursors of the other tenant, webhooks delivered to the other tenant's address, and
 * sendMessage idempotency keys reused across tenants and users. Zero events or messages cross;
 * each refusal comes with its code. Queries and mutations: test/isolation-suite.test.ts.
 */
const TENANTS = ['acme', 'globex'] as const;
type Tenant = (typeof TENANTS)[number];
const SECRETS = {
  acme: { voxys: 'acme-voxys-webhook-secret-000', chatvolt: 'acme-chatvolt-webhook-token-000' },
  globex: { voxys: 'globex-voxys-webhook-secret-000', chatvolt: 'globex-chatvolt-webhook-token-000' },
};
/** Every message or draft injected on acme's platforms carries this, so it can be recognised anywhere. */
const ACME_MARK = `acme-only ${randomUUID()}`;
const MESSAGE_ADDED = `subscription($id: ID, $since: String) { messageAdded(conversationId: $id, since: $since) { cursor message { id content } conversation { id title } } }`;
const SUGGESTION_ADDED = `subscription($id: ID) { suggestionAdded(conversationId: $id) { cursor suggestion { id content } } }`;
const CONVERSATION_UPDATED = `subscription($id: ID) { conversationUpdated(conversationId: $id) { cursor conversation { id title lastMessage { content } } } }`;

let stack: Stack;
const clients: WsTestClient[] = [];
const conversations = {} as Record<Tenant, Record<string, string[]>>;

beforeAll(async () => {
  stack = await startStack({
    tenants: TENANTS.map((id) => ({
      id,
      seed: `isolation-live-${id}`,
      size: 8,
      sourceOverrides: { voxys: { webhookSecret: SECRETS[id].voxys }, chatvolt: { webhookSecret: SECRETS[id].chatvolt }, iron: { pollIntervalMs: 60_000 } },
    })),
  });
  for (const tenant of TENANTS) {
    connectWebhooks(stack.sims[tenant]!, stack.url, tenant, SECRETS[tenant]);
    await ironPoller(tenant).tick(); // the first poll only sets the watermark
    const inbox = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(operation('InboxScreen'), { first: 100 }, { tenant });
    expect(inbox.errors).toBeUndefined();
    conversations[tenant] = {};
    for (const { node } of inbox.data!.conversations.edges) (conversations[tenant][decodeId(node.id)!.sourceKey] ??= []).push(node.id);
  }
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
});

function ironPoller(tenant: Tenant) {
  return stack.gateway.pollers.find((p) => p.tenant.id === tenant && p.sourceKey === 'iron')!;
}
async function client(tenant: Tenant, sub: string): Promise<WsTestClient> {
  const ws = new WsTestClient(stack.url, await stack.token(tenant, sub));
  clients.push(ws);
  return ws;
}
const upstreamIdOf = (id: string) => decodeId(id)!.upstreamId;
/** Events that carry data (a refused subscription's only message carries errors). */
const delivered = (sub: TestSubscription<Record<string, unknown>>) => sub.events.filter((e) => e.data);
const refusal = (sub: TestSubscription<Record<string, unknown>>) => sub.events.find((e) => e.errors)?.errors?.[0]?.extensions?.code ?? null;

/** Acme's platforms produce a message on three platforms (webhooks) and an AI draft (Iron, polled). */
async function acmeActivity(): Promise<void> {
  const sims = stack.sims.acme!;
  await sims.voxys.live.injectInboundMessage(upstreamIdOf(conversations.acme.voxys![0]!), `${ACME_MARK} voxys`);
  await sims.chatvolt.live.injectInboundMessage(upstreamIdOf(conversations.acme.chatvolt![0]!), `${ACME_MARK} chatvolt`);
  await sims.voiceglow.live.injectInboundMessage(undefined, `${ACME_MARK} voiceglow`);
  await sims.iron.live.injectSuggestion!(upstreamIdOf(conversations.acme.iron![0]!), `${ACME_MARK} iron draft`);
  await ironPoller('acme').tick();
}

describe('live paths never cross tenants', () => {
  const acmeCursors: string[] = [];

  it("subscriptions, unfiltered or aimed at the other tenant's conversations, get none of its events", async () => {
    const acme = await client('acme', 'alice');
    const own = [acme.subscribe(MESSAGE_ADDED), acme.subscribe(SUGGESTION_ADDED), acme.subscribe(CONVERSATION_UPDATED)];
    const globexAlice = await client('globex', 'alice');
    const globexBob = await client('globex', 'bob');
    const unfiltered = [globexAlice.subscribe(MESSAGE_ADDED), globexAlice.subscribe(SUGGESTION_ADDED), globexBob.subscribe(CONVERSATION_UPDATED)];
    // Aimed at acme's conversations by id (the ids acme's screens hand out).
    const aimed = [
      globexAlice.subscribe(MESSAGE_ADDED, { id: conversations.acme.voxys![0] }),
      globexBob.subscribe(MESSAGE_ADDED, { id: conversations.acme.chatvolt![0] }),
      globexAlice.subscribe(SUGGESTION_ADDED, { id: conversations.acme.iron![0] }),
      globexBob.subscribe(CONVERSATION_UPDATED, { id: conversations.acme.voxys![0] }),
    ];
    await settle(300);
    await acmeActivity();
    await expect.poll(() => delivered(own[0]!).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => delivered(own[1]!).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await settle(500);
    acmeCursors.push(...delivered(own[0]!).map((e) => (e.data as { messageAdded: { cursor: string } }).messageAdded.cursor));

    for (const sub of [...unfiltered, ...aimed]) expect(delivered(sub), JSON.stringify(delivered(sub)).slice(0, 300)).toEqual([]);
    expect(aimed.map(refusal), "subscriptions to acme's conversations refused").toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    for (const sub of [...unfiltered, ...aimed]) expect(JSON.stringify(sub.events)).not.toContain(ACME_MARK);
  });

  it("`since` with the other tenant's cursor: refused, or a replay of the caller's own events only", async () => {
    expect(acmeCursors.length).toBeGreaterThan(0);
    const globex = await client('globex', 'alice');
    // globex has no events yet: acme's cursor names nothing in its log.
    const early = globex.subscribe(MESSAGE_ADDED, { since: acmeCursors.at(-1) });
    await expect.poll(() => early.events.length > 0 || early.completed, { timeout: 10_000 }).toBe(true);
    expect(delivered(early)).toEqual([]);
    expect(refusal(early)).toBe('BAD_USER_INPUT');

    // Once globex has events of its own, acme's first cursor replays at most globex's.
    const sims = stack.sims.globex!;
    for (let i = 0; i < 4; i++) await sims.voxys.live.injectInboundMessage(upstreamIdOf(conversations.globex.voxys![0]!), `globex's own ${i}`);
    const watcher = globex.subscribe(MESSAGE_ADDED);
    await settle(200);
    await sims.chatvolt.live.injectInboundMessage(undefined, `globex's own chatvolt`);
    await watcher.waitFor(1, 20_000);
    const late = globex.subscribe(MESSAGE_ADDED, { since: acmeCursors[0] });
    await settle(800);
    if (refusal(late) !== null) expect(refusal(late)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(late.events)).not.toContain(ACME_MARK);
  });

  it("webhooks signed for one tenant and sent to the other's address are refused, and publish nothing", async () => {
    const globex = await client('globex', 'bob');
    const watching = [globex.subscribe(MESSAGE_ADDED), globex.subscribe(CONVERSATION_UPDATED)];
    await settle(200);
    const acme = stack.sims.acme!;
    const before = { voxys: acme.voxys.live.deliveries.length, chatvolt: acme.chatvolt.live.deliveries.length, voiceglow: acme.voiceglow.live.deliveries.length };
    // acme's platforms, with acme's secrets, aimed at globex's webhook addresses.
    connectWebhooks(acme, stack.url, 'globex', SECRETS.acme);
    try {
      await acme.voxys.live.injectInboundMessage(undefined, `${ACME_MARK} misdirected voxys`);
      await acme.chatvolt.live.injectInboundMessage(undefined, `${ACME_MARK} misdirected chatvolt`);
      await acme.voiceglow.live.injectInboundMessage(undefined, `${ACME_MARK} misdirected voiceglow`);
      for (const source of ['voxys', 'chatvolt', 'voiceglow'] as const) {
        const answered = () => acme[source].live.deliveries.slice(before[source]);
        await expect.poll(() => answered().length > 0 && answered().every((d) => d.status !== null), { timeout: 10_000 }).toBe(true);
        const statuses = acme[source].live.deliveries.slice(before[source]).map((d) => d.status);
        expect(statuses.length, source).toBeGreaterThan(0);
        expect(new Set(statuses), `${source} deliveries to globex`).toEqual(new Set([401]));
      }
    } finally {
      connectWebhooks(acme, stack.url, 'acme', SECRETS.acme);
    }
    await settle(500);
    for (const sub of watching) expect(delivered(sub)).toEqual([]);
  });

  it('an idempotency key is per tenant and per user: reused elsewhere it never replays or reaches another message', async () => {
    const key = randomUUID();
    const content = `${ACME_MARK} idempotent`;
    const SEND = `mutation($id: ID!, $content: String!, $key: String) { sendMessage(input: { conversationId: $id, content: $content, idempotencyKey: $key }) {
      message { id content } userErrors { code } } }`;
    type Sent = { sendMessage: { message: { id: string; content: string } | null; userErrors: { code: string }[] } };
    const sent = (tenant: Tenant, sub: string, id: string) => stack.gql<Sent>(SEND, { id, content, key }, { tenant, sub });
    const copies = async (tenant: Tenant, id: string) => {
      const screen = await stack.gql<{ conversation: { messages: { edges: { node: { content: string | null } }[] } } }>(
        operation('ConversationScreen'),
        { id, last: 30 },
        { tenant },
      );
      return screen.data!.conversation.messages.edges.filter((e) => e.node.content === content).length;
    };
    const acmeId = conversations.acme.voxys![1]!;
    const globexId = conversations.globex.voxys![1]!;

    const first = await sent('acme', 'alice', acmeId);
    expect(first.data!.sendMessage.userErrors).toEqual([]);
    expect(await copies('acme', acmeId)).toBe(1);
    // globex's alice, same key, same input, her own conversation: a message of her own.
    const other = await sent('globex', 'alice', globexId);
    expect(other.data!.sendMessage.userErrors).toEqual([]);
    expect(await copies('globex', globexId)).toBe(1);
    expect(await copies('acme', acmeId)).toBe(1);
    // acme's bob, same key and input: his own send, not alice's replayed.
    expect((await sent('acme', 'bob', acmeId)).data!.sendMessage.userErrors).toEqual([]);
    expect(await copies('acme', acmeId)).toBe(2);
    // alice again: her own first message, replayed.
    expect((await sent('acme', 'alice', acmeId)).data!.sendMessage.message?.id).toBe(first.data!.sendMessage.message!.id);
    expect(await copies('acme', acmeId)).toBe(2);
    // globex's bob, same key (his first use of it), aimed at acme's conversation: refused, nothing sent anywhere.
    stack.resetCounts();
    const aimed = await sent('globex', 'bob', acmeId);
    expect(aimed.data?.sendMessage.message ?? null).toBeNull();
    expect(aimed.data?.sendMessage.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(stack.upstreamCalls('acme')).toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
    expect(await copies('acme', acmeId)).toBe(2);
    expect(await copies('globex', globexId)).toBe(1);
  });
});
