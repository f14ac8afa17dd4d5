import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ResponseCache } from '../cache.js';
import type { Logger } from '../logger.js';
import { within, type PartitionVersions } from './partition-versions.js';

/** Invalidations kept while Redis cannot take them; past this, peers are told to drop everything instead. */
const MAX_UNSENT = 1_000;
/** How long a write waits for Redis to take its invalidation before it answers anyway (logged). */
export const SEND_TIMEOUT_MS = 200;

/**
 * What goes over the channel: the sender, and either one partition's tags (the partition is the
 * cache's own `tenant \0 source \0 credential-hash`: nothing a key does not already hold) or `all`
 * (the sender lost invalidations it could not send: drop everything).
 */
type InvalidationMessage = { from: string; partition: string; tags: readonly string[] } | { from: string; all: true };

/**
 * Passes every invalidation of this instance's response cache (a write's tags, an event's stale
 * reads) to every other instance on the same Redis over pub/sub, and applies theirs here, so a change
 * seen by one instance is not served stale by another until the TTL runs out.
 *
 * The channel is namespaced by `redis.keyPrefix` (deployments sharing a Redis do not hear each
 * other); an instance ignores its own messages. Pub/sub delivers only to those connected at the
 * time: when the subscriber's connection comes back after a loss, invalidations may have been
 * missed, so the whole local cache is dropped once (logged). Invalidations this instance could not
 * send meanwhile are sent when Redis answers again (or, past MAX_UNSENT, a drop-everything).
 *
 * A write awaits its invalidation (`ResponseCache.invalidateEverywhere`): one round trip that, in
 * strict mode (`versions`), also INCRs the partition's version (partition-versions.ts), so no
 * request that starts on another instance after the write answered is served what it made stale.
 * The wait is bounded by SEND_TIMEOUT_MS: when Redis is down or slow the write answers anyway and
 * a warning is logged; the invalidation is sent when Redis takes it (see above), and until then
 * other instances may serve the old answer (in strict mode, only those whose version read succeeds
 * before it lands: an instance that cannot read versions reads from the platforms).
 */
export class CacheInvalidationBroadcast {
  readonly channel: string;
  readonly instanceId = randomUUID();
  private readonly subscriber: Redis;
  private readonly unlisten: () => void;
  private unsent: InvalidationMessage[] = [];
  private overflowed = false;
  private subscribedOnce = false;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly cache: ResponseCache,
    private readonly logger: Logger,
    private readonly versions?: PartitionVersions,
  ) {
    this.channel = `${keyPrefix}cache-invalidations`;
    this.unlisten = cache.onInvalidate((partition, tags) => this.send({ from: this.instanceId, partition, tags }));
    // A connection of its own: one in subscriber mode cannot run other commands. It subscribes on
    // each `ready` itself (not ioredis' autoResubscribe) so the cache is dropped only once the
    // subscription is back, never before a window in which messages could still be missed.
    this.subscriber = redis.duplicate({ autoResubscribe: false, maxRetriesPerRequest: null, lazyConnect: false });
    this.subscriber.on('error', () => undefined); // the shared connection already logs Redis errors
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel === this.channel) this.receive(raw);
    });
    this.subscriber.on('ready', () => void this.resubscribe());
  }

  /** Stops listening and sending; the connection of its own is closed. */
  close(): void {
    this.closed = true;
    this.unlisten();
    this.subscriber.disconnect();
  }

  private async resubscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch {
      return; // the connection went again; the next `ready` tries once more
    }
    if (this.subscribedOnce) {
      const dropped = this.cache.size;
      this.cache.clear();
      this.logger.warn({ dropped }, 'redis is back: the local response cache was dropped (invalidations from other instances may have been missed)');
    }
    this.subscribedOnce = true;
    this.flushUnsent();
  }

  /** Sends one invalidation (and bumps its version in strict mode); resolves once Redis took it, or after SEND_TIMEOUT_MS. */
  private async send(message: InvalidationMessage): Promise<void> {
    if (this.closed) return;
    const transaction = this.redis.multi();
    if (this.versions) transaction.incr('all' in message ? this.versions.epochKey : this.versions.keyOf(message.partition));
    transaction.publish(this.channel, JSON.stringify(message));
    const sent = transaction
      .exec()
      .then((results) => {
        if (!results || results.some(([error]) => error)) throw new Error('redis refused the invalidation');
        return true as const;
      })
      .catch((error: unknown) => {
        this.keepUnsent(message);
        return error instanceof Error ? error : new Error(String(error));
      });
    const outcome = await within(sent, SEND_TIMEOUT_MS);
    if (outcome === true) return;
    this.logger.warn(
      { err: outcome?.message ?? `no answer within ${SEND_TIMEOUT_MS} ms` },
      'cache invalidation not confirmed by redis: answering anyway; other instances may serve the old answer until it is sent',
    );
  }

  private keepUnsent(message: InvalidationMessage): void {
    if (this.overflowed) return;
    if (this.unsent.length >= MAX_UNSENT) {
      this.overflowed = true;
      this.unsent = [];
      return;
    }
    this.unsent.push(message);
  }

  private flushUnsent(): void {
    const pending = this.overflowed ? [{ from: this.instanceId, all: true } as const] : this.unsent;
    this.unsent = [];
    this.overflowed = false;
    for (const message of pending) void this.send(message);
  }

  private receive(raw: string): void {
    let message: InvalidationMessage;
    try {
      message = JSON.parse(raw) as InvalidationMessage;
    } catch {
      return; // not ours
    }
    if (typeof message !== 'object' || message === null || message.from === this.instanceId) return;
    if ('all' in message && message.all === true) {
      this.cache.clear();
      return;
    }
    if ('partition' in message && typeof message.partition === 'string' && Array.isArray(message.tags) && message.tags.every((t) => typeof t === 'string')) {
      this.cache.invalidate(message.partition, message.tags, { fromPeer: true });
    }
  }
}
