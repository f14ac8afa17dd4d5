import { getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { ResponseCache } from '../cache.js';
import type { GatewayConfig } from '../config/schema.js';
import type { GatewayContext } from '../context.js';
import type { Metrics } from '../metrics.js';
import type { CachedRead } from '../runtime/answer-dependencies.js';

/** A query's answer as it was sent, with what it was built from. */
interface KeptAnswer {
  data: Record<string, unknown>;
  reads: readonly CachedRead[];
  /** The instant a clock-judged value in it would change (epoch ms). */
  validUntil: number;
}

/**
 * Whole answers to queries, so a screen asked again is answered without executing it (a warm
 * InboxScreen is ~750 fields; executing them costs several times the rest of the request).
 *
 * An answer is kept per tenant, user, document, operation name and variables, and served only
 * while it would come out the same: every platform read it was built from is still the very
 * value the response cache holds under that key (unexpired, and under the partition's current
 * version across instances in strict mode), and no value judged against the clock has changed
 * since. So it is exactly as fresh as the response cache beneath it: a write, a webhook's or a
 * poll's invalidation, a TTL running out or an eviction there and the answer is built again.
 * Answers that depend on anything else are never kept (runtime/answer-dependencies.ts): a read
 * outside the cache or one that failed, errors of any kind, a filter relative to now.
 */
export class AnswerCache {
  private readonly answers: LRUCache<string, KeptAnswer> | null;
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;
  /**
   * Answers being built, by key: the request building one (its context), and its waiters' release.
   * Identical queries arriving meanwhile (a screen's 50 clients when the reads beneath expire)
   * wait for that one instead of each executing it.
   */
  private readonly building = new Map<string, { by: GatewayContext; built: Promise<void>; release: () => void }>();
  /**
   * Keys whose last executed answer was not kept (errors, a filter relative to now, …): identical
   * queries arriving together each execute rather than wait for an answer that will not be there.
   */
  private readonly unkept = new LRUCache<string, true>({ max: 10_000, ttl: 60_000 });
  /** Per tenant: the longest cacheTtlMs of its sources (no answer outlives every read it holds). */
  private readonly longestTtl = new Map<string, number>();

  constructor(
    config: GatewayConfig,
    private readonly responses: ResponseCache,
    private readonly metrics: Metrics,
  ) {
    const { maxEntries, maxBytes } = config.cache.answers;
    this.answers = maxEntries > 0 ? new LRUCache({ max: maxEntries, maxSize: maxBytes, sizeCalculation: (answer) => estimateBytes(answer.data), ttlAutopurge: false }) : null;
    for (const [id, tenant] of Object.entries(config.tenants)) {
      this.longestTtl.set(id, Math.max(0, ...Object.values(tenant.sources).map((source) => source.cacheTtlMs)));
    }
  }

  /**
   * The key of a query's answer for this caller, or null when answers are not kept (off, or not a
   * query). Documents come from the pipeline's cache of prepared documents, one object per text,
   * so the document is named by that object rather than by hashing its text.
   */
  keyOf(ctx: GatewayContext, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string | null {
    // A tenant whose sources cache nothing can keep no answer: no key, no lookup.
    if (!this.answers || !this.longestTtl.get(ctx.viewer.tenant)) return null;
    let documentId = this.documentIds.get(document);
    if (documentId === undefined) this.documentIds.set(document, (documentId = this.nextDocumentId++));
    // JSON.stringify of variables cannot contain \0 raw (it escapes control characters).
    const text = variablesText(variables);
    return text === null ? null : `${ctx.viewer.tenant}\u0000${ctx.viewer.sub}\u0000${documentId}\u0000${operationName ?? ''}\u0000${text}`;
  }

  /**
   * The kept answer under `key` if it would still come out the same, else null: the caller
   * executes the query, then calls `settle`. While another request builds the same answer, it is
   * waited for (at most WAIT_FOR_BUILD_MS) and checked like any kept one.
   */
  async lookup(ctx: GatewayContext, key: string): Promise<Record<string, unknown> | null> {
    let data = await this.holding(ctx, key);
    const building = data === null ? this.building.get(key) : undefined;
    if (building) {
      await withTimeout(building.built, WAIT_FOR_BUILD_MS);
      data = await this.holding(ctx, key);
    } else if (data === null && !this.unkept.has(key)) {
      let release = () => {};
      const built = new Promise<void>((resolve) => (release = resolve));
      this.building.set(key, { by: ctx, built, release });
    }
    this.metrics.answerCacheLookups.inc({ outcome: data === null ? 'miss' : 'hit' });
    if (data !== null) ctx.fromAnswerCache = true;
    return data;
  }

  /** The request that executed `key`'s query is done (its answer kept or not): its waiters look again. */
  settle(ctx: GatewayContext, key: string): void {
    const building = this.building.get(key);
    if (building?.by !== ctx) return;
    this.building.delete(key);
    building.release();
  }

  /**
   * The answer cache around one execution, for a transport that calls graphql-js itself (graphql-ws):
   * a query answered from a kept answer, or executed and offered to the cache.
   */
  async around(args: ExecutionArgs, run: () => ExecutionResult | Promise<ExecutionResult>): Promise<ExecutionResult> {
    const ctx = args.contextValue as GatewayContext;
    const key = getOperationAST(args.document, args.operationName)?.operation === 'query' ? this.keyOf(ctx, args.document, args.operationName, args.variableValues) : null;
    if (key === null) return run();
    const data = await this.lookup(ctx, key);
    if (data !== null) return { data };
    try {
      const result = await run();
      if (result.data) this.keep(ctx, key, result.data, result.errors?.length ?? 0);
      return result;
    } finally {
      this.settle(ctx, key);
    }
  }

  private async holding(ctx: GatewayContext, key: string): Promise<Record<string, unknown> | null> {
    const kept = this.answers?.get(key);
    if (!kept) return null;
    if (Date.now() < kept.validUntil && (await this.stillHolds(ctx, kept))) return kept.data;
    this.answers?.delete(key);
    return null;
  }

  /** Keeps an executed query's answer, unless something it depends on is not the response cache's (`ctx.sources.dependencies`). */
  keep(ctx: GatewayContext, key: string, data: Record<string, unknown>, errors: number): void {
    const dependencies = ctx.sources.dependencies;
    const refusal = errors > 0 ? 'errors' : (dependencies.refusal ?? (ctx.partialErrors.length > 0 || ctx.sources.skippedRows.errors().length > 0 ? 'errors' : null));
    const ttl = Math.min(this.longestTtl.get(ctx.viewer.tenant) ?? 0, dependencies.validUntil - Date.now());
    if (refusal !== null || ttl <= 0) {
      this.unkept.set(key, true);
      return void this.metrics.answerCacheRefusals.inc({ reason: refusal ?? 'expired' });
    }
    this.unkept.delete(key);
    this.answers?.set(key, { data, reads: dependencies.reads, validUntil: dependencies.validUntil }, { ttl });
  }

  private async stillHolds(ctx: GatewayContext, kept: KeptAnswer): Promise<boolean> {
    // Strict across instances: the versions this request reads anyway (one MGET), so a write on
    // another instance is seen here exactly as the request's own reads would see it.
    const versions = await ctx.sources.versionsNow();
    if (versions === null) return false;
    for (const read of kept.reads) {
      const version = versions ? (versions.get(read.partition) ?? NO_VERSION) : undefined;
      if (!this.responses.holds(read.key, read.value, version)) return false;
    }
    return true;
  }
}

/**
 * How long an identical query waits for the one being executed before executing itself (a
 * request that never settles, e.g. one whose client went away mid-way, must not hold the others).
 */
const WAIT_FOR_BUILD_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/**
 * The variables as key text, or null for variables no answer is kept for: nested too deep to
 * write out (a hostile body; graphql-js refuses them while coercing, with a 400).
 */
function variablesText(variables: Record<string, unknown> | null | undefined): string | null {
  try {
    return JSON.stringify(variables ?? {});
  } catch {
    return null;
  }
}

/** Matches no stored version (a partition Redis did not name). */
const NO_VERSION = '\u0000none';

/** Roughly the bytes an answer takes in memory: its text, plus a little per value. */
export function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (value === null || typeof value !== 'object') return 16;
  let total = 32;
  if (Array.isArray(value)) for (const item of value) total += estimateBytes(item);
  else for (const key in value) total += 16 + key.length + estimateBytes((value as Record<string, unknown>)[key]);
  return total;
}
