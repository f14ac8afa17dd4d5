import { timelineNow } from '../simulators/common/call-timeline.js';
import type { GatewayProcess } from './gateway-process.js';
import { timedGraphql } from './probe-client.js';
import { runLoad, totalErrors, type LoadResult } from './load.js';
import { cpuMs, rssMb, waitForIdle } from './procfs.js';
import { overheadOverCriticalPath, platformTimeOnChain, roundTripDepth } from './round-trips.js';
import type { SimulatorAdmin } from './sim-admin.js';
import { median, summarize, type LatencySummary } from './stats.js';
import { tokenOf, type BenchRequest, type BenchTokens } from './workloads.js';

/** One row of the results: a scenario at one platform latency and one number of clients. */
export interface ScenarioResult {
  scenario: string;
  platformLatencyMs: number;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  errors: LoadResult['errors'] & { total: number };
  /** NaN (null in the JSON) when no request was answered within the run. */
  upstreamCallsPerRequest: number;
  gatewayCpuMsPerRequest: number;
  gatewayRssMb: number;
  /** The simulators process's CPU over the measured seconds (near 100: the platforms, not the gateway, limit the rate). */
  simulatorsCpuPercentOfCore: number;
  /** Cold scenarios at 1 client with platform latency: the dependent round trips and what they cost. */
  criticalPath: CriticalPath | null;
  notes: string[];
}

/** One single request sent alone, and the platform calls it made (round-trips.ts). */
export interface RoundTripProbe {
  /** Dependent round trips. */
  depth: number;
  /** From sending the request to its whole answer, at the client. */
  latencyMs: number;
  /** The platforms' own time on its critical chain (platformTimeOnChain). */
  platformMs: number;
}

/**
 * A cold scenario's critical path, from single-request probes: `overhead*` is each probe's latency
 * minus the platforms' time on its critical chain (the gateway's own time on the path: its CPU
 * before, between and after the chain's calls, and the network); `nominal` compares the loaded
 * 1-client run with depth × the configured latency instead, so it also holds the simulators'
 * queueing when a round trip sends them many calls at once.
 */
export interface CriticalPath {
  roundTrips: number;
  /** Median platform time on the chain. */
  criticalPathMs: number;
  overheadP50Ms: number;
  overheadP99Ms: number;
  nominal: { criticalPathMs: number; overheadP50Ms: number; overheadP99Ms: number };
  probes: RoundTripProbe[];
}

export interface HttpScenarioContext {
  gateway: GatewayProcess;
  admin: SimulatorAdmin;
  /** CPU time (ms) the simulators' processes have used so far, together. */
  simulatorsCpuMs: () => number;
  tokens: BenchTokens;
  platformLatencyMs: number;
  seconds: number;
  warmupSeconds: number;
}

/** Cycles through a list of requests, one after another, across all connections. */
export function rotation(requests: readonly BenchRequest[]): () => BenchRequest {
  if (requests.length === 0) throw new Error('a scenario needs at least one request');
  let i = 0;
  return () => requests[i++ % requests.length]!;
}

/**
 * Measures one scenario on a running gateway: a short unmeasured warm-up, then a closed loop with
 * the platforms' call counters reset and the gateway's own CPU time read before and after.
 */
export async function measureHttpScenario(
  ctx: HttpScenarioContext,
  scenario: string,
  spec: { next: () => BenchRequest; connections: number; notes?: string[] },
): Promise<ScenarioResult> {
  const url = ctx.gateway.url;
  if (ctx.warmupSeconds > 0) await runLoad({ url, connections: spec.connections, seconds: ctx.warmupSeconds, next: spec.next, tokens: ctx.tokens });
  const idle = await waitForIdle(ctx.gateway.pid);
  await ctx.admin.resetCounts();
  const cpuBefore = cpuMs(ctx.gateway.pid);
  const simulatorsBefore = ctx.simulatorsCpuMs();
  const load = await runLoad({ url, connections: spec.connections, seconds: ctx.seconds, next: spec.next, tokens: ctx.tokens });
  const cpuAfter = cpuMs(ctx.gateway.pid);
  const simulatorsAfter = ctx.simulatorsCpuMs();
  const calls = await ctx.admin.totalCalls();
  // No answered request (all slower than the run): per-request figures are unknown (NaN, null in JSON), not huge.
  const requests = load.requests > 0 ? load.requests : Number.NaN;
  return {
    scenario,
    platformLatencyMs: ctx.platformLatencyMs,
    connections: spec.connections,
    seconds: load.seconds,
    requests: load.requests,
    requestsPerSecond: load.requestsPerSecond,
    latencyMs: load.latencyMs,
    errors: { ...load.errors, total: totalErrors(load) },
    upstreamCallsPerRequest: calls / requests,
    gatewayCpuMsPerRequest: (cpuAfter - cpuBefore) / requests,
    gatewayRssMb: rssMb(ctx.gateway.pid),
    simulatorsCpuPercentOfCore: ((simulatorsAfter - simulatorsBefore) / (load.seconds * 1000)) * 100,
    criticalPath: null,
    notes: [...(spec.notes ?? []), ...(idle ? [] : ['the gateway was still busy with earlier requests when this run started'])],
  };
}

/**
 * Single requests, one at a time: the simulators' call timeline is cleared, one request is sent,
 * and the calls that started while it ran are chained (round-trips.ts): each probe's depth, its
 * latency and the platforms' time on its critical chain.
 */
export async function probeRoundTrips(ctx: HttpScenarioContext, next: () => BenchRequest, probes: number): Promise<RoundTripProbe[]> {
  const results: RoundTripProbe[] = [];
  // The probes' connection is opened before the first is timed (its handshake is no probe's).
  const first = tokenOf(ctx.tokens, next().user);
  await timedGraphql(ctx.gateway.url, first, JSON.stringify({ query: '{ __typename }' }));
  await waitForIdle(ctx.gateway.pid);
  for (let i = 0; i < probes; i++) {
    const request = next();
    await ctx.admin.clearCalls();
    const sent = timelineNow();
    const { answeredMs: answered, status, text } = await timedGraphql(ctx.gateway.url, tokenOf(ctx.tokens, request.user), request.body);
    if (status !== 200) throw new Error(`a probe got HTTP ${status} from the gateway: ${text.slice(0, 300)}`);
    const calls = (await ctx.admin.calls()).filter((c) => c.startMs >= sent && c.startMs <= answered);
    results.push({ depth: roundTripDepth(calls), latencyMs: answered - sent, platformMs: platformTimeOnChain(calls) });
  }
  return results;
}

/** Adds the critical path to a 1-client row (see CriticalPath). */
export function withCriticalPath(row: ScenarioResult, probes: RoundTripProbe[]): ScenarioResult {
  const roundTrips = median(probes.map((p) => p.depth));
  const overheads = summarize(probes.map((p) => p.latencyMs - p.platformMs));
  const nominal = overheadOverCriticalPath(roundTrips, row.platformLatencyMs, row.latencyMs);
  return {
    ...row,
    criticalPath: {
      roundTrips,
      criticalPathMs: median(probes.map((p) => p.platformMs)),
      overheadP50Ms: overheads.p50,
      overheadP99Ms: overheads.p99,
      nominal: { criticalPathMs: nominal.criticalPathMs, overheadP50Ms: nominal.p50, overheadP99Ms: nominal.p99 },
      probes,
    },
  };
}
