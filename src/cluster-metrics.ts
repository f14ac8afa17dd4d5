import cluster from 'node:cluster';
import Fastify, { type FastifyInstance } from 'fastify';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from './metrics.js';

/**
 * `/metrics` of a cluster (`server.workers` > 1): each worker answers the primary's request with
 * its own registry (prom-client's cluster messages over the IPC channel), and the primary serves the
 * sum on `server.metricsPort` (counters and histograms summed; gauges summed too, so
 * `gateway_subscriptions_active` counts every worker's subscribers). Without a metrics port,
 * `/metrics` on the shared main port is answered by whichever worker takes the connection.
 */

/** In a cluster's worker: answer the primary's metric requests with this gateway's registry. */
export function shareWorkerMetrics(metrics: Metrics): void {
  if (!cluster.isWorker) return;
  // The constructor installs the worker's listener for the primary's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** In the primary: every worker's metrics, summed, on `port`. */
export async function startClusterMetricsServer(options: { port: number; host: string }): Promise<FastifyInstance> {
  const aggregator = new AggregatorRegistry();
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => {
    try {
      return reply.type(aggregator.contentType).send(await aggregator.clusterMetrics());
    } catch (error) {
      // A worker that does not answer within 5 s (or none running): say so rather than answer partly.
      return reply.code(503).send({ error: `cluster metrics unavailable: ${(error as Error).message}` });
    }
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  await app.listen({ port: options.port, host: options.host });
  return app;
}
