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
  /** RSS at the first sample from 1 minute on (in a shorter soak, the first sample), and when it was taken. */
  rssAfterOneMinuteMb: number;
  baselineAtSeconds: number;
  rssAtEndMb: number;
  /** (end − after 1 min) / after 1 min, in %. */
  driftPercent: number;
}

/** RSS drift between the sample at 1 minute (or the first, in a shorter soak) and the last. */
export function rssDrift(samples: readonly { atSeconds: number; rssMb: number }[]): { baseline: number; baselineAtSeconds: number; end: number; driftPercent: number } {
  if (samples.length === 0) return { baseline: 0, baselineAtSeconds: 0, end: 0, driftPercent: 0 };
  const first = samples.find((s) => s.atSeconds >= 60) ?? samples[0]!;
  const end = samples.at(-1)!.rssMb;
  return { baseline: first.rssMb, baselineAtSeconds: first.atSeconds, end, driftPercent: first.rssMb > 0 ? ((end - first.rssMb) / first.rssMb) * 100 : 0 };
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
  };
}
