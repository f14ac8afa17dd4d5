import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../src/events/bus.js';
import { CursorTooOldError, type InboxEvent, type InboxEventInput } from '../src/events/event.js';
import { MemoryEventBus } from '../src/events/memory-bus.js';
import { RedisEventBus } from '../src/events/redis-bus.js';

/** The replay window of both event logs: inside it `since` replays exactly; outside it is a clear error. */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED event-log-window (Redis part): REDIS_URL is not set');

const event = (tenant: string, n: number): InboxEventInput => ({
  tenant,
  type: 'conversationUpdated',
  sourceKey: 'iron',
  sourceType: 'iron',
  conversationUpstreamId: `c${n}`,
  dedupeKey: `${n}-${randomUUID()}`,
});

const redis = REDIS_URL ? new Redis(REDIS_URL) : null;
afterAll(() => redis?.disconnect());

const buses: [string, () => EventBus][] = [['in-process ring buffer', () => new MemoryEventBus(100)]];
if (redis) buses.push(['Redis Stream', () => new RedisEventBus(redis, 100, `gw-test-${randomUUID().slice(0, 8)}:`)]);

describe.each(buses)('%s', (_name, makeBus) => {
  it('replays exactly what followed `since` inside the window, refuses a cursor outside it, and drops duplicates', async () => {
    const bus = makeBus();
    const tenant = `t-${randomUUID().slice(0, 6)}`;
    const cursors: string[] = [];
    for (let i = 0; i < 1000; i++) cursors.push((await bus.publish(event(tenant, i)))!.cursor);

    const replayed: InboxEvent[] = [];
    const sub = await bus.subscribe(tenant, cursors[950]!, (e) => replayed.push(e));
    await expect.poll(() => replayed.length).toBe(49);
    expect(replayed.map((e) => e.conversationUpstreamId)).toEqual(Array.from({ length: 49 }, (_, i) => `c${951 + i}`));
    sub.unsubscribe();

    await expect(bus.subscribe(tenant, cursors[0]!, () => undefined)).rejects.toBeInstanceOf(CursorTooOldError);
    const again = event(tenant, 5);
    expect(await bus.publish(again)).not.toBeNull();
    expect(await bus.publish(again)).toBeNull();
    await bus.close();
  });
});
