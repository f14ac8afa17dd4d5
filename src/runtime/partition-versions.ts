import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** How long a request waits for Redis to say the partitions' versions before it reads upstream. */
export const VERSION_READ_TIMEOUT_MS = 200;

/** Settles with the promise's value, or with `undefined` once `ms` have passed. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The strict half of one cache across instances (`cache.crossInstance: strict`): a version per
 * cache partition (tenant, source, credential hash) in Redis, under the deployment's key prefix,
 * INCRed by every invalidation of that partition on any instance (awaited before the write
 * answers: cache-invalidation.ts), plus one epoch INCRed when an instance lost invalidations it
 * could not send. Each instance stores a read with the version it was made under, and a request
 * reads the current versions (one MGET, memoised per request) before it serves anything cached:
 * an entry read under another version is dropped. Pub/sub still drops entries eagerly; this makes
 * "never served stale after the write answered" hold even when a message is slower than the next
 * request.
 *
 * When Redis does not answer (not connected, or no answer within VERSION_READ_TIMEOUT_MS), a
 * request reads from the platforms and caches nothing: strict stays strict, at the price of
 * platform calls, until Redis is back.
 */
export class PartitionVersions {
  private readonly prefix: string;
  private unreachableSince: number | null = null;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.prefix = `${keyPrefix}cache-version:`;
  }

  /** The Redis key of a partition's version (the partition itself is tenant \0 source \0 credential hash). */
  keyOf(partition: string): string {
    return `${this.prefix}${partition}`;
  }

  /** The key bumped when every partition must be considered invalidated. */
  get epochKey(): string {
    return `${this.prefix}*epoch`;
  }

  /** One request's memo of the versions of its tenant's partitions (read on first use, once). */
  forRequest(partitions: readonly string[]): RequestVersions {
    return new RequestVersions(() => this.read(partitions));
  }

  /** The partitions' versions now, or null when Redis cannot say (the caller reads upstream). */
  private async read(partitions: readonly string[]): Promise<ReadonlyMap<string, string> | null> {
    if (this.redis.status !== 'ready') return this.unreachable('not connected');
    let values: (string | null)[] | undefined;
    try {
      values = await within(this.redis.mget(this.epochKey, ...partitions.map((p) => this.keyOf(p))), VERSION_READ_TIMEOUT_MS);
    } catch (error) {
      return this.unreachable((error as Error).message);
    }
    if (!values) return this.unreachable(`no answer within ${VERSION_READ_TIMEOUT_MS} ms`);
    if (this.unreachableSince !== null) {
      this.logger.info({ forMs: Date.now() - this.unreachableSince }, 'cache versions readable again: cached reads are served again');
      this.unreachableSince = null;
    }
    const epoch = values[0] ?? '0';
    return new Map(partitions.map((partition, i) => [partition, `${epoch}.${values[i + 1] ?? '0'}`]));
  }

  private unreachable(reason: string): null {
    if (this.unreachableSince === null) {
      this.unreachableSince = Date.now();
      this.logger.warn({ reason }, 'cache versions unreadable in redis: requests read from the platforms (nothing cached is served) until redis answers');
    }
    return null;
  }
}

/** A request's view of the partition versions: one MGET at most, on first use. */
export class RequestVersions {
  private versions: Promise<ReadonlyMap<string, string> | null> | undefined;

  constructor(private readonly load: () => Promise<ReadonlyMap<string, string> | null>) {}

  /** The partition's current version, or null when Redis cannot say (read upstream, cache nothing). */
  async of(partition: string): Promise<string | null> {
    const versions = await this.all();
    return versions?.get(partition) ?? null;
  }

  /** Every partition's current version, or null when Redis cannot say. */
  all(): Promise<ReadonlyMap<string, string> | null> {
    return (this.versions ??= this.load());
  }
}
