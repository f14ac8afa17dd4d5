import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../src/errors.js';
import type { Metrics } from '../src/metrics.js';
import type { SourceRef } from '../src/model/index.js';
import { SourcePolicy, type ResilienceSettings } from '../src/resilience/source-policy.js';

/**
 * The request's deadline at the edges of the policy: behind a half-open breaker (cockatiel runs the
 * calls queued behind its probe with its own never-aborting signal) and at the end of a backoff
 * pause (capped to the time left). Asserted by attempts, outcomes and start times against the
 * deadline, never by how long anything took.
 */
const metrics = { breakerState: () => undefined } as unknown as Metrics;
const source = { key: 'k', type: 'voiceglow' } as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const down = (): UpstreamError => new UpstreamError('UPSTREAM_UNAVAILABLE', source, 503, 'down');

function policy(overrides: Partial<ResilienceSettings> = {}, key = 'k'): SourcePolicy {
  const ref = { tenant: 't', key, type: 'voiceglow' } as unknown as SourceRef;
  const breaker = { failureRatio: 0.5, window: 2, minimumCalls: 1, halfOpenAfterMs: 10 };
  return new SourcePolicy(ref, { timeoutMs: 10_000, retries: 1, concurrency: 4, queue: 100, breaker, ...overrides }, metrics);
}

/** Opens the breaker, then waits until the next call is its half-open probe. */
async function openThenHalfOpen(p: SourcePolicy): Promise<void> {
  await p.run(() => Promise.reject(down()), { idempotent: false, deadline: null }).catch(() => undefined);
  expect(p.circuitState).toBe('open');
  await sleep(30);
}

/** What a call came to, or 'still running' after a generous while (the deadline is far shorter). */
function settled(call: Promise<unknown>): Promise<unknown> {
  const outcome = call.then(
    (value) => ({ value }),
    (error: unknown) => ({ code: error instanceof UpstreamError ? error.code : String(error) }),
  );
  return Promise.race([outcome, sleep(3_000).then(() => 'still running')]);
}

/** A gate the test opens: work that lasts until then, whatever the clock says. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('a call queued behind a half-open breaker', () => {
  it('its attempt is aborted when the request deadline passes', async () => {
    const p = policy();
    await openThenHalfOpen(p);
    const probeGate = gate();
    const probe = p.run(() => probeGate.promise.then(() => 'probe'), { idempotent: false, deadline: null });
    expect(p.circuitState).toBe('half-open');

    const deadline = Date.now() + 150;
    let sawAbort = false;
    const attemptGate = gate();
    const queued = p.run(
      (signal) =>
        new Promise<string>((resolve, reject) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new UpstreamError('UPSTREAM_TIMEOUT', source, null, 'aborted'));
          });
          // Without the deadline, the attempt would run until the test opens this gate.
          void attemptGate.promise.then(() => resolve('ran to the end'));
        }),
      { idempotent: true, deadline },
    );
    // The probe succeeds well before the deadline: the queued call's attempt starts, then must follow the deadline.
    await sleep(20);
    probeGate.open();
    expect(await probe).toBe('probe');
    const outcome = await settled(queued);
    attemptGate.open();
    await queued.catch(() => undefined);
    expect(outcome).toEqual({ code: 'UPSTREAM_TIMEOUT' });
    expect(sawAbort).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(deadline - 1);
  });

  it('its wait for a bulkhead slot ends at the deadline', async () => {
    const p = policy({ concurrency: 1 });
    await openThenHalfOpen(p);
    const probeGate = gate();
    const probe = p.run(() => probeGate.promise, { idempotent: false, deadline: null });
    // Queued behind the probe first: takes the only slot once the breaker closes, and keeps it.
    const blockerGate = gate();
    const blocker = p.run(() => blockerGate.promise, { idempotent: false, deadline: null });
    let attempts = 0;
    const queued = p.run(
      async () => {
        attempts++;
        return 'ran';
      },
      { idempotent: true, deadline: Date.now() + 100 },
    );
    probeGate.open();
    await probe;
    const outcome = await settled(queued);
    // Answered while the blocker still holds the slot: the bulkhead wait followed the deadline.
    const load = p.load;
    blockerGate.open();
    await Promise.allSettled([blocker, queued]);
    expect(outcome).toEqual({ code: 'UPSTREAM_TIMEOUT' });
    expect(load).toEqual({ active: 1, queued: 0 });
    expect(attempts).toBe(0);
    expect(p.load).toEqual({ active: 0, queued: 0 });
  });

  it('many queued calls add no listener to a shared never-aborting signal (no MaxListenersExceededWarning)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const p = policy({ concurrency: 1 });
      await openThenHalfOpen(p);
      const probeGate = gate();
      const probe = p.run(() => probeGate.promise, { idempotent: false, deadline: null });
      // Queued behind the probe, then in the bulkhead (one slot): with and without a deadline.
      const calls = Array.from({ length: 30 }, (_, i) => p.run(() => sleep(1), { idempotent: true, deadline: i % 2 === 0 ? null : Date.now() + 60_000 }));
      probeGate.open();
      await probe;
      await Promise.all(calls);
      await sleep(5); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
  });
});

describe('a retry after a backoff pause capped by the deadline', () => {
  it('never starts at or after the deadline; the last error is reported', async () => {
    const starts: { n: number; late: number }[] = [];
    const outcomes: unknown[] = [];
    let reserved = 0;
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 30; i++) {
      // A breaker that never opens: every call is retried against a failing platform.
      const p = policy({ retries: 3, breaker: { failureRatio: 0.99, window: 100, minimumCalls: 100, halfOpenAfterMs: 10 } }, `k${i}`);
      // Deadlines just past the end of the first attempt: the backoff pause is capped to what is left.
      const deadline = Date.now() + 40 + (i % 7);
      const reserveRetry = (): boolean => (reserved++, true);
      runs.push(
        p
          .run(
            async (_signal, n) => {
              starts.push({ n, late: Date.now() - deadline });
              await sleep(35);
              throw down();
            },
            { idempotent: true, deadline, reserveRetry },
          )
          .then(
            () => void outcomes.push('answered'),
            (error: unknown) => void outcomes.push(error instanceof UpstreamError ? `${error.code} ${error.message}` : String(error)),
          ),
      );
      await sleep(2);
    }
    await Promise.all(runs);
    // No attempt started once its deadline had come.
    expect(starts.filter((s) => s.late >= 0)).toEqual([]);
    // Every call reports what the platform last said (or its budget, when an attempt was cut short).
    for (const outcome of outcomes) expect(outcome).toMatch(/^(UPSTREAM_UNAVAILABLE down|UPSTREAM_TIMEOUT .*time budget)$/);
    expect(outcomes).toHaveLength(30);
    // A retry is reserved only when a backoff follows: never more than one per call here.
    expect(reserved).toBeLessThanOrEqual(30);
  });
});
