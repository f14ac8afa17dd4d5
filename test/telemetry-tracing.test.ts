import { setTimeout as sleep } from 'node:timers/promises';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanAttr } from '../src/telemetry/attributes.js';
import { createTracing, type SpanHandle, type Tracing } from '../src/telemetry/tracing.js';
import { KIND, OtlpReceiver, STATUS_ERROR } from './support/otlp-receiver.js';

/**
 * Tracing against a real OTLP/HTTP receiver: span names, kinds, parent links across async gaps,
 * attributes, error status, isolation of two Tracing instances in one process, and the no-op.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(): Promise<[OtlpReceiver, string]> {
  const r = new OtlpReceiver();
  const url = await r.listen();
  cleanups.push(() => r.close());
  return [r, url];
}

function tracingFor(url: string, serviceName?: string): Tracing {
  const t = createTracing({ otlpEndpoint: url, serviceName, exportIntervalMs: 60_000 });
  cleanups.push(() => t.shutdown());
  return t;
}

describe('telemetry tracing (OTLP/HTTP)', () => {
  it('nests server, internal and client spans through async gaps, with attributes and error status', async () => {
    const [rx, url] = await receiver();
    const tracing = tracingFor(`${url}/`); // a trailing slash on the base URL is fine
    expect(tracing.enabled).toBe(true);

    const result = await tracing.inSpan('POST /graphql', 'server', { [SpanAttr.httpMethod]: 'POST', [SpanAttr.httpRoute]: '/graphql' }, async (http) => {
      await sleep(5);
      const gql = tracing.start('graphql.execute', 'internal', { [SpanAttr.graphqlOperationType]: 'query' });
      const inner = await gql.runIn(async () => {
        await sleep(5);
        const settled = await Promise.allSettled([
          tracing.inSpan(
            'GET /v1/conversations',
            'client',
            { [SpanAttr.source]: 'voxys', [SpanAttr.httpMethod]: 'GET', [SpanAttr.urlTemplate]: '/v1/conversations', [SpanAttr.attempt]: 1 },
            async (span) => {
              await sleep(20);
              span.setAttribute(SpanAttr.httpStatusCode, 200);
              return 'conversations';
            },
          ),
          tracing.inSpan(
            'GET /contacts/{id}',
            'client',
            { [SpanAttr.source]: 'iron', [SpanAttr.httpMethod]: 'GET', [SpanAttr.urlTemplate]: '/contacts/{id}', [SpanAttr.attempt]: 2 },
            async (span) => {
              await sleep(5);
              span.setAttribute(SpanAttr.httpStatusCode, 503);
              throw new Error('iron answered 503');
            },
          ),
        ]);
        // Context survives a timer callback too.
        await new Promise<void>((resolve) => setTimeout(() => void tracing.inSpan('timer-child', 'internal', {}, async () => resolve()), 5));
        return settled;
      });
      gql.setAttribute(SpanAttr.graphqlOperationName, 'Inbox');
      gql.end();
      // After runIn returned, the current span is the HTTP span again.
      await tracing.inSpan('after-graphql', 'internal', {}, async () => undefined);
      http.setAttribute(SpanAttr.httpStatusCode, 200);
      return inner;
    });
    expect(result[0]).toEqual({ status: 'fulfilled', value: 'conversations' });
    expect(result[1]).toMatchObject({ status: 'rejected', reason: { message: 'iron answered 503' } });

    // An unrelated span outside any other is a new trace.
    await tracing.inSpan('background', 'internal', {}, async () => undefined);

    await tracing.flush();
    expect(rx.requests.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
    expect(rx.spans.map((s) => s.name).sort()).toEqual(
      ['GET /contacts/{id}', 'GET /v1/conversations', 'POST /graphql', 'after-graphql', 'background', 'graphql.execute', 'timer-child'].sort(),
    );
    expect(new Set(rx.spans.map((s) => s.service))).toEqual(new Set(['inbox-gateway']));

    const http = rx.span('POST /graphql');
    const gql = rx.span('graphql.execute');
    const a = rx.span('GET /v1/conversations');
    const b = rx.span('GET /contacts/{id}');
    const timer = rx.span('timer-child');
    const after = rx.span('after-graphql');
    const background = rx.span('background');

    expect(http.parentSpanId).toBeUndefined();
    expect(http.kind).toBe(KIND.server);
    expect(http.attributes).toEqual({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
    expect(http.status.code ?? 0).not.toBe(STATUS_ERROR);

    expect(gql.kind).toBe(KIND.internal);
    expect(gql.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'Inbox' });
    for (const s of [gql, a, b, timer, after]) expect(s.traceId).toBe(http.traceId);
    expect(gql.parentSpanId).toBe(http.spanId);
    expect(a.parentSpanId).toBe(gql.spanId);
    expect(b.parentSpanId).toBe(gql.spanId);
    expect(timer.parentSpanId).toBe(gql.spanId);
    expect(after.parentSpanId).toBe(http.spanId);
    expect(background.parentSpanId).toBeUndefined();
    expect(background.traceId).not.toBe(http.traceId);

    expect(a.kind).toBe(KIND.client);
    expect(a.attributes).toEqual({
      'gateway.source': 'voxys',
      'http.request.method': 'GET',
      'url.template': '/v1/conversations',
      'gateway.attempt': 1,
      'http.response.status_code': 200,
    });
    expect(a.status.code ?? 0).not.toBe(STATUS_ERROR);
    expect(a.events).toEqual([]);

    expect(b.kind).toBe(KIND.client);
    expect(b.attributes).toMatchObject({ 'gateway.source': 'iron', 'gateway.attempt': 2, 'http.response.status_code': 503 });
    expect(b.status).toMatchObject({ code: STATUS_ERROR, message: 'iron answered 503' });
    expect(b.events).toHaveLength(1);
    expect(b.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.type': 'Error', 'exception.message': 'iron answered 503' } });
  });

  it('start/end(error) marks the span failed; ending twice exports it once; non-Error throws are recorded', async () => {
    const [rx, url] = await receiver();
    const tracing = tracingFor(url, 'gw-errors');

    const span: SpanHandle = tracing.start('hooked', 'internal', { k: true });
    span.end(new TypeError('bad hook'));
    span.end(); // ignored
    span.setAttribute('late', 'ignored');

    await expect(
      tracing.inSpan('throws-string', 'internal', {}, async () => {
        throw 'plain string';
      }),
    ).rejects.toBe('plain string');
    // A synchronous throw from fn is still a rejection and still ends the span.
    await expect(
      tracing.inSpan('throws-sync', 'internal', {}, (() => {
        throw new Error('sync');
      }) as () => Promise<never>),
    ).rejects.toThrow('sync');
    // fn may end its span itself; inSpan then does not end it again.
    await tracing.inSpan('self-ended', 'client', {}, async (s) => {
      s.end();
    });

    await tracing.flush();
    const hooked = rx.span('hooked');
    expect(hooked.service).toBe('gw-errors');
    expect(hooked.attributes).toEqual({ k: true });
    expect(hooked.status).toMatchObject({ code: STATUS_ERROR, message: 'bad hook' });
    expect(hooked.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.type': 'TypeError' } });
    expect(rx.span('throws-string').status).toMatchObject({ code: STATUS_ERROR, message: 'plain string' });
    expect(rx.span('throws-sync').status).toMatchObject({ code: STATUS_ERROR, message: 'sync' });
    expect(rx.span('self-ended').status.code ?? 0).not.toBe(STATUS_ERROR);
    expect(rx.spans).toHaveLength(4);
  });

  it('keeps two Tracing instances in one process apart, even when their calls interleave', async () => {
    const [rxA, urlA] = await receiver();
    const [rxB, urlB] = await receiver();
    const a = tracingFor(urlA, 'gateway-a');
    const b = tracingFor(urlB, 'gateway-b');

    await Promise.all([
      a.inSpan('a-root', 'server', {}, async () => {
        await sleep(5);
        // B's span started while A's span is current: B must not adopt it as parent.
        await b.inSpan('b-inside-a', 'server', {}, async () => {
          await sleep(5);
          await a.inSpan('a-child', 'client', {}, async () => sleep(5));
          await b.inSpan('b-child', 'client', {}, async () => sleep(5));
        });
      }),
      b.inSpan('b-root', 'server', {}, async () => {
        await sleep(7);
        await b.inSpan('b-root-child', 'client', {}, async () => sleep(3));
      }),
    ]);
    await Promise.all([a.flush(), b.flush()]);

    expect(rxA.spans.map((s) => s.name).sort()).toEqual(['a-child', 'a-root']);
    expect(rxB.spans.map((s) => s.name).sort()).toEqual(['b-child', 'b-inside-a', 'b-root', 'b-root-child']);
    expect(new Set(rxA.spans.map((s) => s.service))).toEqual(new Set(['gateway-a']));
    expect(new Set(rxB.spans.map((s) => s.service))).toEqual(new Set(['gateway-b']));

    expect(rxA.span('a-child').parentSpanId).toBe(rxA.span('a-root').spanId);
    expect(rxB.span('b-inside-a').parentSpanId).toBeUndefined();
    expect(rxB.span('b-child').parentSpanId).toBe(rxB.span('b-inside-a').spanId);
    expect(rxB.span('b-root-child').parentSpanId).toBe(rxB.span('b-root').spanId);
    expect(rxB.span('b-root').traceId).not.toBe(rxB.span('b-inside-a').traceId);
  });

  it('exports on its own timer (batch interval) without flush', async () => {
    const [rx, url] = await receiver();
    const tracing = createTracing({ otlpEndpoint: url, exportIntervalMs: 50 });
    cleanups.push(() => tracing.shutdown());
    await tracing.inSpan('timed', 'internal', {}, async () => undefined);
    const deadline = Date.now() + 5_000;
    while (rx.spans.length === 0 && Date.now() < deadline) await sleep(20);
    expect(rx.spans.map((s) => s.name)).toEqual(['timed']);
  });

  it('shutdown exports what is pending, is idempotent, and later spans still run fn', async () => {
    const [rx, url] = await receiver();
    const tracing = createTracing({ otlpEndpoint: url, exportIntervalMs: 60_000 });
    await tracing.inSpan('before-shutdown', 'internal', {}, async () => undefined);
    await Promise.all([tracing.shutdown(), tracing.shutdown()]);
    await tracing.shutdown();
    expect(rx.spans.map((s) => s.name)).toEqual(['before-shutdown']);

    expect(await tracing.inSpan('after-shutdown', 'internal', {}, async () => 42)).toBe(42);
    const late = tracing.start('late', 'internal', {});
    expect(late.runIn(() => 'ok')).toBe('ok');
    late.end();
    await tracing.flush();
    expect(rx.spans.map((s) => s.name)).toEqual(['before-shutdown']);
  });

  it('a failing collector is reported through onExportError; flush and shutdown still resolve', async () => {
    const [rx, url] = await receiver();
    rx.failWith = 400; // not retryable, so the exporter gives up at once
    const errors: Error[] = [];
    const tracing = createTracing({ otlpEndpoint: url, exportIntervalMs: 60_000, onExportError: (e) => errors.push(e) });
    expect(await tracing.inSpan('lost', 'internal', {}, async () => 'still works')).toBe('still works');
    await tracing.flush();
    expect(rx.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);

    // The collector comes back: later spans are exported again.
    rx.failWith = undefined;
    await tracing.inSpan('kept', 'internal', {}, async () => undefined);
    await tracing.shutdown();
    expect(rx.spans.map((s) => s.name)).toEqual(['kept']);
    expect(errors).toHaveLength(1);
  });

  it('carries the GraphQL span through Apollo execution to resolver upstream calls (integration pattern)', async () => {
    const [rx, url] = await receiver();
    const tracing = tracingFor(url);
    interface Ctx {
      graphqlSpan: SpanHandle;
    }
    const apollo = new ApolloServer<Ctx>({
      typeDefs: 'type Query { hello: String }',
      resolvers: {
        Query: {
          hello: () =>
            tracing.inSpan('GET /hello', 'client', { [SpanAttr.source]: 'voxys', [SpanAttr.urlTemplate]: '/hello' }, async () => {
              await sleep(5);
              return 'world';
            }),
        },
      },
      plugins: [
        {
          async requestDidStart() {
            return {
              async didResolveOperation({ operationName, operation, contextValue }) {
                if (operationName) contextValue.graphqlSpan.setAttribute(SpanAttr.graphqlOperationName, operationName);
                if (operation) contextValue.graphqlSpan.setAttribute(SpanAttr.graphqlOperationType, operation.operation);
              },
            };
          },
        },
      ],
    });
    await apollo.start();
    cleanups.push(() => apollo.stop());

    const body = await tracing.inSpan('POST /graphql', 'server', { [SpanAttr.httpRoute]: '/graphql' }, async () => {
      const graphqlSpan = tracing.start('graphql.execute', 'internal', {});
      try {
        const response = await graphqlSpan.runIn(() =>
          apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: {
              method: 'POST',
              headers: new HeaderMap([['content-type', 'application/json']]),
              search: '',
              body: { query: 'query Hello { hello }', operationName: 'Hello' },
            },
            context: async () => ({ graphqlSpan }),
          }),
        );
        graphqlSpan.end();
        return response.body.kind === 'complete' ? response.body.string : '';
      } catch (error) {
        graphqlSpan.end(error);
        throw error;
      }
    });
    expect(JSON.parse(body)).toEqual({ data: { hello: 'world' } });

    await tracing.flush();
    const http = rx.span('POST /graphql');
    const gql = rx.span('graphql.execute');
    const upstream = rx.span('GET /hello');
    expect(gql.parentSpanId).toBe(http.spanId);
    expect(upstream.parentSpanId).toBe(gql.spanId);
    expect(upstream.traceId).toBe(http.traceId);
    expect(gql.attributes).toEqual({ 'graphql.operation.name': 'Hello', 'graphql.operation.type': 'query' });
  });
});

describe('W3C trace context (traceparent in and out)', () => {
  it('a remote parent in a carrier parents a server span; outgoing headers and current ids name the current span', async () => {
    const [rx, url] = await receiver();
    const tracing = tracingFor(url);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const span = tracing.start('GET /x', 'server', {}, { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate: 'vendor=1' });
    const inside = span.runIn(() => tracing.inSpan('call', 'client', {}, async () => ({ headers: tracing.outgoingHeaders(), ids: tracing.currentIds() })));
    const { headers, ids } = await inside;
    span.end();
    expect(tracing.currentIds()).toBeUndefined();
    expect(tracing.outgoingHeaders()).toEqual({});
    await tracing.flush();
    const server = rx.span('GET /x');
    const call = rx.span('call');
    expect(server).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
    expect(call.parentSpanId).toBe(server.spanId);
    expect(headers).toEqual({ traceparent: `00-${traceId}-${call.spanId}-01`, tracestate: 'vendor=1' });
    expect(ids).toEqual({ trace_id: traceId, span_id: call.spanId });
  });

  it('a parent that is not sampled is honoured: nothing exported, the context still passed on; a malformed one starts a new trace', async () => {
    const [rx, url] = await receiver();
    const tracing = tracingFor(url);
    const unsampled = tracing.start('unsampled', 'server', {}, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' });
    expect(unsampled.runIn(() => tracing.outgoingHeaders().traceparent)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    unsampled.end();
    // Even with a current span, a carrier decides the parent (a malformed one: none).
    await tracing.inSpan('outer', 'internal', {}, async () => {
      tracing.start('fresh', 'server', {}, { traceparent: '00-zz-00f067aa0ba902b7-01' }).end();
    });
    await tracing.flush();
    expect(rx.spans.map((s) => s.name).sort()).toEqual(['fresh', 'outer']);
    expect(rx.span('fresh').parentSpanId).toBeUndefined();
    expect(rx.span('fresh').traceId).not.toBe(rx.span('outer').traceId);
  });
});

describe('telemetry tracing off (no endpoint)', () => {
  it('is a no-op that runs fn, returns its value and exports nothing, even with OTEL_* env set', async () => {
    const [rx, url] = await receiver();
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = url;
    try {
      for (const otlpEndpoint of [undefined, null, '', '  ']) {
        const tracing = createTracing({ otlpEndpoint, exportIntervalMs: 10 });
        expect(tracing.enabled).toBe(false);
        expect(
          await tracing.inSpan('x', 'server', { a: 1 }, async (span) => {
            span.setAttribute('b', 'c');
            await sleep(1);
            return 'value';
          }),
        ).toBe('value');
        await expect(
          tracing.inSpan('y', 'client', {}, async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        const span = tracing.start('z', 'internal', {});
        expect(span.runIn(() => 7)).toBe(7);
        span.setAttribute('k', true);
        span.end(new Error('ignored'));
        await tracing.flush();
        await tracing.shutdown();
      }
      await sleep(50);
      expect(rx.requests).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    }
  });
});
