import type { Redis } from 'ioredis';
import { parseWithDates, stringifyWithDates } from '../json-dates.js';
import type { BusSubscription, EventBus } from './bus.js';
import { BadCursorError, CursorTooOldError, EventBusUnavailableError, type InboxEvent, type InboxEventInput } from './event.js';

const DEDUPE_TTL_MS = 24 * 3600 * 1000;
/** How long a publish or a subscribe may wait for Redis before the bus counts as unavailable. */
const PUBLISH_TIMEOUT_MS = 2_000;
const SUBSCRIBE_TIMEOUT_MS = 3_000;
/**
 * One atomic publish (KEYS: dedupe, stream, origin; ARGV: mode `s` state / `o` once, state, ttl,
 * capacity, payload): the dedupe check, the append and the dedupe mark happen together or not at
 * all, so a publish cut short by an outage never leaves a mark without its event (which would
 * drop the event as a duplicate forever), and retrying a publish whose answer was lost is safe.
 * The origin key records the stream's first id: a stream Redis lost has none, or a later one.
 * Returns the new id, or nil for a duplicate.
 */
const PUBLISH = `if ARGV[1] == 's' then
  if redis.call('GET', KEYS[1]) == ARGV[2] then return false end
elseif redis.call('EXISTS', KEYS[1]) == 1 then return false end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[5])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('SET', KEYS[3], redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1][1])
end
return id`;
const STREAM_ID = /^\d+-\d+$/;

/** Rejects with `EventBusUnavailableError` when `work` takes longer than `ms`. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new EventBusUnavailableError(new Error(`no answer from Redis within ${ms} ms`))), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Stream ids compare as (milliseconds, sequence). */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
}

/** One tenant's stream, read by one blocking connection of this instance for all its subscribers. */
class TenantReader {
  readonly listeners = new Set<(event: InboxEvent) => void>();
  private stopped = false;

  constructor(
    private readonly connection: Redis,
    private readonly key: string,
    private lastId: string,
    private readonly onDone: () => void,
  ) {
    // Outages are retried by the loop below; without a listener ioredis prints every failed reconnect.
    this.connection.on('error', () => undefined);
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let answer: [string, [string, string[]][]][] | null;
      try {
        answer = (await this.connection.xread('COUNT', 500, 'BLOCK', 1000, 'STREAMS', this.key, this.lastId)) as typeof answer;
      } catch {
        if (this.stopped) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const [, entries] of answer ?? []) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          const event = { ...(parseWithDates(fields[1]!) as InboxEventInput), cursor: id };
          for (const listener of this.listeners) listener(event);
        }
      }
    }
    this.connection.disconnect();
    this.onDone();
  }

  stop(): void {
    this.stopped = true;
  }
}

/**
 * The bus when Redis is configured: a Redis Stream per tenant is the ordered log and the replay
 * window (trimmed to about `capacity` entries); a dedupe key per event makes a change that
 * arrives by webhook, poll and mutation (possibly on different instances) one event. Each
 * instance reads each tenant's stream once and fans out to its own subscribers, so every
 * subscriber on every instance gets each event exactly once.
 */
export class RedisEventBus implements EventBus {
  private readonly readers = new Map<string, TenantReader>();

  constructor(
    private readonly redis: Redis,
    private readonly capacity = 10_000,
    private readonly prefix = 'gw:',
  ) {}

  private streamKey(tenant: string): string {
    return `${this.prefix}events:${tenant}`;
  }

  private originKey(tenant: string): string {
    return `${this.prefix}events-origin:${tenant}`;
  }

  /** Fails at once while ioredis knows Redis is away, instead of queueing behind its reconnects. */
  private assertReachable(): void {
    const status = this.redis.status;
    if (status === 'reconnecting' || status === 'close' || status === 'end') throw new EventBusUnavailableError(new Error(`redis is ${status}`));
  }

  /** Throws EventBusUnavailableError when Redis cannot be reached (the publisher retries, then holds the event). */
  async publish(input: InboxEventInput): Promise<InboxEvent | null> {
    this.assertReachable();
    const keys = [`${this.prefix}dedupe:${input.tenant}:${input.dedupeKey}`, this.streamKey(input.tenant), this.originKey(input.tenant)];
    const args = input.state !== undefined ? ['s', input.state] : ['o', '1'];
    let id: unknown;
    try {
      id = await within(this.redis.eval(PUBLISH, keys.length, ...keys, ...args, String(DEDUPE_TTL_MS), String(this.capacity), stringifyWithDates(input)), PUBLISH_TIMEOUT_MS);
    } catch (error) {
      throw error instanceof EventBusUnavailableError ? error : new EventBusUnavailableError(error);
    }
    return typeof id === 'string' ? { ...input, cursor: id } : null;
  }

  /**
   * Throws CursorTooOldError / BadCursorError for an unusable `since`, and EventBusUnavailableError
   * (within a few seconds, never hanging) when Redis cannot be reached.
   */
  async subscribe(tenant: string, since: string | null, deliver: (event: InboxEvent) => void): Promise<BusSubscription> {
    this.assertReachable();
    // A subscription given up on (timed out) must never deliver, and is released if it completes late.
    let abandoned = false;
    const attempt = this.attach(tenant, since, (event) => {
      if (!abandoned) deliver(event);
    });
    try {
      return await within(attempt, SUBSCRIBE_TIMEOUT_MS);
    } catch (error) {
      abandoned = true;
      attempt.then((subscription) => subscription.unsubscribe()).catch(() => undefined);
      if (error instanceof CursorTooOldError || error instanceof BadCursorError || error instanceof EventBusUnavailableError) throw error;
      throw new EventBusUnavailableError(error);
    }
  }

  private async attach(tenant: string, since: string | null, deliver: (event: InboxEvent) => void): Promise<BusSubscription> {
    const key = this.streamKey(tenant);
    if (since !== null) {
      if (!STREAM_ID.test(since)) throw new BadCursorError();
      await this.checkWindow(tenant, key, since);
    }
    const reader = await this.readerFor(tenant);
    // Live events wait here until the replay below has been delivered.
    const held: InboxEvent[] = [];
    let live = false;
    let lastDelivered = '0-0';
    const listener = (event: InboxEvent) => {
      if (!live) return void held.push(event);
      if (compareIds(event.cursor, lastDelivered) > 0) {
        lastDelivered = event.cursor;
        deliver(event);
      }
    };
    reader.listeners.add(listener);
    const release = () => {
      reader.listeners.delete(listener);
      if (reader.listeners.size === 0) {
        reader.stop();
        if (this.readers.get(tenant) === reader) this.readers.delete(tenant);
      }
    };
    try {
      if (since === null) {
        const newest = (await this.redis.xrevrange(key, '+', '-', 'COUNT', 1))[0];
        lastDelivered = newest ? newest[0] : '0-0';
      } else {
        lastDelivered = since;
        for (const [id, fields] of await this.redis.xrange(key, `(${since}`, '+')) {
          lastDelivered = id;
          deliver({ ...(parseWithDates(fields[1]!) as InboxEventInput), cursor: id });
        }
      }
    } catch (error) {
      release(); // never leave a half-made subscription holding events
      throw error;
    }
    live = true;
    for (const event of held) listener(event);
    held.length = 0;
    return { unsubscribe: release };
  }

  async close(): Promise<void> {
    for (const reader of this.readers.values()) reader.stop();
    this.readers.clear();
  }

  /** A `since` older than what the stream still holds cannot be replayed without a gap. */
  private async checkWindow(tenant: string, key: string, since: string): Promise<void> {
    // No origin: Redis lost the stream (a restart without persistence) or never had it. An origin
    // after `since`: the stream was lost and begun anew. Either way events after `since` are gone.
    const origin = await this.redis.get(this.originKey(tenant));
    if (origin === null || !STREAM_ID.test(origin) || compareIds(since, origin) < 0) throw new CursorTooOldError();
    const newest = (await this.redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
    if (compareIds(since, newest) > 0) throw new BadCursorError();
    const info = (await this.redis.call('XINFO', 'STREAM', key).catch(() => null)) as unknown[] | null;
    if (!info) return;
    const field = (name: string) => info[info.indexOf(name) + 1];
    // Trimming leaves no record of the ids it removed: once anything was trimmed, a `since` before
    // the oldest entry kept may have lost events after it (refusing the exact boundary is safe).
    const trimmed = Number(field('entries-added')) > Number(field('length'));
    const first = field('recorded-first-entry-id');
    if (trimmed && typeof first === 'string' && compareIds(since, first) < 0) throw new CursorTooOldError();
  }

  private async readerFor(tenant: string): Promise<TenantReader> {
    let reader = this.readers.get(tenant);
    if (!reader) {
      const key = this.streamKey(tenant);
      const newest = (await this.redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
      const existing = this.readers.get(tenant);
      if (existing) return existing;
      reader = new TenantReader(this.redis.duplicate(), key, newest, () => undefined);
      this.readers.set(tenant, reader);
    }
    return reader;
  }
}
