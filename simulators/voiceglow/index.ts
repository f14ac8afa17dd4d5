import { SimServer } from '../common/server.js';
import { VOICEGLOW_CONTRACT } from './openapi.js';
import { VOICEGLOW_SHAPES } from './shapes.js';
import type { SimOptions, Simulator } from '../common/simulator.js';
import { addLiveAdmin } from './admin.js';
import { VoiceglowDb } from './db.js';
import { VoiceglowLive } from './live.js';
import { voiceglowSimPlatform } from './platform.js';
import { voiceglowRoutes } from './routes.js';

export { VoiceglowDb } from './db.js';
export { VoiceglowLive } from './live.js';

export const VOICEGLOW_DEFAULTS = {
  workspaceSecret: 'voiceglow-demo-secret',
  agentId: 'vgAgentDemo01',
} as const;

export interface VoiceglowSimulatorOptions extends Partial<SimOptions> {
  /** The bearer secret the simulator accepts (default `voiceglow-demo-secret`). */
  workspaceSecret?: string;
  /** The one agent this workspace owns (default `vgAgentDemo01`). */
  agentId?: string;
  /** The most rows a list page holds, whatever `limit` asks (default 20, the platform's cap). */
  listPageMax?: number;
}

/** The VoiceGlow simulator, with its live side typed as such (it can also wait for its deliveries). */
export type VoiceglowSimulator = Simulator<VoiceglowDb> & { live: VoiceglowLive };

/** A VoiceGlow v3 API simulator (not yet listening: call `server.listen()`). */
export function createVoiceglowSimulator(options: VoiceglowSimulatorOptions = {}): VoiceglowSimulator {
  const workspaceSecret = options.workspaceSecret ?? VOICEGLOW_DEFAULTS.workspaceSecret;
  const agentId = options.agentId ?? VOICEGLOW_DEFAULTS.agentId;
  const seed = options.seed ?? 1;
  const db = new VoiceglowDb({
    seed,
    size: options.size ?? 60,
    now: options.now ?? new Date(),
    agentId,
    ...(options.listPageMax !== undefined ? { listPageMax: options.listPageMax } : {}),
  });
  const live = new VoiceglowLive(db, workspaceSecret, seed);
  const server = new SimServer({ ...voiceglowSimPlatform(workspaceSecret), shapes: VOICEGLOW_SHAPES, contract: VOICEGLOW_CONTRACT }, voiceglowRoutes(db, live), () => db.dump());
  addLiveAdmin(server, live);
  return {
    server,
    db,
    live,
    sourceConfig: { workspaceSecret, agentId },
    identities: { ...db.identities },
  };
}
