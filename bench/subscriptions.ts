import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { timelineNow } from '../simulators/common/call-timeline.js';
import { eventContent } from './event-marker.js';
import { BENCH_TENANT, type BenchGatewaySettings } from './gateway-config.js';
import { counterByLabel, counterTotal, type GatewayProcess } from './gateway-process.js';
import { familyCpuMs as cpuMs, familyRssMb as rssMb, processFamily } from './process-family.js';
import type { SimulatorAdmin } from './sim-admin.js';
import type { LatencySummary } from './stats.js';

export interface SubscriptionResult {
  scenario: 'subscriptions';
  platformLatencyMs: number;
  subscribers: number;
  eventsPerSecond: number;
  seconds: number;
  injected: number;
  /** Deliveries of this run's events to subscribers; expected = injected × subscribers. */
  delivered: number;
  expected: number;
  /**
   * From injection at the simulator (the harness's clock just before it asks Voxys to store the
   * message) to receipt of the frame by the client: the simulator's write and signed webhook, the
   * gateway's webhook route, its platform read and bus append, fan-out and the socket.
   */
  deliveryMs: LatencySummary;
  /** `gateway_events_dropped_total` during the run, all reasons but `duplicate` (the same upstream event arriving twice, by design one event). */
  dropped: number;
  droppedByReason: Record<string, number>;
  /** Subscriber-side failures (refused sockets, errors), with the first one. */
  failures: number;
  firstFailure: string | null;
  /** Gateway processes (1, or the cluster's primary + workers). */
  gatewayProcesses: number;
  /** Gateway CPU (every gateway process, summed) from the first injection until deliveries stopped. */
  gatewayCpuPercentOfCore: number;
  /** The load process's CPU over the same time: it must stay below the gateway's. */
  loadCpuPercentOfCore: number;
  rssMb: { idle: number; peakDuring: number; after: number };
  notes: string[];
}

export interface SubscriptionSpec {
  gateway: GatewayProcess;
  admin: SimulatorAdmin;
  tokens: string[];
  voxysWebhookSecret: string;
  platformLatencyMs: number;
  subscribers: number;
  eventsPerSecond: number;
  seconds: number;
  run: string;
  /** Gateway worker processes (`server.workers`; more than 1 uses Redis). */
  workers: number;
}

/** The load process (bench/subscribers-process.ts), spoken to one JSON line at a time. */
function startSubscribers(settings: { wsUrl: string; tokens: string[]; subscribers: number; run: string }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/subscribers-process.ts'], {
    env: { ...process.env, BENCH_SUBSCRIBERS: JSON.stringify(settings) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pid = child.pid!;
  const waiting: ((line: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(JSON.parse(line) as Record<string, unknown>));
  const nextLine = () => new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    nextLine,
    async ask(command: 'count' | 'report' | 'close'): Promise<Record<string, unknown>> {
      const answer = nextLine();
      child.stdin.write(`${command}\n`);
      return answer;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function activeSubscriptions(gateway: GatewayProcess): Promise<number> {
  return counterTotal(await gateway.metrics(), 'gateway_subscriptions_active');
}

/**
 * N subscribers × M events/s: messages injected at the Voxys simulator reach the gateway as signed
 * webhooks and go out to every subscriber; delivery is measured from injection to receipt.
 */
export async function measureSubscriptions(spec: SubscriptionSpec): Promise<SubscriptionResult> {
  const { gateway, admin } = spec;
  const idle = rssMb(gateway.pid);
  // Concurrent across conversations, as Chatwoot's workers send them: one round trip at a time would cap the rate.
  await admin.setVoxysWebhook({ url: `${gateway.url}/webhooks/${BENCH_TENANT}/voxys`, secret: spec.voxysWebhookSecret, order: 'conversation' });
  const subscribers = startSubscribers({ wsUrl: `${gateway.url.replace(/^http/, 'ws')}/graphql`, tokens: spec.tokens, subscribers: spec.subscribers, run: spec.run });
  try {
    const connected = await subscribers.nextLine();
    if (connected.complete !== true) throw new Error(`only ${String(connected.sockets)} of ${spec.subscribers} subscribers connected: ${String(connected.firstFailure)}`);
    const deadline = Date.now() + 120_000;
    while ((await activeSubscriptions(gateway)) < spec.subscribers) {
      if (Date.now() > deadline) throw new Error('the gateway did not report every subscription active within 120 s');
      await sleep(250);
    }

    const droppedBefore = counterByLabel(await gateway.metrics(), 'gateway_events_dropped_total', 'reason');
    const cpuBefore = cpuMs(gateway.pid);
    const loadCpuBefore = cpuMs(subscribers.pid);
    const started = timelineNow();
    let peak = rssMb(gateway.pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(gateway.pid))), 250);

    // Open loop: event k is injected at started + k/M s, whether or not earlier ones were delivered.
    const injected = Math.round(spec.eventsPerSecond * spec.seconds);
    const injections: Promise<void>[] = [];
    for (let seq = 0; seq < injected; seq++) {
      const due = started + (seq * 1000) / spec.eventsPerSecond - timelineNow();
      if (due > 0) await sleep(due);
      injections.push(admin.injectVoxysMessage(eventContent(spec.run, seq, timelineNow())));
    }
    await Promise.all(injections);

    // Deliveries still under way: wait until all arrived, or nothing more arrived for 3 s.
    const expected = injected * spec.subscribers;
    let last = -1;
    let stalledSince = Date.now();
    for (;;) {
      const count = Number((await subscribers.ask('count')).received);
      if (count >= expected) break;
      if (count !== last) [last, stalledSince] = [count, Date.now()];
      else if (Date.now() - stalledSince > 3_000) break;
      await sleep(250);
    }
    const cpuAfter = cpuMs(gateway.pid);
    const loadCpuAfter = cpuMs(subscribers.pid);
    const elapsed = timelineNow() - started;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(gateway.pid));
    const report = await subscribers.ask('report');
    const droppedAfter = counterByLabel(await gateway.metrics(), 'gateway_events_dropped_total', 'reason');
    const droppedByReason = Object.fromEntries(Object.entries(droppedAfter).map(([reason, n]) => [reason, n - (droppedBefore[reason] ?? 0)]));

    await subscribers.ask('close');
    await sleep(3_000);
    return {
      scenario: 'subscriptions',
      platformLatencyMs: spec.platformLatencyMs,
      subscribers: spec.subscribers,
      eventsPerSecond: spec.eventsPerSecond,
      seconds: spec.seconds,
      injected,
      delivered: Number(report.received),
      expected,
      deliveryMs: report.deliveryMs as LatencySummary,
      dropped: Object.entries(droppedByReason).reduce((sum, [reason, n]) => sum + (reason === 'duplicate' ? 0 : n), 0),
      droppedByReason,
      failures: Number(report.failures),
      firstFailure: (report.firstFailure as string | null) ?? null,
      gatewayProcesses: processFamily(gateway.pid).length,
      gatewayCpuPercentOfCore: ((cpuAfter - cpuBefore) / elapsed) * 100,
      loadCpuPercentOfCore: ((loadCpuAfter - loadCpuBefore) / elapsed) * 100,
      rssMb: { idle, peakDuring: peak, after: rssMb(gateway.pid) },
      notes: [
        'each subscriber receives every event of the tenant (messageAdded without arguments); injected at the Voxys simulator, delivered through its signed webhook',
        ...(spec.workers > 1 ? [`${spec.workers} gateway workers sharing events through Redis; CPU and RSS summed over the primary and its workers`] : []),
      ],
    };
  } finally {
    await subscribers.stop();
    await admin.setVoxysWebhook(null);
  }
}

/**
 * The gateway's scale for a run: room for every subscriber's socket (`server.maxConnections`), and
 * with `--workers` above 1 that many workers sharing events through Redis (REDIS_URL, else
 * 127.0.0.1:6379) under a key prefix of the run's own, so nothing mixes with other users of that Redis.
 */
export function gatewayScale(options: { subscribers: number; workers: number; scenarios: readonly string[] }): Pick<BenchGatewaySettings, 'workers' | 'maxConnections' | 'redis'> {
  const sockets = options.scenarios.includes('subscriptions') ? options.subscribers : 0;
  return {
    // The HTTP scenarios' clients and the harness's own requests come on top of the subscribers.
    ...(sockets + 1_000 > 10_000 ? { maxConnections: sockets + 1_000 } : {}),
    ...(options.workers > 1
      ? { workers: options.workers, redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `gw:bench-${process.pid}-${Date.now()}:` } }
      : {}),
  };
}
