import type { Platform } from '../platform.js';
import { voxysActions } from './actions.js';
import { voxysConfigSchema, type VoxysSourceConfig } from './config.js';
import { VoxysConnector } from './connector.js';
import { voxysSourceActions } from './source-actions.js';
import { voxysWebhooks } from './webhook.js';

/** Voxys Connect: `api_access_token` header, every path under `/api/v1/accounts/{accountId}`; HMAC-signed webhooks. */
export const voxysPlatform: Platform<VoxysSourceConfig, VoxysConnector> = {
  type: 'voxys',
  configSchema: voxysConfigSchema,
  scopeOf: (config) => config.accountId,
  connection: (config) => ({
    headers: { api_access_token: config.apiAccessToken },
    basePath: `/api/v1/accounts/${encodeURIComponent(config.accountId)}`,
    credential: config.apiAccessToken,
  }),
  createConnector: (context) => new VoxysConnector(context),
  actions: voxysActions,
  sourceActions: voxysSourceActions,
  webhooks: voxysWebhooks,
};
