import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenExpired } from '../src/subscriptions/token-expiry.js';
import { startStack, TEST_JWT_SECRET, type Stack } from './support/stack.js';
import { WsTestClient, settle } from './support/ws.js';

/**
 * `auth.maxTokenLifetime` and `iat` sanity: a token valid for longer than the maximum, or issued
 * in the future, is UNAUTHENTICATED on both transports; a long-lived token within the maximum
 * keeps its socket (no setTimeout overflow past 24.8 days).
 */
let stack: Stack | undefined;
const sockets: WsTestClient[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await stack?.close();
  stack = undefined;
});

const now = () => Math.floor(Date.now() / 1000);

/** A token of tenant t1's alice with exactly these times (unix seconds; `iat: null` leaves it out). */
function token(times: { iat: number | null; exp: number }): Promise<string> {
  let jwt = new SignJWT({ tenant: 't1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime(times.exp);
  if (times.iat !== null) jwt = jwt.setIssuedAt(times.iat);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

function withMaxLifetime(maxTokenLifetime: string | number | undefined, seed: string) {
  return startStack({
    tenants: [{ id: 't1', seed, size: 3 }],
    config: maxTokenLifetime === undefined ? {} : { auth: { jwt: { secret: TEST_JWT_SECRET }, maxTokenLifetime } },
  });
}

describe('auth.maxTokenLifetime and iat', () => {
  it('over HTTP: a lifetime over the maximum or an iat in the future is UNAUTHENTICATED; within it, served', async () => {
    stack = await withMaxLifetime('1h', 'life-http');
    const t = now();
    const cases: [string, Promise<string>, number][] = [
      ['30 minutes', token({ iat: t, exp: t + 1_800 }), 200],
      ['exactly the maximum', token({ iat: t, exp: t + 3_600 }), 200],
      ['an iat within a minute of clock skew', token({ iat: t + 30, exp: t + 1_800 }), 200],
      ['two hours', token({ iat: t, exp: t + 7_200 }), 401],
      ['an old iat with a far exp', token({ iat: t - 3_000, exp: t + 1_800 }), 401],
      ['an iat ten minutes in the future', token({ iat: t + 600, exp: t + 1_200 }), 401],
      ['no iat, and an exp past the maximum from now', token({ iat: null, exp: t + 7_200 }), 401],
      ['no iat, an exp within the maximum', token({ iat: null, exp: t + 600 }), 200],
    ];
    for (const [name, signed, status] of cases) {
      const result = await stack.gql('{ __typename }', {}, { token: await signed });
      expect({ name, status: result.status }).toEqual({ name, status });
      if (status === 401) expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('the default maximum is 24 hours: a 30-day token is refused over HTTP and WebSocket', async () => {
    stack = await withMaxLifetime(undefined, 'life-default');
    expect(stack.config.auth.maxTokenLifetime).toBe(86_400);
    const monthLong = await token({ iat: now(), exp: now() + 30 * 86_400 });
    expect((await stack.gql('{ __typename }', {}, { token: monthLong })).status).toBe(401);
    const ws = new WsTestClient(stack.url, monthLong);
    sockets.push(ws);
    ws.subscribe(`subscription { messageAdded { cursor } }`);
    await expect.poll(() => ws.closeCode, { timeout: 5_000 }).toBe(4403);
  });

  it('over WebSocket: a token valid for 30 days (past setTimeout range) stays connected', async () => {
    stack = await withMaxLifetime('31d', 'life-ws');
    const monthLong = await token({ iat: now(), exp: now() + 30 * 86_400 });
    const ws = new WsTestClient(stack.url, monthLong);
    sockets.push(ws);
    const live = ws.subscribe(`subscription { messageAdded { cursor } }`);
    const first = ws.subscribe<{ __typename: string }>(`{ __typename }`);
    await first.waitFor(1);
    // An overflowing timer would fire after 1 ms: give it ample time, then use the socket again.
    await settle(500);
    const second = ws.subscribe<{ __typename: string }>(`{ __typename }`);
    expect((await second.waitFor(1))[0]!.data).toEqual({ __typename: 'Query' });
    expect(ws.closeCode).toBeNull();
    expect(live.error).toBeNull();
  });
});

describe('whenExpired (unit, fake clock)', () => {
  it('waits out an expiry 60 days away in steps, and fires once, when it passes', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    try {
      let fired = 0;
      whenExpired(now() + 60 * 86_400, () => fired++);
      vi.advanceTimersByTime(2_147_483_647); // one full step: 24.8 days
      expect(fired).toBe(0);
      vi.advanceTimersByTime(60 * 86_400_000 - 2_147_483_647 - 1_000);
      expect(fired).toBe(0);
      vi.advanceTimersByTime(1_000);
      expect(fired).toBe(1);
      vi.advanceTimersByTime(100 * 86_400_000);
      expect(fired).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
