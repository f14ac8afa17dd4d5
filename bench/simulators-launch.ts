import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SimulatedSource } from '../simulators/index.js';

/** What bench/simulators-process.ts prints: where the simulators listen and how to reach them. */
export interface SimulatorsInfo {
  urls: Record<SimulatedSource, string>;
  sources: Record<SimulatedSource, { sourceConfig: Record<string, string>; identities: Record<string, string> }>;
}

export interface SimulatorsProcess {
  info: SimulatorsInfo;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the simulators in their own process and waits for their URLs. */
export async function launchSimulators(options: { seed: string; size: number }): Promise<SimulatorsProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/simulators-process.ts', '--seed', options.seed, '--size', String(options.size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const info = await new Promise<SimulatorsInfo>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as SimulatorsInfo);
      } catch (error) {
        reject(new Error(`simulators printed "${line}": ${String(error)}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulators process exited (${code}) before printing its URLs`)));
  });
  return {
    info,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
