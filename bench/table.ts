import type { ScenarioResult } from './http-scenario.js';
import type { SubscriptionResult } from './subscriptions.js';

/** Markdown tables and progress lines of the results. */

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A duration in ms: one decimal below 100, whole above; 's' from 10 s on. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.abs(ms) < 100 ? ms.toFixed(1) : Math.round(ms).toString()} ms`;
}

export function formatSigned(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${formatMs(Math.abs(ms))}`;
}

/** A count with thousands separators (1,234). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export const SCENARIO_HEADERS = [
  'scenario',
  'platform latency',
  'clients',
  'requests/s',
  'p50',
  'p90',
  'p99',
  'errors',
  'upstream calls/request',
  'gateway CPU/request',
  'gateway RSS',
  'round trips',
  'platform time on the chain',
  'overhead p50 / p99',
  'over round trips × latency p50 / p99',
] as const;

export function scenarioRow(r: ScenarioResult): string[] {
  const cp = r.criticalPath;
  return [
    r.scenario,
    `${r.platformLatencyMs} ms`,
    String(r.connections),
    formatCount(r.requestsPerSecond),
    ...[r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99].map((ms) => (r.requests > 0 ? formatMs(ms) : '–')),
    `${r.errors.total} of ${formatCount(r.requests)}`,
    fixed(r.upstreamCallsPerRequest, 2),
    `${fixed(r.gatewayCpuMsPerRequest, 2)} ms`,
    `${Math.round(r.gatewayRssMb)} MB`,
    cp ? String(cp.roundTrips) : '',
    cp ? formatMs(cp.criticalPathMs) : '',
    cp ? `${formatSigned(cp.overheadP50Ms)} / ${formatSigned(cp.overheadP99Ms)}` : '',
    cp ? `${formatSigned(cp.nominal.overheadP50Ms)} / ${formatSigned(cp.nominal.overheadP99Ms)}` : '',
  ];
}

export const SUBSCRIPTION_HEADERS = [
  'subscribers × events/s',
  'platform latency',
  'delivered / expected',
  'p50 / p99 delivery',
  'dropped',
  'gateway CPU',
  'gateway RSS idle / during (peak) / after',
] as const;

export function subscriptionRow(r: SubscriptionResult): string[] {
  return [
    `${formatCount(r.subscribers)} × ${r.eventsPerSecond}`,
    `${r.platformLatencyMs} ms`,
    `${formatCount(r.delivered)} / ${formatCount(r.expected)}`,
    `${formatMs(r.deliveryMs.p50)} / ${formatMs(r.deliveryMs.p99)}`,
    `${formatCount(r.dropped)}${r.droppedByReason.duplicate ? ` (+${formatCount(r.droppedByReason.duplicate)} duplicates)` : ''}`,
    `${Math.round(r.gatewayCpuPercentOfCore)}% of a core`,
    `${Math.round(r.rssMb.idle)} / ${Math.round(r.rssMb.peakDuring)} / ${Math.round(r.rssMb.after)} MB`,
  ];
}

/** One line per finished scenario, for stderr. */
export function progressLine(r: ScenarioResult): string {
  const cp = r.criticalPath
    ? `  ${r.criticalPath.roundTrips} round trips, overhead ${formatSigned(r.criticalPath.overheadP50Ms)} p50 / ${formatSigned(r.criticalPath.overheadP99Ms)} p99 (over ${r.criticalPath.roundTrips} × latency: ${formatSigned(r.criticalPath.nominal.overheadP50Ms)} p50)`
    : '';
  return (
    `[bench] ${r.scenario.padEnd(18)} ${String(r.platformLatencyMs).padStart(3)} ms × ${String(r.connections).padStart(3)}: ` +
    `${formatCount(r.requestsPerSecond)} req/s, p50 ${r.requests > 0 ? formatMs(r.latencyMs.p50) : '–'}, p99 ${r.requests > 0 ? formatMs(r.latencyMs.p99) : '–'}, errors ${r.errors.total}, ` +
    `${fixed(r.upstreamCallsPerRequest, 2)} calls/req, ${fixed(r.gatewayCpuMsPerRequest, 2)} ms CPU/req, RSS ${Math.round(r.gatewayRssMb)} MB, simulators ${Math.round(r.simulatorsCpuPercentOfCore)}% of a core${cp}`
  );
}

export function subscriptionProgressLine(r: SubscriptionResult): string {
  return (
    `[bench] subscriptions      ${String(r.platformLatencyMs).padStart(3)} ms: ${formatCount(r.subscribers)} subscribers × ${r.eventsPerSecond} events/s, ` +
    `delivered ${formatCount(r.delivered)} of ${formatCount(r.expected)}, p50 ${formatMs(r.deliveryMs.p50)}, p99 ${formatMs(r.deliveryMs.p99)}, dropped ${formatCount(r.dropped)}, ` +
    `CPU ${Math.round(r.gatewayCpuPercentOfCore)}% of a core, RSS ${Math.round(r.rssMb.idle)} → ${Math.round(r.rssMb.peakDuring)} → ${Math.round(r.rssMb.after)} MB`
  );
}
