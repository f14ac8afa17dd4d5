import type { SimPlatform, SimResponse } from '../common/server.js';
import type { ChatvoltDb } from './db.js';

/**
 * Chaindesk's `ApiError` answers `{ "error": "<ApiErrorType>" }` with its status (NOT_FOUND 404,
 * INVALID_REQUEST 400, RATE_LIMIT 429, else 500); packages/lib/createa-api-handler.ts.
 */
export function apiError(status: number, error: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { error }, ...(headers ? { headers } : {}) };
}

/**
 * Chatvolt's auth: `Authorization: Bearer <api key>`, the organization implied by the key. A
 * missing or unknown key gets Chaindesk's auth middleware answer: 403 with the plain text `Forbidden`
 * (packages/lib/auth.ts), never 401.
 */
export function chatvoltSimPlatform(db: ChatvoltDb): SimPlatform {
  return {
    name: 'chatvolt',
    title: 'Chatvolt API',
    authenticate(req) {
      const value = req.headers.authorization;
      const authorization = Array.isArray(value) ? value[0] : value;
      // Chaindesk takes the second word of the header as the key, whatever the scheme says.
      const key = authorization?.trim().split(/\s+/)[1];
      return key === db.apiKey ? null : { status: 403, text: 'Forbidden' };
    },
    notFound: () => apiError(404, 'NOT_FOUND'),
    rateLimited: (retryAfter) => apiError(429, 'RATE_LIMIT', retryAfter === null ? undefined : { 'retry-after': String(retryAfter) }),
    serverError: (status) => apiError(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
  };
}
