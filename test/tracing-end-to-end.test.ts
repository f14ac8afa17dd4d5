import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operation, startStack, type Stack } from './support/stack.js';
import { KIND, OtlpReceiver } from './support/otlp-receiver.js';

/** With `telemetry.otlpEndpoint`, one InboxScreen request is one trace: HTTP, GraphQL, one span per upstream call. */
let stack: Stack;
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = new OtlpReceiver();
  const endpoint = await receiver.listen();
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'trace-seed', size: 8 }],
    cacheTtlMs: 0,
    config: { telemetry: { otlpEndpoint: endpoint, serviceName: 'gateway-under-test' } },
  });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('OpenTelemetry traces', () => {
  it('an InboxScreen request: server span, GraphQL span named after the operation, a client span per upstream call', async () => {
    stack.resetCounts();
    const result = await stack.gql(operation('InboxScreen'), { first: 10 });
    expect(result.errors).toBeUndefined();
    const calls = Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0);
    await stack.gateway.tracing.flush();

    const server = receiver.spans.find((s) => s.name === 'POST /graphql' && s.kind === KIND.server)!;
    expect(server.attributes['http.response.status_code']).toBe(200);
    const graphql = receiver.spans.find((s) => s.name === 'graphql.execute' && s.parentSpanId === server.spanId)!;
    expect(graphql.attributes['graphql.operation.name']).toBe('InboxScreen');
    expect(graphql.attributes['graphql.operation.type']).toBe('query');
    const clients = receiver.spans.filter((s) => s.kind === KIND.client && s.traceId === server.traceId);
    expect(clients).toHaveLength(calls);
    for (const span of clients) {
      expect(span.parentSpanId).toBe(graphql.spanId);
      expect(span.attributes['url.template']).toMatch(/^\//);
      expect(String(span.attributes['url.template'])).not.toMatch(/127\.0\.0\.1|http/);
      expect(span.attributes['gateway.attempt']).toBe(1);
      expect(['voxys', 'chatvolt', 'voiceglow', 'iron']).toContain(span.attributes['gateway.source']);
    }
    expect(new Set(receiver.spans.map((s) => s.service))).toEqual(new Set(['gateway-under-test']));
  });
});
