import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { BusSubscription, EventBus } from '../src/events/bus.js';
import type { EventType, InboxEvent, InboxEventInput } from '../src/events/event.js';
import { MemoryEventBus } from '../src/events/memory-bus.js';
import { RedisEventBus } from '../src/events/redis-bus.js';
import { Metrics } from '../src/metrics.js';
import { LiveHub } from '../src/subscriptions/live-hub.js';
import type { LiveSubscription } from '../src/subscriptions/live-subscription.js';

/**
 * The hand-off of a `since` subscription from its own replay to the tenant's shared fan-out
 * (src/subscriptions/live-hub.ts), with events published at each step of the hand-off, placed
 * there deterministically (a hook in the bus or in Redis' replies, never a sleep): whatever
 * happens during the join, the subscriber gets every event of its filter after `since` exactly
 * once, in the log's order, and nothing is counted as dropped.
 */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED subscriptions-replay-joins-live-exactly-once (Redis part): REDIS_URL is not set');

const ALL_MESSAGES = { type: 'messageAdded' as const, sourceTypes: null, conversation: null };
const connections: Redis[] = [];
const opened: { close(): unknown }[] = [];
afterAll(async () => {
  for (const sub of opened) await sub.close();
  connections.forEach((c) => c.disconnect());
});

let n = 0;
/** Alternating types: the fan-out's newest event is sometimes one the subscriber does not want. */
function input(tenant: string, type: EventType = n % 3 === 2 ? 'conversationUpdated' : 'messageAdded'): InboxEventInput {
  n++;
  return { tenant, type, sourceKey: 'voxys', sourceType: 'voxys', conversationUpstreamId: `c${n % 5}`, dedupeKey: `${n}-${randomUUID()}` };
}

/** Publishes `count` events one after another; their cursors and types, in the log's order. */
async function publish(bus: EventBus, tenant: string, count: number): Promise<InboxEvent[]> {
  const published: InboxEvent[] = [];
  for (let i = 0; i < count; i++) published.push((await bus.publish(input(tenant)))!);
  return published;
}

interface Harness {
  bus: EventBus;
  /** Hooks the next replay subscription (one with `since`) at a step of its making. */
  hook: {
    /** Memory bus: after the k-th replayed event was delivered, before the next one is. */
    duringReplay?: { after: number; run: () => void };
    /** After the bus subscription exists, before the hub saw it resolve. */
    afterSubscribed?: () => Promise<void>;
    /** Redis bus: after the replay's XRANGE answered, before its events are delivered (live ones are held). */
    afterRangeRead?: () => Promise<void>;
  };
  /** Redis bus: the tenant reader's XREAD answers wait while this is set (the reader lags behind the stream). */
  readerGate: Promise<void> | null;
}

/** Wraps `bus` so a test can act at a chosen step of a replay subscription's making. */
function hookable(inner: EventBus, harness: Harness): EventBus {
  return {
    publish: (event) => inner.publish(event),
    close: () => inner.close(),
    async subscribe(tenant, since, deliver): Promise<BusSubscription> {
      if (since === null) return inner.subscribe(tenant, since, deliver);
      const { duringReplay, afterSubscribed } = harness.hook;
      harness.hook = {};
      let delivered = 0;
      const subscription = await inner.subscribe(tenant, since, (event) => {
        deliver(event);
        if (duringReplay && ++delivered === duringReplay.after) duringReplay.run();
      });
      await afterSubscribed?.();
      return subscription;
    },
  };
}

function memoryHarness(): Harness {
  const harness: Harness = { bus: null as unknown as EventBus, hook: {}, readerGate: null };
  harness.bus = hookable(new MemoryEventBus(1_000), harness);
  return harness;
}

function redisHarness(): Harness {
  const harness: Harness = { bus: null as unknown as EventBus, hook: {}, readerGate: null };
  const redis = new Redis(REDIS_URL!);
  connections.push(redis);
  // The bus reads a tenant's stream on a duplicate connection: its XREAD answers can be held back.
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = (...args: Parameters<Redis['duplicate']>) => {
    const reader = duplicate(...args);
    connections.push(reader);
    const xread = reader.xread.bind(reader) as (...a: unknown[]) => Promise<unknown>;
    (reader as unknown as { xread: (...a: unknown[]) => Promise<unknown> }).xread = async (...a: unknown[]) => {
      const answer = await xread(...a);
      while (harness.readerGate) await harness.readerGate;
      return answer;
    };
    return reader;
  };
  // The replay's read of the stream: the hook runs once it has answered.
  const xrange = redis.xrange.bind(redis) as (...a: unknown[]) => Promise<unknown>;
  (redis as unknown as { xrange: (...a: unknown[]) => Promise<unknown> }).xrange = async (...a: unknown[]) => {
    const answer = await xrange(...a);
    const hook = harness.hook.afterRangeRead;
    harness.hook.afterRangeRead = undefined;
    await hook?.();
    return answer;
  };
  harness.bus = hookable(new RedisEventBus(redis, 10_000, `gw-test-handoff-${randomUUID().slice(0, 8)}:`), harness);
  return harness;
}

/** A gate: `open()` lets through what waits on `promise`. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function dropped(metrics: Metrics): Promise<number> {
  return (await metrics.eventsDropped.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** What a subscriber received: cursors in arrival order (its sink attached as a socket's would be). */
function received(sub: LiveSubscription): string[] {
  opened.push(sub);
  const cursors: string[] = [];
  sub.attach((event) => cursors.push(event.cursor));
  return cursors;
}

const harnesses: [string, () => Harness][] = [['in-process bus', memoryHarness]];
if (REDIS_URL) harnesses.push(['Redis bus', redisHarness]);

describe.each(harnesses)('%s: a `since` subscription joining the live fan-out', (name, make) => {
  // These hand-offs hook into Redis' replies: declared for the Redis bus only (not skipped elsewhere).
  const itOnRedis = (title: string, test: () => Promise<void>) => {
    if (name === 'Redis bus') it(title, test);
  };
  /**
   * Opens a tenant with a live subscriber (the fan-out exists and has dispatched events), publishes
   * `before` events, and returns what a `since` subscription from the first of them must receive.
   */
  async function scene(before = 30) {
    const harness = make();
    const metrics = new Metrics();
    const hub = new LiveHub(harness.bus, metrics);
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const live = await hub.open(tenant, ALL_MESSAGES, null, 10_000);
    opened.push(live, harness.bus);
    const liveSeen = received(live);
    const log = await publish(harness.bus, tenant, before);
    const wanted = (events: InboxEvent[]) => events.filter((e) => e.type === 'messageAdded').map((e) => e.cursor);
    // The fan-out has dispatched everything published so far (Redis: its reader has read it).
    await expect.poll(() => liveSeen.length).toBe(wanted(log).length);
    return { harness, metrics, hub, tenant, log, wanted, liveSeen };
  }

  it('events published while the replay is delivered, and right after its subscription exists, arrive once, in order', async () => {
    const { harness, metrics, hub, tenant, log, wanted } = await scene();
    const during: Promise<InboxEvent[]>[] = [];
    // The memory bus replays synchronously: publish in the middle of it (the publishes run at once).
    harness.hook.duringReplay = { after: 5, run: () => void during.push(publish(harness.bus, tenant, 4)) };
    harness.hook.afterSubscribed = async () => {
      log.push(...(await Promise.all(during)).flat());
      log.push(...(await publish(harness.bus, tenant, 7)));
    };
    const back = await hub.open(tenant, ALL_MESSAGES, log[0]!.cursor, 10_000);
    const got = received(back);
    log.push(...(await publish(harness.bus, tenant, 6)));

    const expected = wanted(log.slice(1));
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(expected.length);
    // One more live event after everything: nothing else arrived in between (no late duplicate).
    log.push(...(await publish(harness.bus, tenant, 1)));
    const all = wanted(log.slice(1));
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(all.length);
    expect(got).toEqual(all);
    expect(await dropped(metrics)).toBe(0);
    back.close();
  });

  itOnRedis('events published after the replay read the stream, before it went live, arrive once, in order', async () => {
    const { harness, metrics, hub, tenant, log, wanted, liveSeen } = await scene();
    harness.hook.afterRangeRead = async () => {
      // The fan-out dispatches these before the replay has delivered anything: they are behind its read.
      const late = await publish(harness.bus, tenant, 9);
      log.push(...late);
      await expect.poll(() => liveSeen.length).toBe(wanted(log).length);
    };
    const back = await hub.open(tenant, ALL_MESSAGES, log[3]!.cursor, 10_000);
    const got = received(back);
    log.push(...(await publish(harness.bus, tenant, 5)));
    const all = wanted(log.slice(4));
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(all.length);
    expect(got).toEqual(all);
    expect(await dropped(metrics)).toBe(0);
    back.close();
  });

  itOnRedis('a replay that reads further than the fan-out has dispatched (its reader lagging) joins without a gap or a duplicate', async () => {
    const { harness, metrics, hub, tenant, log, wanted, liveSeen } = await scene();
    const held = gate();
    harness.readerGate = held.promise;
    // In the stream, not yet dispatched: the replay reads them, the fan-out dispatches them later.
    const unread = await publish(harness.bus, tenant, 12);
    log.push(...unread);
    harness.hook.afterRangeRead = async () => {
      log.push(...(await publish(harness.bus, tenant, 4))); // and some the replay's read missed too
    };
    const back = await hub.open(tenant, ALL_MESSAGES, log[10]!.cursor, 10_000);
    const got = received(back);
    harness.readerGate = null;
    held.open();
    log.push(...(await publish(harness.bus, tenant, 5)));
    const all = wanted(log.slice(11));
    await expect.poll(() => liveSeen.length).toBe(wanted(log).length);
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(all.length);
    expect(got).toEqual(all);
    expect(await dropped(metrics)).toBe(0);
    back.close();
  });

  itOnRedis('a `since` newer than anything the fan-out has dispatched (a cursor from a faster instance) joins without a duplicate', async () => {
    const { harness, metrics, hub, tenant, log, wanted, liveSeen } = await scene();
    const held = gate();
    harness.readerGate = held.promise;
    // The client saw these through another instance; this one's reader has not read them yet.
    log.push(...(await publish(harness.bus, tenant, 12)));
    const since = log.length - 6;
    const back = await hub.open(tenant, ALL_MESSAGES, log[since]!.cursor, 10_000);
    const got = received(back);
    harness.readerGate = null;
    held.open();
    await expect.poll(() => liveSeen.length).toBe(wanted(log).length);
    log.push(...(await publish(harness.bus, tenant, 5)));
    const all = wanted(log.slice(since + 1));
    await expect.poll(() => liveSeen.length).toBe(wanted(log).length);
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(all.length);
    expect(got).toEqual(all);
    expect(await dropped(metrics)).toBe(0);
    back.close();
  });

  it('a replay from the newest cursor (nothing to replay) joins at the first live event', async () => {
    const { harness, metrics, hub, tenant, log, wanted } = await scene(6);
    const back = await hub.open(tenant, ALL_MESSAGES, log.at(-1)!.cursor, 10_000);
    const got = received(back);
    const after = await publish(harness.bus, tenant, 10);
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(wanted(after).length);
    expect(got).toEqual(wanted(after));
    expect(await dropped(metrics)).toBe(0);
    back.close();
  });
});
