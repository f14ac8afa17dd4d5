import type { SimPlatform, SimRequest, SimResponse } from '../common/server.js';
import { NOT_FOUND_BODY } from './constants.js';
import { VOXYS_SHAPES } from './shapes.js';

/**
 * How Voxys (Chatwoot) says no: devise's 401 without a token, `Invalid Access Token` for a wrong
 * one, 401 (not 403) for an account the token's user is not in, 404 `Resource could not be found`
 * for an unknown account or record, rack-attack's plain-text 429, Rails' JSON 500/503.
 */
export interface VoxysCredentials {
  apiAccessToken: string;
  accountId: number;
}

export { NOT_FOUND_BODY };

/** An account that exists on the server but that the token's user is not a member of. */
export function foreignAccountId(accountId: number): number {
  return accountId + 1;
}

export function voxysSimPlatform(credentials: VoxysCredentials): SimPlatform {
  return {
    name: 'voxys',
    title: 'Voxys Connect application API',
    shapes: VOXYS_SHAPES,
    authenticate(req: SimRequest): SimResponse | null {
      const header = req.headers['api_access_token'];
      const token = Array.isArray(header) ? header[0] : header;
      if (!token) return { status: 401, body: { errors: ['You need to sign in or sign up before continuing.'] } };
      if (token !== credentials.apiAccessToken) return { status: 401, body: { error: 'Invalid Access Token' } };
      const account = req.params.account_id;
      if (account === String(credentials.accountId)) return null;
      if (account === String(foreignAccountId(credentials.accountId))) {
        return { status: 401, body: { error: 'You are not authorized to access this account' } };
      }
      return { status: 404, body: NOT_FOUND_BODY };
    },
    notFound: () => ({ status: 404, body: NOT_FOUND_BODY }),
    rateLimited: (retryAfter) => {
      const headers: Record<string, string> = retryAfter === null ? {} : { 'retry-after': String(retryAfter) };
      return { status: 429, text: 'Retry later\n', headers };
    },
    serverError: (status) => ({
      status,
      body: { status, error: status === 503 ? 'Service Unavailable' : 'Internal Server Error' },
    }),
  };
}
