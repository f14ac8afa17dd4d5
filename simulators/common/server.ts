import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallTimeline, timelineNow, type PlatformCall } from './call-timeline.js';
import { ContractChecker } from './contract-check.js';
import { buildOpenApi, type SimContract, type SimOperation } from './openapi.js';
import { parseSparseKnob, sparsify, type SparseSetting, type SparseShapes } from './sparse.js';

export type SimMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface SimRequest {
  method: SimMethod;
  /** The matched path template, e.g. `/v3/agents/:agentId/convos`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body's bytes as received (a multipart upload is binary; `rawBody` is its UTF-8 reading). */
  rawBytes: Buffer;
  /** The parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
}

export interface SimResponse {
  status: number;
  /** Serialized as JSON unless `text` (or `bytes`) is given. */
  body?: unknown;
  text?: string;
  /** A binary answer (a stored file), sent as is with its `content-type` header. */
  bytes?: Buffer;
  headers?: Record<string, string>;
}

export interface SimRoute {
  method: SimMethod;
  path: string;
  summary: string;
  handler: (req: SimRequest) => SimResponse | Promise<SimResponse>;
  /** Routes are authenticated unless this is false. */
  public?: boolean;
  /** What it takes and answers, when declared beside the handler rather than in the platform's `openapi.ts`. */
  contract?: SimOperation;
}

/** Faults set at run time through the admin API (or directly in tests). */
export interface SimKnobs {
  /** Added to every platform call. */
  latencyMs: number;
  /** Up to this many more ms, drawn per call. */
  jitterMs: number;
  /** Share of platform calls (0–1) that fail with the platform's 500. */
  errorRate: number;
  /** The next N platform calls answer 429. */
  rateLimitBurst: number;
  /** Seconds sent as Retry-After with those 429s (none when null). */
  rateLimitRetryAfter: number | null;
  /** Every platform call answers 503. */
  outage: boolean;
  /** Answer 200 with garbage instead: an HTML page, truncated JSON, or JSON of another shape. */
  garbage: 'html' | 'truncated-json' | 'wrong-shape' | null;
  /** Apply the faults only to these methods (e.g. `["POST"]` to fail writes only); null: all. */
  faultMethods: SimMethod[] | null;
  /**
   * Optional fields left out or nulled at random (seeded) in every answer the platform declared
   * shapes for (`SimPlatform.shapes`, sparse.ts); null: answers are sent whole. Set as a rate,
   * `{rate, seed}`, or null.
   */
  sparse: SparseSetting | null;
  /**
   * The next N platform calls are handled (a write is stored) and then the connection is reset
   * without an answer: the client cannot know whether its write happened.
   */
  resetAfterHandling: number;
  /** Every platform call is handled at once (a write is stored), and answered this many ms later. */
  lateAnswerMs: number;
}

export const DEFAULT_KNOBS: SimKnobs = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  rateLimitBurst: 0,
  rateLimitRetryAfter: null,
  outage: false,
  garbage: null,
  faultMethods: null,
  sparse: null,
  resetAfterHandling: 0,
  lateAnswerMs: 0,
};

/** How one platform says things: its auth check and its own error bodies. */
export interface SimPlatform {
  name: string;
  title: string;
  /** Returns the platform's own error response when the credentials are missing or wrong, else null. */
  authenticate(req: SimRequest): SimResponse | null;
  notFound(): SimResponse;
  rateLimited(retryAfter: number | null): SimResponse;
  serverError(status: number): SimResponse;
  /**
   * The shapes of its answers, for the `sparse` knob: per `METHOD /route/template`, which keys the
   * platform always sends (sparse.ts). Routes not listed are never made sparse.
   */
  shapes?: SparseShapes;
  /** Its OpenAPI declaration (the platform's `openapi.ts`): `GET /openapi.json`, and the answers' check. */
  contract?: SimContract;
}

/** The admin API's path prefix: never mixed with a platform's own paths. */
export const ADMIN_PREFIX = '/__admin';

interface CompiledRoute extends SimRoute {
  pattern: RegExp;
  names: string[];
}

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
    this.addAdmin('GET', '/contract-violations', () => ({
      status: 200,
      body: { checking: this.contractChecker !== null, checked: Object.fromEntries(this.contractChecker?.checked ?? []), violations: this.contractChecker?.violations ?? [] },
    }));
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
    if (typeof update !== 'object' || update === null || Array.isArray(update)) return 'body must be a JSON object';
    const next = { ...this.knobs };
    for (const [key, value] of Object.entries(update)) {
      switch (key) {
        case 'latencyMs':
        case 'jitterMs':
        case 'rateLimitBurst':
        case 'resetAfterHandling':
        case 'lateAnswerMs':
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `${key} must be a whole number >= 0`;
          next[key] = value;
          break;
        case 'errorRate':
          if (typeof value !== 'number' || value < 0 || value > 1) return 'errorRate must be between 0 and 1';
          next.errorRate = value;
          break;
        case 'rateLimitRetryAfter':
          if (value !== null && (typeof value !== 'number' || value < 0)) return 'rateLimitRetryAfter must be null or a number >= 0';
          next.rateLimitRetryAfter = value;
          break;
        case 'outage':
          if (typeof value !== 'boolean') return 'outage must be true or false';
          next.outage = value;
          break;
        case 'garbage':
          if (value !== null && value !== 'html' && value !== 'truncated-json' && value !== 'wrong-shape') return 'garbage must be null, "html", "truncated-json" or "wrong-shape"';
          next.garbage = value;
          break;
        case 'sparse': {
          const parsed = parseSparseKnob(value);
          if ('problem' in parsed) return parsed.problem;
          next.sparse = parsed.setting;
          break;
        }
        case 'faultMethods':
          if (value !== null && (!Array.isArray(value) || !value.every((m) => ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(m as string))))
            return 'faultMethods must be null or a list of HTTP methods';
          next.faultMethods = value as SimMethod[] | null;
          break;
        default:
          return `unknown knob "${key}"`;
      }
    }
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
  private async reply(res: ServerResponse, response: SimResponse, call: { method: SimMethod; route: CompiledRoute | null; path: string; deliberate: boolean }): Promise<void> {
    const wire = serialize(response);
    if (this.contractChecker && call.route && !call.deliberate && !this.offContract()) {
      await this.contractChecker.check(call.method, call.route.path, call.path, {
        status: response.status,
        contentType: Object.entries(wire.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null,
        payload: typeof wire.payload === 'string' ? wire.payload : wire.payload.toString('latin1'),
      });
    }
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
      const call = { method, route: match?.route ?? null, path: url.pathname, deliberate: false };
      try {
        const faulted = this.knobs.faultMethods === null || this.knobs.faultMethods.includes(method);
        const fault = faulted ? await this.applyKnobs() : null;
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
        this.timeline.record({ method, route: match ? match.route.path : '(unmatched)', path: url.pathname, startMs, endMs: timelineNow() });
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

  private async applyKnobs(): Promise<SimResponse | null> {
    const { latencyMs, jitterMs } = this.knobs;
    const delay = latencyMs + (jitterMs > 0 ? Math.floor(this.random() * jitterMs) : 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.knobs.outage) return this.platform.serverError(503);
    if (this.knobs.rateLimitBurst > 0) {
      this.knobs.rateLimitBurst--;
      return this.platform.rateLimited(this.knobs.rateLimitRetryAfter);
    }
    if (this.knobs.errorRate > 0 && this.random() < this.knobs.errorRate) return this.platform.serverError(500);
    if (this.knobs.garbage === 'html') return { status: 200, text: '<!doctype html><html><body><h1>Maintenance</h1></body></html>', headers: { 'content-type': 'text/html' } };
    if (this.knobs.garbage === 'truncated-json') return { status: 200, text: '{"data": {"payload": [', headers: { 'content-type': 'application/json' } };
    if (this.knobs.garbage === 'wrong-shape') return { status: 200, body: { unexpected: true, items: 'not a list' } };
    return null;
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

function compile(route: SimRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function serialize(response: SimResponse): { headers: Record<string, string>; payload: string | Buffer } {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | Buffer = '';
  if (response.bytes !== undefined) {
    payload = response.bytes;
    headers['content-type'] ??= 'application/octet-stream';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  return { headers, payload };
}

function send(res: ServerResponse, response: SimResponse): void {
  const { headers, payload } = serialize(response);
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Helper for the admin API and tests: read a simulator's counters over HTTP. */
export async function fetchRequestCounts(baseUrl: string): Promise<{ total: number; byRoute: Record<string, number> }> {
  const response = await fetch(`${baseUrl}${ADMIN_PREFIX}/requests`);
  return (await response.json()) as { total: number; byRoute: Record<string, number> };
}
