import { setInterval as every } from 'node:timers/promises';
import type { GatewayProcess } from './gateway-process.js';
import { rotation } from './http-scenario.js';
import { runLoad, totalErrors } from './load.js';
import { rssMb } from './procfs.js';
import type { BenchRequest, BenchTokens } from './workloads.js';

export interface SoakResult {
  seconds: number;
  connections: number;
  platformLatencyMs: number;
  requests: number;
  errors: number;
  /** RSS every 10 s: seconds since the start, MB. */
  samples: { atSeconds: number; rssMb: number }[];
  /**
   * The lowest RSS in the window from 1 minute on (in a shorter soak, from the start), and where
   * that window starts: what the heap comes back to after its collections.
   */
  rssAfterOneMinuteMb: number;
  baselineAtSeconds: number;
  /** The lowest RSS in the last window. */
  rssAtEndMb: number;
  /** (end − after 1 min) / after 1 min, in %, of the lows: growth there is memory kept. */
  driftPercent: number;
  /** The same for the highs of both windows (the sawtooth's top). */
  peakAfterOneMinuteMb: number;
  peakAtEndMb: number;
  peakDriftPercent: number;
}

/** The window compared at each end: two minutes in a soak of six or more, else a sixth of it (at least one sample). */
function windowSeconds(duration: number): number {
  return duration >= 360 ? 120 : Math.max(10, Math.floor(duration / 6));
}

/**
 * RSS drift between the window from 1 minute on (or from the start, in a soak shorter than two
 * windows after it) and the last window. Under steady load RSS is a sawtooth (the heap grows to
 * its limit, a major collection brings it back, every minute or so on the measured gateway), so
 * single samples drift ±25% by chance alone; the window's low (what remains after a collection)
 * and its high are compared instead. Memory kept shows as rising lows.
 */
export function rssDrift(samples: readonly { atSeconds: number; rssMb: number }[]): {
  baseline: number;
  baselineAtSeconds: number;
  end: number;
  driftPercent: number;
  peakBaseline: number;
  peakEnd: number;
  peakDriftPercent: number;
} {
  if (samples.length === 0) return { baseline: 0, baselineAtSeconds: 0, end: 0, driftPercent: 0, peakBaseline: 0, peakEnd: 0, peakDriftPercent: 0 };
  const last = samples.at(-1)!.atSeconds;
  const width = windowSeconds(last);
  const start = last >= 60 + 2 * width ? 60 : samples[0]!.atSeconds;
  const early = samples.filter((s) => s.atSeconds >= start && s.atSeconds < start + width);
  const late = samples.filter((s) => s.atSeconds > last - width);
  const baselineWindow = early.length > 0 ? early : [samples[0]!];
  const low = (window: typeof samples) => Math.min(...window.map((s) => s.rssMb));
  const high = (window: typeof samples) => Math.max(...window.map((s) => s.rssMb));
  const percent = (from: number, to: number) => (from > 0 ? ((to - from) / from) * 100 : 0);
  const [baseline, end, peakBaseline, peakEnd] = [low(baselineWindow), low(late), high(baselineWindow), high(late)];
  return { baseline, baselineAtSeconds: start, end, driftPercent: percent(baseline, end), peakBaseline, peakEnd, peakDriftPercent: percent(peakBaseline, peakEnd) };
}

/** Steady warm InboxScreen + ConversationScreen load for `seconds`, RSS sampled every 10 s. */
export async function soak(spec: {
  gateway: GatewayProcess;
  requests: BenchRequest[];
  tokens: BenchTokens;
  connections: number;
  seconds: number;
  platformLatencyMs: number;
  progress: (line: string) => void;
}): Promise<SoakResult> {
  const samples: { atSeconds: number; rssMb: number }[] = [];
  const started = Date.now();
  const controller = new AbortController();
  const sampling = (async () => {
    try {
      for await (const _ of every(10_000, undefined, { signal: controller.signal })) {
        const sample = { atSeconds: Math.round((Date.now() - started) / 1000), rssMb: rssMb(spec.gateway.pid) };
        samples.push(sample);
        spec.progress(`[bench] soak ${sample.atSeconds} s: RSS ${Math.round(sample.rssMb)} MB`);
      }
    } catch {
      // aborted: the soak is over
    }
  })();
  const load = await runLoad({ url: spec.gateway.url, connections: spec.connections, seconds: spec.seconds, next: rotation(spec.requests), tokens: spec.tokens });
  controller.abort();
  await sampling;
  samples.push({ atSeconds: Math.round((Date.now() - started) / 1000), rssMb: rssMb(spec.gateway.pid) });
  const drift = rssDrift(samples);
  return {
    seconds: spec.seconds,
    connections: spec.connections,
    platformLatencyMs: spec.platformLatencyMs,
    requests: load.requests,
    errors: totalErrors(load),
    samples,
    rssAfterOneMinuteMb: drift.baseline,
    baselineAtSeconds: drift.baselineAtSeconds,
    rssAtEndMb: drift.end,
    driftPercent: drift.driftPercent,
    peakAfterOneMinuteMb: drift.peakBaseline,
    peakAtEndMb: drift.peakEnd,
    peakDriftPercent: drift.peakDriftPercent,
  };
}
