import { describe, expect, it } from 'vitest';
import { overheadOverCriticalPath, platformTimeOnChain, roundTripDepth, roundTripLevels } from '../bench/round-trips.js';

/** A call of `latency` ms starting at `start`. */
const call = (start: number, latency = 20) => ({ startMs: start, endMs: start + latency });

describe('dependent round trips from a call timeline', () => {
  it('calls that all start before any ends are one round trip', () => {
    expect(roundTripDepth([call(0), call(1), call(2), call(19.9)])).toBe(1);
  });

  it('a call starting after another ended is the next round trip; its siblings stay in theirs', () => {
    // lists (3 in parallel) → members (after the lists) → per-row reads (after members)
    const calls = [call(0), call(0.5), call(1), call(21), call(42), call(42.2), call(43)];
    expect(roundTripLevels(calls)).toEqual([1, 1, 1, 2, 3, 3, 3]);
    expect(roundTripDepth(calls)).toBe(3);
  });

  it('a call belongs to the round trip after the latest one that ended before it started', () => {
    // A long call (0–100) overlaps a chain of short ones: the chain decides the depth.
    const calls = [{ startMs: 0, endMs: 100 }, call(0, 10), call(11, 10), call(22, 10), call(101, 5)];
    expect(roundTripLevels(calls)).toEqual([1, 1, 2, 3, 4]);
    // The last call started after the long one (level 1) and the chain's last (level 3) ended: level 4.
    expect(roundTripDepth(calls)).toBe(4);
  });

  it('the input order does not matter', () => {
    const calls = [call(42), call(0), call(21), call(0.5)];
    expect(roundTripLevels(calls)).toEqual([3, 1, 2, 1]);
  });

  it('a call starting exactly when another ended depends on it; no calls is depth 0', () => {
    expect(roundTripDepth([call(0, 10), call(10, 10)])).toBe(2);
    expect(roundTripDepth([])).toBe(0);
  });

  it('the critical path is depth × platform latency, and overhead what the measurement adds to it', () => {
    expect(overheadOverCriticalPath(4, 20, { p50: 110, p99: 145 })).toEqual({ criticalPathMs: 80, p50: 30, p99: 65 });
    expect(overheadOverCriticalPath(2, 0, { p50: 3, p99: 9 })).toEqual({ criticalPathMs: 0, p50: 3, p99: 9 });
  });

  it("the platforms' time on the chain sums the durations along the longest dependent chain, not the gaps between them", () => {
    // Idle platforms: three round trips of 20 ms with the gateway's 2 ms gaps between them → 60 ms.
    expect(platformTimeOnChain([call(0), call(0.5), call(22), call(44), call(44.3)])).toBe(60);
    // A burst: the second round trip's slowest call took 27 ms (the simulator queued it): it is on the chain.
    expect(platformTimeOnChain([call(0), call(22), call(22.1, 27), call(50)])).toBe(67);
    // A long call that overlaps a chain is a chain of its own: the larger one counts.
    expect(platformTimeOnChain([{ startMs: 0, endMs: 100 }, call(0, 10), call(11, 10), call(101, 5)])).toBe(105);
    expect(platformTimeOnChain([])).toBe(0);
  });
});
