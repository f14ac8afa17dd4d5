import type { Platform } from '../platform.js';
import { voiceglowActions } from './actions.js';
import { voiceglowConfigSchema, type VoiceglowSourceConfig } from './config.js';
import { VoiceglowConnector } from './connector.js';
import { voiceglowWebhooks } from './webhook.js';

/**
 * VoiceGlow / Convocore v3, whole (MAPPING.md): `config.ts` its source settings, `api.ts` its
 * routes, `schemas.ts` its JSON, `mapping.ts` and `transcript.ts` the mapping into our model,
 * `connector.ts` the reads, `actions.ts` the writes (its capabilities), `webhook.ts` its Events
 * Webhook. The configured `baseUrl` is the API host (e.g. `https://eu-gcp-api.vg-stuff.com`);
 * every call goes under `/v3/agents/{agentId}`.
 */
export const voiceglowPlatform: Platform<VoiceglowSourceConfig, VoiceglowConnector> = {
  type: 'voiceglow',
  configSchema: voiceglowConfigSchema,
  scopeOf: (config) => config.agentId,
  connection: (config) => ({
    headers: { authorization: `Bearer ${config.workspaceSecret}` },
    basePath: `/v3/agents/${encodeURIComponent(config.agentId)}`,
    credential: config.workspaceSecret,
  }),
  createConnector: (context) => new VoiceglowConnector(context),
  actions: voiceglowActions,
  webhooks: voiceglowWebhooks,
};
