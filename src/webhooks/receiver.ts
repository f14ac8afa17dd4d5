import type { Redis } from 'ioredis';
import { platformFor } from '../datasources/index.js';
import { changeAt, type ChangeSink, type InboxChange } from '../events/change.js';
import { EventBusUnavailableError } from '../events/event.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { TenantRuntime } from '../runtime/sources.js';
import { ArrivalOrder } from './arrival-order.js';
import { DeliveryLog } from './deliveries.js';
import { ChangeReadSlots } from './read-slots.js';
import type { WebhookChange } from './types.js';

/** The largest webhook body accepted (the HTTP route refuses larger ones with 413 `too_large`). */
export const WEBHOOK_MAX_BODY_BYTES = 1_000_000;

/** One delivery to `POST /webhooks/{tenant}/{source}`, as the HTTP route read it. */
export interface WebhookInput {
  tenantId: string;
  sourceKey: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  /** The exact body (signatures are over these bytes), at most WEBHOOK_MAX_BODY_BYTES. */
  rawBody: string;
}

/**
 * Webhook changes read from their platform at once (their publication still waits its turn): a
 * burst beyond this waits here rather than overflowing the source's bulkhead (16 calls, 200
 * waiting by default), where a refused read would lose the change; screens keep calls of their own.
 * Changes of one conversation waiting together share one read (read-slots.ts).
 */
export const CHANGE_READS_IN_FLIGHT = 8;

/** What the route answers: this status with the JSON body `{ outcome }`. */
export interface WebhookAnswer {
  status: number;
  outcome: string;
}

/**
 * The one answer to every delivery that is not authenticated: an unknown tenant, an unknown source,
 * a source without webhooks, a missing, forged or stale signature, a body checked before its
 * secret. Always the same, so nobody can tell which tenants and sources exist; the metric keeps
 * the precise reason.
 */
export const UNAUTHORIZED: WebhookAnswer = Object.freeze({ status: 401, outcome: 'unauthorized' });

/** Refusals the HTTP route makes itself, before the receiver sees a delivery. */
export type RouteRefusal = { status: 405; outcome: 'method_not_allowed' } | { status: 413; outcome: 'too_large' };

export interface WebhookReceiverOptions {
  tenants: ReadonlyMap<string, TenantRuntime>;
  /** Where the deliveries' changes go (the ChangePublisher). */
  publisher: ChangeSink;
  metrics: Metrics;
  logger: Logger;
  /** With Redis, replayed delivery ids are recognized across instances; else in this process. */
  redis?: Redis | undefined;
  /** Prefix of the Redis keys it writes (default `gw:`). */
  keyPrefix?: string | undefined;
}

/**
 * A webhook delivery, whatever the HTTP framework: authenticates it the platform's way, refuses
 * forged, stale and misaddressed ones alike (UNAUTHORIZED), acknowledges replayed ones (by delivery
 * id, and for signed platforms by the signed request itself) without publishing, answers at once, and hands its changes to the publisher
 * afterwards (so a slow platform read never delays the platform's webhook call). Every answer is
 * counted in `gateway_webhooks_received_total{source,outcome}`.
 */
export class WebhookReceiver {
  private readonly tenants: ReadonlyMap<string, TenantRuntime>;
  private readonly publisher: ChangeSink;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly deliveries: DeliveryLog;
  /** Deliveries answered whose changes are still being published. */
  private readonly applying = new Set<Promise<void>>();
  /** Changes are published in the order their deliveries arrived; their reads overlap. */
  private readonly arrival = new ArrivalOrder();
  private readonly reads = new ChangeReadSlots(CHANGE_READS_IN_FLIGHT);

  constructor(options: WebhookReceiverOptions) {
    ({ tenants: this.tenants, publisher: this.publisher, metrics: this.metrics, logger: this.logger } = options);
    this.deliveries = new DeliveryLog(options.redis, options.keyPrefix ?? 'gw:');
  }

  async receive(input: WebhookInput): Promise<WebhookAnswer> {
    const tenant = this.tenants.get(input.tenantId);
    const config = tenant?.config.sources[input.sourceKey];
    const webhooks = config ? platformFor(config).webhooks : undefined;
    const type = config?.type ?? 'unknown';
    if (!tenant || !config || !webhooks) return this.unauthorized(type, 'unknown_target');

    const request = { headers: input.headers, query: input.query, rawBody: input.rawBody, receivedAt: Date.now() };
    const verdict = webhooks.verify(request, config);
    // A platform without a secret configured (403), or a body it checks before the secret (400): from
    // outside these must look like any other refusal.
    if (!verdict.ok) return this.unauthorized(type, verdict.reason);
    let body: unknown;
    try {
      body = JSON.parse(input.rawBody);
    } catch {
      return this.answer(400, type, 'malformed');
    }
    // The same signed request again (a replay needs no delivery id, or claims a new one).
    const guard = webhooks.replayGuard?.(request) ?? null;
    if (guard && !(await this.deliveries.first(input.tenantId, input.sourceKey, guard.key, guard.windowMs))) return this.answer(200, type, 'replayed');
    if (verdict.deliveryId && !(await this.deliveries.first(input.tenantId, input.sourceKey, verdict.deliveryId))) {
      // The platform may retry a delivery it thinks failed: acknowledge it, publish nothing.
      return this.answer(200, type, 'replayed');
    }
    let parsed: WebhookChange[];
    try {
      parsed = webhooks.parse(body, tenant.refs.get(input.sourceKey)!, config);
    } catch {
      return this.answer(400, type, 'malformed');
    }
    const origin = { tenant: input.tenantId, sourceKey: input.sourceKey };
    this.applyLater(parsed.map((change) => changeAt(origin, change)));
    return this.answer(202, type, parsed.length > 0 ? 'accepted' : 'ignored');
  }

  /** Counts a refusal the HTTP route made itself (wrong method, body too large) and returns its answer. */
  refused(tenantId: string, sourceKey: string, refusal: RouteRefusal): WebhookAnswer {
    return this.answer(refusal.status, this.tenants.get(tenantId)?.config.sources[sourceKey]?.type ?? 'unknown', refusal.outcome);
  }

  /** Resolves once every delivery answered so far has been published (for a graceful shutdown). */
  async drain(): Promise<void> {
    while (this.applying.size > 0) await Promise.all([...this.applying]);
  }

  private answer(status: number, source: string, outcome: string): WebhookAnswer {
    this.metrics.webhooksReceived.inc({ source, outcome });
    return { status, outcome };
  }

  /** Counted with its precise reason; answered like every other refusal. */
  private unauthorized(source: string, reason: string): WebhookAnswer {
    this.metrics.webhooksReceived.inc({ source, outcome: reason });
    return { ...UNAUTHORIZED };
  }

  /**
   * Publishes after the answer went out (the route writes it before the next turn of the event
   * loop). Every change takes its turn now, in arrival order: its platform reads start at once,
   * beside other deliveries' reads, and its events are appended after the previous change's.
   */
  private applyLater(changes: InboxChange[]): void {
    if (changes.length === 0) return;
    const turns = changes.map(() => this.arrival.next());
    const applying = new Promise<void>((resolve) => setImmediate(resolve)).then(() => Promise.all(changes.map((change, i) => this.apply(change, turns[i]!))).then(() => undefined));
    this.applying.add(applying);
    void applying.finally(() => this.applying.delete(applying));
  }

  private async apply(change: InboxChange, turn: { previous: Promise<void>; done: () => void }): Promise<void> {
    // Slots are taken in arrival order, so a change holding one never waits for a change without;
    // a change sharing the read of an earlier change still waiting holds none (read-slots.ts).
    const ticket = await this.reads.take(change);
    try {
      await this.publisher.publish(change, { after: turn.previous, read: (fresh) => ticket.read(fresh) });
    } catch (error) {
      // When the bus is away the change's events were read and are held until it is back.
      const held = error instanceof EventBusUnavailableError;
      // Otherwise its platform read failed: its events are lost, and counted.
      if (!held) this.metrics.eventsDropped.inc({ reason: 'change_unread' });
      this.logger.warn(
        { tenant: change.tenant, sourceKey: change.sourceKey, kind: change.kind, err: (error as Error).message },
        held ? 'webhook change held until the event bus is back' : 'webhook change not published',
      );
    } finally {
      ticket.release();
      // A change that published nothing (its read failed) must not hold up the ones behind it,
      // but they still wait for the ones before it.
      await turn.previous;
      turn.done();
    }
  }
}
