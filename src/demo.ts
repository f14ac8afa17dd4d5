import { STAFF, type StaffKey } from '../simulators/common/people.js';
import type { SimulatorSet } from '../simulators/index.js';
import { validateConfig } from './config/load.js';
import type { GatewayConfig } from './config/schema.js';

/**
 * Demo mode: the four simulators in-process, tenant `demo` wired to them, and a public, fixed
 * signing secret so `npm run token` can mint tokens for it. Never used when GATEWAY_CONFIG is set.
 */
export const DEMO_TENANT = 'demo';
export const DEMO_JWT_SECRET = 'demo-only-secret-not-for-production-use-0000';
/** The gateway users of the demo tenant (the first is the default for tokens). */
export const DEMO_USERS: readonly StaffKey[] = ['alice', 'bob', 'carol'];

export function demoConfig(sims: SimulatorSet, options: { tenant?: string } = {}): GatewayConfig {
  const users: Record<string, Record<string, string>> = {};
  for (const user of DEMO_USERS) {
    users[user] = {
      voxys: sims.voxys.identities[user],
      chatvolt: sims.chatvolt.identities[user],
      voiceglow: sims.voiceglow.identities[user],
      iron: sims.iron.identities[user],
    };
  }
  return validateConfig({
    auth: { jwt: { secret: DEMO_JWT_SECRET } },
    tenants: {
      [options.tenant ?? DEMO_TENANT]: {
        sources: {
          voxys: { type: 'voxys', baseUrl: sims.urls.voxys, ...sims.voxys.sourceConfig },
          chatvolt: { type: 'chatvolt', baseUrl: sims.urls.chatvolt, ...sims.chatvolt.sourceConfig },
          voiceglow: { type: 'voiceglow', baseUrl: sims.urls.voiceglow, ...sims.voiceglow.sourceConfig },
          iron: { type: 'iron', baseUrl: sims.urls.iron, ...sims.iron.sourceConfig },
        },
        users,
      },
    },
    ...(process.env.REDIS_URL ? { redis: { url: process.env.REDIS_URL } } : {}),
  });
}

export { STAFF };
