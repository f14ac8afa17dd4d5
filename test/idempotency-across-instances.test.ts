import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../src/pipeline/auth.js';
import { validateConfig } from '../src/config/load.js';
import type { Gateway } from '../src/gateway.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';
import { createCapturedGateway } from './support/capture.js';

/**
 * Two gateway instances on one real Redis (REDIS_URL): sendMessage retried with one key across
 * both instances, concurrently, creates one message upstream and gives one answer.
 */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED idempotency-across-instances: REDIS_URL is not set');
const SECRET = 'test-secret-that-is-long-enough-0123456789';

let sims: SimulatorSet;
const gateways: Gateway[] = [];
const urls: string[] = [];

beforeAll(async () => {
  if (!REDIS_URL) return;
  sims = await startSimulators({ seed: 'redis-idem', size: 8 });
  const config = validateConfig({
    auth: { jwt: { secret: SECRET } },
    tenants: {
      t1: {
        sources: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, { type: s, baseUrl: sims.urls[s], ...sims[s].sourceConfig }])),
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
    urls.push(await gateway.listen(0, '127.0.0.1'));
    gateways.push(gateway);
  }
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await sims?.close();
});

describe.skipIf(!REDIS_URL)('idempotency keys across gateway instances (Redis)', () => {
  it('ten concurrent sends with one key, split over two instances: one upstream message, one answer', async () => {
    const token = await mintToken({ secret: SECRET, sub: 'alice', tenant: 't1' });
    const post = async (url: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data: Record<string, unknown>; errors?: unknown };
    };
    const list = await post(urls[0]!, `{ conversations(first: 5, filter: { sources: [VOXYS] }) { edges { node { id } } } }`, {});
    const conversationId = (list.data.conversations as { edges: { node: { id: string } }[] }).edges[0]!.node.id;
    const input = { conversationId, content: `Across ${randomUUID()}`, idempotencyKey: randomUUID() };
    const send = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id content createdAt } userErrors { code } } }`;
    const sends = () =>
      Object.entries(sims.voxys.server.requestCounts().byRoute)
        .filter(([route]) => route.startsWith('POST ') && route.endsWith('/messages'))
        .reduce((n, [, count]) => n + count, 0);
    const postsBefore = sends();

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => post(urls[i % 2]!, send, { input })));
    expect(sends() - postsBefore).toBe(1);
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => JSON.stringify(r.data.sendMessage))).size).toBe(1);

    // Reusing the key with other content is a conflict on either instance.
    const conflict = await post(urls[1]!, send, { input: { ...input, content: 'other' } });
    expect((conflict.data.sendMessage as { userErrors: { code: string }[] }).userErrors).toEqual([{ code: 'CONFLICT' }]);
  });
});
