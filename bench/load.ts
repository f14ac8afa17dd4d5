import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { bodyHasErrors } from './graphql.js';
import { summarize, type LatencySummary } from './stats.js';
import { tokenOf, type BenchRequest, type BenchTokens } from './workloads.js';

/** What one closed-loop run measured from the client side. */
export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  /** Answers other than 200, connection errors and timeouts, and 200s carrying GraphQL errors or userErrors. */
  errors: { non2xx: number; transport: number; graphql: number; sample: string | null };
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** The next request to send (called once per request, across all connections). */
  next: () => BenchRequest;
  tokens: BenchTokens;
  /** Also receives every latency (ms), e.g. to summarize several loads run side by side together. */
  latencySink?: number[];
}

/**
 * A closed loop of `connections` clients (autocannon as a library), each sending its next request
 * as soon as its previous one is answered, for `seconds`. Latencies are taken per response (sub-ms,
 * not autocannon's whole-ms histogram); every 200 body is checked for errors.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors = { non2xx: 0, transport: 0, graphql: 0, sample: null as string | null };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            setupRequest: (request) => {
              const next = spec.next();
              return {
                ...request,
                body: next.body,
                headers: { ...request.headers, 'content-type': 'application/json', authorization: `Bearer ${tokenOf(spec.tokens, next.user)}` },
              };
            },
            onResponse: (status, body) => {
              if (status !== 200) {
                errors.sample ??= `HTTP ${status}: ${body.slice(0, 300)}`;
                return;
              }
              if (bodyHasErrors(body)) {
                errors.graphql++;
                errors.sample ??= body.slice(0, 300);
              }
            },
          },
        ],
      },
      (error: unknown, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const seconds = (performance.now() - started) / 1000;
        errors.non2xx = result.non2xx;
        errors.transport = result.errors + result.timeouts;
        resolve({ requests: latencies.length, seconds, requestsPerSecond: latencies.length / seconds, latencyMs: summarize(latencies), errors });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      spec.latencySink?.push(responseTime);
    });
  });
}

export const totalErrors = (result: LoadResult): number => result.errors.non2xx + result.errors.transport + result.errors.graphql;
