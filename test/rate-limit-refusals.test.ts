import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { WsTestClient, settle } from './support/ws.js';

/**
 * What a rate-limited client gets, over both transports: HTTP 429 with `Retry-After` and
 * `extensions.retryAfter`, and over graphql-ws the same RATE_LIMITED error for a subscribe (a
 * connection over its address's budget is closed with 4429). In memory, on one instance.
 */
let stack: Stack | undefined;
const sockets: WsTestClient[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await stack?.close();
  stack = undefined;
});

type Answer = { status: number; headers: Headers; errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function post(token: string | null, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${stack!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

describe('a rate-limited client is told when to come back', () => {
  it('over HTTP: 429, Retry-After and extensions.retryAfter agree, and nothing else leaks', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'rl-http', size: 3 }], config: { limits: { requestsPerMinute: 2 } } });
    const token = await stack.token('t1');
    expect((await post(token)).status).toBe(200);
    expect((await post(token)).status).toBe(200);
    const refused = await post(token);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });
    expect(refused.errors![0]!.message).toContain(`retry after ${retryAfter} s`);
  });

  it('over graphql-ws: a subscribe past the budget gets the same RATE_LIMITED error with retryAfter', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'rl-ws', size: 3 }], config: { limits: { requestsPerMinute: 2 } } });
    const token = await stack.token('t1');
    const ws = new WsTestClient(stack.url, token);
    sockets.push(ws);
    const first = ws.subscribe(`subscription { messageAdded { cursor } }`);
    const second = ws.subscribe(`subscription { conversationUpdated { cursor } }`);
    const third = ws.subscribe(`subscription { suggestionAdded { cursor } }`);
    await expect.poll(() => third.error, { timeout: 5_000 }).not.toBeNull();
    const errors = third.error as { message: string; extensions?: Record<string, unknown> }[];
    expect(errors[0]!.extensions?.code).toBe('RATE_LIMITED');
    expect(errors[0]!.extensions?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(errors[0]!.extensions?.retryAfter).toBeLessThanOrEqual(60);
    // The refusal costs that one operation, not the socket or the subscriptions admitted before it.
    expect(first.error).toBeNull();
    expect(second.error).toBeNull();
    expect(ws.closeCode).toBeNull();
    // HTTP and WebSocket draw on one budget.
    const http = await post(token);
    expect(http.status).toBe(429);
    expect(http.errors![0]!.extensions?.code).toBe('RATE_LIMITED');
  });

  it('over graphql-ws: a connection from an address past its budget is closed with 4429 before its token is looked at', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'rl-ws-addr', size: 3 }], config: { limits: { addressRequestsPerMinute: 2 } } });
    for (let i = 0; i < 2; i++) expect((await post(null)).status).toBe(401);
    const ws = new WsTestClient(stack.url, await stack.token('t1'));
    sockets.push(ws);
    const sub = ws.subscribe(`subscription { messageAdded { cursor } }`);
    await expect.poll(() => ws.closeCode, { timeout: 5_000 }).toBe(4429);
    await settle(100);
    expect(sub.events).toEqual([]);
  });
});

describe('per-address budgets', () => {
  it('without server.trustProxy, X-Forwarded-For changes nothing: a client cannot dodge its budget', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'rl-xff', size: 3 }], config: { limits: { addressRequestsPerMinute: 2 } } });
    expect((await post(null, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(401);
    expect((await post(null, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(401);
    expect((await post(null, { 'x-forwarded-for': '203.0.113.3' })).status).toBe(429);
  });

  it('behind a trusted proxy (trustProxy: loopback), each forwarded client has its own budget', async () => {
    stack = await startStack({
      tenants: [{ id: 't1', seed: 'rl-proxy', size: 3 }],
      config: { limits: { addressRequestsPerMinute: 2 }, server: { trustProxy: 'loopback' } },
    });
    const token = await stack.token('t1');
    const from = (address: string) => ({ 'x-forwarded-for': address });
    expect((await post(token, from('203.0.113.1'))).status).toBe(200);
    expect((await post(token, from('203.0.113.1'))).status).toBe(200);
    expect((await post(token, from('203.0.113.1'))).status).toBe(429);
    expect((await post(token, from('203.0.113.2'))).status).toBe(200);
    expect((await post(token, from('203.0.113.2'))).status).toBe(200);
    expect((await post(token, from('203.0.113.2'))).status).toBe(429);
  });
});

describe('with Redis unreachable', () => {
  it('each instance keeps limiting in memory: no 500, no free pass', async () => {
    stack = await startStack({
      tenants: [{ id: 't1', seed: 'rl-redis-down', size: 3 }],
      config: { redis: { url: 'redis://127.0.0.1:1' }, limits: { requestsPerMinute: 3 } },
    });
    const token = await stack.token('t1');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(token)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
