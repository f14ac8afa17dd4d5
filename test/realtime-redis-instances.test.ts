import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../src/pipeline/auth.js';
import { validateConfig } from '../src/config/load.js';
import { connectWebhooks } from '../src/demo.js';
import { decodeId } from '../src/graph/ids.js';
import type { Gateway } from '../src/gateway.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';
import { createCapturedGateway } from './support/capture.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * Two gateway instances on one real Redis (REDIS_URL): an event entering either instance reaches
 * subscribers on both exactly once, and `since` replays from the shared Redis Stream.
 */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED realtime-redis-instances: REDIS_URL is not set');
const SECRET = 'test-secret-that-is-long-enough-0123456789';
const SECRETS = { voxys: 'redis-voxys-secret', chatvolt: 'redis-chatvolt-token' };
// A tenant id of its own per run: the Redis Streams of earlier runs never interfere.
const TENANT = `t${randomUUID().slice(0, 8)}`;

let sims: SimulatorSet;
const gateways: Gateway[] = [];
const clients: WsTestClient[] = [];

beforeAll(async () => {
  if (!REDIS_URL) return;
  sims = await startSimulators({ seed: 'redis-rt', size: 8 });
  const config = validateConfig({
    auth: { jwt: { secret: SECRET } },
    tenants: {
      [TENANT]: {
        sources: Object.fromEntries(
          SIMULATED_SOURCES.map((s) => [
            s,
            {
              type: s,
              baseUrl: sims.urls[s],
              ...sims[s].sourceConfig,
              ...(s in SECRETS ? { webhookSecret: SECRETS[s as 'voxys'] } : {}),
              ...(s === 'iron' ? { pollIntervalMs: 250 } : {}),
            },
          ]),
        ),
        users: { alice: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[s].identities.alice])) },
      },
    },
    redis: { url: REDIS_URL },
    limits: { requestsPerMinute: 0 },
  });
  for (let i = 0; i < 2; i++) {
    const gateway = createCapturedGateway(
      `instance-${i}`,
      config,
      SIMULATED_SOURCES.map((s) => sims[s].db),
    );
    await gateway.listen(0, '127.0.0.1', { polling: false });
    gateways.push(gateway);
  }
  // The platforms deliver their webhooks to instance A only.
  connectWebhooks(sims, gateways[0]!.url, TENANT, SECRETS);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(gateways.map((g) => g.close()));
  await sims?.close();
});

const MESSAGES = `subscription($since: String) { messageAdded(sources: [VOXYS], since: $since) { cursor message { id } } }`;
type Event = { messageAdded: { cursor: string; message: { id: string } } };

async function subscriber(gateway: Gateway, since?: string) {
  const token = await mintToken({ secret: SECRET, sub: 'alice', tenant: TENANT });
  const client = new WsTestClient(gateway.url, token);
  clients.push(client);
  return client.subscribe<Event>(MESSAGES, since ? { since } : {});
}

describe.skipIf(!REDIS_URL)('two instances on one Redis', () => {
  it('a webhook into A reaches subscribers on A and on B, each exactly once', async () => {
    const [a, b] = [await subscriber(gateways[0]!), await subscriber(gateways[1]!)];
    await settle(300);
    const injected = await sims.voxys.live.injectInboundMessage(undefined, `to both ${randomUUID()}`);
    const [onA] = await a.waitFor(1);
    const [onB] = await b.waitFor(1);
    for (const event of [onA!, onB!]) expect(decodeId(event.data!.messageAdded.message.id)!.upstreamId).toBe(injected.id);
    expect(onA!.data!.messageAdded.cursor).toBe(onB!.data!.messageAdded.cursor);

    // The same message sent through instance B's mutation path and reported by webhook to A: one event.
    await settle(500);
    expect(a.events).toHaveLength(1);
    expect(b.events).toHaveLength(1);
  });

  it('a client of B that was away replays from the shared stream with `since`, then continues live', async () => {
    const first = await subscriber(gateways[1]!);
    await settle(300);
    await sims.voxys.live.injectInboundMessage(undefined, 'before');
    const [seen] = await first.waitFor(1);
    first.dispose();
    const missed: string[] = [];
    for (let i = 0; i < 20; i++) missed.push((await sims.voxys.live.injectInboundMessage(undefined, `missed ${i}`)).id);
    const probe = await subscriber(gateways[0]!);
    await settle(200);
    const sentinel = await sims.voxys.live.injectInboundMessage(undefined, 'sentinel');
    await expect.poll(() => probe.events.some((e) => decodeId(e.data!.messageAdded.message.id)!.upstreamId === sentinel.id), { timeout: 15_000 }).toBe(true);

    const back = await subscriber(gateways[1]!, seen!.data!.messageAdded.cursor);
    const replayed = await back.waitFor(21);
    expect(replayed.slice(0, 20).map((e) => decodeId(e.data!.messageAdded.message.id)!.upstreamId)).toEqual(missed);
    const live = await sims.voxys.live.injectInboundMessage(undefined, 'live again');
    await back.waitFor(22);
    expect(decodeId(back.events[21]!.data!.messageAdded.message.id)!.upstreamId).toBe(live.id);
    const ids = back.events.map((e) => e.data!.messageAdded.message.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('only one instance polls Iron; when it stops, another takes over where it left off', async () => {
    const poller = (g: Gateway) => g.pollers.find((p) => p.tenant.id === TENANT && p.sourceKey === 'iron')!;
    const listCalls = () => sims.iron.server.requestCounts().byRoute['GET /api/v1/conversations'] ?? 0;
    const token = await mintToken({ secret: SECRET, sub: 'alice', tenant: TENANT });
    const client = new WsTestClient(gateways[1]!.url, token);
    clients.push(client);
    const sub = client.subscribe<{ messageAdded: { message: { id: string } } }>(`subscription { messageAdded(sources: [IRON]) { cursor message { id } } }`);
    await settle(300);

    await poller(gateways[0]!).tick(); // A takes the lease and sets the shared watermark
    const before = listCalls();
    await poller(gateways[1]!).tick(); // B does not hold it: no call
    expect(listCalls()).toBe(before);

    const first = await sims.iron.live.injectInboundMessage(undefined, 'polled once');
    await poller(gateways[0]!).tick();
    await poller(gateways[1]!).tick();
    await sub.waitFor(1);
    expect(decodeId(sub.events[0]!.data!.messageAdded.message.id)!.upstreamId).toBe(first.id);

    // A stops polling (as if it died); its lease lapses; B resumes from A's watermark: no gap.
    const second = await sims.iron.live.injectInboundMessage(undefined, 'after the takeover');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await poller(gateways[1]!).tick();
    await sub.waitFor(2);
    expect(decodeId(sub.events[1]!.data!.messageAdded.message.id)!.upstreamId).toBe(second.id);
    await settle(300);
    expect(sub.events).toHaveLength(2);
  });
});
