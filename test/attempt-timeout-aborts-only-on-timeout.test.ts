import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../src/errors.js';
import { Metrics } from '../src/metrics.js';
import type { SourceRef } from '../src/model/index.js';
import { SourcePolicy } from '../src/resilience/source-policy.js';

/**
 * The per-attempt timeout (cockatiel's TimeoutPolicy, cooperative) hands each attempt an
 * AbortSignal. By default cockatiel aborts that signal when the attempt returns, which builds a
 * DOMException after every successful call; the gateway turns that off (`abortOnReturn: false`):
 * the signal aborts only when the time is really up, and a timeout is still UPSTREAM_TIMEOUT.
 */
const ref: SourceRef = { tenant: 't1', key: 'voxys', type: 'voxys', scope: '1' };
const settings = (timeoutMs: number) => ({
  timeoutMs,
  retries: 0,
  concurrency: 4,
  queue: 10,
  breaker: { failureRatio: 0.5, window: 20, minimumCalls: 10, halfOpenAfterMs: 5000 },
});

describe('per-attempt timeout', () => {
  it('leaves the signal of an attempt that answered in time unaborted (no AbortError built)', async () => {
    const policy = new SourcePolicy(ref, settings(1000), new Metrics());
    let seen: AbortSignal | undefined;
    const value = await policy.run(
      async (signal) => {
        seen = signal;
        return 42;
      },
      { idempotent: true, deadline: null, user: 'u' },
    );
    expect(value).toBe(42);
    expect(seen!.aborted).toBe(false);
    // Nor later: the attempt's timer was cleared on return.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(seen!.aborted).toBe(false);
  });

  it('aborts the signal of an attempt that outlives its timeout, and answers UPSTREAM_TIMEOUT', async () => {
    const policy = new SourcePolicy(ref, settings(50), new Metrics());
    let seen: AbortSignal | undefined;
    const failure = await policy
      .run(
        (signal) =>
          new Promise<never>((_resolve, reject) => {
            seen = signal;
            signal.addEventListener('abort', () => reject(new UpstreamError('UPSTREAM_TIMEOUT', { key: ref.key, type: ref.type }, null, 'voxys did not answer within 50 ms')));
          }),
        { idempotent: true, deadline: null, user: 'u' },
      )
      .catch((error: unknown) => error);
    expect(seen!.aborted).toBe(true);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).code).toBe('UPSTREAM_TIMEOUT');
  });
});
