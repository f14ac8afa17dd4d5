import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../../src/pipeline/auth.js';
import { SIMULATED_SOURCES, type SimulatorSet } from '../../simulators/index.js';

/**
 * The real entry point (`npm start` = tsx src/main.ts with GATEWAY_CONFIG) in a child process, in
 * front of simulators running in the test's process: tenant `t1`, user alice, all four platforms.
 * Its memory is its own, so a test can read its RSS from /proc.
 */
export interface ChildGateway {
  /** Base URL, e.g. http://localhost:1234 */
  url: string;
  pid: number;
  /** A bearer token for t1/alice. */
  token: string;
  /** The credentials and signing secret in its configuration (for leak scans). */
  secrets: string[];
  /** Resident set size in kB, from /proc/<pid>/status. */
  rssKb(): number;
  /** Asks the process for a full garbage collection (and waits a moment for it). */
  collectGarbage(): Promise<void>;
  alive(): boolean;
  /** stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code (SIGKILL after 20 s). */
  stop(): Promise<number | null>;
}

const SECRET_KEYS = new Set(['apiAccessToken', 'apiKey', 'workspaceSecret', 'token', 'webhookSecret']);
/**
 * A full garbage collection on SIGUSR2, so a memory reading measures what the gateway keeps, not
 * how lazily V8 collects (the gateway's code is untouched: a preloaded listener, nothing else).
 */
const GC_ON_SIGNAL = ['--expose-gc', '--import', "data:text/javascript,process.on('SIGUSR2',()=>{globalThis.gc();globalThis.gc();})"];

/**
 * What to run instead of `tsx src/main.ts` (the compiled build: `node dist/src/main.js`): exactly
 * these node arguments in `cwd`, with `env` added and NODE_OPTIONS removed (no preloaded loader).
 */
export interface ChildEntry {
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export async function startChildGateway(
  sims: SimulatorSet,
  options: {
    logLevel?: string;
    limits?: Record<string, number>;
    entry?: ChildEntry;
    /** Node flags before `--import tsx src/main.ts` (not with `entry`, whose args are exact). */
    nodeFlags?: readonly string[];
    /** Several processes on one port (`server.workers`), sharing this Redis. */
    cluster?: { workers: number; redisUrl: string; keyPrefix: string; /** The primary serves every worker's metrics summed here. */ metricsPort?: number };
  } = {},
): Promise<ChildGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-child-'));
  const jwtSecret = `child-gateway-secret-${process.pid}-0123456789abcdef`;
  const env: NodeJS.ProcessEnv = { ...process.env, GW_JWT_SECRET: jwtSecret, PORT: '0', LOG_LEVEL: options.logLevel ?? 'silent' };
  delete env.REDIS_URL;
  const secrets = [jwtSecret];
  const lines = ['auth:', '  jwt:', '    secret: ${GW_JWT_SECRET}', 'tenants:', '  t1:', '    sources:'];
  for (const source of SIMULATED_SOURCES) {
    lines.push(`      ${source}:`, `        type: ${source}`, `        baseUrl: ${sims.urls[source]}`);
    for (const [key, value] of Object.entries(sims[source].sourceConfig)) {
      if (!SECRET_KEYS.has(key)) {
        lines.push(`        ${key}: ${JSON.stringify(value)}`);
        continue;
      }
      const name = `GW_${source}_${key}`.toUpperCase();
      env[name] = value;
      secrets.push(value);
      lines.push(`        ${key}: \${${name}}`);
    }
    // Iron would be polled every 5 s: not what a memory test wants to measure.
    if (source === 'iron') lines.push('        pollIntervalMs: 600000');
  }
  lines.push('    users:', '      alice:', ...SIMULATED_SOURCES.map((s) => `        ${s}: ${JSON.stringify(sims[s].identities.alice)}`));
  lines.push('limits:', '  requestsPerMinute: 0', ...Object.entries(options.limits ?? {}).map(([k, v]) => `  ${k}: ${v}`));
  if (options.cluster) {
    const { workers, redisUrl, keyPrefix, metricsPort } = options.cluster;
    lines.push(
      'server:',
      `  workers: ${workers}`,
      ...(metricsPort === undefined ? [] : [`  metricsPort: ${metricsPort}`]),
      'redis:',
      `  url: ${JSON.stringify(redisUrl)}`,
      `  keyPrefix: ${JSON.stringify(keyPrefix)}`,
    );
  }
  const configPath = join(dir, 'gateway.yaml');
  writeFileSync(configPath, lines.join('\n'));
  env.GATEWAY_CONFIG = configPath;

  const entry = options.entry;
  if (entry) {
    Object.assign(env, entry.env);
    delete env.NODE_OPTIONS;
  }
  const args = entry ? [...entry.args] : [...GC_ON_SIGNAL, ...(options.nodeFlags ?? []), '--import', 'tsx', 'src/main.ts'];
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(entry ? { cwd: entry.cwd } : {}) });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 45_000);
    const poll = setInterval(() => {
      const found = /on (http:\/\/localhost:\d+)\/graphql/.exec(output)?.[1];
      if (found) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(found);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
  const token = await mintToken({ secret: jwtSecret, sub: 'alice', tenant: 't1' });

  return {
    url,
    pid: child.pid!,
    token,
    secrets,
    rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]),
    async collectGarbage() {
      child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 500));
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const code = await exited;
        clearTimeout(killer);
        rmSync(dir, { recursive: true, force: true });
        return code;
      }
      rmSync(dir, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}
