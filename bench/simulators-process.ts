import { parseArgs } from 'node:util';
import { SIMULATED_SOURCES, startSimulators } from '../simulators/index.js';
import type { SimulatorsInfo } from './simulators-launch.js';

/**
 * The benchmark's platforms in their own process: the four simulators on free loopback ports.
 * Prints one JSON line on stdout (their URLs, and the source settings and user identities a
 * gateway configuration needs), then serves until SIGTERM.
 */
const { values } = parseArgs({ options: { seed: { type: 'string' }, size: { type: 'string' } } });
const sims = await startSimulators({ seed: values.seed ?? 'bench', size: Number(values.size ?? 60) });

const info: SimulatorsInfo = {
  urls: sims.urls,
  sources: Object.fromEntries(
    SIMULATED_SOURCES.map((name) => [name, { sourceConfig: sims[name].sourceConfig, identities: { ...sims[name].identities } as Record<string, string> }]),
  ) as SimulatorsInfo['sources'],
};
process.stdout.write(`${JSON.stringify(info)}\n`);

const stop = async () => {
  await sims.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
