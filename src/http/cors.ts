import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export interface CorsSettings {
  /** Exact origins (`https://app.example.com`) or patterns with `*` (`http://localhost:*`). */
  origins: readonly string[];
  /** Whether a browser may send cookies or HTTP auth with its requests (off: the gateway reads bearer tokens only). */
  credentials: boolean;
  /** How long a browser may reuse a preflight answer. */
  maxAgeSeconds: number;
}

/** Request headers a browser app may send cross-origin (beyond the CORS-safelisted ones). */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight', 'traceparent'] as const;
/** Response headers a browser app may read: how long to wait after a 429, which request to quote. */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'x-request-id', 'www-authenticate'] as const;

/**
 * CORS for browser apps on other origins. Runs as the first `onRequest` hook of the whole server,
 * so a preflight is answered before any route's admission (never refused with 401), and a refusal
 * (401, 429) to an allowed origin still carries `access-control-allow-origin`, letting the app
 * read the error. An origin not on the list gets no CORS header at all (the browser blocks it).
 */
export async function registerCors(app: FastifyInstance, settings: CorsSettings): Promise<void> {
  const allowed = settings.origins.map(originMatcher);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.some((matches) => matches(origin))),
    credentials: settings.credentials,
    methods: ['GET', 'POST'],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: settings.maxAgeSeconds,
    // A preflight must name its origin and method (the CORS spec's requirement).
    strictPreflight: true,
  });
}

/**
 * A matcher for one configured origin. `*` in a port matches digits (`http://localhost:*`); in a
 * host, one DNS label (`https://*.example.com` matches `https://app.example.com`, not
 * `https://a.b.example.com` nor `https://evil.com/.example.com`). Anything else is compared exactly.
 */
export function originMatcher(pattern: string): (origin: string) => boolean {
  const normalized = pattern.replace(/\/$/, '').toLowerCase();
  if (!normalized.includes('*')) return (origin) => origin.toLowerCase() === normalized;
  const source = normalized
    .split(/(:\*$|\*)/)
    .map((part) => (part === ':*' ? ':\\d{1,5}' : part === '*' ? '[a-z0-9-]+' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (origin) => regex.test(origin.toLowerCase());
}
