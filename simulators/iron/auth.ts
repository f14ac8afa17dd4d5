import type { SimPlatform, SimRequest } from '../common/server.js';
import type { IronDb } from './db.js';
import { detail, isUuid } from './validation.js';

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer' };

/** Iron's auth: a Supabase JWT as bearer (401 + `WWW-Authenticate: Bearer`), then the acting org from `X-Org-Id`. */
export function ironSimPlatform(db: IronDb): SimPlatform {
  return {
    name: 'iron',
    title: 'Iron CRM API',
    authenticate(req) {
      const authorization = header(req, 'authorization');
      if (authorization === undefined) return detail(401, 'Not authenticated', UNAUTHORIZED_HEADERS);
      const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      if (!match || match[1] !== db.token) return detail(401, 'Invalid or expired token', UNAUTHORIZED_HEADERS);
      const orgId = header(req, 'x-org-id');
      // Without the header Iron acts in the caller's earliest-joined org: this simulator's only org.
      if (orgId === undefined) return null;
      if (!isUuid(orgId.trim())) return detail(400, 'X-Org-Id must be a valid UUID');
      // Never says whether the org exists.
      if (orgId.trim().toLowerCase() !== db.orgId) return detail(403, 'Not a member of this organization');
      return null;
    },
    notFound: () => detail(404, 'Not Found'),
    rateLimited: (retryAfter) => detail(429, 'Too Many Requests', retryAfter === null ? undefined : { 'retry-after': String(retryAfter) }),
    serverError: (status) => detail(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
  };
}
