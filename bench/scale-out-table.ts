import type { ScaleOutResult } from './scale-out.js';
import { formatCount, formatMs } from './table.js';

/** The scale-out scenario's own table (per instance, writes, stale reads) and progress line. */

export const SCALE_OUT_HEADERS = [
  'scale-out',
  'platform latency',
  'requests/s A + B = total',
  'p50 / p99',
  'gateway CPU/request (A + B)',
  'RSS A / B',
  'upstream calls/request',
  'writes (failed)',
  'stale reads / checks',
] as const;

export function scaleOutRow(r: ScaleOutResult): string[] {
  const [a, b] = r.instances;
  return [
    r.crossInstance,
    `${r.platformLatencyMs} ms`,
    `${formatCount(a.requestsPerSecond)} + ${formatCount(b.requestsPerSecond)} = ${formatCount(r.requestsPerSecond)}`,
    r.requests > 0 ? `${formatMs(r.latencyMs.p50)} / ${formatMs(r.latencyMs.p99)}` : '–',
    Number.isFinite(r.gatewayCpuMsPerRequest) ? `${r.gatewayCpuMsPerRequest.toFixed(2)} ms` : '–',
    `${Math.round(a.rssMb)} / ${Math.round(b.rssMb)} MB`,
    Number.isFinite(r.upstreamCallsPerRequest) ? r.upstreamCallsPerRequest.toFixed(3) : '–',
    `${r.tally.writes} (${r.tally.failedWrites})${r.tally.skipped ? `, ${r.tally.skipped} skipped` : ''}`,
    `${r.tally.staleReads} / ${r.tally.checks}${r.tally.failedChecks ? ` (${r.tally.failedChecks} failed)` : ''}`,
  ];
}

export function scaleOutProgressLine(r: ScaleOutResult): string {
  const [a, b] = r.instances;
  return (
    `[bench] scale-out ${r.crossInstance.padEnd(8)} ${String(r.platformLatencyMs).padStart(3)} ms × ${r.connections}: ` +
    `${formatCount(a.requestsPerSecond)} + ${formatCount(b.requestsPerSecond)} = ${formatCount(r.requestsPerSecond)} req/s, p50 ${formatMs(r.latencyMs.p50)}, p99 ${formatMs(r.latencyMs.p99)}, ` +
    `errors ${r.errors.total}, ${r.upstreamCallsPerRequest.toFixed(3)} calls/req, ${r.gatewayCpuMsPerRequest.toFixed(2)} ms CPU/req (both), RSS ${Math.round(a.rssMb)} / ${Math.round(b.rssMb)} MB, ` +
    `writes ${r.tally.writes} (${r.tally.failedWrites} failed), stale reads ${r.tally.staleReads} of ${r.tally.checks}`
  );
}
