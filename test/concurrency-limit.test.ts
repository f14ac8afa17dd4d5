import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../src/config/schema.js';
import { connectorFor, type SharedUpstreamState } from '../src/datasources/build.js';
import { mapWithConcurrency } from '../src/datasources/shared/concurrency.js';
import type { InboxConnector } from '../src/datasources/connector.js';
import { UpstreamError } from '../src/errors.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import { Metrics } from '../src/metrics.js';
import type { ConversationFilter, SourceRef } from '../src/model/index.js';
import { settingsOf, SourcePolicy } from '../src/resilience/source-policy.js';
import { createChatvoltSimulator } from '../simulators/chatvolt/index.js';
import type { SimServer } from '../simulators/common/server.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import { requestState, serveSource } from './support/platform-harness.js';

/**
 * Bounded fan-out: the helper every connector runs its many-call operations through
 * (src/datasources/concurrency.ts), and counts of large simulated accounts that never have more
 * than the source's `concurrency` calls in flight at the platform, with the same calls and answer
 * as an unbounded run.
 */

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets every pending promise job run (a macrotask later). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('keeps the order of the items, whatever order the calls finish in', async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    // Later items finish first.
    const results = await mapWithConcurrency(items, 5, async (n, index) => {
      await sleep((20 - n) % 7);
      return `${n}@${index}`;
    });
    expect(results).toEqual(items.map((n) => `${n}@${n}`));
  });

  it('never has more than `limit` calls pending, and keeps that many busy', async () => {
    for (const limit of [1, 3, 8]) {
      let inFlight = 0;
      let peak = 0;
      const results = await mapWithConcurrency(
        Array.from({ length: 30 }, (_, i) => i),
        limit,
        async (n) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await sleep(1 + (n % 4));
          inFlight--;
          return n * 2;
        },
      );
      expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
      expect(peak).toBe(limit);
      expect(inFlight).toBe(0);
    }
  });

  it('starts the first `limit` calls at once (synchronously: a DataLoader still batches them)', () => {
    const started: number[] = [];
    void mapWithConcurrency([0, 1, 2, 3, 4], 3, (n) => {
      started.push(n);
      return new Promise<number>(() => {});
    });
    expect(started).toEqual([0, 1, 2]);
  });

  it('rejects with the first failure and starts no new work after it', async () => {
    const calls = Array.from({ length: 6 }, () => deferred<number>());
    const started: number[] = [];
    const result = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, (n) => {
      started.push(n);
      return calls[n]!.promise;
    });
    const outcome = result.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(started).toEqual([0, 1]);
    calls[0]!.resolve(0);
    await flush();
    expect(started).toEqual([0, 1, 2]);

    const first = new Error('item 1 failed');
    calls[1]!.reject(first);
    await flush();
    expect(await outcome).toBe(first);

    // What was running when it failed may still finish or fail: nothing new starts, the first error stands.
    calls[2]!.reject(new Error('item 2 failed too'));
    await flush();
    await sleep(5);
    expect(started).toEqual([0, 1, 2]);
    await expect(result).rejects.toBe(first);
  });

  it('treats a call that throws synchronously as a failure', async () => {
    const started: number[] = [];
    const boom = new Error('sync');
    const result = mapWithConcurrency([0, 1, 2, 3], 1, (n) => {
      started.push(n);
      if (n === 1) throw boom;
      return n;
    });
    await expect(result).rejects.toBe(boom);
    await flush();
    expect(started).toEqual([0, 1]);
  });

  it('answers [] for no items, runs everything when the limit exceeds the items, and refuses a limit below 1', async () => {
    expect(await mapWithConcurrency([], 4, () => Promise.resolve(1))).toEqual([]);
    expect(await mapWithConcurrency([1, 2], 100, (n) => Promise.resolve(n + 1))).toEqual([2, 3]);
    expect(await mapWithConcurrency([1, 2], Number.POSITIVE_INFINITY, (n) => n)).toEqual([1, 2]);
    await expect(mapWithConcurrency([1], 0, (n) => n)).rejects.toBeInstanceOf(RangeError);
    await expect(mapWithConcurrency([1], Number.NaN, (n) => n)).rejects.toBeInstanceOf(RangeError);
  });
});

// ---- connectors against large simulated accounts ---------------------------------------------------

const NOW = new Date('2025-06-02T12:00:00Z');
/** The source's setting under test: well below the calls one count needs. */
const CONCURRENCY = 4;
/** Each simulated call takes this long, so calls that are fired together overlap at the platform. */
const LATENCY_MS = 15;

/**
 * Request state whose source policy lets (almost) anything through at once, so what the platform
 * sees in flight is the connector's own bound, not the bulkhead's.
 */
function wideOpen(ref: SourceRef, config: SourceConfig): SharedUpstreamState {
  const metrics = new Metrics();
  const policy = new SourcePolicy(ref, { ...settingsOf(config), concurrency: 1_000, queue: 0 }, metrics);
  return { ...requestState(NOW, { metrics }), policyFor: () => policy };
}

interface Measured<T> {
  result: T;
  calls: number;
  peak: number;
}

async function measure<T>(server: SimServer, action: () => Promise<T>): Promise<Measured<T>> {
  server.resetCounts();
  server.knobs.latencyMs = LATENCY_MS;
  try {
    const result = await action();
    return { result, calls: server.requestCounts().total, peak: server.inFlightPeak() };
  } finally {
    server.knobs.latencyMs = 0;
  }
}

/** A connector of `source` with `concurrency`, over a policy that does not bound it (see wideOpen). */
function boundOnly(source: { readonly config: SourceConfig; readonly ref: SourceRef }, me: string | null, concurrency: number): InboxConnector {
  const config = { ...source.config, concurrency };
  return connectorFor(source.ref, config, me, wideOpen(source.ref, config));
}

describe('voxys: counting a 600-conversation account', () => {
  const sim = createVoxysSimulator({ seed: 'fan-out', size: 600, now: NOW, apiAccessToken: 'fan-out-token', accountId: 31 });
  const source = serveSource('voxys', sim, { now: NOW, settings: { cacheTtlMs: 0, concurrency: CONCURRENCY } });
  const ALICE = sim.identities.alice;
  // Overdue is computed from list fields, so counting it reads every page of the list (ceil(n / 25) calls).
  const overdue: ConversationFilter = { ...EMPTY_FILTER, overdue: true };

  it('reads every list page, never more than `concurrency` at once, with the same calls and answer as unbounded', async () => {
    const bounded = await measure(sim.server, () => boundOnly(source, ALICE, CONCURRENCY).countConversations(overdue));
    const unbounded = await measure(sim.server, () => boundOnly(source, ALICE, 1_000).countConversations(overdue));

    expect(bounded.calls).toBeGreaterThan(3 * CONCURRENCY);
    expect(bounded.calls).toBe(unbounded.calls);
    expect(bounded.result).toEqual(unbounded.result);
    expect(bounded.result.all).toBeGreaterThan(0);
    expect(bounded.peak).toBeLessThanOrEqual(CONCURRENCY);
    expect(bounded.peak).toBeGreaterThan(1);
    // The measurement would see a fan-out: without the bound the pages all overlap.
    expect(unbounded.peak).toBeGreaterThan(CONCURRENCY);
  });

  it('fits the bulkhead: `concurrency` + a small queue is enough for a count needing many more calls', async () => {
    const config = { ...source.config, concurrency: CONCURRENCY, queue: 2 };
    const shared = requestState(NOW);
    const strict = new SourcePolicy(source.ref, settingsOf(config), shared.metrics);
    const { result, calls, peak } = await measure(sim.server, () => connectorFor(source.ref, config, ALICE, { ...shared, policyFor: () => strict }).countConversations(overdue));
    expect(calls).toBeGreaterThan(CONCURRENCY + 2);
    expect(peak).toBeLessThanOrEqual(CONCURRENCY);
    expect(result).toEqual(await boundOnly(source, ALICE, 1_000).countConversations(overdue));
  });

  it('an unbounded count overflows that bulkhead (what the bound prevents)', async () => {
    // The same strict bulkhead, but a connector allowed to fan out to 1000: the pages overflow it.
    const config = { ...source.config, concurrency: CONCURRENCY, queue: 2 };
    const shared = requestState(NOW);
    const strict = new SourcePolicy(source.ref, settingsOf(config), shared.metrics);
    const greedy = connectorFor(source.ref, { ...config, concurrency: 1_000 }, ALICE, { ...shared, policyFor: () => strict });
    sim.server.knobs.latencyMs = LATENCY_MS;
    try {
      const error = await greedy.countConversations(overdue).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      sim.server.knobs.latencyMs = 0;
      await sleep(LATENCY_MS * 3);
    }
  });
});

describe('chatvolt: counting with a search that hydrates most rows', () => {
  const sim = createChatvoltSimulator({ seed: 'fan-out', size: 150, now: NOW });
  const source = serveSource('chatvolt', sim, { now: NOW, settings: { cacheTtlMs: 0, concurrency: CONCURRENCY } });
  // Matches no list field of most conversations: their last messages are read (one tail each, or more).
  const search: ConversationFilter = { ...EMPTY_FILTER, search: 'invoice' };

  it('reads the tails at most `concurrency` at once, with the same calls and answer as unbounded', async () => {
    const me = sim.identities.alice;
    const bounded = await measure(sim.server, () => boundOnly(source, me, CONCURRENCY).countConversations(search));
    const unbounded = await measure(sim.server, () => boundOnly(source, me, 1_000).countConversations(search));

    expect(bounded.calls).toBeGreaterThan(3 * CONCURRENCY);
    expect(bounded.calls).toBe(unbounded.calls);
    expect(bounded.result).toEqual(unbounded.result);
    expect(bounded.peak).toBeLessThanOrEqual(CONCURRENCY);
    expect(bounded.peak).toBeGreaterThan(1);
    expect(unbounded.peak).toBeGreaterThan(CONCURRENCY);
  });
});
