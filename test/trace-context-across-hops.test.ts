import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/load.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';
import { mintToken } from '../src/pipeline/auth.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';
import { KIND, OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { RecordingProxy } from './support/recording-proxy.js';

/**
 * W3C trace context across hops, with real servers: a client's `traceparent` (HTTP header, or a
 * graphql-ws subscribe's `extensions` / `connectionParams`) becomes the parent of the gateway's
 * server span; every platform request (seen by a recording proxy in front of each simulator)
 * carries the same trace id with its own client span as parent; the request's log lines carry
 * `trace_id` and `span_id`. A malformed `traceparent` starts a new trace, without error. With
 * tracing off nothing is added to upstream requests or log lines.
 */
const SECRET = 'trace-context-secret-that-is-long-enough';
const QUERY = '{ conversations(first: 4) { edges { node { id title lastMessage { content } } } missingSources } }';

let sims: SimulatorSet;
let receiver: OtlpReceiver;
const proxies: RecordingProxy[] = [];
const gateways: Gateway[] = [];
let traced: { url: string; lines: Record<string, unknown>[] };
let untraced: { url: string; lines: Record<string, unknown>[] };
let token: string;
const wsClients: Client[] = [];

async function start(telemetry: Record<string, unknown> | undefined): Promise<{ url: string; lines: Record<string, unknown>[] }> {
  const sources: Record<string, Record<string, unknown>> = {};
  for (const s of SIMULATED_SOURCES) {
    const proxy = new RecordingProxy(sims.urls[s]);
    proxies.push(proxy);
    const base = new URL(sims.urls[s]);
    sources[s] = { type: s, ...sims[s].sourceConfig, baseUrl: `${await proxy.listen()}${base.pathname.replace(/\/$/, '')}`, cacheTtlMs: 0 };
  }
  const config = validateConfig({
    auth: { jwt: { secret: SECRET } },
    tenants: { t1: { sources, users: { alice: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[s].identities.alice])) } } },
    limits: { requestsPerMinute: 0 },
    ...(telemetry ? { telemetry } : {}),
  });
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const gateway = createGateway(config, { logger });
  gateways.push(gateway);
  return { url: await gateway.listen(0, '127.0.0.1', { polling: false }), lines };
}

beforeAll(async () => {
  sims = await startSimulators({ seed: 'trace-hops', size: 6 });
  receiver = new OtlpReceiver();
  const endpoint = await receiver.listen();
  traced = await start({ otlpEndpoint: endpoint, serviceName: 'hops-under-test' });
  untraced = await start(undefined);
  token = await mintToken({ secret: SECRET, sub: 'alice', tenant: 't1' });
});
afterAll(async () => {
  for (const client of wsClients) await client.dispose();
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(proxies.map((p) => p.close()));
  await sims?.close();
  await receiver?.close();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function post(url: string, headers: Record<string, string>, query = QUERY) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

/** Platform requests the proxies saw since `mark` (an index per proxy). */
function upstreamSince(mark: number[]) {
  return proxies.flatMap((p, i) => p.platformRequests().slice(mark[i]));
}
const markProxies = () => proxies.map((p) => p.platformRequests().length);

function traceIdOf(traceparent: unknown): string | undefined {
  return typeof traceparent === 'string' ? traceparent.split('-')[1] : undefined;
}

async function spansOf(traceId: string): Promise<ReceivedSpan[]> {
  await gateways[0]!.tracing.flush();
  return receiver.spans.filter((s) => s.traceId === traceId);
}

describe('trace context across hops (HTTP)', () => {
  it("a request's traceparent parents the server span; each platform request carries the trace, parented by its client span; log lines carry it", async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const mark = markProxies();
    const requestId = `hops-${hex(4)}`;
    const { status, body } = await post(traced.url, { traceparent: `00-${traceId}-${callerSpanId}-01`, 'x-request-id': requestId });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();

    const spans = await spansOf(traceId);
    const server = spans.find((s) => s.kind === KIND.server)!;
    expect(server.name).toBe('POST /graphql');
    expect(server.parentSpanId).toBe(callerSpanId);
    const clientSpans = spans.filter((s) => s.kind === KIND.client);

    const upstream = upstreamSince(mark);
    expect(upstream.length).toBeGreaterThan(0);
    expect(clientSpans).toHaveLength(upstream.length);
    const clientSpanIds = new Set(clientSpans.map((s) => s.spanId));
    for (const request of upstream) {
      const [version, tid, parent, flags] = String(request.headers.traceparent).split('-');
      expect([version, tid, flags]).toEqual(['00', traceId, '01']);
      expect(clientSpanIds.has(parent!)).toBe(true); // the platform's caller is our client span for that attempt
    }

    const lines = traced.lines.filter((l) => l.requestId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    const spanIds = new Set(spans.map((s) => s.spanId));
    for (const line of lines) {
      expect(line.trace_id).toBe(traceId);
      expect(spanIds.has(String(line.span_id))).toBe(true);
    }
  });

  it('a malformed traceparent starts a new root trace, without error, and the platforms get that trace', async () => {
    for (const malformed of ['garbage', `00-${'0'.repeat(32)}-${hex(8)}-01`, `ff-${hex(16)}-${hex(8)}-01`, `00-${hex(16)}-${hex(8)}`]) {
      const mark = markProxies();
      const requestId = `malformed-${hex(4)}`;
      const { status, body } = await post(traced.url, { traceparent: malformed, 'x-request-id': requestId });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const upstream = upstreamSince(mark);
      expect(upstream.length).toBeGreaterThan(0);
      const newTrace = traceIdOf(upstream[0]!.headers.traceparent)!;
      expect(newTrace).toMatch(/^[0-9a-f]{32}$/);
      expect(malformed).not.toContain(newTrace);
      for (const request of upstream) expect(traceIdOf(request.headers.traceparent)).toBe(newTrace);
      const server = (await spansOf(newTrace)).find((s) => s.kind === KIND.server)!;
      expect(server.parentSpanId).toBeUndefined();
      for (const line of traced.lines.filter((l) => l.requestId === requestId)) expect(line.trace_id).toBe(newTrace);
    }
  });

  it('with tracing off, upstream requests and log lines carry no trace context (even when the caller sent one)', async () => {
    const mark = markProxies();
    const requestId = `off-${hex(4)}`;
    const { status } = await post(untraced.url, { traceparent: `00-${hex(16)}-${hex(8)}-01`, 'x-request-id': requestId });
    expect(status).toBe(200);
    const upstream = upstreamSince(mark);
    expect(upstream.length).toBeGreaterThan(0);
    for (const request of upstream) expect(request.headers.traceparent).toBeUndefined();
    const lines = untraced.lines.filter((l) => l.requestId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toHaveProperty('trace_id');
  });
});

describe('trace context across hops (graphql-ws)', () => {
  function ws(connectionParams: Record<string, unknown>): Client {
    const client = createClient({ url: `${traced.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    wsClients.push(client);
    return client;
  }
  async function once(client: Client, payload: { query: string; extensions?: Record<string, unknown> }) {
    const results: unknown[] = [];
    await new Promise<void>((resolve, reject) => client.subscribe(payload, { next: (r) => void results.push(r), error: reject, complete: resolve }));
    return results as { data?: unknown; errors?: unknown[] }[];
  }

  it("a subscribe message's extensions.traceparent parents the operation's server span, and its platform calls carry the trace", async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const mark = markProxies();
    const client = ws({ authorization: `Bearer ${token}`, traceparent: `00-${hex(16)}-${hex(8)}-01` }); // the operation's own wins
    const [result] = await once(client, { query: QUERY, extensions: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
    expect(result!.errors).toBeUndefined();

    const spans = await spansOf(traceId);
    const server = spans.find((s) => s.kind === KIND.server)!;
    expect(server.name).toBe('graphql-ws subscribe');
    expect(server.parentSpanId).toBe(callerSpanId);
    expect(server.attributes['graphql.operation.type']).toBe('query');
    const upstream = upstreamSince(mark);
    expect(upstream.length).toBeGreaterThan(0);
    for (const request of upstream) expect(traceIdOf(request.headers.traceparent)).toBe(traceId);
    const clientSpans = spans.filter((s) => s.kind === KIND.client);
    expect(clientSpans).toHaveLength(upstream.length);
    for (const span of clientSpans) expect(span.parentSpanId).toBe(server.spanId);

    const line = traced.lines.find((l) => l.transport === 'ws' && l.trace_id === traceId);
    expect(line).toMatchObject({ msg: 'graphql operation', span_id: server.spanId });
  });

  it("connectionParams.traceparent is every operation's parent on that socket when the operation sends none", async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const mark = markProxies();
    const client = ws({ authorization: `Bearer ${token}`, Traceparent: `00-${traceId}-${callerSpanId}-01` });
    const [result] = await once(client, { query: QUERY });
    expect(result!.errors).toBeUndefined();
    const server = (await spansOf(traceId)).find((s) => s.kind === KIND.server)!;
    expect(server.parentSpanId).toBe(callerSpanId);
    for (const request of upstreamSince(mark)) expect(traceIdOf(request.headers.traceparent)).toBe(traceId);
  });
});
