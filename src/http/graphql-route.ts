import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';
import { serverSpanOf } from './app.js';
import { graphiqlPage } from './graphiql.js';
import type { OperationPipeline } from '../pipeline/index.js';
import type { Tracing } from '../telemetry/tracing.js';

export interface GraphqlRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  pipeline: OperationPipeline;
  tracing: Tracing;
  graphiql: boolean;
  /** Demo mode: this token is pre-filled in GraphiQL's headers. */
  graphiqlToken: string | null;
}

/** `GET|POST /graphql`: GraphQL over HTTP through Apollo, and GraphiQL for a browser. */
export function graphqlRoute(app: FastifyInstance, options: GraphqlRouteOptions): void {
  const { pipeline, tracing } = options;
  const execute = fastifyApolloHandler(options.apollo, {
    context: async (request: FastifyRequest) => {
      const token = await pipeline.admission.check(request.headers.authorization);
      return pipeline.context(token, requestIdOf(request), graphqlSpans.get(request));
    },
  });
  // The GraphQL span wraps execution, so upstream calls made by resolvers nest under it.
  const graphqlSpans = new WeakMap<FastifyRequest, ReturnType<Tracing['start']>>();

  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    handler: async function (request, reply) {
      void reply.header('x-request-id', requestIdOf(request));
      if (options.graphiql && request.method === 'GET' && wantsHtml(request) && !hasQuery(request)) {
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(graphiqlPage({ token: options.graphiqlToken }));
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

/** The caller's `x-request-id` (bounded), else one of ours. */
function requestIdOf(request: FastifyRequest): string {
  const given = request.headers['x-request-id'];
  return (typeof given === 'string' && given.slice(0, 64)) || request.id;
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function hasQuery(request: FastifyRequest): boolean {
  return typeof request.query === 'object' && request.query !== null && 'query' in request.query;
}
