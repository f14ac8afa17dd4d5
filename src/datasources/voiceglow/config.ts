import { z } from 'zod';
import { commonSourceFields, secret, id } from '../../config/source-fields.js';

/** `tenants.<tenant>.sources.<key>` of type `voiceglow`: the common fields and this platform's own. */
export const voiceglowConfigSchema = z.strictObject({
  type: z.literal('voiceglow'),
  ...commonSourceFields,
  workspaceSecret: secret,
  agentId: id,
});

export type VoiceglowSourceConfig = z.infer<typeof voiceglowConfigSchema>;
