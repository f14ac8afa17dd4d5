import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { mintToken } from '../src/pipeline/auth.js';
import { BENCH_TENANT, BENCH_USERS, coldTenants, tokenKey, type BenchGatewaySettings } from './gateway-config.js';
import { launchGateway, type GatewayProcess } from './gateway-process.js';
import type { HttpScenarioContext, ScenarioResult } from './http-scenario.js';
import { parseBenchArgs, UsageError, type BenchOptions, type ScenarioName } from './options.js';
import { machine, writeResults } from './results.js';
import { planGroups, type GatewayGroup } from './scenario-plan.js';
import { measureScaleOut, type ScaleOutResult } from './scale-out.js';
import { SCALE_OUT_HEADERS, scaleOutProgressLine, scaleOutRow } from './scale-out-table.js';
import { SimulatorAdmin } from './sim-admin.js';
import { launchSimulators } from './simulators-launch.js';
import { soak, type SoakResult } from './soak.js';
import { gatewayScale, measureSubscriptions, type SubscriptionResult } from './subscriptions.js';
import { markdownTable, progressLine, SCENARIO_HEADERS, scenarioRow, SUBSCRIPTION_HEADERS, subscriptionProgressLine, subscriptionRow } from './table.js';
import { firstPageIds, PROBES, runScreenScenario, warm } from './screen-scenarios.js';
import { conversationRequests, inboxWarmRequests, type BenchTokens } from './workloads.js';

/**
 * `npm run bench -- [flags]` (bench/options.ts): the simulators and the gateway each in their own
 * process, load from this one. Progress on stderr, a Markdown table on stdout, JSON in bench/results/.
 */
let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const startedAt = new Date().toISOString();
const run = randomBytes(4).toString('hex');
const jwtSecret = `bench-${randomBytes(24).toString('hex')}`;
const voxysWebhookSecret = randomBytes(16).toString('hex');
/** The cold scenarios' tenants: more than there are clients, so requests in flight together are in different tenants. */
const tenantsForCold = coldTenants(options.connections + 1);
const tokens: BenchTokens = Object.fromEntries(
  await Promise.all(
    [BENCH_TENANT, ...tenantsForCold].flatMap((tenant) =>
      BENCH_USERS.map(async (sub) => [tokenKey(sub, tenant), await mintToken({ secret: jwtSecret, sub, tenant, ttlSeconds: 6 * 3600 })] as const),
    ),
  ),
);

const NOTES = {
  cold: `Cold scenarios run with cacheTtlMs 0 (no cross-request cache) and distinct requests rotating over ${tenantsForCold.length} tenants configured with the same platforms: identical platform reads in flight at the same moment are shared only within a tenant (by design), so requests in flight together never share one and every request pays its own calls, at 1 client and at many.`,
  criticalPath: `Critical path, from ${PROBES} single-request probes: round trips are the dependent platform calls a request forces (the longest chain of calls each starting after the previous ended, from the simulators' call timeline); platform time on the chain is the calls' own durations along the longest such chain, as the simulators served them (median); overhead p50 / p99 is each probe's latency minus its platform time: the gateway's own time on the path. The last column compares the loaded 1-client p50 / p99 with round trips × the configured latency instead, so it also counts the simulators' queueing (each platform's simulator is one process, so a round trip of ten calls to one platform waits there for itself).`,
  shared:
    'The load generator (autocannon), the simulators and the gateway share the machine; gateway CPU is the gateway process’s own user + system time (/proc) over the measured seconds, divided by the requests.',
};

const settingsFor = (group: GatewayGroup): BenchGatewaySettings => ({
  jwtSecret,
  voxysWebhookSecret,
  ...gatewayScale(options),
  ...(group === 'uncached' ? { cacheTtlMs: 0, extraTenants: tenantsForCold } : {}),
  ...(options.answers === 'off' ? { answers: false } : {}),
});

const sims = await launchSimulators({ seed: 'bench', size: options.size });
const admin = new SimulatorAdmin(sims.info.urls);
const rows: ScenarioResult[] = [];
const subscriptionRows: SubscriptionResult[] = [];
const scaleOutRows: ScaleOutResult[] = [];
let soakResult: SoakResult | null = null;
const failures: { scenario: ScenarioName; platformLatencyMs: number; error: string }[] = [];
const host = machine();
progress(`[bench] ${host.cores} × ${host.cpu}, ${host.memoryGb} GB, Node ${host.node}, load average ${host.loadAverageAtStart}`);
/** How each gateway was started (dist/ may appear or go away during a run). */
const commandsUsed = new Set<string>();
async function startGateway(group: GatewayGroup): Promise<GatewayProcess> {
  const gateway = await launchGateway(sims.info, settingsFor(group));
  commandsUsed.add(gateway.command);
  // Its own start-up calls (Iron's watermark) are nobody's request.
  await admin.waitForQuiet();
  return gateway;
}

/** Records a measured row and prints its progress line. */
function emit(row: ScenarioResult): void {
  rows.push(row);
  progress(progressLine(row));
}

try {
  if (options.soakSeconds !== null) {
    const latency = options.latencies.at(-1)!;
    await admin.setLatency(latency);
    const gateway = await startGateway('cached');
    try {
      const requests = [...inboxWarmRequests(), ...conversationRequests(await firstPageIds(gateway.url, tokens.alice!))];
      await warm(gateway.url, tokens, requests);
      progress(`[bench] soak: ${options.soakSeconds} s of warm InboxScreen + ConversationScreen at ${options.connections} clients, ${latency} ms platforms`);
      soakResult = await soak({ gateway, requests, tokens, connections: options.connections, seconds: options.soakSeconds, platformLatencyMs: latency, progress });
    } finally {
      await gateway.stop();
    }
  } else {
    for (const latency of options.latencies) {
      await admin.setLatency(latency);
      if (options.scenarios.includes('scale-out')) {
        try {
          const result = await measureScaleOut({
            sims: sims.info,
            admin,
            simulatorsCpuMs: sims.cpuMs,
            settings: settingsFor('cached'),
            tokens,
            platformLatencyMs: latency,
            seconds: options.seconds,
            warmupSeconds: options.warmupSeconds,
            connections: options.connections,
            crossInstance: options.crossInstance,
            writesPerSecond: options.writesPerSecond,
            run,
            progress,
            launched: (gateway) => commandsUsed.add(gateway.command),
          });
          rows.push(result);
          scaleOutRows.push(result);
          progress(scaleOutProgressLine(result));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.push({ scenario: 'scale-out', platformLatencyMs: latency, error: message });
          progress(`[bench] scale-out at ${latency} ms FAILED: ${message}`);
        }
      }
      for (const { group, scenarios } of planGroups(options.scenarios)) {
        const gateway = await startGateway(group);
        progress(`[bench] ${latency} ms platforms: \`${gateway.command}\` pid ${gateway.pid} (${group === 'uncached' ? 'cacheTtlMs 0' : 'default cache'}), log ${gateway.logPath}`);
        try {
          const ctx: HttpScenarioContext = {
            gateway,
            admin,
            simulatorsCpuMs: sims.cpuMs,
            tokens,
            platformLatencyMs: latency,
            seconds: options.seconds,
            warmupSeconds: options.warmupSeconds,
          };
          for (const name of scenarios) {
            try {
              await runOne(ctx, name);
            } catch (error) {
              // One broken scenario costs its own row, not the whole run.
              const message = error instanceof Error ? error.message : String(error);
              failures.push({ scenario: name, platformLatencyMs: latency, error: message });
              progress(`[bench] ${name} at ${latency} ms FAILED: ${message}`);
            }
          }
        } finally {
          await gateway.stop();
        }
      }
    }
  }
} finally {
  await admin.setLatency(0).catch(() => undefined);
  await sims.stop();
}

async function runOne(ctx: HttpScenarioContext, name: ScenarioName): Promise<void> {
  const { gateway, platformLatencyMs: latency } = ctx;
  if (name === 'subscriptions') {
    const result = await measureSubscriptions({
      gateway,
      admin,
      tokens: BENCH_USERS.map((user) => tokens[user]!),
      voxysWebhookSecret,
      platformLatencyMs: latency,
      subscribers: options.subscribers,
      eventsPerSecond: options.eventsPerSecond,
      workers: options.workers,
      seconds: options.seconds,
      run,
    });
    subscriptionRows.push(result);
    progress(subscriptionProgressLine(result));
    return;
  }
  if (name === 'scale-out') throw new Error('scale-out runs on two gateways of its own (bench/scale-out.ts), not in a group');
  await runScreenScenario({ ctx, connections: options.connections, run, emit, coldTenants: tenantsForCold }, name);
}

const notes = [
  ...(rows.some((r) => r.scenario.endsWith('-cold')) ? [NOTES.cold, NOTES.criticalPath] : []),
  NOTES.shared,
  options.answers === 'off'
    ? 'Answer cache off (`--answers off`): every query is executed, warm ones from the read cache.'
    : 'Answer cache on (the default): a warm query whose platform reads all still hold is answered without executing it (src/pipeline/answer-cache.ts); `--answers off` measures execution.',
  `Gateway: ${[...commandsUsed].map((c) => `\`${c}\``).join(', then ')} alone in its process, NODE_ENV=production, LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info'}, a configuration file (bench/gateway-config.ts).`,
];
const report = {
  startedAt,
  run,
  machine: { ...host, loadAverageAtEnd: Math.round(loadavg()[0]! * 100) / 100 },
  options,
  gatewayCommands: [...commandsUsed],
  notes,
  scenarios: rows,
  subscriptions: subscriptionRows,
  soak: soakResult,
  failures,
};
// BENCH_RESULTS_DIR: elsewhere than bench/results/ (the end-to-end test writes to a temporary directory).
const path = writeResults(report, process.env.BENCH_RESULTS_DIR ?? 'bench/results');

const order = (r: ScenarioResult) => [r.platformLatencyMs, options.scenarios.indexOf(r.scenario as ScenarioName), -r.connections];
rows.sort((a, b) => {
  const [x, y] = [order(a), order(b)];
  return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
});
const out: string[] = [
  `Measured ${startedAt} on ${host.cores} × ${host.cpu}, ${host.memoryGb} GB, Node ${host.node} (1-minute load average ${host.loadAverageAtStart} at the start, ${report.machine.loadAverageAtEnd} at the end).`,
  '',
];
if (rows.length > 0) out.push(markdownTable(SCENARIO_HEADERS, rows.map(scenarioRow)), '');
if (scaleOutRows.length > 0) out.push(markdownTable(SCALE_OUT_HEADERS, scaleOutRows.map(scaleOutRow)), '');
if (subscriptionRows.length > 0) out.push(markdownTable(SUBSCRIPTION_HEADERS, subscriptionRows.map(subscriptionRow)), '');
if (soakResult) {
  out.push(
    `Soak: ${soakResult.seconds} s, ${soakResult.connections} clients, ${soakResult.requests} requests, ${soakResult.errors} errors; gateway RSS low ${Math.round(soakResult.rssAfterOneMinuteMb)} MB in the window from ${soakResult.baselineAtSeconds} s, ${Math.round(soakResult.rssAtEndMb)} MB in the last: drift ${soakResult.driftPercent.toFixed(1)}% (highs ${Math.round(soakResult.peakAfterOneMinuteMb)} → ${Math.round(soakResult.peakAtEndMb)} MB, ${soakResult.peakDriftPercent.toFixed(1)}%).`,
    '',
  );
}
out.push(...failures.map((f) => `- **${f.scenario} at ${f.platformLatencyMs} ms failed**: ${f.error}`));
out.push(...notes.map((n) => `- ${n}`), '', `JSON: ${path}`);
console.log(out.join('\n'));
