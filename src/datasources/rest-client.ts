import type { Dispatcher } from 'undici';
import { ResponseCache } from '../cache.js';
import { UpstreamError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { SourceRef } from '../model/index.js';
import type { CallOptions, SourcePolicy } from '../resilience/source-policy.js';
import type { AnswerDependencies } from '../runtime/answer-dependencies.js';
import type { RequestVersions } from '../runtime/partition-versions.js';
import type { UpstreamCallCap } from '../runtime/upstream-call-cap.js';
import { SpanAttr } from '../telemetry/attributes.js';
import type { Tracing } from '../telemetry/tracing.js';
import { credentialHash } from './credential-hash.js';
import { requestUrl, type HttpMethod, type RestRequest } from './rest-request.js';
import { exchange, type ExchangeRequest } from './upstream-exchange.js';
import { writeFailure } from './write-outcome.js';
import { SkippedRowLog, type RowList, type RowListLabel } from './shared/rows.js';

export type { HttpMethod, RestRequest } from './rest-request.js';

export interface RestClientOptions {
  ref: SourceRef;
  baseUrl: string;
  /** Prefix of every path, e.g. `/api/v1/accounts/7` (not part of the route label). */
  basePath?: string;
  headers: Record<string, string>;
  /** What identifies the credential (hashed here, never stored in clear). */
  credential: string;
  timeoutMs: number;
  cacheTtlMs: number;
  cache: ResponseCache;
  metrics: Metrics;
  dispatcher?: Dispatcher;
  /** Timeouts, retries, circuit breaker and bulkhead of this tenant's source (shared across requests). */
  policy: SourcePolicy;
  /** When the request's budget runs out (epoch ms): no call outlives it, retries included. */
  deadline: number | null;
  /** The request's cap on platform calls (limits.maxUpstreamCallsPerRequest), shared by its clients. */
  callCap?: UpstreamCallCap;
  /** Whom the calls are for (the bulkhead shares the source fairly between users); '' for the gateway itself. */
  user?: string;
  /** One client span per attempt, when tracing is on. */
  tracing?: Tracing;
  /**
   * Every read goes to the platform: no response cache, no request memo (a check that must see the
   * platform as it is now, e.g. "was this message sent already?").
   */
  fresh?: boolean;
  /** Where the request reports rows left out of list answers (default: a log of this client's own). */
  skippedRows?: SkippedRowLog;
  /**
   * The request's partition versions across instances (`cache.crossInstance: strict`): a cached
   * read made under another version is not served; when Redis cannot say, reads go upstream and
   * nothing is cached.
   */
  versions?: RequestVersions;
  /** What the request's answer is built from (the answer cache's record); every read reports to it. */
  dependencies?: AnswerDependencies;
}

/**
 * A platform's REST API as one source of one tenant sees it: base URL, auth headers, timeouts,
 * metrics, and a cross-request cache partitioned by tenant, source and credential. Built per
 * request; the connection pools and the cache behind it are shared.
 */
export class RestClient {
  readonly partition: string;
  /** Reads already made by this request (kept even when the cross-request TTL is 0). */
  private readonly requestMemo = new Map<string, Promise<unknown>>();
  /** Calls this client made to the platform (for the request log). */
  calls = 0;
  /** Rows left out of list answers, reported by the request (shared/rows.ts). */
  readonly skippedRows: SkippedRowLog;
  /** The policy's options of this client's reads and of its writes (built on first use, then reused by every call). */
  private readOptions: CallOptions | undefined;
  private writeOptions: CallOptions | undefined;

  constructor(private readonly options: RestClientOptions) {
    this.partition = ResponseCache.partition(options.ref.tenant, options.ref.key, credentialHash(options.credential));
    this.skippedRows = options.skippedRows ?? new SkippedRowLog(options.metrics);
  }

  /** The readable rows of a list answer parsed with `rowList`; the others are reported once (error entry and metric). */
  rows<T>(list: RowList<T>, label: RowListLabel): T[] {
    return this.skippedRows.keep(this.options.ref, label, list);
  }

  get ref(): SourceRef {
    return this.options.ref;
  }

  async request<T>(req: RestRequest<T>): Promise<T> {
    const method = req.method ?? 'GET';
    const url = requestUrl(this.options.baseUrl, this.options.basePath, req);
    const isRead = method === 'GET' || (method === 'POST' && req.readOnly === true);
    if (!isRead || req.cache === false || this.options.fresh) {
      this.options.dependencies?.refuse(isRead ? 'uncached read' : 'write');
      return this.call(method, url, req);
    }

    const key = `${this.partition}\u0000${method} ${url}${method === 'GET' ? '' : ` ${JSON.stringify(req.body ?? null)}`}`;
    const memo = this.requestMemo.get(key);
    if (memo) return memo as Promise<T>;
    const promise = this.cachedGet(key, url, req);
    this.requestMemo.set(key, promise);
    // A failed read stays failed for the rest of the request: a read started ahead of its resolver
    // (InboxConnector.readAhead) and that resolver see one call and one answer.
    promise.catch(() => {
      // Whatever the answer made of the failure (a null, a row left out), it is not the platform's data.
      this.options.dependencies?.refuse('failed read');
    });
    return promise;
  }

  /**
   * Drops this source's cached reads that carry any of the tags (after a write), here at once;
   * resolves once the other instances cannot serve them either (with Redis; bounded: see
   * CacheInvalidationBroadcast). A write awaits it before it answers.
   */
  invalidate(tags: readonly string[]): Promise<void> {
    const spread = this.options.cache.invalidateEverywhere(this.partition, tags);
    for (const key of [...this.requestMemo.keys()]) this.requestMemo.delete(key);
    return spread;
  }

  private async cachedGet<T>(key: string, url: string, req: RestRequest<T>): Promise<T> {
    const { cache, metrics, ref, cacheTtlMs, dependencies } = this.options;
    // Strict across instances: the partition's version now (one MGET per request, memoised).
    const version = this.options.versions ? await this.options.versions.of(this.partition) : undefined;
    if (version === null) {
      dependencies?.refuse('cache versions unreadable');
      // Redis cannot say whether another instance invalidated this partition: ask the platform.
      this.options.callCap?.check();
      metrics.cacheMisses.inc({ source: ref.type });
      return this.call(req.method ?? 'GET', url, req);
    }
    const cached = cache.get(key, version);
    if (cached.hit) {
      metrics.cacheHits.inc({ source: ref.type });
      dependencies?.read({ key, partition: this.partition, value: cached.value, version });
      return cached.value as T;
    }
    // Refused before joining anything: a refusal must never become another request's answer.
    this.options.callCap?.check();
    // A miss is counted when the read goes upstream (whatever its outcome); a caller that joins
    // an identical read in flight is answered without a call: a hit.
    // A read in flight under an older version is not joined: it may have begun before the write.
    const inflightKey = version === undefined ? key : `${key}\u0000v${version}`;
    const running = cache.running<T>(inflightKey);
    let value: T;
    if (running) {
      metrics.cacheHits.inc({ source: ref.type });
      // A read joined in flight runs on the budget of the request that started it: wait for it no
      // longer than this request's own budget.
      value = await this.withinDeadline(running);
    } else {
      metrics.cacheMisses.inc({ source: ref.type });
      value = await cache.share(inflightKey, this.load(key, url, req, cache.generation(this.partition), version));
    }
    // Kept only if the cache stored it (a TTL of 0, or a write meanwhile, and it did not: the
    // answer cache then finds the key without this value and runs the operation again).
    if (cacheTtlMs > 0) dependencies?.read({ key, partition: this.partition, value, version });
    else dependencies?.refuse('source not cached');
    return value;
  }

  /** Reads from the platform and caches the answer (unless the partition was invalidated meanwhile). */
  private async load<T>(key: string, url: string, req: RestRequest<T>, generation: number, version: string | undefined): Promise<T> {
    const fresh = await this.call(req.method ?? 'GET', url, req);
    this.options.cache.set(key, fresh, this.options.cacheTtlMs, this.partition, req.tags ?? [], generation, version);
    return fresh;
  }

  private withinDeadline<T>(pending: Promise<T>): Promise<T> {
    const { deadline, ref } = this.options;
    if (deadline === null) return pending;
    return new Promise<T>((resolve, reject) => {
      const expired = () => reject(new UpstreamError('UPSTREAM_TIMEOUT', { key: ref.key, type: ref.type }, null, `${ref.type} did not answer within the request's time budget`));
      const timer = setTimeout(expired, Math.max(0, deadline - Date.now()));
      pending.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
  }

  /**
   * One logical call: attempts under the source's policy (only idempotent calls are retried). A
   * write that was attempted and failed says whether it may still have happened (write-outcome.ts).
   */
  private async call<T>(method: HttpMethod, url: string, req: RestRequest<T>): Promise<T> {
    const idempotent = method === 'GET' || (method === 'POST' && req.readOnly === true);
    const { policy, tracing, ref, callCap } = this.options;
    callCap?.take();
    let attempted = false;
    try {
      return await policy.run(
        (signal, attemptNumber) => {
          attempted = true;
          return tracing
            ? tracing.inSpan(
                `${method} ${req.route}`,
                'client',
                { [SpanAttr.source]: ref.type, [SpanAttr.httpMethod]: method, [SpanAttr.urlTemplate]: req.route, [SpanAttr.attempt]: attemptNumber },
                // The platform sees this attempt's span as its caller (W3C `traceparent`).
                (span) => this.attempt(method, url, req, signal, (status) => span.setAttribute(SpanAttr.httpStatusCode, status), tracing.outgoingHeaders()),
              )
            : this.attempt(method, url, req, signal);
        },
        idempotent ? (this.readOptions ??= this.callOptions(true)) : (this.writeOptions ??= this.callOptions(false)),
      );
    } catch (error) {
      throw idempotent ? error : writeFailure(error, { key: ref.key, type: ref.type }, attempted);
    }
  }

  private callOptions(idempotent: boolean): CallOptions {
    const { deadline, user, callCap } = this.options;
    return { idempotent, deadline, user: user ?? '', ...(callCap ? { reserveRetry: () => callCap.tryTake() } : {}) };
  }

  private async attempt<T>(
    method: HttpMethod,
    url: string,
    req: RestRequest<T>,
    signal: AbortSignal,
    onStatus?: (status: number) => void,
    traceHeaders?: Record<string, string>,
  ): Promise<T> {
    const { ref, metrics, timeoutMs } = this.options;
    const headers = traceHeaders ? { ...traceHeaders, ...this.options.headers } : this.options.headers;
    const started = performance.now();
    const exchanged: ExchangeRequest<T> = {
      method,
      url,
      route: req.route,
      headers,
      body: req.body,
      schema: req.schema,
      ref,
      timeoutMs,
      signal,
      dispatcher: this.options.dispatcher,
      outcome: 'error',
    };
    this.calls++;
    try {
      return await exchange(exchanged);
    } finally {
      const status = exchanged.outcome;
      if (onStatus) {
        const code = Number(status);
        if (Number.isInteger(code)) onStatus(code);
      }
      metrics.upstreamCall(ref.type, method, req.route).finished(status, (performance.now() - started) / 1000);
    }
  }
}
