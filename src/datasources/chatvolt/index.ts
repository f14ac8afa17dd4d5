import type { ChatvoltSourceConfig } from '../../config/schema.js';
import type { Platform } from '../platform.js';
import { ChatvoltConnector } from './connector.js';
import { chatvoltWebhooks } from './webhook.js';

/** Chatvolt: `Authorization: Bearer <api key>`, the organization implied by the key (so no scope id). */
export const chatvoltPlatform: Platform<ChatvoltSourceConfig> = {
  type: 'chatvolt',
  scopeOf: () => '',
  connection: (config) => ({ headers: { authorization: `Bearer ${config.apiKey}` }, credential: config.apiKey }),
  createConnector: (context) => new ChatvoltConnector(context),
  webhooks: chatvoltWebhooks,
};
