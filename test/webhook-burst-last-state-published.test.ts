import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InboxEvent } from '../src/events/event.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import type { VoxysLive } from '../simulators/voxys/live.js';
import type { ConversationRow } from '../simulators/voxys/records.js';
import { startStack, type Stack } from './support/stack.js';
import { setSimulatorKnobs } from './support/voxys-webhooks.js';

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
  expect(await setSimulatorKnobs(stack.sims.t1!.urls.voxys, knobs)).toBe(200);
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
  const live = stack.sims.t1!.voxys.live as VoxysLive;
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
const CONVERSATION_READ = 'GET /api/v1/accounts/:account_id/conversations/:conversation_id';

/**
 * Every delivery was accepted and its change read the conversation at most once (a contact's first
 * message also brings a conversation_updated). Fewer reads than deliveries is allowed here: two
 * changes whose reads both begin after both arrived may share one read (the test below proves a
 * read that began before a change arrived is never shared with it).
 */
function expectAtMostOneReadEach(calls: Record<string, number>, delivered: { status: number | null }[]): void {
  expect(delivered.every((d) => d.status === 202)).toBe(true);
  expect(Object.keys(calls)).toEqual([CONVERSATION_READ]);
  expect(calls[CONVERSATION_READ]).toBeGreaterThan(0);
  expect(calls[CONVERSATION_READ]).toBeLessThanOrEqual(delivered.length);
}

describe('a burst of webhooks for one conversation, from a slow platform', () => {
  beforeAll(() => voxysKnobs({ latencyMs: 100 }));

  it('written back to back (every read sees the whole burst): each message once, and one conversationUpdated with the last state', async () => {
    const { injected, added, updated, lastActivityMs, calls, delivered } = await burst(null);
    expect(added).toEqual(injected);
    expectAtMostOneReadEach(calls, delivered);
    // Every change's fresh read found the same, final state: published once, the rest are duplicates.
    expect(updated.map((c) => c.lastMessagePreview)).toEqual([`burst message ${BURST - 1}`]);
    expect(new Date(updated.at(-1)!.lastActivityAt).getTime()).toBe(lastActivityMs);
  }, 60_000);

  it('arriving while earlier reads are in flight: each message once, and the last conversationUpdated carries the last message', async () => {
    const { injected, added, updated, lastActivityMs, calls, delivered } = await burst(20);
    expect(added).toEqual(injected);
    expectAtMostOneReadEach(calls, delivered);
    const previews = updated.map((c) => c.lastMessagePreview);
    // States are published in arrival order and never go back to an older message.
    const order = previews.map((p) => Number(p?.replace('burst message ', '')));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(previews.at(-1)).toBe(`burst message ${BURST - 1}`);
    expect(new Date(updated.at(-1)!.lastActivityAt).getTime()).toBe(lastActivityMs);
  }, 60_000);

  it("a change arriving while an earlier change's read of the same conversation is in flight reads again, and ends on its state", async () => {
    const db = stack.sims.t1!.voxys.db as VoxysDb;
    const live = stack.sims.t1!.voxys.live as VoxysLive;
    // Waiting already, so each contact message is one message_created and nothing else.
    const target = [...db.conversations.values()].find(
      (c) => c.status === 'open' && c.waiting_since !== null && db.inboxes.get(c.inbox_id)!.channel_type !== 'Channel::Email' && !used.has(c.display_id),
    )!;
    used.add(target.display_id);
    const conversationId = String(target.display_id);
    await voxysKnobs({ latencyMs: 400 });
    stack.resetCounts();
    const from = events.length;
    const first = await live.injectInboundMessage(conversationId, 'before the read');
    await live.settled();
    // The first change's read is at the platform (held there by the latency) before the second message exists.
    await vi.waitFor(() => expect(stack.sims.t1!.voxys.server.requestCounts().total).toBe(1), { timeout: 10_000, interval: 5 });
    const second = await live.injectInboundMessage(conversationId, 'during the read');
    await live.settled();
    const mine = () => events.slice(from).filter((e) => e.conversationUpstreamId === conversationId);
    await vi.waitFor(
      () =>
        expect(
          mine()
            .filter((e) => e.type === 'messageAdded')
            .map((e) => e.message?.upstreamId),
        ).toEqual([first.id, second.id]),
      { timeout: 10_000, interval: 20 },
    );
    await vi.waitFor(
      () =>
        expect(
          mine()
            .filter((e) => e.type === 'conversationUpdated')
            .at(-1)?.conversation?.lastMessagePreview,
        ).toBe('during the read'),
      { timeout: 10_000, interval: 20 },
    );
    // The second change did not join the read that began before it arrived: it made its own.
    expect(stack.sims.t1!.voxys.server.requestCounts().byRoute).toEqual({ [CONVERSATION_READ]: 2 });
    await voxysKnobs({ latencyMs: 100 });
  }, 60_000);
});
