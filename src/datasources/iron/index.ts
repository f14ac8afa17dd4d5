import type { Platform } from '../platform.js';
import { ironActions } from './actions.js';
import { ironConfigSchema, type IronSourceConfig } from './config.js';
import { IronConnector } from './connector.js';
import { ironSourceActions } from './source-actions.js';

/**
 * Iron CRM, whole: a Supabase JWT as bearer, the acting org in `X-Org-Id`, every path under
 * `/api/v1`. Iron pushes no webhooks (live changes are polled), so there is no `webhooks`.
 */
export const ironPlatform: Platform<IronSourceConfig, IronConnector> = {
  type: 'iron',
  configSchema: ironConfigSchema,
  scopeOf: (config) => config.orgId,
  connection: (config) => ({
    headers: { authorization: `Bearer ${config.token}`, 'x-org-id': config.orgId },
    basePath: '/api/v1',
    // The same token sees different data in another org: both partition the cache.
    credential: `${config.orgId}\u0000${config.token}`,
  }),
  createConnector: (context) => new IronConnector(context),
  actions: ironActions,
  sourceActions: ironSourceActions,
};
