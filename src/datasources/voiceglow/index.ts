import type { VoiceglowSourceConfig } from '../../config/schema.js';
import type { Platform } from '../platform.js';
import { VoiceglowConnector } from './connector.js';
import { voiceglowWebhooks } from './webhook.js';

/**
 * VoiceGlow / Convocore v3. The configured `baseUrl` is the API host (e.g.
 * `https://eu-gcp-api.vg-stuff.com`); every call goes under `/v3/agents/{agentId}`.
 */
export const voiceglowPlatform: Platform<VoiceglowSourceConfig> = {
  type: 'voiceglow',
  scopeOf: (config) => config.agentId,
  connection: (config) => ({
    headers: { authorization: `Bearer ${config.workspaceSecret}` },
    basePath: `/v3/agents/${encodeURIComponent(config.agentId)}`,
    credential: config.workspaceSecret,
  }),
  createConnector: (context) => new VoiceglowConnector(context),
  webhooks: voiceglowWebhooks,
};
