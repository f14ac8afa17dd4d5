import { SimServer } from '../common/server.js';
import type { SimOptions, Simulator } from '../common/simulator.js';
import { VoiceglowDb } from './db.js';
import { voiceglowSimPlatform } from './platform.js';
import { voiceglowRoutes } from './routes.js';

export { VoiceglowDb } from './db.js';

export const VOICEGLOW_DEFAULTS = {
  workspaceSecret: 'voiceglow-demo-secret',
  agentId: 'vgAgentDemo01',
} as const;

export interface VoiceglowSimulatorOptions extends Partial<SimOptions> {
  /** The bearer secret the simulator accepts (default `voiceglow-demo-secret`). */
  workspaceSecret?: string;
  /** The one agent this workspace owns (default `vgAgentDemo01`). */
  agentId?: string;
}

/** A VoiceGlow v3 API simulator (not yet listening: call `server.listen()`). */
export function createVoiceglowSimulator(options: VoiceglowSimulatorOptions = {}): Simulator<VoiceglowDb> {
  const workspaceSecret = options.workspaceSecret ?? VOICEGLOW_DEFAULTS.workspaceSecret;
  const agentId = options.agentId ?? VOICEGLOW_DEFAULTS.agentId;
  const db = new VoiceglowDb({
    seed: options.seed ?? 1,
    size: options.size ?? 60,
    now: options.now ?? new Date(),
    agentId,
  });
  const server = new SimServer(voiceglowSimPlatform(workspaceSecret), voiceglowRoutes(db), () => db.dump());
  return {
    server,
    db,
    sourceConfig: { workspaceSecret, agentId },
    identities: { ...db.identities },
  };
}
