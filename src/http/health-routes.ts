import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';
import type { Readiness } from '../readiness.js';

/**
 * `/healthz` (the process answers), `/readyz` (its dependencies answer) and `/metrics`
 * (Prometheus), unless metrics are served on their own port (`server.metricsPort`).
 */
export function healthRoutes(app: FastifyInstance, options: { readiness: Readiness; metrics: Metrics; serveMetrics: boolean }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const { ready, checks } = await options.readiness.check();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  if (options.serveMetrics) metricsRoute(app, options.metrics);
}

/** `GET /metrics`: the Prometheus text format. */
export function metricsRoute(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', async (_request, reply) => {
    const registry = metrics.registry;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
