import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpstreamError } from '../src/errors.js';
import { UpstreamCallCap } from '../src/runtime/upstream-call-cap.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import { requestState, serveSource } from './support/platform-harness.js';

/**
 * One request's cap on platform calls (src/runtime/upstream-call-cap.ts) as the REST client spends
 * it: every attempt that reaches a platform counts, retries included; what the cache or the
 * request's memo answers costs nothing; past the cap, QUERY_TOO_COMPLEX naming the limit, without
 * a call. Counts at a real simulator.
 */
const NOW = new Date('2025-06-02T12:00:00Z');
const anything = z.unknown();

describe('UpstreamCallCap', () => {
  it('takes calls up to its limit, then refuses naming the limit; null never refuses', () => {
    const cap = new UpstreamCallCap(2);
    expect(cap.tryTake()).toBe(true);
    cap.take();
    expect(cap.spent).toBe(2);
    expect(cap.tryTake()).toBe(false);
    const refusal = (() => {
      try {
        cap.take();
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxUpstreamCallsPerRequest', maxUpstreamCallsPerRequest: 2 });
    expect(() => cap.check()).toThrow(GraphQLError);
    expect(cap.spent).toBe(2);

    const none = new UpstreamCallCap(null);
    for (let i = 0; i < 10_000; i++) none.take();
    expect(none.spent).toBe(10_000);
  });
});

describe('the REST client under a cap', () => {
  const sim = createIronSimulator({ seed: 'cap', size: 10, now: NOW });
  const source = serveSource('iron', sim, { now: NOW, settings: { cacheTtlMs: 60_000, retries: 2 } });

  it('stops at the cap: the next call is refused without reaching the platform; cached and memoized reads are free', async () => {
    const ids = [...sim.db.conversations.keys()].slice(0, 4);
    const shared = { ...requestState(NOW), callCap: new UpstreamCallCap(3) };
    const client = source.client(shared);
    const read = (id: string) => client.request({ route: '/conversations/:id', params: { id }, schema: anything });
    const calls = await source.callCountDuring(async () => {
      for (const id of ids.slice(0, 3)) await read(id);
      // Again in this request: its memo answers.
      await read(ids[0]!);
      await expect(read(ids[3]!)).rejects.toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxUpstreamCallsPerRequest' } });
    });
    expect(calls).toBe(3);

    // Another request over the same cache: cached reads cost nothing, even with a cap of 1.
    const next = source.client({ ...shared, callCap: new UpstreamCallCap(1) });
    const again = await source.callCountDuring(async () => {
      for (const id of ids.slice(0, 3)) await next.request({ route: '/conversations/:id', params: { id }, schema: anything });
      await next.request({ route: '/conversations/:id', params: { id: ids[3]! }, schema: anything });
    });
    expect(again).toBe(1);
  });

  it('counts retries: a failing read ends its retries when the cap is spent, with the platform’s error', async () => {
    sim.server.setKnobs({ errorRate: 1 });
    try {
      const client = source.client({ ...requestState(NOW), callCap: new UpstreamCallCap(2) });
      let error: unknown;
      const calls = await source.callCountDuring(async () => {
        error = await client.request({ route: '/org/members', schema: anything, cache: false }).catch((e: unknown) => e);
      });
      // Two attempts (the first call and one retry), not three: the cap had no third.
      expect(calls).toBe(2);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      sim.server.setKnobs({ errorRate: 0 });
    }
  });
});
