import { DEFAULT_KNOBS, type SimKnobs } from '../../simulators/common/knobs.js';
import { ADMIN_PREFIX, fetchRequestCounts } from '../../simulators/common/server.js';

/** What a simulator counted: calls per `METHOD /route/template`, platform routes only. */
export interface RequestCounts {
  total: number;
  byRoute: Record<string, number>;
}

/** What an admin endpoint answered: the HTTP status and the JSON body (undefined when empty). */
export interface AdminAnswer<Body = unknown> {
  status: number;
  body: Body;
}

/**
 * The knobs of a simulator nobody has turned: the simulators' own defaults (one list; frozen there,
 * so no simulator can change in place the values a reset is compared with).
 */
export const PRISTINE_KNOBS: Readonly<SimKnobs> = DEFAULT_KNOBS;

/**
 * A platform simulator's admin API (`/__admin`, simulators/common/server.ts) over HTTP. The server's
 * URL is read at each call, so the client can be made before the simulator listens.
 */
export class SimulatorAdmin {
  constructor(private readonly server: { readonly url: string }) {}

  /**
   * One admin call. A string body is sent as it is (to send what is not JSON), any other body as
   * JSON; the answer's body is parsed when there is one.
   */
  async call<Body = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<AdminAnswer<Body>> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${this.server.url}${ADMIN_PREFIX}${path}`, {
      method,
      ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: payload }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
  }

  post<Body = unknown>(path: string, body?: unknown): Promise<AdminAnswer<Body>> {
    return this.call<Body>('POST', path, body);
  }

  requestCounts(): Promise<RequestCounts> {
    return fetchRequestCounts(this.server.url);
  }

  async resetRequestCounts(): Promise<void> {
    await this.post('/requests/reset');
  }

  /** A partial knob update; answers 200 with every knob, or 400 naming the problem. */
  setKnobs<Body = SimKnobs>(update: unknown): Promise<AdminAnswer<Body>> {
    return this.post<Body>('/knobs', update);
  }

  resetKnobs(): Promise<AdminAnswer<SimKnobs>> {
    return this.post<SimKnobs>('/knobs/reset');
  }
}
