import type { LatencySummary } from './stats.js';

/** Bucket width in ms, and the largest latency told apart (anything slower counts as this). */
const RESOLUTION_MS = 0.1;
const MAX_MS = 120_000;

/**
 * Latencies counted in fixed 0.1 ms buckets (up to 120 s): constant memory however many are added,
 * percentiles exact to the bucket (nearest rank, reported as the bucket's upper edge).
 */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(Math.ceil(MAX_MS / RESOLUTION_MS) + 1);
  private count = 0;
  private max = 0;

  add(ms: number): void {
    const clamped = Math.min(Math.max(ms, 0), MAX_MS);
    this.buckets[Math.floor(clamped / RESOLUTION_MS)]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  summary(): LatencySummary {
    const at = (p: number): number => {
      if (this.count === 0) return 0;
      const rank = Math.max(1, Math.ceil((p / 100) * this.count));
      let seen = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        seen += this.buckets[i]!;
        if (seen >= rank) return Math.min((i + 1) * RESOLUTION_MS, this.max);
      }
      return this.max;
    };
    return { count: this.count, p50: at(50), p90: at(90), p99: at(99), max: this.max };
  }
}
