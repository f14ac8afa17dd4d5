import cluster from 'node:cluster';
import { startClusterMetricsServer } from './cluster-metrics.js';
import { availableParallelism } from 'node:os';

/** `server.workers`: a number, or `auto` for one per core this process may use. */
export function workerCount(setting: number | 'auto'): number {
  return setting === 'auto' ? availableParallelism() : setting;
}

/** True in the process that should serve (a worker, or the only process); false in a cluster's primary. */
export function isServingProcess(workers: number): boolean {
  return workers <= 1 || !cluster.isPrimary;
}

/** A worker that dies sooner than this after starting is not restarted at once (a crash loop). */
const CRASH_LOOP_MS = 5_000;

/**
 * The cluster's primary: forks `workers` processes that each run the whole gateway and share the
 * listening port (Node's cluster hands connections round-robin), with Redis carrying events, rate
 * limits and de-duplication between them (the configuration requires `redis` for this). It serves
 * nothing itself. A worker that dies is replaced (after a pause when it died young); SIGTERM and
 * SIGINT are passed to every worker, each drains as a single process would, and the primary exits
 * when the last has gone.
 */
export function runPrimary(
  workers: number,
  log: (line: string) => void = (line) => console.log(line),
  /** `server.metricsPort` and host: the primary serves every worker's metrics summed there. */
  metricsAt?: { port: number; host: string },
): void {
  let stopping = false;
  const started = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    if (lived < CRASH_LOOP_MS) setTimeout(fork, CRASH_LOOP_MS).unref();
    else fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log(`Inbox gateway: ${workers} workers (primary ${process.pid})`);
  if (metricsAt) {
    startClusterMetricsServer(metricsAt).then(
      () => log(`metrics of every worker, summed: http://${metricsAt.host}:${metricsAt.port}/metrics`),
      (error: unknown) => log(`cluster metrics not served: ${(error as Error).message}`),
    );
  }
  for (let i = 0; i < workers; i++) fork();
}
