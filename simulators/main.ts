import { parseArgs } from 'node:util';
import { SIMULATED_SOURCES, startSimulators, type SimulatedSource } from './index.js';

/**
 * `npm run simulators -- [--seed S] [--size N] [--host H] [--sparse RATE] [--voxys-port P] [--chatvolt-port P]
 * [--voiceglow-port P] [--iron-port P]`: the four platform simulators as standalone HTTP servers.
 * Env: SIM_SEED, SIM_SIZE, SIM_HOST, SIM_SPARSE, SIM_<PLATFORM>_PORT. Prints each base URL and the source
 * settings a gateway config needs.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    size: { type: 'string' },
    host: { type: 'string' },
    sparse: { type: 'string' },
    'voxys-port': { type: 'string' },
    'chatvolt-port': { type: 'string' },
    'voiceglow-port': { type: 'string' },
    'iron-port': { type: 'string' },
  },
});

function port(name: SimulatedSource): number {
  const raw = values[`${name}-port`] ?? process.env[`SIM_${name.toUpperCase()}_PORT`] ?? '0';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name}-port must be a port number, got "${raw}"`);
    process.exit(1);
  }
  return n;
}

const size = Number(values.size ?? process.env.SIM_SIZE ?? 60);
if (!Number.isInteger(size) || size < 1 || size > 100_000) {
  console.error('--size must be a whole number between 1 and 100000');
  process.exit(1);
}

const sparseText = values.sparse ?? process.env.SIM_SPARSE;
const sparse = sparseText === undefined || sparseText === '' ? undefined : Number(sparseText);
if (sparse !== undefined && !(sparse >= 0 && sparse <= 1)) {
  console.error('--sparse must be a rate between 0 and 1');
  process.exit(1);
}

const sims = await startSimulators({
  ...(sparse !== undefined ? { sparse } : {}),
  seed: values.seed ?? process.env.SIM_SEED ?? 'demo',
  size,
  host: values.host ?? process.env.SIM_HOST ?? '127.0.0.1',
  ports: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, port(s)])),
});

for (const name of SIMULATED_SOURCES) {
  console.log(`${name.padEnd(10)} ${sims.urls[name]}  ${JSON.stringify(sims[name].sourceConfig)}`);
  console.log(`${''.padEnd(10)} admin: ${sims.urls[name]}/__admin/requests, /__admin/knobs; OpenAPI: ${sims.urls[name]}/openapi.json`);
}

const stop = async () => {
  await sims.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
