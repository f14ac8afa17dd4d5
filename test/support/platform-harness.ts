import { afterAll, beforeAll } from 'vitest';
import { ResponseCache } from '../../src/cache.js';
import { sourceSchema, type SourceConfig } from '../../src/config/schema.js';
import { connectorFor, restClientFor, type SharedUpstreamState } from '../../src/datasources/build.js';
import type { InboxConnector } from '../../src/datasources/connector.js';
import { platformFor } from '../../src/datasources/index.js';
import type { RestClient } from '../../src/datasources/rest-client.js';
import { Metrics } from '../../src/metrics.js';
import type { SourceRef, SourceType } from '../../src/model/index.js';
import type { Simulator } from '../../simulators/common/simulator.js';
import { SimulatorAdmin, type RequestCounts } from './simulator-admin.js';

/**
 * One platform simulator on a free port, seen as a gateway source: its validated settings, its
 * SourceRef, and connectors built the way one gateway request builds them (src/datasources/build.ts).
 */

/** The tenant every single-source test configures. */
const TEST_TENANT = 't1';

/** The settings of a source of one platform. */
export type SourceConfigOf<T extends SourceType> = Extract<SourceConfig, { type: T }>;

/** The validated settings of a source that reaches `sim` at `baseUrl`, plus `settings` (e.g. `{ cacheTtlMs: 0 }`). */
function simulatorSourceConfig<T extends SourceType>(type: T, sim: Simulator, baseUrl: string, settings: Partial<SourceConfigOf<T>> = {}): SourceConfigOf<T> {
  // The schema is discriminated by `type`: what it parses for `type` is that platform's settings.
  return sourceSchema.parse({ type, baseUrl, ...sim.sourceConfig, ...settings }) as SourceConfigOf<T>;
}

/** The source of the test tenant that `config` configures under `key`, scoped as its platform says. */
function sourceRefOf(config: SourceConfig, key: string = config.type): SourceRef {
  return { tenant: TEST_TENANT, key, type: config.type, scope: platformFor(config).scopeOf(config) };
}

/** What one gateway request shares with its connectors: a fresh cache and metrics unless given, and a fixed clock. */
export function requestState(now: Date, { cache = new ResponseCache(), metrics = new Metrics() }: { cache?: ResponseCache; metrics?: Metrics } = {}): SharedUpstreamState {
  return { cache, metrics, now: () => now };
}

export interface SourceOptions<T extends SourceType> {
  /** The clock of every connector. */
  now: Date;
  /** The source's key in the tenant (default: the platform type). */
  key?: string;
  /** Settings besides the simulator's own credentials, e.g. `{ cacheTtlMs: 0 }` or a `webhookSecret`. */
  settings?: Partial<SourceConfigOf<T>>;
  /** Metrics shared by every connector (default: fresh ones per connector). */
  metrics?: Metrics;
}

export interface ConnectorOptions<T extends SourceType> {
  /** Settings of this one connector that differ from the source's (a wrong key, another org); its SourceRef follows them. */
  config?: Partial<SourceConfigOf<T>>;
  /** What the connector shares across requests (default: a fresh `requestState`). */
  shared?: SharedUpstreamState;
  /** A REST client already built (e.g. over a shared cache) instead of a fresh one. */
  client?: RestClient;
}

/**
 * A simulator as a source of the test tenant, once it listens: its settings and SourceRef are
 * settled on first use (the URL is part of them).
 */
export class SimulatedSource<T extends SourceType, S extends Simulator = Simulator> {
  private settled: { config: SourceConfigOf<T>; ref: SourceRef } | undefined;
  /** The simulator's admin API. */
  readonly admin: SimulatorAdmin;

  constructor(
    readonly type: T,
    readonly sim: S,
    private readonly options: SourceOptions<T>,
  ) {
    this.admin = new SimulatorAdmin(sim.server);
  }

  get url(): string {
    return this.sim.server.url;
  }

  get config(): SourceConfigOf<T> {
    return this.configured().config;
  }

  get ref(): SourceRef {
    return this.configured().ref;
  }

  /** A connector as one gateway request builds it for user `me` (a fresh request memo; a fresh cache unless `shared` is given). */
  connector(me: string | null, { config: overrides, shared, client }: ConnectorOptions<T> = {}): InboxConnector {
    const { config, ref } = this.configured(overrides);
    return connectorFor(ref, config, me, shared ?? requestState(this.options.now, { metrics: this.options.metrics }), client);
  }

  /** The REST client one request builds for this source, e.g. to drop cache tags as the gateway does after a write. */
  client(shared: SharedUpstreamState, overrides?: Partial<SourceConfigOf<T>>): RestClient {
    const { config, ref } = this.configured(overrides);
    return restClientFor(ref, config, shared);
  }

  /** The platform calls per route made while `action` ran (counted in process: nothing else may call meanwhile). */
  async routeCountsDuring(action: () => Promise<unknown>): Promise<Record<string, number>> {
    return (await this.countsDuring(action)).byRoute;
  }

  /** How many platform calls `action` made. */
  async callCountDuring(action: () => Promise<unknown>): Promise<number> {
    return (await this.countsDuring(action)).total;
  }

  private async countsDuring(action: () => Promise<unknown>): Promise<RequestCounts> {
    this.sim.server.resetCounts();
    await action();
    return this.sim.server.requestCounts();
  }

  /** The source's settings (with `overrides`, when given) and the SourceRef they give. */
  private configured(overrides?: Partial<SourceConfigOf<T>>): { config: SourceConfigOf<T>; ref: SourceRef } {
    if (!this.settled) {
      const config = simulatorSourceConfig(this.type, this.sim, this.sim.server.url, this.options.settings);
      this.settled = { config, ref: sourceRefOf(config, this.options.key) };
    }
    if (!overrides) return this.settled;
    const config = { ...this.settled.config, ...overrides };
    return { config, ref: sourceRefOf(config, this.options.key) };
  }
}

/** Serves `sim` as a source for the enclosing suite (the file, or a describe block): listening before its tests, closed after. */
export function serveSource<T extends SourceType, S extends Simulator>(type: T, sim: S, options: SourceOptions<T>): SimulatedSource<T, S> {
  serveSimulator(sim);
  return new SimulatedSource(type, sim, options);
}

/** Runs `body` with `sim` served as a source (a second simulator inside one test), and closes it whatever happens. */
export function withSource<T extends SourceType, S extends Simulator, R>(
  type: T,
  sim: S,
  options: SourceOptions<T>,
  body: (source: SimulatedSource<T, S>) => Promise<R>,
): Promise<R> {
  return whileServing(sim, () => body(new SimulatedSource(type, sim, options)));
}

/** Serves `sim` on a free port for the enclosing suite (its URL is then `sim.server.url`), for tests that speak the platform's HTTP themselves. */
export function serveSimulator<S extends Simulator>(sim: S): S {
  beforeAll(async () => {
    await sim.server.listen(0);
  });
  afterAll(() => sim.server.close());
  return sim;
}

/** Runs `body` with `sim` listening on a free port (a second simulator inside one test), and closes it whatever happens. */
export async function whileServing<R>(sim: Simulator, body: (url: string) => Promise<R>): Promise<R> {
  const url = await sim.server.listen(0);
  try {
    return await body(url);
  } finally {
    await sim.server.close();
  }
}
