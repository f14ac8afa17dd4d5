import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server of the test's own, on a free port and in a temporary directory: a test that stops,
 * kills or reconfigures Redis does it to this one only (never the shared REDIS_URL). Stopping it
 * kills only its own pid.
 */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILL: a crash, nothing flushed beyond what the persistence settings already wrote. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (an AOF file there is read back). */
  start(): Promise<void>;
  /** Kills it and removes its directory. */
  close(): Promise<void>;
}

/** Whether `redis-server` is on the PATH (tests that need one say so and are skipped otherwise). */
export function hasRedisServer(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, 'redis-server')));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `persistence: 'none'` is `--save '' --appendonly no`; `'aof'` is `--appendonly yes
 * --appendfsync always` (every write on disk before Redis answers it, so a SIGKILL loses nothing).
 * `extraArgs` are passed as they are (e.g. `['--rename-command', 'CONFIG', '']`).
 */
export async function startPrivateRedis(options: { persistence: 'none' | 'aof'; extraArgs?: string[] }): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gw-redis-'));
  const persistence = options.persistence === 'aof' ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence, ...(options.extraArgs ?? [])];
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child && child.exitCode === null) return; // already running
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let i = 0; ; i++) {
        try {
          if (probe.status !== 'ready') await probe.connect();
          // Loading an AOF answers LOADING until it is done.
          if ((await probe.ping()) === 'PONG') return;
        } catch (error) {
          if (i > 200) throw new Error(`redis-server on port ${port} did not start`, { cause: error });
          probe.disconnect();
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    } finally {
      probe.disconnect();
    }
  };

  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  // A test run that ends without close() (a crash, a timeout) leaves no redis-server behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async close() {
      process.off('exit', killOnExit);
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
