import { STAFF, type StaffKey } from '../common/people.js';
import { SimServer } from '../common/server.js';
import type { SimOptions, Simulator } from '../common/simulator.js';
import { ChatvoltDb } from './db.js';
import { chatvoltSimPlatform } from './platform.js';
import { chatvoltRoutes } from './routes.js';
import { chatvoltWriteRoutes } from './write-routes.js';

export { ChatvoltDb } from './db.js';
export { DEFAULT_MESSAGE_COUNT } from './routes.js';

export const CHATVOLT_DEFAULT_API_KEY = 'chatvolt-demo-key';

export interface ChatvoltSimulatorOptions extends Partial<SimOptions> {
  /** The API key the simulator accepts (`Authorization: Bearer <key>`); the organization is implied by it. */
  apiKey?: string;
  /** The simulated wall clock for writes (default: `now` plus the real time elapsed since creation). */
  clock?: () => Date;
}

/** The Chatvolt simulator (not listening yet: call `server.listen()`). */
export function createChatvoltSimulator(options: ChatvoltSimulatorOptions = {}): Simulator<ChatvoltDb> {
  const db = new ChatvoltDb({
    seed: options.seed ?? 1,
    size: options.size ?? 60,
    now: options.now ?? new Date(),
    apiKey: options.apiKey ?? CHATVOLT_DEFAULT_API_KEY,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = new SimServer(chatvoltSimPlatform(db), [...chatvoltRoutes(db), ...chatvoltWriteRoutes(db)], () => db.dump());
  // A member's identity in this source is the membership id (assignees, assigneeId, assign).
  const identities = Object.fromEntries(STAFF.map((s) => [s.key, db.staff[s.key].id])) as Record<StaffKey, string>;
  return { server, db, sourceConfig: { apiKey: db.apiKey }, identities };
}
