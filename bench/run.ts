import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { mintToken } from '../src/pipeline/auth.js';
import { DEMO_JWT_SECRET, DEMO_TENANT, DEMO_USERS, demoConfig } from '../src/demo.js';
import { createLogger } from '../src/logger.js';
import { createGateway } from '../src/gateway.js';
import { SIMULATED_SOURCES, startSimulators } from '../simulators/index.js';

/**
 * `npm run bench -- [--seconds 10] [--concurrency 20] [--ttl 5000]`: the demo stack in one
 * process (gateway + four simulators on loopback), then a closed-loop load of the two screens
 * (InboxScreen, ConversationScreen of conversations from the inbox) for a fixed time. Prints
 * requests per second, latency percentiles, errors, upstream calls per request and peak RSS.
 */
const { values } = parseArgs({ options: { seconds: { type: 'string' }, concurrency: { type: 'string' }, ttl: { type: 'string' } } });
const seconds = Number(values.seconds ?? 10);
const concurrency = Number(values.concurrency ?? 20);
const ttl = Number(values.ttl ?? 5000);

const sims = await startSimulators({ seed: 'bench' });
const base = demoConfig(sims);
for (const source of Object.values(base.tenants[DEMO_TENANT]!.sources)) source.cacheTtlMs = ttl;
const config = { ...base, limits: { ...base.limits, requestsPerMinute: 0 } };
const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
const url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
const token = await mintToken({ secret: DEMO_JWT_SECRET, sub: DEMO_USERS[0]!, tenant: DEMO_TENANT });
const dispatcher = new Agent({ connections: concurrency });

async function gql(query: string, variables: Record<string, unknown>): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.body.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

const inbox = readFileSync('operations/InboxScreen.graphql', 'utf8');
const screen = readFileSync('operations/ConversationScreen.graphql', 'utf8');
const first = await gql(inbox, { first: 25 });
const ids = (first.data?.conversations as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);

const latencies: number[] = [];
let errors = 0;
let peakRss = 0;
const upstreamCalls = () => SIMULATED_SOURCES.reduce((n, s) => n + sims[s].server.requestCounts().total, 0);
const upstreamBefore = upstreamCalls();
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const deadline = performance.now() + seconds * 1000;
let counter = 0;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const n = counter++;
    const started = performance.now();
    const result = n % 2 === 0 ? await gql(inbox, { first: 25 }) : await gql(screen, { id: ids[n % ids.length], last: 30 });
    latencies.push(performance.now() - started);
    if (result.errors) errors++;
  }
}
await Promise.all(Array.from({ length: concurrency }, () => worker()));
clearInterval(rssTimer);

const upstreamAfter = upstreamCalls();
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(
  JSON.stringify(
    {
      seconds,
      concurrency,
      cacheTtlMs: ttl,
      requests: latencies.length,
      rps: Math.round(latencies.length / seconds),
      p50ms: Number(pct(50)),
      p95ms: Number(pct(95)),
      p99ms: Number(pct(99)),
      errors,
      upstreamCallsPerRequest: Number(((upstreamAfter - upstreamBefore) / latencies.length).toFixed(2)),
      peakRssMB: Math.round(peakRss / 1e6),
    },
    null,
    2,
  ),
);

await dispatcher.close();
await gateway.close();
await sims.close();
