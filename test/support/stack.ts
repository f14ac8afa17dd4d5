import { readFileSync } from 'node:fs';
import { mintToken } from '../../src/pipeline/auth.js';
import { validateConfig } from '../../src/config/load.js';
import type { GatewayConfig } from '../../src/config/schema.js';
import { DEMO_USERS } from '../../src/demo.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../../simulators/index.js';
import { captureLogger, startCapture } from './capture.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface TenantSpec {
  id: string;
  seed: string | number;
  size?: number;
  /** Extra settings per source key for this tenant only (after the stack-wide `sourceOverrides`). */
  sourceOverrides?: Record<string, Record<string, unknown>>;
}

export interface Stack {
  gateway: Gateway;
  url: string;
  sims: Record<string, SimulatorSet>;
  config: GatewayConfig;
  token(tenant: string, sub?: string): Promise<string>;
  /** POST /graphql; returns the parsed body and the HTTP status. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { tenant?: string; sub?: string; token?: string | null },
  ): Promise<{ status: number; data: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] }>;
  /** Upstream calls counted by every simulator of a tenant, per source. */
  upstreamCalls(tenant: string): Record<string, number>;
  resetCounts(): void;
  close(): Promise<void>;
}

/**
 * A real gateway in front of real simulators (one set per tenant, each with its own seed and
 * credentials), on free ports.
 */
export async function startStack(
  options: {
    tenants?: TenantSpec[];
    cacheTtlMs?: number;
    now?: Date;
    graphiqlToken?: (token: (tenant: string) => Promise<string>) => Promise<string>;
    /** Extra settings per source key, e.g. `{ iron: { timeoutMs: 300 } }`. */
    sourceOverrides?: Record<string, Record<string, unknown>>;
    /** Extra top-level configuration (limits, telemetry). */
    config?: Record<string, unknown>;
  } = {},
): Promise<Stack> {
  const tenants = options.tenants ?? [{ id: 't1', seed: 'seed-1' }];
  const sims: Record<string, SimulatorSet> = {};
  const tenantConfigs: Record<string, unknown> = {};
  for (const tenant of tenants) {
    const set = await startSimulators({ seed: tenant.seed, size: tenant.size, credentialSuffix: tenant.id, ...(options.now ? { now: options.now } : {}) });
    sims[tenant.id] = set;
    const users: Record<string, Record<string, string>> = {};
    for (const user of DEMO_USERS) {
      users[user] = Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, set[s].identities[user]]));
    }
    const ttl = options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs };
    tenantConfigs[tenant.id] = {
      sources: Object.fromEntries(
        SIMULATED_SOURCES.map((s) => [s, { type: s, baseUrl: set.urls[s], ...set[s].sourceConfig, ...ttl, ...options.sourceOverrides?.[s], ...tenant.sourceOverrides?.[s] }]),
      ),
      users,
    };
  }
  const extra = options.config ?? {};
  const config = validateConfig({
    auth: { jwt: { secret: TEST_JWT_SECRET } },
    tenants: tenantConfigs,
    ...extra,
    // Rate limits off unless a test sets them (tests send bursts from one address).
    limits: { requestsPerMinute: 0, tenantRequestsPerMinute: 0, addressRequestsPerMinute: 0, ...(extra.limits as object | undefined) },
  });
  const token = (tenant: string, sub: string = DEMO_USERS[0]!) => mintToken({ secret: TEST_JWT_SECRET, sub, tenant });
  const graphiqlToken = options.graphiqlToken ? await options.graphiqlToken(token) : null;
  // With GATEWAY_TEST_LOG_DIR set, its log lines and answers are kept for the leak scan.
  const capture = startCapture(`stack-${tenants.map((t) => t.id).join('-')}`);
  const gateway = createGateway(config, { logger: captureLogger(capture), graphiqlToken });
  // Pollers would call platforms in the background: tests that count calls tick them by hand.
  const url = await gateway.listen(0, '127.0.0.1', { polling: false });
  capture?.tap(gateway.httpServer!);
  capture?.describeConfig(config);
  capture?.describeRecords(Object.values(sims).map((set) => SIMULATED_SOURCES.map((s) => set[s].db)));
  capture?.update({ graphiqlToken: graphiqlToken !== null });

  return {
    gateway,
    url,
    sims,
    config,
    token,
    async gql(query, variables = {}, opts = {}) {
      const bearer = opts.token === null ? null : (opts.token ?? (await token(opts.tenant ?? tenants[0]!.id, opts.sub)));
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: [] };
      return { status: response.status, data: (body.data ?? null) as never, ...(body.errors ? { errors: body.errors } : {}) };
    },
    upstreamCalls(tenant) {
      return Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, sims[tenant]![s].server.requestCounts().total]));
    },
    resetCounts() {
      for (const set of Object.values(sims)) for (const s of SIMULATED_SOURCES) set[s].server.resetCounts();
    },
    async close() {
      await gateway.close();
      // What the platforms hold now, including messages the test sent or injected.
      capture?.describeRecords(Object.values(sims).map((set) => SIMULATED_SOURCES.map((s) => set[s].db)));
      await Promise.all(Object.values(sims).map((set) => set.close()));
    },
  };
}

/** A screen document from operations/. */
export function operation(name: string): string {
  return readFileSync(new URL(`../../operations/${name}.graphql`, import.meta.url), 'utf8');
}
