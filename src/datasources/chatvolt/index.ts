import type { Platform } from '../platform.js';
import { chatvoltActions } from './actions.js';
import { chatvoltConfigSchema, type ChatvoltSourceConfig } from './config.js';
import { ChatvoltConnector } from './connector.js';
import { chatvoltWebhooks } from './webhook.js';

/**
 * Chatvolt, whole: `Authorization: Bearer <api key>`, the organization implied by the key (so no
 * scope id). Its capabilities are the keys of `chatvoltActions`; it has CRM scenarios but no leads,
 * funnel cards, tasks or AI drafts (MAPPING.md).
 */
export const chatvoltPlatform: Platform<ChatvoltSourceConfig, ChatvoltConnector> = {
  type: 'chatvolt',
  configSchema: chatvoltConfigSchema,
  scopeOf: () => '',
  connection: (config) => ({ headers: { authorization: `Bearer ${config.apiKey}` }, credential: config.apiKey }),
  createConnector: (context) => new ChatvoltConnector(context),
  actions: chatvoltActions,
  webhooks: chatvoltWebhooks,
};
