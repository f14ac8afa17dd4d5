import Fastify, { type FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';
import { metricsRoute } from './health-routes.js';

/**
 * `/metrics` on its own port (`server.metricsPort`), so it can stay on an internal network while
 * the main port faces clients. It serves nothing else.
 */
export async function startMetricsServer(options: { metrics: Metrics; port: number; host: string }): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  metricsRoute(app, options.metrics);
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  await app.listen({ port: options.port, host: options.host });
  return app;
}
