import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SIMULATED_SOURCES, type SimulatedSource } from '../simulators/index.js';
import { cpuMs } from './procfs.js';

/** What the simulators' processes print, together: where each platform listens and how to reach it. */
export interface SimulatorsInfo {
  urls: Record<SimulatedSource, string>;
  sources: Record<SimulatedSource, { sourceConfig: Record<string, string>; identities: Record<string, string> }>;
}

export interface SimulatorsProcess {
  info: SimulatorsInfo;
  /** One process per platform. */
  pids: number[];
  /** CPU time (ms) the simulators' processes have used so far, together. */
  cpuMs(): number;
  stop(): Promise<void>;
}

interface PlatformLine {
  platform: SimulatedSource;
  url: string;
  sourceConfig: Record<string, string>;
  identities: Record<string, string>;
}

/** Starts one platform's simulator in its own process and waits for its URL. */
async function launchPlatform(platform: SimulatedSource, options: { seed: string; size: number }): Promise<{ child: ChildProcess; line: PlatformLine; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/simulators-process.ts', '--platform', platform, '--seed', options.seed, '--size', String(options.size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<PlatformLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (text) => {
      try {
        resolve(JSON.parse(text) as PlatformLine);
      } catch (error) {
        reject(new Error(`the ${platform} simulator printed "${text}": ${String(error)}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the ${platform} simulator's process exited (${code}) before printing its URL`)));
  });
  return { child, line, exited };
}

/**
 * Starts the four simulators, each in its own process (as four platforms are four services: a
 * burst of one platform's answers never delays another's), and waits for their URLs.
 */
export async function launchSimulators(options: { seed: string; size: number }): Promise<SimulatorsProcess> {
  const started = await Promise.all(SIMULATED_SOURCES.map((platform) => launchPlatform(platform, options)));
  const info: SimulatorsInfo = { urls: {} as SimulatorsInfo['urls'], sources: {} as SimulatorsInfo['sources'] };
  for (const { line } of started) {
    info.urls[line.platform] = line.url;
    info.sources[line.platform] = { sourceConfig: line.sourceConfig, identities: line.identities };
  }
  const pids = started.map(({ child }) => child.pid!);
  return {
    info,
    pids,
    cpuMs: () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0),
    async stop() {
      for (const { child } of started) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(started.map(({ exited }) => exited));
    },
  };
}
