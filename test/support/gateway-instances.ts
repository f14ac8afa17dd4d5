import type { Logger } from 'pino';
import { validateConfig } from '../../src/config/load.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { decodeId } from '../../src/graph/ids.js';
import { createLogger } from '../../src/logger.js';
import { mintToken } from '../../src/pipeline/auth.js';
import type { IronDb } from '../../simulators/iron/db.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../../simulators/index.js';
import type { VoxysDb } from '../../simulators/voxys/db.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

export type GqlAnswer<T = Record<string, unknown>> = {
  data: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

/**
 * N gateway instances of one tenant (`t1`, user alice) in front of one set of simulators, sharing
 * the Redis at `redisUrl` (polling off: tests count every platform call).
 */
export interface Instances {
  sims: SimulatorSet;
  gateways: Gateway[];
  urls: string[];
  gql<T = Record<string, unknown>>(instance: number, query: string, variables?: Record<string, unknown>): Promise<GqlAnswer<T>>;
  /** `POST …/messages` calls the platform received (sends, whatever their outcome). */
  sends(source: 'voxys' | 'iron'): number;
  /** Messages with exactly this content in the platform's own thread. */
  stored(source: 'voxys' | 'iron', conversationId: string, content: string): number;
  close(): Promise<void>;
}

export async function startInstances(options: {
  redisUrl: string;
  instances: number;
  seed: string;
  sourceOverrides?: Record<string, Record<string, unknown>>;
  logger?: Logger;
}): Promise<Instances> {
  const sims = await startSimulators({ seed: options.seed, size: 8 });
  const config = validateConfig({
    auth: { jwt: { secret: SECRET } },
    tenants: {
      t1: {
        sources: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, { type: s, baseUrl: sims.urls[s], ...sims[s].sourceConfig, ...options.sourceOverrides?.[s] }])),
        users: { alice: Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[s].identities.alice])) },
      },
    },
    redis: { url: options.redisUrl },
    limits: { requestsPerMinute: 0 },
  });
  const gateways: Gateway[] = [];
  const urls: string[] = [];
  for (let i = 0; i < options.instances; i++) {
    const gateway = createGateway(config, { logger: options.logger ?? createLogger({ level: 'silent' }) });
    urls.push(await gateway.listen(0, '127.0.0.1', { polling: false }));
    gateways.push(gateway);
  }
  const token = await mintToken({ secret: SECRET, sub: 'alice', tenant: 't1' });
  return {
    sims,
    gateways,
    urls,
    async gql<T>(instance: number, query: string, variables: Record<string, unknown> = {}) {
      const response = await fetch(`${urls[instance]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GqlAnswer<T>;
    },
    sends(source) {
      return Object.entries(sims[source].server.requestCounts().byRoute)
        .filter(([route]) => route.startsWith('POST ') && route.endsWith('/messages'))
        .reduce((n, [, count]) => n + count, 0);
    },
    stored(source, conversationId, content) {
      const upstreamId = decodeId(conversationId)!.upstreamId;
      if (source === 'voxys') return (sims.voxys.db as VoxysDb).thread(Number(upstreamId)).filter((m) => m.content === content).length;
      return (sims.iron.db as IronDb).thread(upstreamId).filter((a) => a.body === content).length;
    },
    async close() {
      await Promise.all(gateways.map((g) => g.close()));
      await sims.close();
    },
  };
}
