import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../src/config/load.js';
import { productionNodeFlags } from '../bench/production-flags.js';
import { startSimulators, type SimulatorSet } from '../simulators/index.js';
import { startChildGateway, type ChildGateway } from './support/child-gateway.js';
import { settle, WsTestClient } from './support/ws.js';
import { freePort } from './support/free-port.js';

/**
 * `server.workers: 2`: the real entry point forks two workers that share one port, with Redis
 * carrying events between them. Sockets land on both workers (connections are handed out in
 * turn), and an event arriving by webhook at whichever worker reaches every subscriber exactly
 * once; the primary serves every worker's metrics, summed, on the metrics port. Without Redis,
 * more than one worker is a configuration error.
 */
const REDIS_URL = process.env.REDIS_URL;
const WEBHOOK_SECRET = `cluster-test-webhook-secret-${process.pid}`;

describe('server.workers without Redis', () => {
  it('is refused with a clear configuration error', () => {
    const config = { auth: { jwt: { secret: 'x'.repeat(32) } }, tenants: { t1: { sources: {} } }, server: { workers: 2 } };
    expect(() => validateConfig(config)).toThrow(ConfigError);
    expect(() => validateConfig(config)).toThrow(/workers.*redis/is);
    expect(() => validateConfig({ ...config, server: { workers: 'auto' } })).toThrow(/redis/i);
  });
});

describe.skipIf(!REDIS_URL)('two workers on one port', () => {
  let sims: SimulatorSet;
  let gateway: ChildGateway;
  let metricsUrl: string;
  /** A metric's value summed over its label sets, as the primary serves it. */
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(metricsUrl)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  };
  beforeAll(async () => {
    sims = await startSimulators({ seed: 'cluster-seed', size: 4 });
    sims.voxys.sourceConfig.webhookSecret = WEBHOOK_SECRET;
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    gateway = await startChildGateway(sims, {
      nodeFlags: productionNodeFlags(),
      cluster: { workers: 2, redisUrl: REDIS_URL!, keyPrefix: `gw:cluster-test-${randomUUID()}:`, metricsPort },
    });
    sims.voxys.live.setWebhookTarget({ url: `${gateway.url}/webhooks/t1/voxys`, secret: WEBHOOK_SECRET });
  }, 90_000);
  afterAll(async () => {
    const code = await gateway?.stop();
    await sims?.close();
    expect(code).toBe(0);
  });

  it('serves from both workers, and every subscriber gets each webhook event exactly once', async () => {
    await expect.poll(() => (gateway.output().match(/on http:\/\/localhost:\d+\/graphql/g) ?? []).length, { timeout: 60_000 }).toBe(2);
    expect(gateway.output()).toMatch(/2 workers/);
    // Workers run with the primary's Node flags: production's flags hold in each. (The primary's
    // other children, such as tsx's esbuild service, are not workers.)
    const cmdlineOf = (pid: string): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const workers = readdirSync(`/proc/${gateway.pid}/task`)
      .flatMap((task) => readFileSync(`/proc/${gateway.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean))
      .filter((pid) => cmdlineOf(pid).some((arg) => arg.endsWith('src/main.ts')));
    expect(workers).toHaveLength(2);
    for (const pid of workers) expect(cmdlineOf(pid)).toEqual(expect.arrayContaining(productionNodeFlags()));
    const clients = Array.from({ length: 8 }, () => new WsTestClient(gateway.url, gateway.token));
    const subs = clients.map((c) =>
      c.subscribe<{ messageAdded: { cursor: string; message: { content: string | null } } }>('subscription { messageAdded { cursor message { content } } }'),
    );
    await settle(1_500);
    // The 8 sockets landed on both workers: only the sum over workers counts all of them.
    await expect.poll(() => metric('gateway_subscriptions_active'), { timeout: 15_000 }).toBe(8);
    const run = randomUUID().slice(0, 8);
    for (let i = 0; i < 5; i++) await sims.voxys.live.injectInboundMessage(undefined, `cluster ${run} ${i}`);
    const mine = (s: (typeof subs)[number]) => s.events.filter((e) => e.data?.messageAdded.message.content?.startsWith(`cluster ${run}`));
    await expect.poll(() => subs.every((s) => mine(s).length >= 5), { timeout: 30_000 }).toBe(true);
    await settle(500);
    // Webhooks handled by different workers at once may be logged in either order; every
    // subscriber sees the log's one order, each event once.
    const contents = (s: (typeof subs)[number]) => mine(s).map((e) => e.data!.messageAdded.message.content);
    for (const s of subs) {
      expect([...contents(s)].sort()).toEqual([0, 1, 2, 3, 4].map((i) => `cluster ${run} ${i}`));
      expect(contents(s)).toEqual(contents(subs[0]!));
    }
    // Each webhook was received by one worker or the other; the sum counts each once.
    const delivered = async () => ((await (await fetch(`${sims.urls.voxys}/__admin/webhook`)).json()) as { deliveries: unknown[] }).deliveries.length;
    await expect.poll(async () => (await metric('gateway_webhooks_received_total')) - (await delivered()), { timeout: 10_000 }).toBe(0);
    expect(await delivered()).toBeGreaterThanOrEqual(5);
    await Promise.all(clients.map((c) => c.close()));
  });
});
