import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { SpanAttr } from '../telemetry/attributes.js';
import type { SpanHandle, Tracing } from '../telemetry/tracing.js';

export interface HttpAppOptions {
  logger: Logger;
  tracing: Tracing;
  /** Largest GraphQL request body (bytes). */
  bodyLimit: number;
  /** How long a client may take to send its headers (`server.headersTimeoutMs`). */
  headersTimeoutMs: number;
  /** How long a client may take to send its whole request, body included (`server.bodyTimeoutMs`). */
  bodyTimeoutMs: number;
  /** Open connections held at once; more are refused (`server.maxConnections`). */
  maxConnections: number;
}

/**
 * The HTTP server: Fastify owns body limits, content-type parsing, slow-client timeouts, 404s and
 * error replies; route groups are registered by the composition root. Errors the framework raises
 * (bad JSON, a body too large, an unsupported media type, a malformed target) are the client's:
 * 4xx in GraphQL's error shape. Anything else is logged and answered 500 without detail.
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimit,
    requestTimeout: options.bodyTimeoutMs,
    // Node looks for requests past their timeouts every connectionsCheckingInterval (30 s by
    // default, which would let a slow client hold a connection for that much longer).
    http: { connectionsCheckingInterval: checkingIntervalMs(options.headersTimeoutMs), headersTimeout: options.headersTimeoutMs, requestTimeout: options.bodyTimeoutMs },
    return503OnClosing: true,
    // A target the router cannot even read (bad percent-encoding, …) is the client's mistake. (The
    // hook's reply is typed for no route at all, hence the casts.)
    frameworkErrors: (error, _request, reply) => {
      void reply.status(400 as never).send(clientError(error.message || 'malformed request') as never);
    },
  });
  app.server.headersTimeout = options.headersTimeoutMs;
  // Past the cap Node closes new connections at once (WebSocket upgrades count too).
  app.server.maxConnections = options.maxConnections;

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    // A client still sending a body too large would get EPIPE instead of our 413 if the socket
    // closed under it: read the rest (bounded) and discard it first.
    if (status === 413) await discardRest(request.raw);
    if (status >= 400 && status < 500) return reply.code(status).send(clientError(error.message));
    options.logger.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));

  if (options.tracing.enabled) traceRequests(app, options.tracing);
  return app;
}

/** A quarter of the shortest timeout, within 50 ms – 1 s: a slow client is cut off close to its deadline. */
function checkingIntervalMs(headersTimeoutMs: number): number {
  return Math.min(1_000, Math.max(50, Math.floor(headersTimeoutMs / 4)));
}

/** Most a refused body may still send before its connection is closed anyway. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
const DISCARD_LIMIT_MS = 5_000;

function discardRest(body: NodeJS.ReadableStream & { readableEnded?: boolean; destroy?: () => void }): Promise<void> {
  if (body.readableEnded) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      body.removeListener('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DISCARD_LIMIT_MS);
    body.on('data', onData);
    body.once('end', done);
    body.once('error', done);
    body.once('close', done);
    body.resume();
  });
}

function clientError(message: string) {
  return { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] };
}

const serverSpans = new WeakMap<object, SpanHandle>();

/** The server span of an HTTP request, when tracing (the GraphQL span is its child). */
export function serverSpanOf(request: object): (SpanHandle & { runIn<T>(fn: () => T): T }) | undefined {
  return serverSpans.get(request) as (SpanHandle & { runIn<T>(fn: () => T): T }) | undefined;
}

/**
 * One server span per HTTP request, named after its route template (never the raw target), under
 * the caller's trace when it sent a valid `traceparent` (else a new trace).
 */
function traceRequests(app: FastifyInstance, tracing: Tracing): void {
  app.addHook('onRequest', async (request) => {
    const route = (request.routeOptions.url ?? 'unmatched').replace(/:(\w+)/g, '{$1}');
    serverSpans.set(request, tracing.start(`${request.method} ${route}`, 'server', { [SpanAttr.httpMethod]: request.method, [SpanAttr.httpRoute]: route }, request.headers));
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = serverSpans.get(request);
    span?.setAttribute(SpanAttr.httpStatusCode, reply.statusCode);
    span?.end();
  });
}
