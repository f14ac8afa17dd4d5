import { STAFF, type StaffKey } from '../common/people.js';
import { SimServer } from '../common/server.js';
import { IRON_CONTRACT } from './openapi.js';
import { IRON_SHAPES } from './shapes.js';
import type { SimOptions, Simulator } from '../common/simulator.js';
import { ironSimPlatform } from './auth.js';
import { IronDb } from './db.js';
import { IronLive } from './live.js';
import { addIronLiveAdmin } from './live-admin.js';
import { ironRoutes } from './routes.js';
import { ironSourceRoutes } from './source-routes.js';
import { ironWriteRoutes } from './write-routes.js';
import { IronMediaStore, ironMediaRoutes } from './media.js';

export { IronDb } from './db.js';
export { IronLive, IronLiveError } from './live.js';
export { IRON_BASE, LIST_LIMIT, THREAD_LIMIT } from './routes.js';
export { MESSAGE_MAX_LENGTH } from './write-routes.js';

export const IRON_DEFAULT_TOKEN = 'iron-demo-token';
export const IRON_DEFAULT_ORG_ID = '5f0c6a1e-2b7d-4c39-9e84-1a6f3d2b8c70';

export interface IronSimulatorOptions extends Partial<SimOptions> {
  /** The bearer the simulator accepts (stands for a Supabase JWT; any opaque string works). */
  token?: string;
  /** The org uuid the token's user belongs to. */
  orgId?: string;
  /** Whose token it is (Iron's `scope=mine`); dana by default, who is no gateway user. */
  tokenOwner?: StaffKey;
  /** The server's own page sizes (IronDb.pageCaps); by default `limit` decides. */
  pageCaps?: Partial<IronDb['pageCaps']>;
}

/**
 * The Iron CRM unified inbox simulator (not listening yet: call `server.listen()`). Its `live`
 * injects inbound messages and AI drafts; Iron sends no webhooks, so nothing is ever delivered.
 */
export function createIronSimulator(options: IronSimulatorOptions = {}): Simulator<IronDb> {
  const seed = options.seed ?? 1;
  const db = new IronDb({
    seed,
    size: options.size ?? 60,
    now: options.now ?? new Date(),
    token: options.token ?? IRON_DEFAULT_TOKEN,
    orgId: options.orgId ?? IRON_DEFAULT_ORG_ID,
    tokenOwner: options.tokenOwner ?? 'dana',
  });
  db.pageCaps = { ...db.pageCaps, ...options.pageCaps };
  const media = new IronMediaStore();
  const server = new SimServer(
    { ...ironSimPlatform(db), shapes: IRON_SHAPES, contract: IRON_CONTRACT },
    [...ironRoutes(db), ...ironWriteRoutes(db, media), ...ironSourceRoutes(db), ...ironMediaRoutes(media)],
    () => db.dump(),
  );
  const identities = Object.fromEntries(STAFF.map((s) => [s.key, db.memberByStaffKey(s.key).userId])) as Record<StaffKey, string>;
  const live = new IronLive(db, seed);
  addIronLiveAdmin(server, live);
  return { server, db, sourceConfig: { token: db.token, orgId: db.orgId }, identities, live };
}
