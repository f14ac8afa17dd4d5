import { parseSparseKnob, type SparseSetting } from './sparse.js';
import type { SimMethod, SimPlatform, SimResponse } from './server.js';

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
   * Apply the faults only to these routes, as the simulator names them (its templates, e.g.
   * `/conversation/:conversationId/messages/:count`): one read of a screen fails, the others answer; null: all.
   */
  faultRoutes: string[] | null;
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

/** Frozen: servers copy it, and a test compares a reset simulator's knobs with it. */
export const DEFAULT_KNOBS: Readonly<SimKnobs> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  rateLimitBurst: 0,
  rateLimitRetryAfter: null,
  outage: false,
  garbage: null,
  faultMethods: null,
  faultRoutes: null,
  sparse: null,
  resetAfterHandling: 0,
  lateAnswerMs: 0,
});

/** The knobs after a partial update (validated), or a description of what is wrong with it. */
export function updatedKnobs(current: SimKnobs, update: unknown): SimKnobs | string {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) return 'body must be a JSON object';
  const next = { ...current };
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
      case 'faultRoutes':
        if (value !== null && (!Array.isArray(value) || !value.every((route) => typeof route === 'string' && route.startsWith('/'))))
          return 'faultRoutes must be null or a list of route templates (each starting with "/")';
        next.faultRoutes = value as string[] | null;
        break;
      default:
        return `unknown knob "${key}"`;
    }
  }
  return next;
}

/**
 * The fault the knobs make of this call, if any (after their latency): the platform's own 503, 429
 * or 500, or a garbage answer. Takes one from `rateLimitBurst`.
 */
export async function knobFault(knobs: SimKnobs, platform: SimPlatform, random: () => number): Promise<SimResponse | null> {
  const { latencyMs, jitterMs } = knobs;
  const delay = latencyMs + (jitterMs > 0 ? Math.floor(random() * jitterMs) : 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  if (knobs.outage) return platform.serverError(503);
  if (knobs.rateLimitBurst > 0) {
    knobs.rateLimitBurst--;
    return platform.rateLimited(knobs.rateLimitRetryAfter);
  }
  if (knobs.errorRate > 0 && random() < knobs.errorRate) return platform.serverError(500);
  if (knobs.garbage === 'html') return { status: 200, text: '<!doctype html><html><body><h1>Maintenance</h1></body></html>', headers: { 'content-type': 'text/html' } };
  if (knobs.garbage === 'truncated-json') return { status: 200, text: '{"data": {"payload": [', headers: { 'content-type': 'application/json' } };
  if (knobs.garbage === 'wrong-shape') return { status: 200, body: { unexpected: true, items: 'not a list' } };
  return null;
}
