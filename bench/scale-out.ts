import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchGatewaySettings } from './gateway-config.js';
import { launchGateway, type GatewayProcess } from './gateway-process.js';
import { CONVERSATION_SCREEN, graphql, SEND_MESSAGE } from './graphql.js';
import { rotation, type ScenarioResult } from './http-scenario.js';
import { runLoad, totalErrors, type LoadResult } from './load.js';
import { cpuMs, rssMb, waitForIdle } from './procfs.js';
import { deleteKeysUnder } from './redis-prefix.js';
import { warm } from './screen-scenarios.js';
import type { SimulatorAdmin } from './sim-admin.js';
import type { SimulatorsInfo } from './simulators-launch.js';
import { emptyTally, planWrite, tallyOutcome, type StaleReadTally } from './stale-reads.js';
import { summarize, type LatencySummary } from './stats.js';
import { conversationRequests, tokenOf, type BenchTokens } from './workloads.js';

/**
 * The scale-out scenario: two gateway processes with the same configuration on one Redis (a key
 * prefix of this run's own), ConversationScreen reads of a few conversations split across both,
 * and a writer starring/unstarring those conversations at a fixed rate on alternating instances;
 * right after each write answers, the other instance reads the conversation: a read that does not
 * show the write is stale (never, with `cache.crossInstance: strict`).
 */

/** Conversations the load reads and the writer toggles (few, so every read meets recent writes). */
export const SCALE_OUT_CONVERSATIONS = 8;

export interface ScaleOutInstance {
  pid: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  errors: number;
  cpuMs: number;
  rssMb: number;
}

/** A row of the main table (both instances together) and what only this scenario measures. */
export interface ScaleOutResult extends ScenarioResult {
  crossInstance: 'strict' | 'eventual' | 'none';
  instances: [ScaleOutInstance, ScaleOutInstance];
  writesPerSecond: number;
  tally: StaleReadTally;
}

export interface ScaleOutEnv {
  sims: SimulatorsInfo;
  admin: SimulatorAdmin;
  /** CPU time (ms) the simulators' processes have used so far, together. */
  simulatorsCpuMs: () => number;
  /** The cached group's settings (secrets); redis, workers and crossInstance are set here. */
  settings: BenchGatewaySettings;
  tokens: BenchTokens;
  platformLatencyMs: number;
  seconds: number;
  warmupSeconds: number;
  /** Load clients in all, split between the two instances. */
  connections: number;
  /** `none`: no Redis, each instance its own cache: the control that shows the check finds stale reads. */
  crossInstance: 'strict' | 'eventual' | 'none';
  writesPerSecond: number;
  run: string;
  progress(line: string): void;
  /** Told of each gateway once it answers (the harness records how gateways were started). */
  launched(gateway: GatewayProcess): void;
}

const STAR_MUTATIONS = { true: 'Star', false: 'Unstar' } as const;

/** The first conversations of the inbox that can be starred, with their current star. */
async function starrableConversations(url: string, token: string): Promise<Map<string, boolean>> {
  const query = '{ conversations(first: 50) { edges { node { id starred capabilities } } } }';
  const answer = await graphql(url, token, JSON.stringify({ query }));
  const edges = (answer.data?.conversations as { edges: { node: { id: string; starred: boolean; capabilities: string[] } }[] } | undefined)?.edges;
  if (!edges) throw new Error(`listing conversations failed: ${JSON.stringify(answer.errors).slice(0, 300)}`);
  const found = new Map<string, boolean>();
  for (const { node } of edges) if (node.capabilities.includes('STAR') && found.size < SCALE_OUT_CONVERSATIONS) found.set(node.id, node.starred);
  if (found.size === 0) throw new Error('no conversation of the inbox can be starred');
  return found;
}

/** The conversation's star as one instance serves it now (ConversationScreen, the load's own query); null on errors. */
async function readStar(url: string, token: string, id: string): Promise<boolean | null> {
  const answer = await graphql(url, token, JSON.stringify({ query: CONVERSATION_SCREEN, variables: { id, last: 30 } }));
  const starred = (answer.data?.conversation as { starred?: boolean } | null | undefined)?.starred;
  return answer.errors || typeof starred !== 'boolean' ? null : starred;
}

/** Stars or unstars on one instance; the star its answer reports, null on errors or userErrors. */
async function writeStar(url: string, token: string, id: string, star: boolean): Promise<boolean | null> {
  const operationName = STAR_MUTATIONS[`${star}`];
  const answer = await graphql(url, token, JSON.stringify({ query: SEND_MESSAGE, variables: { conversationId: id }, operationName }));
  const payload = answer.data?.[star ? 'starConversation' : 'unstarConversation'] as { conversation: { starred: boolean } | null; userErrors: unknown[] } | undefined;
  if (answer.errors || !payload || payload.userErrors.length > 0 || !payload.conversation) return null;
  return payload.conversation.starred;
}

/**
 * The writer: a write + check started every 1/rate s until `until`, whatever the previous one is
 * doing (a fixed rate, not a closed loop), except that a conversation whose previous write + check
 * has not finished is skipped for that tick: its expected star would be ambiguous.
 */
async function runWriter(gateways: readonly GatewayProcess[], token: string, starred: Map<string, boolean>, rate: number, until: number): Promise<StaleReadTally> {
  const ids = [...starred.keys()];
  const busy = new Set<string>();
  const running: Promise<void>[] = [];
  let tally = emptyTally();
  const started = Date.now();
  for (let i = 0; Date.now() < until; i++) {
    const write = planWrite(i, ids, starred);
    if (busy.has(write.conversationId)) tally = { ...tally, skipped: tally.skipped + 1 };
    else {
      busy.add(write.conversationId);
      running.push(
        (async () => {
          const written = await writeStar(gateways[write.writeOn]!.url, token, write.conversationId, write.star);
          if (written !== null) starred.set(write.conversationId, written);
          // Right after the write answered, on the other instance.
          const observed = written === null ? null : await readStar(gateways[write.readOn]!.url, token, write.conversationId);
          tally = tallyOutcome(tally, { write, written, observed });
          busy.delete(write.conversationId);
        })(),
      );
    }
    const wait = started + ((i + 1) * 1000) / rate - Date.now();
    if (wait > 0) await sleep(Math.min(wait, Math.max(0, until - Date.now())));
  }
  await Promise.all(running);
  return tally;
}

export async function measureScaleOut(env: ScaleOutEnv): Promise<ScaleOutResult> {
  const redis = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `gw:bench-scale-out-${env.run}-${env.crossInstance}-${env.platformLatencyMs}:` };
  const { workers: _workers, metricsPort: _metricsPort, ...base } = env.settings;
  const settings: BenchGatewaySettings = env.crossInstance === 'none' ? base : { ...base, redis, crossInstance: env.crossInstance };
  const gateways: GatewayProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      gateways.push(await launchGateway(env.sims, settings));
      env.launched(gateways[i]!);
    }
    await env.admin.waitForQuiet();
    const [a, b] = gateways as [GatewayProcess, GatewayProcess];
    const shared = env.crossInstance === 'none' ? 'no Redis' : `on ${redis.url} prefix ${redis.keyPrefix}`;
    env.progress(`[bench] scale-out (${env.crossInstance}): pids ${a.pid} + ${b.pid} ${shared}, logs ${a.logPath} ${b.logPath}`);
    const alice = tokenOf(env.tokens, 'alice');
    const starred = await starrableConversations(a.url, alice);
    const requests = conversationRequests([...starred.keys()]);
    for (const g of gateways) await warm(g.url, env.tokens, requests);

    const split = [Math.ceil(env.connections / 2), Math.max(1, Math.floor(env.connections / 2))] as const;
    const loads = (seconds: number, sinks?: number[][]) =>
      Promise.all(
        gateways.map((g, i) =>
          runLoad({ url: g.url, connections: split[i]!, seconds, next: rotation(requests), tokens: env.tokens, ...(sinks ? { latencySink: sinks[i]! } : {}) }),
        ),
      );
    if (env.warmupSeconds > 0) await loads(env.warmupSeconds);
    const idle = (await Promise.all(gateways.map((g) => waitForIdle(g.pid)))).every(Boolean);
    await env.admin.resetCounts();
    const cpuBefore = gateways.map((g) => cpuMs(g.pid));
    const simulatorsBefore = env.simulatorsCpuMs();
    const sinks: number[][] = [[], []];
    const [measured, tally] = await Promise.all([loads(env.seconds, sinks), runWriter(gateways, alice, starred, env.writesPerSecond, Date.now() + env.seconds * 1000)]);
    const cpuSpent = gateways.map((g, i) => cpuMs(g.pid) - cpuBefore[i]!);
    const simulatorsSpent = env.simulatorsCpuMs() - simulatorsBefore;
    const calls = await env.admin.totalCalls();
    return scaleOutRow(env, { measured: measured as [LoadResult, LoadResult], split, cpuSpent, simulatorsSpent, calls, tally, gateways, latencies: sinks.flat(), idle });
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
    // The shared Redis keeps nothing of this run (events, dedupe keys, versions).
    if (env.crossInstance !== 'none')
      await deleteKeysUnder(redis.url, redis.keyPrefix).catch((error: unknown) => env.progress(`[bench] could not delete ${redis.keyPrefix}*: ${String(error)}`));
  }
}

function scaleOutRow(
  env: ScaleOutEnv,
  m: {
    measured: [LoadResult, LoadResult];
    split: readonly number[];
    cpuSpent: number[];
    simulatorsSpent: number;
    calls: number;
    tally: StaleReadTally;
    gateways: GatewayProcess[];
    latencies: number[];
    idle: boolean;
  },
): ScaleOutResult {
  const instances = m.measured.map((load, i) => ({
    pid: m.gateways[i]!.pid,
    connections: m.split[i]!,
    requests: load.requests,
    requestsPerSecond: load.requestsPerSecond,
    latencyMs: load.latencyMs,
    errors: totalErrors(load),
    cpuMs: m.cpuSpent[i]!,
    rssMb: rssMb(m.gateways[i]!.pid),
  })) as [ScaleOutInstance, ScaleOutInstance];
  const requests = instances[0].requests + instances[1].requests;
  const perRequest = requests > 0 ? requests : Number.NaN;
  // Every request the gateways answered made platform calls: the load's, the writes and their checks.
  const answered = requests + m.tally.writes + m.tally.checks;
  const seconds = Math.max(m.measured[0].seconds, m.measured[1].seconds);
  const errors = m.measured.reduce(
    (sum, load) => ({
      non2xx: sum.non2xx + load.errors.non2xx,
      transport: sum.transport + load.errors.transport,
      graphql: sum.graphql + load.errors.graphql,
      sample: sum.sample ?? load.errors.sample,
      total: sum.total + totalErrors(load),
    }),
    { non2xx: 0, transport: 0, graphql: 0, sample: null as string | null, total: 0 },
  );
  return {
    scenario: `scale-out ${env.crossInstance}`,
    platformLatencyMs: env.platformLatencyMs,
    connections: m.split[0]! + m.split[1]!,
    seconds,
    requests,
    requestsPerSecond: instances[0].requestsPerSecond + instances[1].requestsPerSecond,
    latencyMs: summarize(m.latencies),
    errors,
    upstreamCallsPerRequest: answered > 0 ? m.calls / answered : Number.NaN,
    gatewayCpuMsPerRequest: (m.cpuSpent[0]! + m.cpuSpent[1]!) / perRequest,
    gatewayRssMb: instances[0].rssMb + instances[1].rssMb,
    simulatorsCpuPercentOfCore: (m.simulatorsSpent / (seconds * 1000)) * 100,
    criticalPath: null,
    notes: [
      `two gateways ${env.crossInstance === 'none' ? 'without Redis (each its own cache)' : `on one Redis (cache.crossInstance ${env.crossInstance})`}, ${m.split[0]} + ${m.split[1]} clients reading ${SCALE_OUT_CONVERSATIONS} conversations; gateway CPU/request is both processes' CPU over the load's requests, RSS their sum`,
      `upstream calls/request counts the writer's ${m.tally.writes} writes and ${m.tally.checks} check reads among the requests`,
      ...(m.idle ? [] : ['a gateway was still busy with earlier requests when this run started']),
    ],
    crossInstance: env.crossInstance,
    instances,
    writesPerSecond: env.writesPerSecond,
    tally: m.tally,
  };
}
