import { STAFF, type StaffKey } from '../common/people.js';
import { SimServer } from '../common/server.js';
import type { SimOptions, Simulator } from '../common/simulator.js';
import { VoxysDb } from './db.js';
import { VoxysLive } from './live.js';
import { addVoxysLiveAdmin } from './live-admin.js';
import { VOXYS_CONTRACT } from './openapi.js';
import { voxysSimPlatform } from './platform.js';
import { voxysRoutes } from './routes.js';
import { addVoxysSettingsAdmin } from './settings-admin.js';
import type { VoxysSettings } from './settings.js';

export { VoxysDb } from './db.js';
export { API_OWNER_USER_ID } from './seed.js';
export { VoxysLive } from './live.js';
export { DEFAULT_VOXYS_SETTINGS, type VoxysSettings } from './settings.js';

export interface VoxysSimulatorOptions extends Partial<SimOptions> {
  apiAccessToken?: string;
  accountId?: number;
  /** How the installation is set up (page size, SLA feature, …); changeable later at `/__admin/settings`. */
  settings?: Partial<VoxysSettings>;
}

export const DEFAULT_VOXYS_TOKEN = 'voxys-demo-token';
export const DEFAULT_VOXYS_ACCOUNT_ID = 7;

/**
 * A Voxys Connect account on a local HTTP server (call `server.listen()`), seeded from `options`;
 * `live` injects contacts' messages and sends Chatwoot's signed webhooks (admin: live-admin.ts);
 * the installation's settings (page size, SLA feature, unreadable rows) are at `/__admin/settings`.
 */
export function createVoxysSimulator(options: VoxysSimulatorOptions = {}): Simulator<VoxysDb> & { live: VoxysLive } {
  const { apiAccessToken = DEFAULT_VOXYS_TOKEN, accountId = DEFAULT_VOXYS_ACCOUNT_ID, settings, ...sim } = options;
  const simOptions: SimOptions = {
    seed: sim.seed ?? 1,
    size: sim.size ?? 60,
    now: sim.now ?? new Date(),
  };
  const db = new VoxysDb(simOptions, accountId, settings);
  const server = new SimServer({ ...voxysSimPlatform({ apiAccessToken, accountId }), contract: VOXYS_CONTRACT }, voxysRoutes(db), () => db.dump());
  // Unreadable rows (a setting) are off the contract on purpose: their answers are not checked.
  server.offContract = () => db.settings.unreadableConversations.length > 0 || db.settings.unreadableMessages.length > 0;
  const live = new VoxysLive(db, simOptions.seed);
  addVoxysLiveAdmin(server, live);
  addVoxysSettingsAdmin(server, db);
  const identities = Object.fromEntries(STAFF.map((member) => [member.key, String(db.staffUserId(member.key))])) as Record<StaffKey, string>;
  return { server, db, sourceConfig: { apiAccessToken, accountId: String(accountId) }, identities, live };
}
