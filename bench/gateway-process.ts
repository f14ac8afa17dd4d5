import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchGatewayConfig, type BenchGatewaySettings } from './gateway-config.js';
import { productionNodeFlags } from './production-flags.js';
import type { SimulatorsInfo } from './simulators-launch.js';

/** The gateway alone in its own process, configured like production, with its output in a log file. */
export interface GatewayProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  /** How it was started (compiled JavaScript, or TypeScript through tsx). */
  command: string;
  logPath: string;
  /** The Prometheus text of its /metrics. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `node dist/src/main.js` once `npm run build` has produced it, else the TypeScript through tsx;
 * `BENCH_GATEWAY_ENTRY` names another compiled entry (two builds side by side: `npx tsc -p
 * tsconfig.build.json --outDir node_modules/.bench-build-a`, then that folder's `src/main.js`).
 * Either way with production's Node flags (those of `npm run start:prod`), then `extraFlags`
 * (a later flag wins, so these can override one).
 */
export function gatewayCommand(extraFlags: readonly string[] = []): string[] {
  const entry = process.env.BENCH_GATEWAY_ENTRY ?? (existsSync('dist/src/main.js') ? 'dist/src/main.js' : undefined);
  return [...productionNodeFlags(), ...extraFlags, ...(entry ? [entry] : ['--import', 'tsx', 'src/main.ts'])];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function launchGateway(sims: SimulatorsInfo, settings: BenchGatewaySettings): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
  // With workers, /metrics on the shared port is one worker's: the primary serves their sum on its own port.
  const metricsPort = (settings.workers ?? 1) > 1 ? await freePort() : undefined;
  const { yaml, env } = benchGatewayConfig(sims, { ...settings, ...(metricsPort !== undefined ? { metricsPort } : {}) });
  const configPath = join(dir, 'gateway.yaml');
  writeFileSync(configPath, yaml);
  const logPath = join(dir, 'gateway.log');
  const log = openSync(logPath, 'a');
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    GATEWAY_CONFIG: configPath,
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  // One instance, in-process event bus: nothing shared with other runs through Redis.
  delete childEnv.REDIS_URL;
  // BENCH_GATEWAY_NODE_FLAGS: Node flags for the gateway alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const args = gatewayCommand(process.env.BENCH_GATEWAY_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []);
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}); its log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the gateway did not answer /healthz within 60 s; its log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    }
    await sleep(200);
  }

  return {
    url,
    pid: child.pid!,
    command: `node ${args.join(' ')}`,
    logPath,
    metrics: async () => (await fetch(metricsPort !== undefined ? `http://127.0.0.1:${metricsPort}/metrics` : `${url}/metrics`)).text(),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The sum of a Prometheus counter over all its label sets. */
export function counterTotal(metricsText: string, name: string): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}

/** A Prometheus counter's values per value of one label (e.g. `reason`). */
export function counterByLabel(metricsText: string, name: string, label: string): Record<string, number> {
  const values: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{[^}]*\\b${label}="([^"]*)"[^}]*\\} (\\S+)$`);
  for (const line of metricsText.split('\n')) {
    const match = pattern.exec(line);
    if (match) values[match[1]!] = (values[match[1]!] ?? 0) + Number(match[2]);
  }
  return values;
}
