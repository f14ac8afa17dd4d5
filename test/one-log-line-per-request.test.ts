import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/load.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { createLogger, logTraceIds } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { mintToken } from '../src/pipeline/auth.js';
import { createErrorFormatter } from '../src/pipeline/format-error.js';
import { OperationObserver } from '../src/pipeline/observability.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';
import { operation } from './support/stack.js';

/**
 * Logs: one line per request, whatever failed in it. A platform down for a whole inbox page costs
 * many fields but writes one line, with the errors summed per source and code; an unexpected error
 * is in that same line (the first one, with its stack), never a line per field.
 */
const JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';
type Line = {
  msg: string;
  level: number;
  errors?: Record<string, number>;
  operation?: string | null;
  err?: { message: string; stack?: string };
  upstreamCalls?: number;
  fromAnswerCache?: boolean;
};

/** pino writes one JSON document per `write`. */
function collector() {
  const lines: Line[] = [];
  return { lines, stream: { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Line) } };
}

describe('the operation log line over HTTP (a real gateway, Voxys in an outage)', () => {
  const log = collector();
  let sims: SimulatorSet;
  let gateway: Gateway;

  beforeAll(async () => {
    sims = await startSimulators({ seed: 'log-lines', size: 30 });
    const config = validateConfig({
      auth: { jwt: { secret: JWT_SECRET } },
      tenants: {
        t1: {
          sources: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, { type: s, baseUrl: sims.urls[s], ...sims[s].sourceConfig, cacheTtlMs: 0, retries: 0 }])),
          users: { alice: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[s].identities.alice])) },
        },
      },
      limits: { requestsPerMinute: 0 },
    });
    gateway = createGateway(config, { logger: createLogger({ level: 'info', destination: log.stream }) });
    await gateway.listen(0, '127.0.0.1', { polling: false });
  });
  afterAll(async () => {
    await gateway?.close();
    await sims?.close();
  });

  it('40 failing inbox requests write 40 lines, each with its error summary per source and code', async () => {
    const token = await mintToken({ secret: JWT_SECRET, sub: 'alice', tenant: 't1' });
    sims.voxys.server.setKnobs({ outage: true });
    log.lines.length = 0;
    const query = operation('InboxScreen');
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, operationName: 'InboxScreen', variables: { filter: { sources: ['VOXYS', 'IRON'] } } }),
        }).then((r) => r.json() as Promise<{ errors?: { extensions?: { sourceKey?: string } }[] }>),
      ),
    );
    sims.voxys.server.setKnobs({ outage: false });
    for (const answer of answers)
      expect(
        answer.errors?.some((e) => e.extensions?.sourceKey === 'voxys'),
        JSON.stringify(answer).slice(0, 600),
      ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the last lines land

    expect(log.lines.map((l) => l.msg)).toEqual(Array.from({ length: 40 }, () => 'graphql operation'));
    for (const line of log.lines) {
      expect(line.operation).toBe('InboxScreen');
      expect(Object.keys(line.errors!)).toEqual(['voxys:UPSTREAM_UNAVAILABLE']);
      expect(line.errors!['voxys:UPSTREAM_UNAVAILABLE']).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('the operation log line of an answer from the answer cache', () => {
  it('says so (fromAnswerCache, no platform call); an executed answer’s line does not', async () => {
    const log = collector();
    const sims = await startSimulators({ seed: 'log-lines-kept', size: 20 });
    const config = validateConfig({
      auth: { jwt: { secret: JWT_SECRET } },
      tenants: {
        t1: {
          sources: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, { type: s, baseUrl: sims.urls[s], ...sims[s].sourceConfig }])),
          users: { alice: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[s].identities.alice])) },
        },
      },
      limits: { requestsPerMinute: 0 },
    });
    const gateway = createGateway(config, { logger: createLogger({ level: 'info', destination: log.stream }) });
    try {
      await gateway.listen(0, '127.0.0.1', { polling: false });
      const token = await mintToken({ secret: JWT_SECRET, sub: 'alice', tenant: 't1' });
      const ask = async () => {
        const response = await fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: operation('InboxScreen') }),
        });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      };
      await ask();
      await ask();
      const lines = log.lines.filter((l) => l.msg === 'graphql operation');
      expect(lines).toHaveLength(2);
      expect(lines[0]!.fromAnswerCache).toBeUndefined();
      expect(lines[0]!.upstreamCalls).toBeGreaterThan(0);
      expect(lines[1]).toMatchObject({ operation: 'InboxScreen', fromAnswerCache: true, upstreamCalls: 0 });
    } finally {
      await gateway.close();
      await sims.close();
    }
  });
});

describe('OperationObserver (unit: the pipeline formatter, a collecting logger)', () => {
  it('an operation with 30 failing fields, unexpected and upstream, is one error line with the first unexpected stack', () => {
    const log = collector();
    const format = createErrorFormatter();
    const observer = new OperationObserver(new Metrics(), createLogger({ level: 'info', destination: log.stream }), format);
    const observed = observer.begin('http');
    const thrown = Array.from({ length: 30 }, (_, i) => new GraphQLError('boom', { path: ['conversation', i], originalError: new Error(`broken ${i}`) }));
    observed.errored(thrown);
    observed.finished(
      null,
      thrown.map((e) => format(e.toJSON(), e)),
    );
    observed.finished(null, []); // a second call adds nothing

    expect(log.lines).toHaveLength(1);
    const [line] = log.lines;
    expect(line).toMatchObject({ msg: 'graphql operation', level: 50, errors: { INTERNAL_SERVER_ERROR: 30 } });
    expect(line!.err!.message).toBe('broken 0');
    expect(line!.err!.stack).toContain('broken 0');
  });

  it('the summary line carries the trace ids and the level; redaction still applies to every other line, the error line included', () => {
    const log = collector();
    const logger = createLogger({ level: 'info', destination: log.stream });
    logTraceIds(logger, () => ({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) }));
    const observer = new OperationObserver(new Metrics(), logger, createErrorFormatter());
    observer.begin('http').finished(null, []);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ msg: 'graphql operation', level: 30, trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), errors: {} });

    // Any other line of the gateway's logger: its keys are redacted.
    logger.info({ token: 'tok-123', request: { headers: { authorization: 'Bearer tok-123' } }, call: { token: 'tok-123' } }, 'something else');
    const failing = observer.begin('http');
    const unexpected = new GraphQLError('boom', { originalError: Object.assign(new Error('broken'), { token: 'tok-123' }) });
    failing.errored([unexpected]);
    failing.finished(null);
    expect(log.lines).toHaveLength(3);
    expect(JSON.stringify(log.lines.slice(1))).not.toContain('tok-123');
    expect(log.lines[2]).toMatchObject({ msg: 'graphql operation', level: 50 });

    // A silenced logger silences the summary too (its level is the logger's at construction).
    const quiet = collector();
    new OperationObserver(new Metrics(), createLogger({ level: 'warn', destination: quiet.stream })).begin('ws').finished(null, []);
    expect(quiet.lines).toHaveLength(0);
  });
});
