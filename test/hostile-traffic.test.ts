import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';
import { startCapture, type Capture } from './support/capture.js';
import { startChildGateway, type ChildGateway } from './support/child-gateway.js';
import { hostileDocument, hostileRequest, type HostileKind, type HostileRequest } from './support/hostile-http.js';
import { ABUSE_COUNT, hostileSubscribes, protocolAbuse, type WsOutcome } from './support/hostile-ws.js';
import { rawRequest, type RawAnswer } from './support/raw-http.js';
import { settle } from './support/ws.js';

/**
 * Over a thousand generated hostile requests over HTTP and graphql-ws against the real entry point
 * in a child process: deep, wide, alias and directive floods, fragment cycles and bombs, batches,
 * malformed JSON, wrong types, huge variables, 10 MB bodies and frames, odd content types and
 * credentials, protocol abuse. Each gets a clean 4xx, a GraphQL error with a code, or (WebSocket)
 * a 4xxx/1009 close; the process stays up and serves normally; its RSS, after a settle and a full
 * garbage collection, is back within 10% of the baseline measured the same way after warm-up (two
 * of every kind, so one-time allocations such as compiled code and buffer pools are in it).
 */
const HTTP_PLAN: [HostileKind, number][] = [
  ['deep', 60],
  ['wide', 40],
  ['aliases', 60],
  ['directives', 60],
  ['fragment-cycle', 50],
  ['fragment-bomb', 40],
  ['batch', 50],
  ['malformed-json', 100],
  ['wrong-types', 148],
  ['huge-variables', 40],
  ['ten-megabytes', 8],
  ['get', 30],
  ['content-type', 24],
  ['credentials', 28],
];
const WS_KINDS = ['deep', 'wide', 'aliases', 'directives', 'fragment-cycle', 'fragment-bomb'] as const;
const WS_DOCUMENTS_PER_KIND = 40;
const ABUSE_ROUNDS = 6;
const CONCURRENCY = 8;
const INBOX = readFileSync(new URL('../operations/InboxScreen.graphql', import.meta.url), 'utf8');

let sims: SimulatorSet;
let child: ChildGateway;
let capture: Capture | null;
let baselineKb = 0;

beforeAll(async () => {
  sims = await startSimulators({ seed: 'hostile-traffic', size: 10 });
  child = await startChildGateway(sims, { logLevel: 'info' });
  capture = startCapture('child-gateway');
  capture?.update({ secrets: child.secrets, upstreamUrls: Object.values(sims.urls) });
  capture?.describeRecords(SIMULATED_SOURCES.map((s) => sims[s].db));
});
afterAll(async () => {
  const code = await child?.stop();
  // Its log lines (stdout, JSON) go to the leak scan with everything it answered.
  for (const line of child?.output().split('\n') ?? []) if (line.trim()) capture?.log(line);
  await sims?.close();
  expect(code).toBe(0);
});

async function pool<T, R>(items: T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await each(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

/** A 4xx, or a GraphQL answer whose every error carries a code. */
function cleanHttp(answer: RawAnswer): boolean {
  if (answer.status === null) return false;
  if (answer.status >= 400 && answer.status < 500) return true;
  if (answer.status !== 200) return false;
  try {
    const body = JSON.parse(answer.body) as { errors?: { extensions?: { code?: unknown } }[] };
    return Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e) => typeof e.extensions?.code === 'string');
  } catch {
    return false;
  }
}

async function sendHttp(requests: HostileRequest[]): Promise<{ hostile: HostileRequest; answer: RawAnswer }[]> {
  return pool(requests, async (hostile) => {
    const answer = await rawRequest(child.url, hostile.request);
    capture?.record({ transport: 'http', where: `${hostile.request.method} /graphql`, status: answer.status ?? 0, contentType: answer.contentType, body: answer.body });
    return { hostile, answer };
  });
}

async function sendWs(documentsPerKind: number, abuseRounds: number): Promise<WsOutcome[]> {
  const documents = WS_KINDS.flatMap((kind) => Array.from({ length: documentsPerKind }, (_, i) => ({ what: kind, query: hostileDocument(kind, i) })));
  const outcomes = await hostileSubscribes(child.url, child.token, documents);
  const abuses = Array.from({ length: abuseRounds * ABUSE_COUNT }, (_, i) => i);
  outcomes.push(...(await pool(abuses, (i) => protocolAbuse(child.url, child.token, i))));
  for (const outcome of outcomes) for (const body of outcome.received) capture?.record({ transport: 'ws', where: `ws /graphql ${outcome.what}`, body });
  return outcomes;
}

async function inboxWorks(): Promise<void> {
  const answer = await rawRequest(child.url, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${child.token}` },
    body: JSON.stringify({ query: INBOX, variables: { first: 25 } }),
  });
  expect(answer.status, answer.body.slice(0, 300)).toBe(200);
  const body = JSON.parse(answer.body) as { data?: { conversations: { edges: unknown[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data!.conversations.edges.length).toBeGreaterThan(0);
}

/** After a full garbage collection, the median of a few RSS readings, apart. */
async function rssKb(): Promise<number> {
  await child.collectGarbage();
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(child.rssKb());
    await settle(200);
  }
  return readings.sort((a, b) => a - b)[2]!;
}

describe('hostile traffic', () => {
  it('more than 1,000 hostile requests over HTTP and WebSocket: each gets a clean 4xx or GraphQL error', async () => {
    // Warm-up: normal screens, then two of every hostile kind; the baseline is measured after.
    for (let i = 0; i < 10; i++) await inboxWorks();
    await sendHttp(HTTP_PLAN.flatMap(([kind]) => [0, 1].map((v) => hostileRequest(kind, v, child.token))));
    await sendWs(2, 1);
    await settle(2_000);
    baselineKb = await rssKb();

    const http = await sendHttp(HTTP_PLAN.flatMap(([kind, count]) => Array.from({ length: count }, (_, v) => hostileRequest(kind, v, child.token))));
    const ws = await sendWs(WS_DOCUMENTS_PER_KIND, ABUSE_ROUNDS);
    expect(http.length + ws.length).toBeGreaterThanOrEqual(1_000);

    const statuses = new Map<string, number>();
    for (const { answer } of http) statuses.set(String(answer.status), (statuses.get(String(answer.status)) ?? 0) + 1);
    console.info(`hostile traffic: ${http.length} HTTP (statuses ${JSON.stringify(Object.fromEntries(statuses))}), ${ws.length} WebSocket`);
    const unclean = [
      ...http
        .filter(({ answer }) => !cleanHttp(answer))
        .map(({ hostile, answer }) => `${hostile.kind}#${hostile.variant}: ${answer.status ?? answer.error} ${answer.body.slice(0, 200)}`),
      ...ws.filter((o) => !o.clean).map((o) => `ws ${o.what}: ${o.detail}`),
    ];
    expect(unclean, `${unclean.length} not clean:\n${unclean.slice(0, 30).join('\n')}`).toEqual([]);
    // 10 MB bodies from an authenticated client are refused as too large.
    const tenMb = http.filter(({ hostile }) => hostile.kind === 'ten-megabytes' && hostile.variant % 4 < 2);
    expect(tenMb.map(({ answer }) => answer.status)).toEqual(tenMb.map(() => 413));
  });

  it('the process stays up, serves normally, and its RSS returns within 10% of the baseline', async () => {
    expect(child.alive(), child.output().slice(-2_000)).toBe(true);
    expect((await rawRequest(child.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
    await inboxWorks();
    expect(baselineKb).toBeGreaterThan(0);
    let afterKb = await rssKb();
    for (let i = 0; i < 10 && afterKb > baselineKb * 1.1; i++) {
      await settle(1_000);
      afterKb = await rssKb();
    }
    console.info(
      `gateway RSS: baseline ${Math.round(baselineKb / 1024)} MB, after ${Math.round(afterKb / 1024)} MB (${(((afterKb - baselineKb) / baselineKb) * 100).toFixed(1)}%)`,
    );
    expect(afterKb).toBeLessThanOrEqual(baselineKb * 1.1);
  });
});
