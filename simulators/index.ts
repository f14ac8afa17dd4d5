import { createChatvoltSimulator } from './chatvolt/index.js';
import type { SimOptions, Simulator } from './common/simulator.js';
import { parseSparseKnob } from './common/sparse.js';
import { createIronSimulator } from './iron/index.js';
import { createVoiceglowSimulator } from './voiceglow/index.js';
import { createVoxysSimulator } from './voxys/index.js';

export const SIMULATED_SOURCES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
export type SimulatedSource = (typeof SIMULATED_SOURCES)[number];

export type SimulatorSet = { [S in SimulatedSource]: Simulator } & {
  /** Base URL of each simulator, once listening. */
  urls: Record<SimulatedSource, string>;
  close(): Promise<void>;
};

export interface StartOptions extends Partial<SimOptions> {
  /** Fixed ports per platform (0 or absent: a free port). */
  ports?: Partial<Record<SimulatedSource, number>>;
  host?: string;
  /** Distinct credentials per set, so two sets (two tenants) never accept each other's keys. */
  credentialSuffix?: string;
  /**
   * The `sparse` knob every simulator starts with (and goes back to on a knob reset): a rate of
   * optional fields dropped or nulled, or `{rate, seed}` (simulators/common/sparse.ts).
   */
  sparse?: number | { rate: number; seed?: string };
}

/** Creates one platform's simulator (not listening yet), as `startSimulators` creates each. */
export function createSimulator(name: SimulatedSource, options: Partial<SimOptions> = {}): Simulator {
  switch (name) {
    case 'voxys':
      return createVoxysSimulator(options);
    case 'chatvolt':
      return createChatvoltSimulator(options);
    case 'voiceglow':
      return createVoiceglowSimulator(options);
    case 'iron':
      return createIronSimulator(options);
  }
}

/** Creates the four platform simulators and starts them listening. */
export async function startSimulators(options: StartOptions = {}): Promise<SimulatorSet> {
  const base: Partial<SimOptions> = {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.size !== undefined ? { size: options.size } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
  const suffix = options.credentialSuffix ?? '';
  const sims = {
    voxys: createVoxysSimulator({ ...base, ...(suffix ? { apiAccessToken: `voxys-token-${suffix}` } : {}) }),
    chatvolt: createChatvoltSimulator({ ...base, ...(suffix ? { apiKey: `chatvolt-key-${suffix}` } : {}) }),
    voiceglow: createVoiceglowSimulator({ ...base, ...(suffix ? { workspaceSecret: `voiceglow-secret-${suffix}` } : {}) }),
    iron: createIronSimulator({ ...base, ...(suffix ? { token: `iron-token-${suffix}` } : {}) }),
  };
  if (options.sparse !== undefined) {
    const parsed = parseSparseKnob(options.sparse);
    if ('problem' in parsed) throw new RangeError(parsed.problem);
    for (const name of SIMULATED_SOURCES) {
      const { server } = sims[name];
      server.baseKnobs = { ...server.baseKnobs, sparse: parsed.setting };
      server.knobs = { ...server.knobs, sparse: parsed.setting };
    }
  }
  const urls = {} as Record<SimulatedSource, string>;
  for (const name of SIMULATED_SOURCES) {
    urls[name] = await sims[name].server.listen(options.ports?.[name] ?? 0, options.host ?? '127.0.0.1');
  }
  return {
    ...sims,
    urls,
    async close() {
      await Promise.all(SIMULATED_SOURCES.map((name) => sims[name].server.close()));
    },
  };
}
