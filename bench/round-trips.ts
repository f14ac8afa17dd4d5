/** A platform call's start and end on the simulators' shared clock (ms). */
export interface TimedCall {
  startMs: number;
  endMs: number;
}

/**
 * The dependent round trip of each call (1-based, in the input's order): a call belongs to round
 * trip k+1 when it started after some call of round trip k had ended, and after none of a later
 * one. Calls that started before any call had ended are round trip 1. So the number of round trips
 * is the longest chain of calls each starting after the previous one ended: the least number of
 * sequential platform latencies the request had to wait for.
 */
export function roundTripLevels(calls: readonly TimedCall[]): number[] {
  const order = calls.map((_, i) => i).sort((a, b) => calls[a]!.startMs - calls[b]!.startMs);
  const levels = new Array<number>(calls.length).fill(1);
  for (let x = 0; x < order.length; x++) {
    const call = calls[order[x]!]!;
    let level = 1;
    // Only calls that started earlier can have ended before this one started.
    for (let y = 0; y < x; y++) {
      const earlier = order[y]!;
      if (calls[earlier]!.endMs <= call.startMs) level = Math.max(level, levels[earlier]! + 1);
    }
    levels[order[x]!] = level;
  }
  return levels;
}

/** How many dependent round trips the calls form (0 without calls). */
export function roundTripDepth(calls: readonly TimedCall[]): number {
  return roundTripLevels(calls).reduce((max, level) => Math.max(max, level), 0);
}

/**
 * The platforms' own time on the request's critical chain: the largest sum of call durations
 * (start to end, as the simulator served each) along a chain of calls each starting after the
 * previous one ended. With every platform idle that is depth × latency; when a burst of calls makes
 * a platform queue them, its queueing is the platform's time, not the gateway's. The gaps between
 * the chain's calls are not in it: they are the gateway's own time (its overhead).
 */
export function platformTimeOnChain(calls: readonly TimedCall[]): number {
  const order = [...calls].sort((a, b) => a.startMs - b.startMs);
  const chain = new Array<number>(order.length).fill(0);
  let longest = 0;
  for (let x = 0; x < order.length; x++) {
    const call = order[x]!;
    let before = 0;
    for (let y = 0; y < x; y++) if (order[y]!.endMs <= call.startMs) before = Math.max(before, chain[y]!);
    chain[x] = before + (call.endMs - call.startMs);
    longest = Math.max(longest, chain[x]!);
  }
  return longest;
}

/**
 * The nominal critical path, depth × the platforms' configured latency, and how far the measured
 * latencies are above it (this includes the simulators' own queueing under a burst of calls).
 */
export function overheadOverCriticalPath(depth: number, platformLatencyMs: number, measured: { p50: number; p99: number }): { criticalPathMs: number; p50: number; p99: number } {
  const criticalPathMs = depth * platformLatencyMs;
  return { criticalPathMs, p50: measured.p50 - criticalPathMs, p99: measured.p99 - criticalPathMs };
}
