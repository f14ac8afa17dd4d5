import { STAFF, type StaffKey } from '../common/people.js';
import { SimServer } from '../common/server.js';
import { CHATVOLT_CONTRACT } from './openapi.js';
import { CHATVOLT_SHAPES } from './shapes.js';
import type { SimOptions, Simulator } from '../common/simulator.js';
import { addChatvoltLiveAdmin } from './admin.js';
import { ChatvoltDb } from './db.js';
import { ChatvoltLive } from './live.js';
import { chatvoltSimPlatform } from './platform.js';
import { chatvoltRoutes } from './routes.js';
import { chatvoltWriteRoutes } from './write-routes.js';

export { ChatvoltDb } from './db.js';
export { ChatvoltLive } from './live.js';
export type { ChatvoltEventType, ChatvoltWebhookPayload } from './webhook-events.js';
export { DEFAULT_MESSAGE_COUNT } from './routes.js';

export const CHATVOLT_DEFAULT_API_KEY = 'chatvolt-demo-key';

export interface ChatvoltSimulatorOptions extends Partial<SimOptions> {
  /** The API key the simulator accepts (`Authorization: Bearer <key>`); the organization is implied by it. */
  apiKey?: string;
  /** The simulated wall clock for writes (default: `now` plus the real time elapsed since creation). */
  clock?: () => Date;
}

/** The Chatvolt simulator; its `live` also says when queued webhook deliveries have finished. */
export interface ChatvoltSimulator extends Simulator<ChatvoltDb> {
  live: ChatvoltLive;
}

/** The Chatvolt simulator (not listening yet: call `server.listen()`). */
export function createChatvoltSimulator(options: ChatvoltSimulatorOptions = {}): ChatvoltSimulator {
  const seed = options.seed ?? 1;
  const db = new ChatvoltDb({
    seed,
    size: options.size ?? 60,
    now: options.now ?? new Date(),
    apiKey: options.apiKey ?? CHATVOLT_DEFAULT_API_KEY,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = new SimServer({ ...chatvoltSimPlatform(db), shapes: CHATVOLT_SHAPES, contract: CHATVOLT_CONTRACT }, [...chatvoltRoutes(db), ...chatvoltWriteRoutes(db)], () =>
    db.dump(),
  );
  const live = new ChatvoltLive(db, seed);
  addChatvoltLiveAdmin(server, live);
  // A member's identity in this source is the membership id (assignees, assigneeId, assign).
  const identities = Object.fromEntries(STAFF.map((s) => [s.key, db.staff[s.key].id])) as Record<StaffKey, string>;
  return { server, db, sourceConfig: { apiKey: db.apiKey }, identities, live };
}
