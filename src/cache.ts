import { LRUCache } from 'lru-cache';

/** A miss (one object for all of them: a miss carries nothing). */
const MISS: { hit: false } = Object.freeze({ hit: false as const });

/** Hears of an invalidation made here; resolves (never rejects) once it has passed it on. */
export type InvalidationListener = (partition: string, tags: readonly string[]) => Promise<void> | void;

/**
 * The cross-request cache of upstream reads. Keys always begin with the partition
 * `tenant \0 sourceKey \0 credentialHash`, so two tenants (or two credentials of one tenant) can
 * never read each other's entries. Entries carry tags (e.g. a conversation id) so a write can drop
 * exactly the reads it made stale.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, { value: unknown; tags: readonly string[]; version: string | undefined }>;
  /** tag (partition-qualified) → keys holding it. */
  private readonly tagIndex = new Map<string, Set<string>>();
  /** Identical reads in flight, shared by concurrent requests of the same partition. */
  private readonly inflight = new Map<string, Promise<unknown>>();
  /**
   * Bumped by every invalidation of a partition: a read that started before a write must not be
   * shared with, or cached for, the reads after it.
   */
  private readonly generations = new Map<string, number>();
  /** Bumped by `clear`: every partition's generation moves with it. */
  private epoch = 0;
  /**
   * Told of every invalidation made here (not of those passed on from another instance); what a
   * listener returns is the invalidation reaching the other instances (`invalidateEverywhere`).
   */
  private readonly invalidationListeners = new Set<InvalidationListener>();

  constructor(options: { maxEntries?: number } = {}) {
    this.entries = new LRUCache({
      max: options.maxEntries ?? 10_000,
      ttlAutopurge: false,
      dispose: (entry, key) => this.unindex(key, entry.tags),
    });
  }

  static partition(tenant: string, sourceKey: string, credentialHash: string): string {
    return `${tenant}\u0000${sourceKey}\u0000${credentialHash}`;
  }

  generation(partition: string): number {
    // Both parts only grow, so the sum changes whenever either does.
    return this.epoch + (this.generations.get(partition) ?? 0);
  }

  /**
   * The entry under `key`. With `version` (the partition's version across instances, read by the
   * request: runtime/partition-versions.ts), an entry stored under another version is dropped, not
   * served: some instance invalidated the partition since it was read.
   */
  get(key: string, version?: string): { hit: true; value: unknown } | { hit: false } {
    const entry = this.entries.get(key);
    if (!entry) return MISS;
    if (version !== undefined && entry.version !== version) {
      this.entries.delete(key);
      return MISS;
    }
    return { hit: true, value: entry.value };
  }

  /**
   * Whether `key` still holds exactly `value`, unexpired, and (given `version`) stored under that
   * version: an answer built from it would come out the same (pipeline/answer-cache.ts). Like a
   * hit, it keeps the entry recently used.
   */
  holds(key: string, value: unknown, version: string | undefined): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.value === value && (version === undefined || entry.version === version);
  }

  /**
   * Stores a read, unless the partition was invalidated since the read started (`generation`);
   * `version` is the partition's version across instances the read was made under, if any.
   */
  set(key: string, value: unknown, ttlMs: number, partition: string, tags: readonly string[], generation?: number, version?: string): void {
    if (ttlMs <= 0) return;
    if (generation !== undefined && generation !== this.generation(partition)) return;
    const qualified = tags.map((tag) => `${partition}\u0000${tag}`);
    this.entries.set(key, { value, tags: qualified, version }, { ttl: ttlMs });
    for (const tag of qualified) {
      let keys = this.tagIndex.get(tag);
      if (!keys) this.tagIndex.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  /** The read of `key` in flight, if any: a concurrent caller joins it instead of reading again. */
  running<T>(key: string): Promise<T> | undefined {
    return this.inflight.get(key) as Promise<T> | undefined;
  }

  /**
   * Shares `loading` under `key` until it settles (`running` hands it to concurrent callers); the
   * promise returned settles with it, once the key no longer points to it.
   */
  share<T>(key: string, loading: Promise<T>): Promise<T> {
    this.inflight.set(key, loading);
    return loading.finally(() => {
      // An invalidation may have replaced it with a newer read of the same key meanwhile.
      if (this.inflight.get(key) === loading) this.inflight.delete(key);
    });
  }

  /**
   * Drops every entry of the partition that holds one of the tags (and forgets its reads in flight).
   * Listeners (`onInvalidate`) hear of it unless it came from another instance (`fromPeer`).
   */
  invalidate(partition: string, tags: readonly string[], options: { fromPeer?: boolean } = {}): number {
    return this.drop(partition, tags, options.fromPeer === true).dropped;
  }

  /**
   * `invalidate`, resolving once the listeners have passed it on (with Redis: once the other
   * instances can no longer serve what it dropped, or the listener gave up waiting and said so).
   * A write awaits this before it answers.
   */
  invalidateEverywhere(partition: string, tags: readonly string[]): Promise<void> {
    const { spread } = this.drop(partition, tags, false);
    return spread.length === 0 ? Promise.resolve() : Promise.all(spread).then(() => undefined);
  }

  private drop(partition: string, tags: readonly string[], fromPeer: boolean): { dropped: number; spread: Promise<void>[] } {
    this.generations.set(partition, (this.generations.get(partition) ?? 0) + 1);
    const spread: Promise<void>[] = [];
    if (!fromPeer)
      for (const listener of this.invalidationListeners) {
        const passed = listener(partition, tags);
        if (passed) spread.push(passed);
      }
    for (const key of [...this.inflight.keys()]) if (key.startsWith(partition)) this.inflight.delete(key);
    let dropped = 0;
    for (const tag of tags) {
      const keys = this.tagIndex.get(`${partition}\u0000${tag}`);
      if (!keys) continue;
      for (const key of [...keys]) if (this.entries.delete(key)) dropped++;
    }
    return { dropped, spread };
  }

  /** Calls `listener` after each invalidation made on this instance (to pass it on); returns the unsubscribe. */
  onInvalidate(listener: InvalidationListener): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  /**
   * Drops every entry and every read in flight, of every partition (when invalidations may have
   * been missed, e.g. after the connection that brings them was lost).
   */
  clear(): void {
    this.epoch++;
    this.inflight.clear();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.tagIndex.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.tagIndex.delete(tag);
    }
  }
}
