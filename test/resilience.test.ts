import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * Partial answers and per-source policies, driven by the simulators' fault knobs. Outcomes are
 * asserted by error codes and call counts at the simulators, never by timings.
 */
const SOURCES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
type SourceName = (typeof SOURCES)[number];

const LIST = `query($s: [Source!]) { conversations(first: 1, filter: { sources: $s }) { edges { node { id } } missingSources } }`;
type ListData = { conversations: { edges: { node: { id: string } }[]; missingSources: string[] } };

function calls(stack: Stack, source: SourceName): number {
  return stack.sims.t1![source].server.requestCounts().total;
}

async function metric(stack: Stack, line: string): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe('one platform down: partial answers and the circuit breaker', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      tenants: [{ id: 't1', seed: 'down-seed', size: 10 }],
      cacheTtlMs: 0,
      // No retries: the list and the counts fail together and open the breaker at once; retrying them
      // against an open breaker would only keep the request waiting until the breaker half-opens.
      sourceOverrides: { voxys: { retries: 0, circuitBreaker: { failureRatio: 0.5, window: 4, minimumCalls: 2, halfOpenAfterMs: 1500 } } },
    });
  });
  afterAll(async () => stack?.close());

  it('the other three answer, one error names the source; open breaker: no call; recovery: back', async () => {
    const voxys = stack.sims.t1!.voxys.server;
    // Warm code first: the breaker opens early in the next request (its list and counts fail together),
    // and a first request slowed by a busy machine must not outlast halfOpenAfter.
    expect((await stack.gql(operation('InboxScreen'), { first: 25 })).errors).toBeUndefined();
    voxys.setKnobs({ outage: true });
    stack.resetCounts();
    type Inbox = { conversations: { edges: { node: { source: string } }[]; missingSources: string[]; counts: { all: number } | null } };
    const down = await stack.gql<Inbox>(operation('InboxScreen'), { first: 25 });
    // The tab counts of the healthy sources are still there.
    expect(down.data!.conversations.counts!.all).toBeGreaterThan(0);
    expect(new Set(down.data!.conversations.edges.map((e) => e.node.source))).toEqual(new Set(['CHATVOLT', 'VOICEGLOW', 'IRON']));
    expect(down.data!.conversations.missingSources).toEqual(['VOXYS']);
    expect(down.errors).toHaveLength(1);
    expect(down.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'VOXYS' });
    expect(calls(stack, 'voxys')).toBeGreaterThanOrEqual(2); // the breaker opened after two failed attempts
    expect(await metric(stack, 'gateway_circuit_open{source="voxys"}')).toBe(1);

    stack.resetCounts();
    const open = await stack.gql<Inbox>(operation('InboxScreen'), { first: 25 });
    expect(calls(stack, 'voxys')).toBe(0); // failing fast: the platform is not called
    expect(open.errors).toHaveLength(1);
    expect(open.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'VOXYS' });
    expect(open.errors![0]!.message).toMatch(/circuit open/);
    expect(open.data!.conversations.edges.length).toBe(25);

    voxys.setKnobs({ outage: false });
    await new Promise((resolve) => setTimeout(resolve, 1600)); // past halfOpenAfter: the next call probes
    const back = await stack.gql<Inbox>(operation('InboxScreen'), { first: 25 });
    expect(back.errors).toBeUndefined();
    expect(back.data!.conversations.missingSources).toEqual([]);
    expect(back.data!.conversations.edges.some((e) => e.node.source === 'VOXYS')).toBe(true);
    expect(await metric(stack, 'gateway_circuit_open{source="voxys"}')).toBe(0);
  });
});

describe('faults on each platform: the documented outcome, exact attempts', () => {
  let stack: Stack;
  beforeAll(async () => {
    const never = { circuitBreaker: { failureRatio: 0.99, window: 1000, minimumCalls: 1000, halfOpenAfterMs: 1000 } };
    stack = await startStack({
      tenants: [{ id: 't1', seed: 'fault-seed', size: 6 }],
      cacheTtlMs: 0,
      sourceOverrides: Object.fromEntries(SOURCES.map((s) => [s, { ...never, timeoutMs: 250, retries: 2 }])),
      config: { limits: { requestTimeoutMs: 4_000 } },
    });
  });
  afterAll(async () => stack?.close());

  const cases: [string, Record<string, unknown>, { calls: number; code: string | null }][] = [
    ['500s', { errorRate: 1 }, { calls: 3, code: 'UPSTREAM_UNAVAILABLE' }],
    ['an outage (503)', { outage: true }, { calls: 3, code: 'UPSTREAM_UNAVAILABLE' }],
    // Successes cost what the query costs without faults, plus the one retried attempt.
    ['one 429 without Retry-After', { rateLimitBurst: 1 }, { calls: 1, code: null }],
    ['one 429 with Retry-After: 0', { rateLimitBurst: 1, rateLimitRetryAfter: 0 }, { calls: 1, code: null }],
    ['429s asking for longer than the budget', { rateLimitBurst: 5, rateLimitRetryAfter: 30 }, { calls: 1, code: 'UPSTREAM_RATE_LIMITED' }],
    ['a slow platform (timeouts)', { latencyMs: 600 }, { calls: 3, code: 'UPSTREAM_TIMEOUT' }],
    ['an HTML page', { garbage: 'html' }, { calls: 1, code: 'UPSTREAM_REJECTED' }],
    ['truncated JSON', { garbage: 'truncated-json' }, { calls: 1, code: 'UPSTREAM_REJECTED' }],
    ['JSON of another shape', { garbage: 'wrong-shape' }, { calls: 1, code: 'UPSTREAM_REJECTED' }],
  ];

  for (const source of SOURCES) {
    it.each(cases)(`${source}: %s`, async (_name, knobs, expected) => {
      const server = stack.sims.t1![source].server;
      stack.resetCounts();
      await stack.gql<ListData>(LIST, { s: [source.toUpperCase()] });
      const baseline = calls(stack, source);
      server.setKnobs(knobs);
      stack.resetCounts();
      try {
        const result = await stack.gql<ListData>(LIST, { s: [source.toUpperCase()] });
        expect(calls(stack, source)).toBe(expected.code === null ? baseline + expected.calls : expected.calls);
        if (expected.code === null) {
          expect(result.errors).toBeUndefined();
          expect(result.data!.conversations.edges).toHaveLength(1);
        } else {
          expect(result.errors).toHaveLength(1);
          expect(result.errors![0]!.extensions).toMatchObject({ code: expected.code, source: source.toUpperCase() });
          expect(result.errors![0]!.message).not.toMatch(/127\.0\.0\.1|http:|token|Bearer|<html|detail/i);
          expect(result.data!.conversations).toEqual({ edges: [], missingSources: [source.toUpperCase()] });
        }
      } finally {
        server.setKnobs({ errorRate: 0, outage: false, rateLimitBurst: 0, rateLimitRetryAfter: null, latencyMs: 0, garbage: null });
        await new Promise((resolve) => setTimeout(resolve, knobs.latencyMs ? 700 : 0)); // let slow answers drain
      }
    });
  }

  const WRITES: Record<SourceName, [string, string]> = {
    voxys: ['markConversationRead', 'ConversationActionInput'],
    chatvolt: ['setConversationAiEnabled', 'SetConversationAiEnabledInput'],
    voiceglow: ['assignConversationToMe', 'ConversationActionInput'],
    iron: ['markConversationRead', 'ConversationActionInput'],
  };

  it.each(SOURCES)('%s: a failing write is not retried', async (source) => {
    const list = await stack.gql<ListData>(LIST, { s: [source.toUpperCase()] });
    const conversationId = list.data!.conversations.edges[0]!.node.id;
    const server = stack.sims.t1![source].server;
    const [mutation, inputType] = WRITES[source];
    server.setKnobs({ errorRate: 1, faultMethods: ['POST', 'PATCH', 'DELETE'] });
    stack.resetCounts();
    try {
      const input = mutation === 'setConversationAiEnabled' ? { conversationId, enabled: false } : { conversationId };
      const result = await stack.gql(`mutation($input: ${inputType}!) { ${mutation}(input: $input) { userErrors { code } } }`, { input });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: source.toUpperCase() });
      const writes = Object.entries(server.requestCounts().byRoute).filter(([route]) => !route.startsWith('GET '));
      expect(writes.reduce((n, [, c]) => n + c, 0)).toBe(1);
    } finally {
      server.setKnobs({ errorRate: 0, faultMethods: null });
    }
  });
});

describe('deadlines', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'budget-seed', size: 8 }], cacheTtlMs: 0, config: { limits: { requestTimeoutMs: 1_000 } } });
  });
  afterAll(async () => stack?.close());

  it('a 1 s budget against a 10 s platform: one attempt, UPSTREAM_TIMEOUT for it, the rest answered', async () => {
    stack.sims.t1!.voiceglow.server.setKnobs({ latencyMs: 10_000 });
    stack.resetCounts();
    type Inbox = { conversations: { edges: { node: { source: string } }[]; missingSources: string[] } };
    const result = await stack.gql<Inbox>(`{ conversations(first: 10) { edges { node { source } } missingSources } }`);
    expect(calls(stack, 'voiceglow')).toBe(1); // no retry past the budget
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'VOICEGLOW' });
    expect(result.data!.conversations.missingSources).toEqual(['VOICEGLOW']);
    expect(result.data!.conversations.edges).toHaveLength(10);
    stack.sims.t1!.voiceglow.server.setKnobs({ latencyMs: 0 });
  });
});

describe('metrics after a scripted scenario', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'metrics-seed', size: 5 }], cacheTtlMs: 0 });
  });
  afterAll(async () => stack?.close());

  it('equal exactly what the scenario produced', async () => {
    const iron = stack.sims.t1!.iron.server;
    iron.setKnobs({ rateLimitBurst: 1 });
    await stack.gql(LIST, { s: ['IRON'] }); // 429 then 200
    iron.setKnobs({ outage: true });
    await stack.gql(LIST, { s: ['IRON'] }); // 503 x 3
    iron.setKnobs({ outage: false });
    await stack.gql(LIST, { s: ['IRON'] }); // 200

    const m = (line: string) => metric(stack, line);
    expect(await m('gateway_upstream_requests_total{source="iron",method="GET",route="/conversations",status="429"}')).toBe(1);
    expect(await m('gateway_upstream_requests_total{source="iron",method="GET",route="/conversations",status="503"}')).toBe(3);
    expect(await m('gateway_upstream_requests_total{source="iron",method="GET",route="/conversations",status="200"}')).toBe(2);
    expect(await m('gateway_upstream_request_duration_seconds_count{source="iron",route="/conversations"}')).toBe(6);
    // One miss per read that went upstream (retries are attempts of the same read); members twice.
    const members = stack.sims.t1!.iron.server.requestCounts().byRoute['GET /api/v1/org/members'] ?? 0;
    expect(await m('gateway_cache_misses_total{source="iron"}')).toBe(3 + members);
    expect(await m('gateway_cache_hits_total{source="iron"}')).toBe(0);
    expect(await m('gateway_circuit_open{source="iron"}')).toBe(0);
    expect(await m('gateway_operation_duration_seconds_count{operation_name="anonymous",type="query"}')).toBe(3);
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).not.toMatch(/route="http|route="[^"]*127\.0\.0\.1/);
  });
});
