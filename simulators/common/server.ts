import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallTimeline, timelineNow, type PlatformCall } from './call-timeline.js';
import { ContractChecker } from './contract-check.js';
import { checkAnswer, contractViolations } from './contract-hook.js';
import { DEFAULT_KNOBS, knobFault, updatedKnobs, type SimKnobs } from './knobs.js';
import { buildOpenApi } from './openapi.js';
import type { SimMethod, SimPlatform, SimRequest, SimResponse, SimRoute } from './sim-types.js';
import { sparsify } from './sparse.js';
import { compile, readBody, parseJson, send, serialize, type CompiledRoute } from './wire.js';

export { DEFAULT_KNOBS, type SimKnobs } from './knobs.js';

export type { SimMethod, SimPlatform, SimRequest, SimResponse, SimRoute } from './sim-types.js';

/** The admin API's path prefix: never mixed with a platform's own paths. */
export const ADMIN_PREFIX = '/__admin';

/**
 * A platform simulator's HTTP server: routes, the platform's auth and error bodies, fault knobs,
 * per-route request counters, `GET /openapi.json`, and the admin API under `/__admin`.
 */
export class SimServer {
  knobs: SimKnobs = { ...DEFAULT_KNOBS };
  /** What `POST /__admin/knobs/reset` goes back to (the knobs a simulator was started with). */
  baseKnobs: SimKnobs = { ...DEFAULT_KNOBS };
  private readonly routes: CompiledRoute[];
  private readonly counters = new Map<string, number>();
  /** Every platform call's start and end (the benchmark and dependency-depth tests read it). */
  private readonly timeline = new CallTimeline();
  /** Platform calls being answered right now, and the most at once since the counters were reset. */
  private inFlight = 0;
  private peakInFlight = 0;
  private readonly adminRoutes = new Map<string, (req: SimRequest) => SimResponse | Promise<SimResponse>>();
  private server: Server | undefined;
  private random = Math.random;
  /** Checks every answer against `openapi()` when `SIM_VALIDATE_RESPONSES` is on (contract-check.ts). */
  readonly contractChecker: ContractChecker | null;
  /**
   * True while a setting makes the platform answer off its contract on purpose (Voxys' unreadable
   * rows): those answers are not checked, as garbage-knob answers are not.
   */
  offContract: () => boolean = () => false;
  private document: Record<string, unknown> | undefined;

  constructor(
    readonly platform: SimPlatform,
    routes: SimRoute[],
    private readonly dataDump: () => unknown,
  ) {
    this.routes = routes.map((route) => compile(route));
    this.contractChecker = ContractChecker.enabled() ? new ContractChecker(platform.name, () => this.openapi()) : null;
    this.addAdmin('GET', '/contract-violations', () => contractViolations(this.contractChecker));
    this.addAdmin('GET', '/requests', () => ({ status: 200, body: this.requestCounts() }));
    this.addAdmin('POST', '/requests/reset', () => {
      this.resetCounts();
      return { status: 204 };
    });
    this.addAdmin('GET', '/knobs', () => ({ status: 200, body: this.knobs }));
    this.addAdmin('POST', '/knobs', (req) => {
      const problems = this.setKnobs(req.body);
      return problems ? { status: 400, body: { error: problems } } : { status: 200, body: this.knobs };
    });
    this.addAdmin('POST', '/knobs/reset', () => {
      this.knobs = { ...this.baseKnobs };
      return { status: 200, body: this.knobs };
    });
    this.addAdmin('GET', '/data', () => ({ status: 200, body: this.dataDump() }));
    this.addAdmin('GET', '/calls', () => ({ status: 200, body: this.calls() }));
    this.addAdmin('DELETE', '/calls', () => {
      this.timeline.clear();
      return { status: 204 };
    });
  }

  /** Adds an admin endpoint under `/__admin` (e.g. injecting an inbound message). */
  addAdmin(method: SimMethod, path: string, handler: (req: SimRequest) => SimResponse | Promise<SimResponse>): void {
    this.adminRoutes.set(`${method} ${ADMIN_PREFIX}${path}`, handler);
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    return this.url;
  }

  get url(): string {
    if (!this.server) throw new Error(`${this.platform.name} simulator is not listening`);
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.contractChecker?.flushStats();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Calls per `METHOD /route/template`, platform routes only (failed calls count too). */
  requestCounts(): { total: number; byRoute: Record<string, number> } {
    const byRoute = Object.fromEntries([...this.counters.entries()].sort());
    return { total: [...this.counters.values()].reduce((a, b) => a + b, 0), byRoute };
  }

  /**
   * The most platform calls (admin calls aside) that were being answered at the same time since
   * the counters were last reset: how much a client fans out. Turn `latencyMs` up to make calls
   * overlap measurably.
   */
  inFlightPeak(): number {
    return this.peakInFlight;
  }

  /** The most recent platform calls (up to 10,000), oldest first: `GET /__admin/calls`. */
  calls(): PlatformCall[] {
    return this.timeline.list();
  }

  resetCounts(): void {
    this.counters.clear();
    this.peakInFlight = this.inFlight;
  }

  /** Validates and applies a partial knob update; returns a problem description or null. */
  setKnobs(update: unknown): string | null {
    const next = updatedKnobs(this.knobs, update);
    if (typeof next === 'string') return next;
    this.knobs = next;
    return null;
  }

  /** The platform routes it serves, as `METHOD /route/template` (what `/openapi.json` must declare). */
  routeKeys(): string[] {
    return this.routes.map((route) => `${route.method} ${route.path}`);
  }

  /** The OpenAPI 3.1 document of the platform routes this simulator serves (common/openapi.ts). */
  openapi(): Record<string, unknown> {
    this.document ??= buildOpenApi(this.platform.title, this.routes, this.platform.contract);
    return this.document;
  }

  /** Sends a platform answer, checked against the contract first (unless it is off-contract on purpose). */
  private async reply(
    res: ServerResponse,
    response: SimResponse,
    call: { method: SimMethod; route: CompiledRoute | null; path: string; deliberate: boolean; bytes: number },
  ): Promise<void> {
    const wire = serialize(response);
    call.bytes = typeof wire.payload === 'string' ? Buffer.byteLength(wire.payload) : wire.payload.length;
    if (this.contractChecker && call.route && !call.deliberate && !this.offContract())
      await checkAnswer(this.contractChecker, call.method, call.route.path, call.path, response.status, wire);
    res.writeHead(response.status, wire.headers);
    res.end(wire.payload);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startMs = timelineNow();
    try {
      const rawBytes = await readBody(req);
      const rawBody = rawBytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://sim');
      const method = (req.method ?? 'GET').toUpperCase() as SimMethod;
      const base = { method, query: url.searchParams, headers: req.headers, rawBody, rawBytes, body: parseJson(rawBody) };

      if (url.pathname === '/openapi.json' && method === 'GET') return send(res, { status: 200, body: this.openapi() });
      if (url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
        const admin = this.adminRoutes.get(`${method} ${url.pathname}`);
        if (!admin) return send(res, { status: 404, body: { error: 'no such admin endpoint' } });
        return send(res, await admin({ ...base, route: url.pathname, params: {} }));
      }

      const match = this.match(method, url.pathname);
      const routeLabel = match ? `${method} ${match.route.path}` : `${method} (unmatched)`;
      this.counters.set(routeLabel, (this.counters.get(routeLabel) ?? 0) + 1);

      this.inFlight++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      const call = { method, route: match?.route ?? null, path: url.pathname, deliberate: false, bytes: 0 };
      try {
        const { faultMethods, faultRoutes } = this.knobs;
        const faulted = (faultMethods === null || faultMethods.includes(method)) && (faultRoutes === null || (match !== null && faultRoutes.includes(match.route.path)));
        const fault = faulted ? await knobFault(this.knobs, this.platform, this.random) : null;
        // Garbage is off the contract on purpose; the platform's own 429/500/503 are declared.
        if (fault) return await this.reply(res, fault, { ...call, deliberate: this.knobs.garbage !== null && fault.status === 200 });
        if (!match) return send(res, this.platform.notFound());

        const request: SimRequest = { ...base, route: match.route.path, params: match.params };
        if (!match.route.public) {
          const denied = this.platform.authenticate(request);
          if (denied) return await this.reply(res, denied, call);
        }
        const answer = this.sparseAnswer(`${method} ${match.route.path}`, await match.route.handler(request));
        // Faults after the work is done: the platform did it, the client never hears (or hears late).
        if (faulted && this.knobs.resetAfterHandling > 0) {
          this.knobs.resetAfterHandling--;
          res.socket?.resetAndDestroy();
          return;
        }
        if (faulted && this.knobs.lateAnswerMs > 0) await new Promise((resolve) => setTimeout(resolve, this.knobs.lateAnswerMs));
        await this.reply(res, answer, call);
      } finally {
        this.inFlight--;
        this.timeline.record({ method, route: match ? match.route.path : '(unmatched)', path: url.pathname, startMs, endMs: timelineNow(), bytes: call.bytes });
      }
    } catch (error) {
      send(res, this.platform.serverError(500));
      console.error(`[${this.platform.name} simulator]`, error);
    }
  }

  /** A successful JSON answer with optional fields dropped, when the `sparse` knob is on and the route is declared. */
  private sparseAnswer(route: string, response: SimResponse): SimResponse {
    const setting = this.knobs.sparse;
    const shape = this.platform.shapes?.[route];
    if (!setting || !shape || response.status >= 300 || response.body === undefined) return response;
    return { ...response, body: sparsify(response.body, shape, setting) };
  }

  private match(method: SimMethod, pathname: string): { route: CompiledRoute; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { route, params };
    }
    return null;
  }
}

/** Helper for the admin API and tests: read a simulator's counters over HTTP. */
export async function fetchRequestCounts(baseUrl: string): Promise<{ total: number; byRoute: Record<string, number> }> {
  const response = await fetch(`${baseUrl}${ADMIN_PREFIX}/requests`);
  return (await response.json()) as { total: number; byRoute: Record<string, number> };
}
