import type { IronSourceConfig } from '../../config/schema.js';
import type { Platform } from '../platform.js';
import { IronConnector } from './connector.js';

/** Iron CRM: a Supabase JWT as bearer, the acting org in `X-Org-Id`, every path under `/api/v1`. */
export const ironPlatform: Platform<IronSourceConfig> = {
  type: 'iron',
  scopeOf: (config) => config.orgId,
  connection: (config) => ({
    headers: { authorization: `Bearer ${config.token}`, 'x-org-id': config.orgId },
    basePath: '/api/v1',
    // The same token sees different data in another org: both partition the cache.
    credential: `${config.orgId}\u0000${config.token}`,
  }),
  createConnector: (context) => new IronConnector(context),
};
