import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InboxEvent } from '../src/events/event.js';
import { CHANGE_READS_IN_FLIGHT } from '../src/webhooks/receiver.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import type { VoxysLive } from '../simulators/voxys/live.js';
import type { ConversationRow } from '../simulators/voxys/records.js';
import { startStack, type Stack } from './support/stack.js';
import { setSimulatorKnobs, postConversationUpdated } from './support/voxys-webhooks.js';

/**
 * A busy conversation while every read slot is taken (a slow platform): its changes wait for a
 * slot, and those waiting together share one fresh read of the conversation, which starts after
 * all of them arrived. Counts, not timings: one read for the whole burst instead of one per
 * message, every message published once and in order, the last state published, nothing counted
 * lost. (A change never joins a read already under way: webhook-burst-last-state-published.)
 */

const SECRET = 'whsec-shared-reads';
const BURST = 10;
const READ_ROUTE = 'GET /api/v1/accounts/:account_id/conversations/:conversation_id';

let stack: Stack;
const events: InboxEvent[] = [];
let unsubscribe: () => void;

beforeAll(async () => {
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'shared-change-reads', size: 40 }],
    sourceOverrides: { voxys: { webhookSecret: SECRET, cacheTtlMs: 0, retries: 0 } },
  });
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

/** A signed Chatwoot `conversation_updated` webhook for one conversation: its change holds a read slot. */
async function conversationUpdated(conversationId: number): Promise<void> {
  expect(await postConversationUpdated(stack.url, 't1', SECRET, conversationId)).toBe(202);
}

async function droppedTotal(): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('gateway_events_dropped_total{') && !l.includes('reason="duplicate"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('changes of one conversation waiting for a read slot', () => {
  it(`share one read: ${BURST} messages while ${CHANGE_READS_IN_FLIGHT} slow reads hold every slot cost one read, each message published once, in order`, async () => {
    const db = stack.sims.t1!.voxys.db as VoxysDb;
    const live = stack.sims.t1!.voxys.live as VoxysLive;
    const open = [...db.conversations.values()].filter((c) => c.status === 'open' && db.inboxes.get(c.inbox_id)!.channel_type !== 'Channel::Email');
    const [target, sentinel, ...others] = open as [ConversationRow, ConversationRow, ...ConversationRow[]];
    const fillers = others.slice(0, CHANGE_READS_IN_FLIGHT);
    expect(fillers).toHaveLength(CHANGE_READS_IN_FLIGHT);
    const droppedBefore = await droppedTotal();
    await voxysKnobs({ latencyMs: 300 });
    stack.resetCounts();

    // Every slot taken by a slow read, then a burst into one conversation and a sentinel elsewhere.
    for (const filler of fillers) await conversationUpdated(filler.display_id);
    const injected: string[] = [];
    for (let i = 0; i < BURST; i++) injected.push((await live.injectInboundMessage(String(target.display_id), `shared read ${i}`)).id);
    const last = await live.injectInboundMessage(String(sentinel.display_id), 'sentinel');
    await live.settled();
    await vi.waitFor(() => expect(events.some((e) => e.type === 'messageAdded' && e.message?.upstreamId === last.id)).toBe(true), { timeout: 30_000, interval: 50 });
    await voxysKnobs({ latencyMs: 0 });

    const mine = events.filter((e) => e.conversationUpstreamId === String(target.display_id));
    expect(mine.filter((e) => e.type === 'messageAdded').map((e) => e.message?.upstreamId)).toEqual(injected);
    // The shared read saw the whole burst: the conversation's last state carries the last message.
    const updated = mine.filter((e) => e.type === 'conversationUpdated');
    expect(updated.at(-1)!.conversation!.lastMessagePreview).toContain(`shared read ${BURST - 1}`);
    // One read per filler, one for the whole burst, one for the sentinel (one per change before).
    expect(stack.sims.t1!.voxys.server.requestCounts().byRoute).toEqual({ [READ_ROUTE]: CHANGE_READS_IN_FLIGHT + 2 });
    expect(await droppedTotal()).toBe(droppedBefore);
  });
});
