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
  /**
   * Where every injected event went: `published` messageAdded events (the gateway's
   * `gateway_events_published_total`), webhooks it accepted, and deliveries that came after the run
   * stopped waiting (late, not lost). delivered + dropped(slow_consumer) = published × subscribers
   * when nothing is late; injected − published were never published (their webhook never reached
   * the gateway, or their read failed: `change_unread`).
   */
  accounting: { published: number; webhooksAccepted: number; late: number; webhooksFailed: Record<string, number> };
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
  /**
   * Seconds of events injected at the same rate before measuring (default 1), each subscriber
   * receiving them but none counted: the first events after start-up pay for compiling the code
   * paths (and new connections) once, which is not the steady state measured (with 100 events,
   * p99 is the slowest event's tail).
   */
  warmupSeconds?: number;
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

/** Counters telling whether the gateway is still at work on this run's events. */
async function progressCounters(gateway: GatewayProcess): Promise<{ published: number; webhooksAccepted: number }> {
  const text = await gateway.metrics();
  return {
    published: counterByLabel(text, 'gateway_events_published_total', 'type').messageAdded ?? 0,
    webhooksAccepted: counterByLabel(text, 'gateway_webhooks_received_total', 'outcome').accepted ?? 0,
  };
}

/**
 * The Voxys simulator's webhook deliveries so far that did not get a 2xx, by event and status
 * (null: refused, or no answer within Chatwoot's 5 s; the gateway may still have read such a
 * request and published it: `published` tells). Read from its admin API (`GET /__admin/webhook`);
 * SimulatorAdmin keeps the URLs private, so they are read from it.
 */
async function failedWebhooks(admin: SimulatorAdmin): Promise<Record<string, number>> {
  const urls = Reflect.get(admin, 'urls') as Record<string, string> | undefined;
  if (!urls?.voxys) return {};
  const { deliveries } = (await (await fetch(`${urls.voxys}/__admin/webhook`)).json()) as { deliveries: { event: string; status: number | null }[] };
  const failed: Record<string, number> = {};
  for (const { event, status } of deliveries)
    if (status === null || status < 200 || status > 299) failed[`${event} ${String(status)}`] = (failed[`${event} ${String(status)}`] ?? 0) + 1;
  return failed;
}

/** Injects `count` events at `perSecond`, open loop, from now; resolves once every injection was answered. */
async function inject(admin: SimulatorAdmin, run: string, count: number, perSecond: number): Promise<void> {
  const started = timelineNow();
  const injections: Promise<void>[] = [];
  for (let seq = 0; seq < count; seq++) {
    const due = started + (seq * 1000) / perSecond - timelineNow();
    if (due > 0) await sleep(due);
    injections.push(admin.injectVoxysMessage(eventContent(run, seq, timelineNow())));
  }
  await Promise.all(injections);
}

/** Waits until every subscriber has received the `expected` warm-up deliveries, or they stopped coming for 3 s (at most 120 s). */
async function warmedUp(ask: () => Promise<Record<string, unknown>>, expected: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const count = Number((await ask()).warmupReceived);
    if (count >= expected) return;
    if (count !== last) [last, since] = [count, Date.now()];
    else if (Date.now() - since > 3_000) return;
    await sleep(100);
  }
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

    // Warm-up: the same rate under another run name (the load process counts only this run's events).
    const warmup = Math.round(spec.eventsPerSecond * (spec.warmupSeconds ?? 1));
    if (warmup > 0) {
      await inject(admin, `${spec.run}-warmup`, warmup, spec.eventsPerSecond);
      await warmedUp(() => subscribers.ask('count'), warmup * spec.subscribers);
    }

    const countersBefore = await progressCounters(gateway);
    const droppedBefore = counterByLabel(await gateway.metrics(), 'gateway_events_dropped_total', 'reason');
    const cpuBefore = cpuMs(gateway.pid);
    const loadCpuBefore = cpuMs(subscribers.pid);
    const started = timelineNow();
    let peak = rssMb(gateway.pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(gateway.pid))), 250);

    // Open loop: event k is injected at started + k/M s, whether or not earlier ones were delivered.
    const injected = Math.round(spec.eventsPerSecond * spec.seconds);
    await inject(admin, spec.run, injected, spec.eventsPerSecond);

    // Deliveries still under way: wait until all arrived, or for 3 s neither did a delivery arrive
    // nor did the gateway accept a webhook or publish an event (it is not merely slow).
    const expected = injected * spec.subscribers;
    let last = '';
    let stalledSince = Date.now();
    for (;;) {
      const count = Number((await subscribers.ask('count')).received);
      if (count >= expected) break;
      const state = JSON.stringify([count, await progressCounters(gateway)]);
      if (state !== last) [last, stalledSince] = [state, Date.now()];
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
    const countersAfter = await progressCounters(gateway);
    // Anything still arriving now was late, not lost.
    let late = 0;
    if (Number(report.received) < expected) {
      await sleep(3_000);
      late = Number((await subscribers.ask('count')).received) - Number(report.received);
    }

    const published = countersAfter.published - countersBefore.published;
    // Since the simulators started (this bench invocation, warm-up included).
    const webhooksFailed = await failedWebhooks(admin);
    process.stderr.write(
      `[bench] subscriptions accounting: injected ${injected}, accepted webhooks ${countersAfter.webhooksAccepted - countersBefore.webhooksAccepted}, ` +
        `published ${published} (× ${spec.subscribers} = ${published * spec.subscribers}), delivered ${String(report.received)}, ` +
        `dropped ${JSON.stringify(droppedByReason)}, late ${late}, webhooks not accepted by the gateway ${JSON.stringify(webhooksFailed)}\n`,
    );
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
      accounting: {
        published: countersAfter.published - countersBefore.published,
        webhooksAccepted: countersAfter.webhooksAccepted - countersBefore.webhooksAccepted,
        late,
        webhooksFailed,
      },
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
        ...(warmup > 0 ? [`measured after a warm-up of ${warmup} events at the same rate (delivered, not counted)`] : []),
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
