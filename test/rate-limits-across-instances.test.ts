import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * Rate limits counted in Redis: two gateway instances on one Redis together allow the configured
 * rate (per user, per tenant, per client address), not twice it.
 */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED rate-limits-across-instances: REDIS_URL is not set');

let stack: Stack | undefined;
let second: Gateway | undefined;
afterEach(async () => {
  await second?.close();
  await stack?.close();
  second = stack = undefined;
});

/** Two instances of one configuration (their own key prefix on the shared Redis), and both URLs. */
async function twoInstances(limits: Record<string, number>, tenants = [{ id: 't1', seed: 'rl', size: 3 }]): Promise<[string, string]> {
  stack = await startStack({ tenants, config: { redis: { url: REDIS_URL, keyPrefix: `gw:rl-test-${randomUUID().slice(0, 8)}:` }, limits } });
  second = createGateway(stack.config, { logger: createLogger({ level: 'silent' }) });
  return [stack.url, await second.listen(0, '127.0.0.1', { polling: false })];
}

async function post(url: string, token: string | null): Promise<{ status: number; retryAfter: string | null; code: unknown }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code ?? null };
}

/** `count` requests alternating between the two instances; their statuses in order. */
async function alternate(urls: [string, string], count: number, token: string | null): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await post(urls[i % 2]!, token)).status);
  return statuses;
}

describe.skipIf(!REDIS_URL)('rate limits shared through Redis', () => {
  it('per user: two instances together allow the configured 5 a minute, not 10', async () => {
    const urls = await twoInstances({ requestsPerMinute: 5 });
    const token = await stack!.token('t1', 'alice');
    const statuses = await alternate(urls, 10, token);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
    const refused = await post(urls[1], token);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    // Another user of the tenant has a budget of their own.
    expect((await post(urls[0], await stack!.token('t1', 'bob'))).status).toBe(200);
  });

  it('per tenant: its users together get 4 a minute across both instances; another tenant is untouched', async () => {
    const urls = await twoInstances({ tenantRequestsPerMinute: 4 }, [
      { id: 't1', seed: 'rl-a', size: 3 },
      { id: 't2', seed: 'rl-b', size: 3 },
    ]);
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((sub) => stack!.token('t1', sub)));
    const statuses = [
      await post(urls[0], alice!),
      await post(urls[1], bob!),
      await post(urls[0], carol!),
      await post(urls[1], alice!),
      await post(urls[0], bob!),
      await post(urls[1], carol!),
    ];
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 200, 429, 429]);
    expect(statuses[4]!.code).toBe('RATE_LIMITED');
    const other = await stack!.token('t2', 'alice');
    expect((await alternate(urls, 4, other)).every((s) => s === 200)).toBe(true);
  });

  it('per client address, before authentication: 6 a minute across both instances, whatever the token', async () => {
    const urls = await twoInstances({ addressRequestsPerMinute: 6 });
    const token = await stack!.token('t1');
    // Strangers without a token use the address's budget too (401 while it lasts, then 429).
    expect(await alternate(urls, 3, null)).toEqual([401, 401, 401]);
    expect(await alternate(urls, 3, token)).toEqual([200, 200, 200]);
    expect(await alternate(urls, 4, null)).toEqual([429, 429, 429, 429]);
    const refused = await post(urls[0], token);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.retryAfter).toMatch(/^\d+$/);
  });
});
