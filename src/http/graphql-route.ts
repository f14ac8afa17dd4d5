import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { retryAfterOf } from '../pipeline/admission.js';
import type { VerifiedToken } from '../pipeline/auth.js';
import { serverSpanOf } from './app.js';
import { sendCached } from './cached-resource.js';
import { GRAPHIQL_ASSET_PREFIX, graphiqlBundle, graphiqlPage } from './graphiql.js';
import type { OperationPipeline } from '../pipeline/index.js';
import type { Tracing } from '../telemetry/tracing.js';

export interface GraphqlRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  pipeline: OperationPipeline;
  tracing: Tracing;
  graphiql: boolean;
  /** Demo mode: this token is pre-filled in GraphiQL's headers. */
  graphiqlToken: string | null;
  /** The client address of a request (per-address rate limit). */
  clientAddress: (request: IncomingMessage) => string;
  /** Where it is served: `/graphql` unless given (the Federation subgraph's route has its own). */
  path?: string;
}

/**
 * `GET|POST /graphql`: GraphQL over HTTP through Apollo, and GraphiQL for a browser. Admission
 * (address budget, bearer token, user and tenant budgets) runs in `onRequest`, before a byte of the
 * body is read: a stranger cannot make the gateway wait for, buffer or parse a body.
 */
export function graphqlRoute(app: FastifyInstance, options: GraphqlRouteOptions): void {
  const { pipeline, tracing } = options;
  const admitted = new WeakMap<FastifyRequest, VerifiedToken>();
  const execute = fastifyApolloHandler(options.apollo, {
    context: async (request: FastifyRequest) => {
      const token = admitted.get(request) ?? (await pipeline.admission.check(request.headers.authorization, options.clientAddress(request.raw)));
      return pipeline.context(token, requestIdOf(request), graphqlSpans.get(request));
    },
  });
  // Every browser navigation, `?query=…` links included (the page prefills its editor from them).
  const showsGraphiql = (request: FastifyRequest) => options.graphiql && request.method === 'GET' && wantsHtml(request);
  // The GraphQL span wraps execution, so upstream calls made by resolvers nest under it.
  const graphqlSpans = new WeakMap<FastifyRequest, ReturnType<Tracing['start']>>();

  if (options.graphiql) {
    // GraphiQL's bundle, at a content-addressed URL the page names (public: it holds no token).
    app.get(`${GRAPHIQL_ASSET_PREFIX}:file`, async (request, reply) => {
      const bundle = graphiqlBundle();
      if (request.url.split('?')[0] !== bundle.path) return reply.callNotFound();
      return sendCached(request, reply, bundle);
    });
  }

  app.route({
    method: ['GET', 'POST'],
    url: options.path ?? '/graphql',
    onRequest: async (request, reply) => {
      // The GraphiQL page itself needs no token (the page sends one with each operation).
      if (showsGraphiql(request)) return;
      try {
        admitted.set(request, await pipeline.admission.check(request.headers.authorization, options.clientAddress(request.raw)));
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return await refuse(reply, error, pipeline.formatError(error.toJSON(), error), requestIdOf(request));
      }
    },
    handler: async function (request, reply) {
      void reply.header('x-request-id', requestIdOf(request));
      if (showsGraphiql(request)) {
        return sendCached(request, reply, graphiqlPage({ token: options.graphiqlToken }));
      }
      const parent = serverSpanOf(request);
      const span = parent ? parent.runIn(() => tracing.start('graphql.execute', 'internal', {})) : tracing.start('graphql.execute', 'internal', {});
      graphqlSpans.set(request, span);
      try {
        const body = await span.runIn(() => execute.call(this, request, reply));
        span.end();
        return body;
      } catch (error) {
        span.end(error);
        throw error;
      }
    },
  });
}

/**
 * How much of a refused request's body is still read (and dropped) before its connection is
 * closed: while it keeps coming (no pause longer than the idle limit), up to a total time and size.
 */
const REFUSED_BODY_IDLE_MS = 1_000;
const REFUSED_BODY_TOTAL_MS = 10_000;
const REFUSED_BODY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Answers a refused request (401, 429) without parsing its body. A client still sending one would
 * get a broken pipe instead of the answer if the socket closed under it (Node closes a connection
 * whose request was not read to the end), so the rest is read and dropped first, for a short,
 * bounded while; a slow or endless body is cut off, and the answer closes its connection.
 */
export async function refuse(reply: FastifyReply, error: GraphQLError, formatted: unknown, requestId: string): Promise<FastifyReply> {
  await dropBody(reply.request.raw);
  const status = typeof error.extensions.http === 'object' && error.extensions.http !== null ? ((error.extensions.http as { status?: number }).status ?? 400) : 400;
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== null) void reply.header('retry-after', String(retryAfter));
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  return (
    reply
      .code(status)
      .header('x-request-id', requestId)
      // Closed after the answer either way: a refused client gets nothing more on this connection.
      .header('connection', 'close')
      .send({ errors: [formatted] })
  );
}

/** Reads and drops the rest of a request body; true when it ended within the bounds. */
export function dropBody(body: FastifyRequest['raw']): Promise<boolean> {
  if (body.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (complete: boolean) => {
      clearTimeout(idle);
      clearTimeout(total);
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('close', onEnd);
      resolve(complete);
    };
    const onEnd = () => finish(body.complete);
    let idle = setTimeout(() => finish(false), REFUSED_BODY_IDLE_MS);
    const total = setTimeout(() => finish(false), REFUSED_BODY_TOTAL_MS);
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      clearTimeout(idle);
      if (seen > REFUSED_BODY_MAX_BYTES) finish(false);
      else idle = setTimeout(() => finish(false), REFUSED_BODY_IDLE_MS);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('close', onEnd);
    body.resume();
  });
}

/** The caller's `x-request-id` (bounded), else one of ours. */
export function requestIdOf(request: FastifyRequest): string {
  const given = request.headers['x-request-id'];
  return (typeof given === 'string' && given.slice(0, 64)) || request.id;
}

/** A browser navigation: HTML accepted, and no JSON media type asked for (a GraphQL client asks for one). */
function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !/application\/(graphql-response\+)?json/.test(accept);
}
