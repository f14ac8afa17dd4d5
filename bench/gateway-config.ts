import { stringify } from 'yaml';
import type { SimulatedSource } from '../simulators/index.js';
import type { SimulatorsInfo } from './simulators-launch.js';

/** The benchmark's tenant and its users (the simulators' staff). */
export const BENCH_TENANT = 'bench';
export const BENCH_USERS = ['alice', 'bob', 'carol'] as const;

/**
 * Copies of the tenant for the cold scenarios (`bench-cold-0`, …), each the same platforms with the
 * same credentials. Identical platform reads in flight at the same moment are shared only within
 * one tenant's partition, so cold requests spread over more tenants than there are clients never
 * share a read: every request pays its own calls, at 1 client and at 50.
 */
export const coldTenants = (count: number): string[] => Array.from({ length: count }, (_, i) => `${BENCH_TENANT}-cold-${i}`);

/** The key of a token in the run's token map: the user's name for the main tenant, `user@tenant` for another. */
export const tokenKey = (user: (typeof BENCH_USERS)[number], tenant: string = BENCH_TENANT): string => (tenant === BENCH_TENANT ? user : `${user}@${tenant}`);

/** Keys the configuration only takes as `${ENV}` references (README, Configuration). */
const SECRET_KEYS = new Set(['apiAccessToken', 'apiKey', 'workspaceSecret', 'token', 'webhookSecret']);

export interface BenchGatewaySettings {
  /** 0: no cross-request cache (identical reads in flight are still shared). Absent: the default. */
  cacheTtlMs?: number;
  /** More tenants beside the main one (coldTenants), same platforms and users. */
  extraTenants?: readonly string[];
  jwtSecret: string;
  voxysWebhookSecret: string;
  /** `server.workers` (absent: 1); more than 1 needs `redis`. */
  workers?: number;
  /** `server.maxConnections` (absent: the default, 10,000): above the subscription scenario's sockets. */
  maxConnections?: number;
  /** The event bus and shared state (absent: in-process), under a key prefix of its own. */
  redis?: { url: string; keyPrefix: string };
  /** `server.metricsPort`: with workers, the primary serves every worker's metrics summed there. */
  metricsPort?: number;
  /** `cache.crossInstance` (absent: the default, strict); meaningful with `redis`. */
  crossInstance?: 'strict' | 'eventual';
  /** false: `cache.answers.maxEntries: 0` (no answer cache; every query executed). */
  answers?: boolean;
}

/**
 * A production-like configuration in front of the simulators: GraphiQL and introspection off (the
 * defaults of a configuration), rate limits off (the load comes from one address and few users),
 * every other limit at its default, secrets from the environment. Iron is polled once an hour
 * instead of every 5 s, so the poller's calls stay out of the per-request counts and timelines.
 * Returns the YAML text and the environment it references.
 */
export function benchGatewayConfig(sims: SimulatorsInfo, settings: BenchGatewaySettings): { yaml: string; env: Record<string, string> } {
  const env: Record<string, string> = { BENCH_JWT_SECRET: settings.jwtSecret };
  const sources: Record<string, Record<string, unknown>> = {};
  // The platforms the simulators process reported (the harness never loads simulator code itself).
  const platforms = Object.keys(sims.urls) as SimulatedSource[];
  for (const name of platforms) {
    const source: Record<string, unknown> = { type: name, baseUrl: sims.urls[name] };
    const fields: Record<string, string> = { ...sims.sources[name].sourceConfig, ...(name === 'voxys' ? { webhookSecret: settings.voxysWebhookSecret } : {}) };
    for (const [key, value] of Object.entries(fields)) {
      if (!SECRET_KEYS.has(key)) {
        source[key] = value;
        continue;
      }
      const variable = `BENCH_${name}_${key}`.toUpperCase();
      env[variable] = value;
      source[key] = `\${${variable}}`;
    }
    if (settings.cacheTtlMs !== undefined) source.cacheTtlMs = settings.cacheTtlMs;
    if (name === 'iron') source.pollIntervalMs = 3_600_000;
    sources[name] = source;
  }
  const users = Object.fromEntries(BENCH_USERS.map((user) => [user, Object.fromEntries(platforms.map((s) => [s, sims.sources[s].identities[user]!]))]));
  const config = {
    auth: { jwt: { secret: '${BENCH_JWT_SECRET}' } },
    tenants: Object.fromEntries([BENCH_TENANT, ...(settings.extraTenants ?? [])].map((tenant) => [tenant, { sources, users }])),
    limits: { requestsPerMinute: 0, tenantRequestsPerMinute: 0, addressRequestsPerMinute: 0 },
    server: {
      host: '127.0.0.1',
      graphiql: false,
      introspection: false,
      ...(settings.workers !== undefined ? { workers: settings.workers } : {}),
      ...(settings.maxConnections !== undefined ? { maxConnections: settings.maxConnections } : {}),
      ...(settings.metricsPort !== undefined ? { metricsPort: settings.metricsPort } : {}),
    },
    ...(settings.redis ? { redis: settings.redis } : {}),
    ...(settings.crossInstance || settings.answers === false
      ? { cache: { ...(settings.crossInstance ? { crossInstance: settings.crossInstance } : {}), ...(settings.answers === false ? { answers: { maxEntries: 0 } } : {}) } }
      : {}),
  };
  return { yaml: stringify(config), env };
}
