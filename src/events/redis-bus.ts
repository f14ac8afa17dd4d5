import type { Redis } from 'ioredis';
import { parseWithDates, stringifyWithDates } from '../json-dates.js';
import type { BusSubscription, EventBus } from './bus.js';
import { BadCursorError, CursorTooOldError, type InboxEvent, type InboxEventInput } from './event.js';

const DEDUPE_TTL_MS = 24 * 3600 * 1000;
/** Stores the new state and answers 1 when it differs from the last one (atomically, for every instance). */
const SWAP_STATE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const STREAM_ID = /^\d+-\d+$/;

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

  async publish(input: InboxEventInput): Promise<InboxEvent | null> {
    const dedupeKey = `${this.prefix}dedupe:${input.tenant}:${input.dedupeKey}`;
    const fresh =
      input.state !== undefined
        ? (await this.redis.eval(SWAP_STATE, 1, dedupeKey, input.state, String(DEDUPE_TTL_MS))) === 1
        : (await this.redis.set(dedupeKey, '1', 'PX', DEDUPE_TTL_MS, 'NX')) === 'OK';
    if (!fresh) return null;
    try {
      const id = await this.redis.xadd(this.streamKey(input.tenant), 'MAXLEN', '~', String(this.capacity), '*', 'e', stringifyWithDates(input));
      return { ...input, cursor: id! };
    } catch (error) {
      // Not published: the same change arriving again (poll, webhook) must not look like a duplicate.
      await this.redis.del(dedupeKey).catch(() => undefined);
      throw error;
    }
  }

  async subscribe(tenant: string, since: string | null, deliver: (event: InboxEvent) => void): Promise<BusSubscription> {
    const key = this.streamKey(tenant);
    if (since !== null) {
      if (!STREAM_ID.test(since)) throw new BadCursorError();
      await this.checkWindow(key, since);
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
  private async checkWindow(key: string, since: string): Promise<void> {
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
