import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InboxEvent } from '../src/events/event.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import type { ConversationRow } from '../simulators/voxys/records.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * A burst of contact messages into one Voxys conversation, each reported by the simulator's own
 * signed `message_created` webhook to a real gateway, with a slow platform (so the changes' fresh
 * reads overlap): every message is published once as messageAdded, in order, and the last
 * conversationUpdated carries the last message's preview and activity, so subscribers never keep
 * a stale inbox row after a burst.
 */

const SECRET = 'whsec-burst-last-state';
const BURST = 20;

let stack: Stack;
const events: InboxEvent[] = [];
let unsubscribe: () => void;

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'burst-last-state', size: 20 }], sourceOverrides: { voxys: { webhookSecret: SECRET } } });
  stack.sims.t1!.voxys.live.setWebhookTarget({ url: `${stack.url}/webhooks/t1/voxys`, secret: SECRET });
  const subscription = await stack.gateway.bus.subscribe('t1', null, (event) => events.push(event));
  unsubscribe = () => subscription.unsubscribe();
}, 60_000);

afterAll(async () => {
  unsubscribe?.();
  await stack?.close();
});

async function voxysKnobs(knobs: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${stack.sims.t1!.urls.voxys}/__admin/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
  expect(response.status).toBe(200);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injects BURST contact messages into one conversation (each delivered to the gateway before the
 * next is written when `spaced`, so reads of earlier changes are still in flight at the platform
 * when later messages arrive), then a sentinel elsewhere: changes are published in arrival order,
 * so once the sentinel's message is out every change of the burst has been published.
 */
async function burst(spacedMs: number | null) {
  const db = stack.sims.t1!.voxys.db as VoxysDb;
  const live = stack.sims.t1!.voxys.live;
  const open = [...db.conversations.values()].filter((c) => c.status === 'open' && db.inboxes.get(c.inbox_id)!.channel_type !== 'Channel::Email' && !used.has(c.display_id));
  const [target, sentinel] = open as [ConversationRow, ConversationRow];
  used.add(target.display_id).add(sentinel.display_id);
  const conversationId = String(target.display_id);
  const from = events.length;
  stack.resetCounts();
  const deliveredFrom = live.deliveries.length;
  const injected: string[] = [];
  for (let i = 0; i < BURST; i++) {
    injected.push((await live.injectInboundMessage(conversationId, `burst message ${i}`)).id);
    if (spacedMs !== null) {
      await live.settled();
      await sleep(spacedMs);
    }
  }
  const last = await live.injectInboundMessage(String(sentinel.display_id), 'sentinel');
  await live.settled();
  await vi.waitFor(() => expect(events.some((e) => e.type === 'messageAdded' && e.message?.upstreamId === last.id)).toBe(true), { timeout: 30_000, interval: 50 });
  const mine = events.slice(from).filter((e) => e.conversationUpstreamId === conversationId);
  return {
    injected,
    added: mine.filter((e) => e.type === 'messageAdded').map((e) => e.message?.upstreamId),
    updated: mine.filter((e) => e.type === 'conversationUpdated').map((e) => e.conversation!),
    lastActivityMs: Math.floor(db.lastMessage(target.display_id)!.created_at) * 1000,
    calls: stack.sims.t1!.voxys.server.requestCounts().byRoute,
    delivered: live.deliveries.slice(deliveredFrom),
  };
}

const used = new Set<number>();

describe('a burst of webhooks for one conversation, from a slow platform', () => {
  beforeAll(() => voxysKnobs({ latencyMs: 100 }));

  it('written back to back (every read sees the whole burst): each message once, and one conversationUpdated with the last state', async () => {
    const { injected, added, updated, lastActivityMs, calls, delivered } = await burst(null);
    expect(added).toEqual(injected);
    // Every delivery's change read the conversation itself (a contact's first message also brings a
    // conversation_updated): none joined another's read.
    expect(delivered.every((d) => d.status === 202)).toBe(true);
    expect(calls, JSON.stringify({ calls, delivered })).toEqual({ 'GET /api/v1/accounts/:account_id/conversations/:conversation_id': delivered.length });
    // Every change's fresh read found the same, final state: published once, the rest are duplicates.
    expect(updated.map((c) => c.lastMessagePreview)).toEqual([`burst message ${BURST - 1}`]);
    expect(new Date(updated.at(-1)!.lastActivityAt).getTime()).toBe(lastActivityMs);
  }, 60_000);

  it('arriving while earlier reads are in flight: each message once, and the last conversationUpdated carries the last message', async () => {
    const { injected, added, updated, lastActivityMs, calls, delivered } = await burst(20);
    expect(added).toEqual(injected);
    // Reads overlapped, yet none was satisfied by a read that began before its change arrived.
    expect(delivered.every((d) => d.status === 202)).toBe(true);
    expect(calls, JSON.stringify({ calls, delivered })).toEqual({ 'GET /api/v1/accounts/:account_id/conversations/:conversation_id': delivered.length });
    const previews = updated.map((c) => c.lastMessagePreview);
    // States are published in arrival order and never go back to an older message.
    const order = previews.map((p) => Number(p?.replace('burst message ', '')));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(previews.at(-1)).toBe(`burst message ${BURST - 1}`);
    expect(new Date(updated.at(-1)!.lastActivityAt).getTime()).toBe(lastActivityMs);
    console.log('spaced burst: conversationUpdated previews', order.join(','));
  }, 60_000);
});
