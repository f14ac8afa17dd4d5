import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type SimulatorSet } from '../simulators/index.js';
import { startChildGateway, type ChildGateway } from './support/child-gateway.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * What subscribers leave behind: the real entry point in a child process (its heap is its own),
 * 1,000 subscribers (one socket each) connect, receive events that arrive by signed webhook, and
 * leave; after a full collection the gateway's heap is back at its baseline (measured after a first
 * round, so that what is built once, compiled code, caches, the bounded event log, is in it).
 */
const SUBSCRIBERS = 1_000;
const EVENTS = 3;
const WEBHOOK_SECRET = `leak-test-webhook-secret-${process.pid}`;

let sims: SimulatorSet;
let gateway: ChildGateway;
beforeAll(async () => {
  sims = await startSimulators({ seed: 'leak-seed', size: 4 });
  sims.voxys.sourceConfig.webhookSecret = WEBHOOK_SECRET;
  gateway = await startChildGateway(sims);
  sims.voxys.live.setWebhookTarget({ url: `${gateway.url}/webhooks/t1/voxys`, secret: WEBHOOK_SECRET });
}, 90_000);
afterAll(async () => {
  await gateway?.stop();
  await sims?.close();
});

async function metric(name: string): Promise<number> {
  const line = (await (await fetch(`${gateway.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').pop()) : Number.NaN;
}

async function heapMb(): Promise<number> {
  await gateway.collectGarbage();
  return (await metric('nodejs_heap_size_used_bytes')) / 1e6;
}

/** 1,000 subscribers connect, each receives every event, then all leave. */
async function round(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const clients = Array.from({ length: SUBSCRIBERS }, () => new WsTestClient(gateway.url, gateway.token));
  const subs = clients.map((c) =>
    c.subscribe<{ messageAdded: { message: { content: string | null } } }>('subscription { messageAdded { cursor message { content } conversation { id title } } }'),
  );
  await expect.poll(() => metric('gateway_subscriptions_active'), { timeout: 90_000, interval: 500 }).toBe(SUBSCRIBERS);
  for (let i = 0; i < EVENTS; i++) await sims.voxys.live.injectInboundMessage(undefined, `leak ${run} ${i}`);
  const mine = (s: (typeof subs)[number]) => s.events.filter((e) => e.data?.messageAdded.message.content?.startsWith(`leak ${run}`)).length;
  await expect.poll(() => subs.every((s) => mine(s) === EVENTS), { timeout: 90_000, interval: 500 }).toBe(true);
  await Promise.all(clients.map((c) => c.close()));
  await expect.poll(() => metric('gateway_subscriptions_active'), { timeout: 30_000, interval: 500 }).toBe(0);
  await settle(500);
}

describe('subscribers that leave', () => {
  it('1,000 subscribers connect, receive and leave: the heap returns to its baseline', async () => {
    await round();
    const baseline = await heapMb();
    await round();
    await round();
    const after = await heapMb();
    // Each round holds 1,000 sockets, contexts and subscriptions (tens of MB while connected):
    // a per-subscriber leak of even 2 KB would show as 4 MB over two rounds.
    expect(after).toBeLessThan(baseline * 1.05 + 2);
    expect(gateway.alive()).toBe(true);
  }, 600_000);
});
