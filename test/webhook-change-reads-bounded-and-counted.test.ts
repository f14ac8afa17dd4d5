import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxEvent } from '../src/events/event.js';
import { CHANGE_READS_IN_FLIGHT } from '../src/webhooks/receiver.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { startStack, type Stack } from './support/stack.js';
import { postConversationUpdated } from './support/voxys-webhooks.js';

/**
 * Webhook ingestion under a burst and under a failing platform, with a real gateway in front of
 * the real Voxys simulator: at most CHANGE_READS_IN_FLIGHT changes are read from the platform at
 * once (the rest wait their turn) and every change is still published once, in arrival order; a
 * change whose fresh read fails is counted in `gateway_events_dropped_total{reason="change_unread"}`
 * (once per change) and publishes nothing, and webhooks flow again once the platform is back.
 */

const SECRET = 'whsec-bounded-reads';
const BURST = 30;
const FAILING = 5;

let stack: Stack;
const events: InboxEvent[] = [];
let unsubscribe: () => void;
/** Conversation ids (Voxys display ids) not yet used by a test: each change is a first state. */
let unused: string[];

beforeAll(async () => {
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'bounded-change-reads', size: 80 }],
    // No cached reads (every change reads the platform), no retries (one call per failed read), and a
    // breaker that never trips here (the outage below must not leave it open after recovery).
    sourceOverrides: { voxys: { webhookSecret: SECRET, cacheTtlMs: 0, retries: 0, circuitBreaker: { window: 10_000, minimumCalls: 10_000 } } },
  });
  const subscription = await stack.gateway.bus.subscribe('t1', null, (event) => events.push(event));
  unsubscribe = () => subscription.unsubscribe();
  unused = [...(stack.sims.t1!.voxys.db as VoxysDb).conversations.values()].map((c) => String(c.display_id));
}, 60_000);

afterAll(async () => {
  unsubscribe?.();
  await stack?.close();
});

beforeEach(async () => {
  events.length = 0;
  await voxysKnobs({ latencyMs: 0, outage: false, errorRate: 0 });
  stack.resetCounts();
});

function take(count: number): string[] {
  if (unused.length < count) throw new Error('the seed has too few conversations for this test');
  return unused.splice(0, count);
}

async function voxysKnobs(knobs: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${stack.sims.t1!.urls.voxys}/__admin/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
  expect(response.status).toBe(200);
}

/** A signed Chatwoot `conversation_updated` webhook for one conversation, POSTed to the gateway; its HTTP status. */
async function deliver(conversationId: string): Promise<number> {
  return postConversationUpdated(stack.url, 't1', SECRET, conversationId);
}

/**
 * Delivers a last webhook and waits for its event: changes are published in arrival order, so once
 * it is out every change that arrived before it has been published (or dropped).
 */
async function settleWith(conversationId: string): Promise<void> {
  expect(await deliver(conversationId)).toBe(202);
  await vi.waitFor(() => expect(events.some((e) => e.conversationUpstreamId === conversationId)).toBe(true), { timeout: 20_000, interval: 20 });
}

async function droppedUnread(): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_events_dropped_total{reason="change_unread"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

const conversationReads = () => stack.sims.t1!.voxys.server.requestCounts().byRoute;
const updatedIds = () => events.filter((e) => e.type === 'conversationUpdated').map((e) => e.conversationUpstreamId);

describe('webhook changes read from a slow platform', () => {
  it(`reads at most ${CHANGE_READS_IN_FLIGHT} at once, and publishes every change once, in arrival order`, async () => {
    const [sentinel, ...burst] = take(BURST + 1) as [string, ...string[]];
    await voxysKnobs({ latencyMs: 200 });
    stack.resetCounts();
    // Back to back: each is answered (202) before its read starts, so all 30 reads are wanted at once
    // while the order they arrived in is known.
    for (const id of burst) expect(await deliver(id)).toBe(202);
    await settleWith(sentinel);

    const peak = stack.sims.t1!.voxys.server.inFlightPeak();
    expect(peak).toBeLessThanOrEqual(CHANGE_READS_IN_FLIGHT);
    // The bound is what held them back: the reads did overlap up to it.
    expect(peak).toBe(CHANGE_READS_IN_FLIGHT);
    expect(updatedIds()).toEqual([...burst, sentinel]);
    expect(events.every((e) => e.type === 'conversationUpdated')).toBe(true);
    // One fresh read of each conversation, nothing else.
    expect(conversationReads()).toEqual({ 'GET /api/v1/accounts/:account_id/conversations/:conversation_id': BURST + 1 });
  });
});

describe('webhook changes whose platform read fails', () => {
  it('counts each lost change once as change_unread, publishes nothing for it, and publishes again once the platform is back', async () => {
    const before = await droppedUnread();
    const failing = take(FAILING);
    await voxysKnobs({ outage: true });
    stack.resetCounts();
    for (const id of failing) expect(await deliver(id)).toBe(202);
    await vi.waitFor(async () => expect(await droppedUnread()).toBe(before + FAILING), { timeout: 20_000, interval: 50 });
    expect(events).toEqual([]);

    // 500s rather than an outage: the same.
    const erroring = take(FAILING);
    await voxysKnobs({ outage: false, errorRate: 1 });
    for (const id of erroring) expect(await deliver(id)).toBe(202);
    await vi.waitFor(async () => expect(await droppedUnread()).toBe(before + 2 * FAILING), { timeout: 20_000, interval: 50 });

    // Recovered: new webhooks are read and published, and nothing more is counted lost.
    await voxysKnobs({ errorRate: 0 });
    const [sentinel, ...recovered] = take(FAILING + 1) as [string, ...string[]];
    for (const id of recovered) expect(await deliver(id)).toBe(202);
    await settleWith(sentinel);
    expect(updatedIds()).toEqual([...recovered, sentinel]);
    expect(await droppedUnread()).toBe(before + 2 * FAILING);
    // Each failed change was one failed read (no retries configured): nothing read them twice.
    expect(stack.sims.t1!.voxys.server.requestCounts().total).toBe(2 * FAILING + FAILING + 1);
  });
});
