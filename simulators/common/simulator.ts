import type { StaffKey } from './people.js';
import type { SimServer } from './server.js';

/** What every platform simulator is created from. */
export interface SimOptions {
  /** Same seed, same data (`SIM_SEED`). */
  seed: number | string;
  /** About how many conversations to generate (default 60). */
  size: number;
  /** The simulated "now": every generated timestamp is relative to it. */
  now: Date;
}

/** A created (not yet listening) platform simulator. */
export interface Simulator<Db = unknown> {
  server: SimServer;
  /** The live state: what the platform would answer. Tests compute ground truth from it. */
  db: Db;
  /**
   * The source settings (besides `type` and `baseUrl`) a gateway needs to reach this simulator,
   * e.g. `{ apiAccessToken, accountId }` for Voxys. Keys match src/config/schema.ts.
   */
  sourceConfig: Record<string, string>;
  /** The platform's id for each team member of simulators/common/people.ts. */
  identities: Record<StaffKey, string>;
}
