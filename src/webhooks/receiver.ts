import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import { platformFor } from '../datasources/index.js';
import type { ChangePublisher } from '../events/publisher.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RequestSources, TenantRuntime } from '../sources.js';
import type { WebhookChange } from './types.js';

const MAX_BODY = 1_000_000;
const REPLAY_TTL_MS = 24 * 3600 * 1000;

/**
 * `POST /webhooks/{tenant}/{source}`: authenticates the delivery the platform's way, refuses
 * forged, stale and replayed ones, answers at once, and turns the delivery into events
 * afterwards (so a slow platform read never delays the platform's webhook call).
 */
export class WebhookReceiver {
  private readonly seen = new LRUCache<string, true>({ max: 100_000, ttl: REPLAY_TTL_MS });

  constructor(
    private readonly tenants: ReadonlyMap<string, TenantRuntime>,
    private readonly systemSources: (tenant: TenantRuntime) => RequestSources,
    private readonly publisher: ChangePublisher,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly redis: Redis | undefined,
    private readonly keyPrefix = 'gw:',
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, tenantId: string, sourceKey: string): Promise<void> {
    const tenant = this.tenants.get(tenantId);
    const config = tenant?.config.sources[sourceKey];
    const webhooks = config ? platformFor(config).webhooks : undefined;
    const type = config?.type ?? 'unknown';
    if (req.method !== 'POST') return this.answer(res, 405, type, 'method_not_allowed');
    if (!tenant || !config || !webhooks) return this.answer(res, 404, type, 'unknown_target');

    let rawBody: string;
    try {
      rawBody = await readRaw(req);
    } catch {
      return this.answer(res, 413, type, 'too_large');
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
    const verdict = webhooks.verify({ headers, query, rawBody, receivedAt: Date.now() }, config);
    if (!verdict.ok) return this.answer(res, verdict.status, type, verdict.reason);

    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return this.answer(res, 400, type, 'malformed');
    }
    if (verdict.deliveryId && !(await this.firstDelivery(`${tenantId}\u0000${sourceKey}\u0000${verdict.deliveryId}`))) {
      // The platform may retry a delivery it thinks failed: acknowledge it, publish nothing.
      return this.answer(res, 200, type, 'replayed');
    }
    let changes: WebhookChange[];
    try {
      changes = webhooks.parse(body, tenant.refs.get(sourceKey)!, config);
    } catch {
      return this.answer(res, 400, type, 'malformed');
    }
    this.answer(res, 202, type, changes.length > 0 ? 'accepted' : 'ignored');
    void this.apply(tenant, sourceKey, changes);
  }

  private async apply(tenant: TenantRuntime, sourceKey: string, changes: WebhookChange[]): Promise<void> {
    const sources = this.systemSources(tenant);
    for (const change of changes) {
      try {
        if (change.kind === 'message') await this.publisher.messageAdded(sources, sourceKey, change.conversationUpstreamId, change.messageUpstreamId, change.message);
        else if (change.kind === 'suggestion') await this.publisher.suggestionAdded(sources, sourceKey, change.conversationUpstreamId, change.suggestionUpstreamId, change.suggestion);
        else await this.publisher.conversationUpdated(sources, sourceKey, change.conversationUpstreamId);
      } catch (error) {
        this.logger.warn({ tenant: tenant.id, sourceKey, kind: change.kind, err: (error as Error).message }, 'webhook change not published');
      }
    }
  }

  /** De-duplicates delivery ids: across instances with Redis, else in this process. */
  private async firstDelivery(key: string): Promise<boolean> {
    if (this.redis) return (await this.redis.set(`${this.keyPrefix}delivery:${key}`, '1', 'PX', REPLAY_TTL_MS, 'NX')) === 'OK';
    if (this.seen.has(key)) return false;
    this.seen.set(key, true);
    return true;
  }

  private answer(res: ServerResponse, status: number, source: string, outcome: string): void {
    this.metrics.webhooksReceived.inc({ source, outcome });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ outcome }));
  }
}

function readRaw(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
