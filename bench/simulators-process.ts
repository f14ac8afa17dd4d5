import { parseArgs } from 'node:util';
import { createSimulator, SIMULATED_SOURCES, type SimulatedSource } from '../simulators/index.js';

/**
 * One of the benchmark's platforms in its own process (`--platform`), on a free loopback port:
 * four platforms are four services, so one platform's answers never wait behind another's work.
 * Prints one JSON line on stdout (its URL, and the source settings and user identities a gateway
 * configuration needs), then serves until SIGTERM.
 */
const { values } = parseArgs({ options: { seed: { type: 'string' }, size: { type: 'string' }, platform: { type: 'string' } } });
const platform = values.platform as SimulatedSource;
if (!SIMULATED_SOURCES.includes(platform)) throw new Error(`--platform must be one of ${SIMULATED_SOURCES.join(', ')}`);
const sim = createSimulator(platform, { seed: values.seed ?? 'bench', size: Number(values.size ?? 60) });
const url = await sim.server.listen(0, '127.0.0.1');

process.stdout.write(`${JSON.stringify({ platform, url, sourceConfig: sim.sourceConfig, identities: { ...sim.identities } })}\n`);

const stop = async () => {
  await sim.server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
